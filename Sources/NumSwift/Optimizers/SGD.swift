import Foundation

// MARK: - SGD

/// SGD with optional momentum and Nesterov momentum (Keras form: `vel = μ·vel − lr·g`,
/// `p += vel`, or `p += μ·vel − lr·g` with Nesterov).
open class SGD: Optimizer {
    /// Momentum coefficient and whether the Nesterov form is used.
    public let momentum: Float, nesterov: Bool
    /// Velocity slot per variable (created on the variable's first update when momentum > 0).
    public internal(set) var velocity: [Variable: Tensor] = [:]
    /// Keras defaults: lr 0.01, no momentum. See `Optimizer` for the clipping options and `schedule`.
    public init(
        learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false,
        clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil,
        schedule: LearningRateSchedule? = nil
    ) {
        self.momentum = momentum; self.nesterov = nesterov
        super.init(
            learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm,
            schedule: schedule)
    }
    open override func update(_ v: Variable, gradient g: Tensor, learningRate: Float) {
        var vel = velocity.removeValue(forKey: v)
        Tensor.sgdUpdate(
            parameter: &v.value, gradient: g, velocity: &vel, learningRate: learningRate,
            momentum: momentum, nesterov: nesterov)
        velocity[v] = vel
    }
    open override func resetState() {
        super.resetState()
        velocity = [:]
    }
}
