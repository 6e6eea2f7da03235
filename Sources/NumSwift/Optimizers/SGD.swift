import Foundation

// MARK: - SGD

/// SGD with optional momentum and Nesterov momentum (Keras form: `vel = μ·vel − lr·g`,
/// `p += vel`, or `p += μ·vel − lr·g` with Nesterov).
public final class SGD: Optimizer {
    /// Momentum coefficient and whether the Nesterov form is used.
    public let momentum: Float, nesterov: Bool
    var velocity: [ObjectIdentifier: Tensor] = [:]
    /// Keras defaults: lr 0.01, no momentum.
    public init(
        learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false,
        clipnorm: Float? = nil, clipvalue: Float? = nil
    ) {
        self.momentum = momentum; self.nesterov = nesterov
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue)
    }
    public override func update(_ v: Variable, gradient g: Tensor) {
        let id = ObjectIdentifier(v)
        var vel = velocity.removeValue(forKey: id)
        Tensor.sgdUpdate(
            parameter: &v.value, gradient: g, velocity: &vel, learningRate: learningRate,
            momentum: momentum, nesterov: nesterov)
        velocity[id] = vel
    }
}
