import Foundation

// MARK: - RMSprop

/// RMSprop (Keras 3: ρ 0.9, ε 1e-7): `s = ρ s + (1−ρ) g²`, `p −= lr·g / √(s + ε)`.
open class RMSprop: Optimizer {
    /// Decay of the squared-gradient average and the denominator floor.
    public let rho: Float, epsilon: Float
    /// Running mean of squared gradients per variable.
    public internal(set) var squares: [Variable: Tensor] = [:]
    /// Keras defaults: lr 1e-3, ρ 0.9, ε 1e-7. See `Optimizer` for the clipping options and `schedule`.
    public init(
        learningRate: Float = 1e-3, rho: Float = 0.9, epsilon: Float = 1e-7,
        clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil,
        schedule: LearningRateSchedule? = nil
    ) {
        self.rho = rho; self.epsilon = epsilon
        super.init(
            learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm,
            schedule: schedule)
    }
    open override func update(_ v: Variable, gradient g: Tensor, learningRate: Float) {
        let s = (squares[v] ?? Tensor.zeros(v.shape)) * rho + g.squared() * (1 - rho)
        squares[v] = s
        v.value.addScaled(g / (s + epsilon).sqrt(), alpha: -learningRate)
    }
    open override func resetState() {
        super.resetState()
        squares = [:]
    }
}
