import Foundation
import NumSwift

/// Exponential moving average of weights, the EMA that Su swaps in for evaluation (decay 0.9999).
///
/// Two schedules for the decay of step t (t = 1, 2, … updates since the start or `reset`):
/// - `.zeroDebiased` — Keras 2's `K.moving_average_update`, which Su's code used
///   (TensorFlow `assign_moving_average(zero_debias=True)`): `biased ← d·biased + (1 − d)·w`
///   from zero, and the average is `biased / (1 − dᵗ)`. With d = 0.9999 this is close to the
///   plain mean of every weight seen since step 1 for the first thousands of steps, so on a
///   small data set (77 steps per epoch for pd199801-IE against about 2,700 for LIC2019) the
///   average stays dominated by the untrained early weights for hundreds of epochs.
/// - `.numUpdates` (default) — TensorFlow's `ExponentialMovingAverage(num_updates=t)`:
///   `d_t = min(decay, (1 + t) / (10 + t))` and `shadow ← d_t·shadow + (1 − d_t)·w`, the shadow
///   starting at the current weights. The decay still tends to 0.9999, but early on the average
///   spans about the last 10 % of the steps, so it follows the training.
///
/// References: kexue.fm/archives/6575 and 6671 §2.4 (EMA 0.9999); TensorFlow `moving_averages`
/// (`assign_moving_average`, `ExponentialMovingAverage`).
public final class WeightAverage {
    /// How the per-step decay is scheduled.
    public enum Schedule: String, CaseIterable, Sendable {
        /// Fixed decay, zero-initialised and debiased (Keras 2, Su's code).
        case zeroDebiased = "zero-debias"
        /// `min(decay, (1 + t)/(10 + t))`, shadow from the current weights (TensorFlow num_updates).
        case numUpdates = "num-updates"
    }

    /// The asymptotic decay per update (0.9999 in the article).
    public let decay: Double
    /// The schedule.
    public let schedule: Schedule
    let variables: [Variable]
    var shadow: [Tensor]
    /// Updates since the start or the last `reset`.
    public private(set) var steps = 0
    var backup: [Tensor]?

    /// - Parameters: variables: the weights to average; decay: in (0, 1), 0.9999 in the article;
    ///   schedule: `.numUpdates` unless Keras 2's exact behaviour is wanted.
    public init(_ variables: [Variable], decay: Double, schedule: Schedule = .numUpdates) {
        precondition(decay > 0 && decay < 1, "WeightAverage: decay must be in (0, 1), got \(decay)")
        self.variables = variables
        self.decay = decay
        self.schedule = schedule
        shadow = []
        reset()
    }

    /// The decay used by update number `t` (1-based).
    public func decay(atStep t: Int) -> Double {
        switch schedule {
        case .zeroDebiased: return decay
        case .numUpdates: return Swift.min(decay, Double(t) / Double(9 + t))  // (1 + (t−1)) / (10 + (t−1))
        }
    }

    /// Folds the current weights in.
    public func update() {
        steps += 1
        let d = decay(atStep: steps)
        for (i, v) in variables.enumerated() {
            shadow[i].scale(by: Float(d))
            shadow[i].addScaled(v.value, alpha: Float(1 - d))
        }
    }

    /// Forgets everything (the two-stage schedule restarts the average).
    public func reset() {
        shadow = variables.map { schedule == .zeroDebiased ? Tensor.zeros($0.shape) : $0.value }
        steps = 0
    }

    /// The averaged weights.
    public var averages: [Tensor] {
        guard steps > 0 else { return variables.map(\.value) }
        guard schedule == .zeroDebiased else { return shadow }
        let correction = Float(1 / (1 - Foundation.pow(decay, Double(steps))))
        return shadow.map { $0 * correction }
    }

    /// Swaps the averages into the variables (keeps the trained values for `restore`).
    public func apply() {
        guard backup == nil else { return }
        backup = variables.map(\.value)
        for (v, a) in zip(variables, averages) { v.value = a }
    }

    /// Puts the trained values back.
    public func restore() {
        guard let b = backup else { return }
        for (v, t) in zip(variables, b) { v.value = t }
        backup = nil
    }
}
