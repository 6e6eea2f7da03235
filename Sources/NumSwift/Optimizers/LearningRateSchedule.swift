import Foundation

// MARK: - Learning-rate schedules

/// A learning rate that changes with the optimiser step (Keras `LearningRateSchedule`).
/// `step` is the number of updates already applied (0 for the first), as in Keras.
public protocol LearningRateSchedule {
    /// The rate used by the update at `step` (0-based).
    func learningRate(step: Int) -> Float
}

/// `initial · rate^(step / decaySteps)`, with `staircase` an integer exponent (Keras `ExponentialDecay`).
public struct ExponentialDecay: LearningRateSchedule {
    /// Configuration as in Keras.
    public let initial: Float, decaySteps: Int, decayRate: Float, staircase: Bool
    /// - Parameters: initial rate; decaySteps > 0; decayRate; staircase: decay in whole steps of `decaySteps`.
    public init(initial: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false) {
        precondition(decaySteps > 0, "ExponentialDecay: decaySteps must be positive, got \(decaySteps)")
        self.initial = initial; self.decaySteps = decaySteps; self.decayRate = decayRate; self.staircase = staircase
    }
    public func learningRate(step: Int) -> Float {
        var p = Float(step) / Float(decaySteps)
        if staircase { p = p.rounded(.down) }
        return initial * powf(decayRate, p)
    }
}

/// Cosine decay from `initial` to `initial · alpha` over `decaySteps`, optionally after a linear
/// warm-up from `initial` to `warmupTarget` over `warmupSteps` (Keras 3 `CosineDecay`, which then
/// decays from `warmupTarget`).
public struct CosineDecay: LearningRateSchedule {
    /// Configuration as in Keras 3.
    public let initial: Float, decaySteps: Int, alpha: Float, warmupTarget: Float?, warmupSteps: Int
    /// - Parameters: initial rate; decaySteps > 0; alpha: final fraction; warmupTarget, warmupSteps: optional warm-up.
    public init(initial: Float, decaySteps: Int, alpha: Float = 0, warmupTarget: Float? = nil, warmupSteps: Int = 0) {
        precondition(decaySteps > 0, "CosineDecay: decaySteps must be positive, got \(decaySteps)")
        self.initial = initial; self.decaySteps = decaySteps; self.alpha = alpha
        self.warmupTarget = warmupTarget; self.warmupSteps = warmupSteps
    }
    public func learningRate(step: Int) -> Float {
        if let target = warmupTarget, step < warmupSteps {
            return initial + (target - initial) * Float(step) / Float(warmupSteps)
        }
        let top = warmupTarget ?? initial
        let s = Float(min(step - (warmupTarget == nil ? 0 : warmupSteps), decaySteps))
        let cos = 0.5 * (1 + cosf(Float.pi * s / Float(decaySteps)))
        return top * ((1 - alpha) * cos + alpha)
    }
}

/// Piecewise-linear multiplier of a base rate through `(step, factor)` points, starting from factor
/// 0 at step 0 and holding the last factor afterwards (bert4keras `piecewise_linear`).
///
/// Su's warm-up is `PiecewiseLinear(base: lr, points: [(stepsPerEpoch, 1)])`: the rate grows
/// linearly from 0 to `lr` over the first epoch, then stays; `[(1000, 1), (2000, 0.1)]` warms up
/// over 1000 steps and decays linearly to 0.1·lr at step 2000.
/// References: Su, bert4keras `extend_with_piecewise_linear_lr`.
public struct PiecewiseLinear: LearningRateSchedule {
    /// The base rate and the `(step, factor)` points, steps increasing.
    public let base: Float, points: [(step: Int, factor: Float)]
    /// - Parameters: base rate; points: `(step, factor)` with increasing steps > 0.
    public init(base: Float, points: [(step: Int, factor: Float)]) {
        precondition(
            !points.isEmpty && zip(points, points.dropFirst()).allSatisfy { $0.step < $1.step } && points[0].step > 0,
            "PiecewiseLinear: points need increasing positive steps, got \(points.map(\.step))")
        self.base = base; self.points = points
    }
    public func learningRate(step: Int) -> Float {
        var (s0, f0): (Int, Float) = (0, 0)
        for (s1, f1) in points {
            if step < s1 { return base * (f0 + (f1 - f0) * Float(step - s0) / Float(s1 - s0)) }
            (s0, f0) = (s1, f1)
        }
        return base * f0
    }
}

/// Linear warm-up from 0 to `schedule`'s rate over `warmupSteps`, then `schedule` (shifted by the
/// warm-up) unchanged.
public struct LinearWarmup: LearningRateSchedule {
    /// The schedule after the warm-up and the warm-up length.
    public let after: LearningRateSchedule, warmupSteps: Int
    /// - Parameters: warmupSteps > 0; after: the schedule that follows (e.g. `ConstantRate(1e-3)`).
    public init(warmupSteps: Int, then after: LearningRateSchedule) {
        precondition(warmupSteps > 0, "LinearWarmup: warmupSteps must be positive")
        self.warmupSteps = warmupSteps; self.after = after
    }
    public func learningRate(step: Int) -> Float {
        step < warmupSteps
            ? after.learningRate(step: 0) * Float(step) / Float(warmupSteps) : after.learningRate(step: step - warmupSteps)
    }
}

/// A constant rate (useful after `LinearWarmup`).
public struct ConstantRate: LearningRateSchedule {
    /// The rate.
    public let rate: Float
    /// - Parameter rate: the constant rate.
    public init(_ rate: Float) { self.rate = rate }
    public func learningRate(step: Int) -> Float { rate }
}

/// Any closure `step -> rate`.
public struct ScheduleFunction: LearningRateSchedule {
    let f: (Int) -> Float
    /// - Parameter f: rate at a 0-based step.
    public init(_ f: @escaping (Int) -> Float) { self.f = f }
    public func learningRate(step: Int) -> Float { f(step) }
}
