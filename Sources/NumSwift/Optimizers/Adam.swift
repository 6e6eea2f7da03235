import Foundation

// MARK: - Adam / AdamW

/// Adam (Keras 3 defaults: β₁ 0.9, β₂ 0.999, ε 1e-7), fused C update. With `weightDecay` > 0 it is
/// AdamW: `p ← p − lr·wd·p` before the Adam step (decoupled decay).
public class Adam: Optimizer {
    /// Moment decay rates and the denominator floor.
    public let beta1: Float, beta2: Float, epsilon: Float
    /// Decoupled weight decay (0 for plain Adam).
    public var weightDecay: Float
    var moments: [ObjectIdentifier: (Tensor, Tensor)] = [:]
    /// Keras defaults: lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-7.
    public init(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
        weightDecay: Float = 0, clipnorm: Float? = nil, clipvalue: Float? = nil
    ) {
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.weightDecay = weightDecay
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue)
    }
    public override func update(_ v: Variable, gradient g: Tensor) {
        let id = ObjectIdentifier(v)
        var (m, s) = moments.removeValue(forKey: id) ?? (Tensor.zeros(v.shape), Tensor.zeros(v.shape))
        if weightDecay > 0 { v.value.scale(by: 1 - learningRate * weightDecay) }
        let t = Float(iterations)
        let alpha = learningRate * (1 - powf(beta2, t)).squareRoot() / (1 - powf(beta1, t))
        Tensor.adamUpdate(parameter: &v.value, gradient: g, m: &m, v: &s, alpha: alpha, beta1: beta1, beta2: beta2, epsilon: epsilon)
        moments[id] = (m, s)
    }
}

/// AdamW: Adam with decoupled weight decay (Keras 3 default decay 0.004).
public final class AdamW: Adam {
    /// Keras defaults: lr 1e-3, weight decay 0.004.
    public init(
        learningRate: Float = 1e-3, weightDecay: Float = 0.004, beta1: Float = 0.9, beta2: Float = 0.999,
        epsilon: Float = 1e-7, clipnorm: Float? = nil, clipvalue: Float? = nil
    ) {
        super.init(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
            clipnorm: clipnorm, clipvalue: clipvalue)
    }
}
