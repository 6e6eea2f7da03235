import Foundation

// MARK: - RMSprop

/// RMSprop (Keras 3: ρ 0.9, ε 1e-7): `s = ρ s + (1−ρ) g²`, `p −= lr·g / √(s + ε)`.
public final class RMSprop: Optimizer {
    /// Decay of the squared-gradient average and the denominator floor.
    public let rho: Float, epsilon: Float
    var squares: [ObjectIdentifier: Tensor] = [:]
    /// Keras defaults: lr 1e-3, ρ 0.9, ε 1e-7.
    public init(
        learningRate: Float = 1e-3, rho: Float = 0.9, epsilon: Float = 1e-7,
        clipnorm: Float? = nil, clipvalue: Float? = nil
    ) {
        self.rho = rho; self.epsilon = epsilon
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue)
    }
    public override func update(_ v: Variable, gradient g: Tensor) {
        let id = ObjectIdentifier(v)
        let s = (squares[id] ?? Tensor.zeros(v.shape)) * rho + g.squared() * (1 - rho)
        squares[id] = s
        v.value.addScaled(g / (s + epsilon).sqrt(), alpha: -learningRate)
    }
}
