import Foundation

// MARK: - Optimizer base

/// Base optimiser: gradient clipping (`clipvalue` elementwise, then `clipnorm` per variable, as in
/// Keras 3), the step counter, and per-variable state.
open class Optimizer {
    /// Current learning rate (callbacks such as `ReduceLROnPlateau` change it).
    public var learningRate: Float
    /// Per-variable gradient norm cap (Keras `clipnorm`).
    public var clipnorm: Float?
    /// Elementwise gradient cap (Keras `clipvalue`).
    public var clipvalue: Float?
    /// Number of steps applied.
    public internal(set) var iterations = 0

    /// - Parameters: learningRate; clipnorm: per-variable norm cap; clipvalue: elementwise cap.
    public init(learningRate: Float, clipnorm: Float? = nil, clipvalue: Float? = nil) {
        self.learningRate = learningRate; self.clipnorm = clipnorm; self.clipvalue = clipvalue
    }

    /// Clips the gradients, then updates each variable in place.
    public func apply(gradients: [Tensor], to variables: [Variable]) {
        precondition(gradients.count == variables.count, "Optimizer.apply: \(gradients.count) gradients for \(variables.count) variables")
        iterations += 1
        for (g0, v) in zip(gradients, variables) {
            var g = g0
            if let c = clipvalue { g = g.clamp(min: -c, max: c) }
            if let c = clipnorm {
                let n = g.squared().sum().scalar.squareRoot()
                if n > c { g = g * (c / n) }
            }
            update(v, gradient: g)
        }
    }

    /// One update of one variable with its (clipped) gradient; `iterations` is already the new step.
    open func update(_ v: Variable, gradient g: Tensor) { fatalError("Optimizer.update must be overridden") }
}

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
