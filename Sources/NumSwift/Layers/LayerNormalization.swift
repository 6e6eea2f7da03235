// MARK: - LayerNormalization

/// Normalises each example over its last axis: `γ (x − μ) / √(σ² + ε) + β`.
///
/// Shapes: any `[batch, …, features]`; gamma, beta `[features]`.
/// References: Ba et al., "Layer Normalization" (2016); Keras `layers.LayerNormalization` (ε = 1e-3).
public final class LayerNormalization: Layer {
    /// Added to the variance.
    public let epsilon: Float
    /// Scale `[features]` (after build).
    public private(set) var gamma: Variable!
    /// Offset `[features]` (after build).
    public private(set) var beta: Variable!
    /// Optional reparameterisation applied to `gamma` before each call (e.g. spectral normalisation).
    public var gammaTransform: ((Tensor) -> Tensor)?
    /// - Parameters: epsilon: variance floor (Keras 1e-3); name: optional layer name.
    public init(epsilon: Float = 1e-3, name: String? = nil) { self.epsilon = epsilon; super.init(name: name) }
    public override var supportsMasking: Bool { true }
    public override func build(inputShapes: [[Int]]) {
        let f = inputShapes[0].last!
        gamma = addWeight(name: "gamma", shape: [f], initializer: .ones)
        beta = addWeight(name: "beta", shape: [f], initializer: .zeros)
    }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let x = inputs[0], a = x.rank - 1
        let mu = x.mean(axes: [a], keepDims: true)
        let xc = x - mu
        let v = xc.squared().mean(axes: [a], keepDims: true)
        let g = gammaTransform.map { $0(gamma.read) } ?? gamma.read
        return [xc * (v + epsilon).rsqrt() * g + beta.read]
    }
}
