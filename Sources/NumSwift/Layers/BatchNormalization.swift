// MARK: - BatchNormalization

/// Batch normalisation over all axes but the last. In training it uses the batch statistics and
/// updates the moving mean/variance (`m ← m·momentum + b·(1 − momentum)`); in inference it uses
/// the moving statistics.
///
/// Weights: gamma, beta (trainable), moving_mean, moving_variance (non-trainable), each `[features]`.
/// References: Ioffe & Szegedy (2015); Keras `layers.BatchNormalization` (momentum 0.99, ε = 1e-3).
public final class BatchNormalization: Layer {
    /// Moving-average momentum and variance floor.
    public let momentum: Float, epsilon: Float
    /// Scale and offset `[features]` (after build).
    public private(set) var gamma: Variable!, beta: Variable!
    /// Moving statistics `[features]` used in inference (non-trainable).
    public private(set) var movingMean: Variable!, movingVariance: Variable!
    /// Optional reparameterisation applied to `gamma` before each call (e.g. spectral normalisation).
    public var gammaTransform: ((Tensor) -> Tensor)?
    /// - Parameters: momentum: of the moving statistics; epsilon: variance floor.
    public init(momentum: Float = 0.99, epsilon: Float = 1e-3, name: String? = nil) {
        self.momentum = momentum; self.epsilon = epsilon; super.init(name: name)
    }
    public override func build(inputShapes: [[Int]]) {
        let f = inputShapes[0].last!
        gamma = addWeight(name: "gamma", shape: [f], initializer: .ones)
        beta = addWeight(name: "beta", shape: [f], initializer: .zeros)
        movingMean = addWeight(name: "moving_mean", shape: [f], initializer: .zeros, trainable: false)
        movingVariance = addWeight(name: "moving_variance", shape: [f], initializer: .ones, trainable: false)
    }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let x = inputs[0]
        let axes = Array(0..<(x.rank - 1))
        let g = gammaTransform.map { $0(gamma.read) } ?? gamma.read
        if training {
            let mu = x.mean(axes: axes)
            let xc = x - mu
            let v = xc.squared().mean(axes: axes)
            withNoGrad {
                movingMean.value = movingMean.value * momentum + mu.detached() * (1 - momentum)
                movingVariance.value = movingVariance.value * momentum + v.detached() * (1 - momentum)
            }
            return [xc * (v + epsilon).rsqrt() * g + beta.read]
        }
        let scale = movingVariance.value.map { 1 / ($0 + epsilon).squareRoot() }
        return [(x - movingMean.value) * (g * scale) + beta.read]
    }
}
