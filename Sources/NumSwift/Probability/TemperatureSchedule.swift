import Foundation

// MARK: - Temperature and its schedules

/// A mutable temperature shared by the layers that read it (e.g. `GumbelSoftmax`) and the
/// callback that anneals it, so τ changes between steps without rebuilding the model
/// (the role of Su's `K.variable(tau)`).
public final class Temperature: @unchecked Sendable {
    /// The current value, > 0.
    public var value: Float {
        didSet { precondition(value > 0 && value.isFinite, "Temperature: must be positive and finite, got \(value)") }
    }
    /// - Parameter value: the initial temperature, > 0.
    public init(_ value: Float = 1) {
        precondition(value > 0 && value.isFinite, "Temperature: must be positive and finite, got \(value)")
        self.value = value
    }
    /// The value as a rank-0 tensor.
    public var tensor: Tensor { Tensor(value) }
}

/// A temperature as a function of the number of completed training batches `t`.
///
/// References: Su, kexue.fm/archives/6705 §3.4 (`τ_t = 0.01 + 0.99 · 0.999^t`, per batch); Jang et
/// al., arXiv 1611.01144 (exponential annealing).
public struct TemperatureSchedule: Sendable {
    /// τ after `t` batches.
    public let value: @Sendable (Int) -> Float

    /// A schedule from any function of the step.
    public init(_ value: @escaping @Sendable (Int) -> Float) { self.value = value }

    /// τ_t = τ_min + (τ_max − τ_min) · rate^t.
    public static func exponential(max: Float, min: Float, rate: Float) -> TemperatureSchedule {
        precondition(min > 0 && max >= min && rate > 0 && rate <= 1, "TemperatureSchedule.exponential: max \(max), min \(min), rate \(rate)")
        return TemperatureSchedule { t in min + (max - min) * Float(Foundation.pow(Double(rate), Double(t))) }
    }

    /// Su's per-batch schedule: τ_t = 0.01 + 0.99 · 0.999^t (1.0 at the first batch, ≈ 0.553 after
    /// 600 batches, ≈ 0.059 after 3000, ≈ 0.0124 after 6000).
    public static let su = exponential(max: 1, min: 0.01, rate: 0.999)

    /// A constant temperature.
    public static func constant(_ tau: Float) -> TemperatureSchedule { TemperatureSchedule { _ in tau } }

    /// τ after `t` batches.
    public func callAsFunction(_ t: Int) -> Float { value(t) }
}

/// Sets a `Temperature` from a schedule before every training batch (Su's `Trainer` callback):
/// batch `t` of the whole run (counting across epochs) trains with `schedule(t)`.
public final class TemperatureScheduler: Callback {
    /// The annealed temperature.
    public let temperature: Temperature
    /// The schedule.
    public let schedule: TemperatureSchedule
    /// Batches started so far.
    public private(set) var step: Int
    /// Whether to print `epoch: N, tau: …` at the start of each epoch (as Su's callback).
    public let verbose: Bool

    /// - Parameters: temperature: the shared value to set; schedule: e.g. `.su`; initialStep: to
    ///   resume a run; verbose: print τ at each epoch start.
    public init(_ temperature: Temperature, schedule: TemperatureSchedule = .su, initialStep: Int = 0, verbose: Bool = false) {
        self.temperature = temperature
        self.schedule = schedule
        self.step = initialStep
        self.verbose = verbose
        super.init()
        temperature.value = schedule(initialStep)
    }
    public override func onBatchBegin(_ batch: Int, logs: [String: Float]) throws {
        temperature.value = schedule(step)
        step += 1
    }
    public override func onEpochBegin(_ epoch: Int, logs: [String: Float]) throws {
        if verbose { print("epoch: \(epoch + 1), tau: \(String(format: "%.5f", schedule(step)))") }
    }
}
