// MARK: - Normal reparameterisation

extension Tensor {
    /// A differentiable sample of `N(mean, std²)`: `z = mean + std · ε`, ε ∼ N(0, 1) drawn from
    /// `generator` (the reparameterisation trick: the randomness has no parameters, so gradients
    /// reach `mean` and `std` through the deterministic map).
    ///
    /// Shapes: `mean` and `std` broadcast together; the result has the broadcast shape.
    /// Gradients: `∂z/∂mean = 1`, `∂z/∂std = ε`.
    ///
    /// - Parameters:
    ///   - mean: μ, any shape broadcastable with `std`.
    ///   - std: σ, any shape broadcastable with `mean`.
    ///   - generator: advanced by one value per output element.
    /// References: Su, kexue.fm/archives/6705 §"重参数"; Kingma & Welling, arXiv 1312.6114.
    public static func reparameterizedNormal(mean: Tensor, std: Tensor, generator: inout RandomGenerator) -> Tensor {
        let shape = Tensor.broadcastShape(mean.shape, std.shape, op: "reparameterizedNormal")
        let eps = Tensor.randomNormal(shape, generator: &generator)
        return mean + std * eps
    }

    /// Log-density of `N(mean, std²)` at `self`, elementwise:
    /// `−(x − mean)² / (2 std²) − log std − ½ log 2π`. Differentiable in all three operands.
    public func normalLogProb(mean: Tensor, std: Tensor) -> Tensor {
        let d = (self - mean) / std
        return d.squared() * -0.5 - std.log() - 0.918_938_5  // ½ log 2π
    }
}

// MARK: - Shape inference guard

/// Whether the current call is a shape-inference dry run (a layer called on symbolic tensors).
/// Layers that own a random generator read it so that building a graph never advances the
/// generator: the same seed then gives the same samples with and without a functional graph.
public enum ShapeInference {
    /// True inside `Layer.callAsFunction(_: [SymbolicTensor])`'s dry run.
    @TaskLocal public static var isActive = false
}

extension RandomGenerator {
    /// The generator a layer should draw from now: itself, or a throw-away copy during shape
    /// inference (so the dry run leaves the stored position untouched).
    mutating func draw<R>(_ body: (inout RandomGenerator) -> R) -> R {
        if ShapeInference.isActive {
            var copy = self
            return body(&copy)
        }
        return body(&self)
    }
}

// MARK: - Sampling layer

/// The VAE sampling layer: inputs `[mean, logVar]` → `mean + exp(½ logVar) · ε`, ε ∼ N(0, 1),
/// in training and inference (as the Keras VAE example). The layer owns its generator, as
/// `Dropout` does; shape inference never advances it.
///
/// Shapes: `mean`, `logVar` `[batch, d]` (any equal shapes) → `[batch, d]`.
///
/// References: Su, kexue.fm/archives/6705; Keras example "Variational AutoEncoder" (`Sampling`).
public final class Sampling: Layer {
    var generator: RandomGenerator
    let seed: UInt64?
    /// - Parameters: seed: optional fixed seed (else drawn from `KerasRandom`); name: layer name.
    public init(seed: UInt64? = nil, name: String? = nil) {
        self.seed = seed
        generator = seed.map { RandomGenerator(seed: $0) } ?? KerasRandom.next()
        super.init(name: name)
    }
    /// The output has the shape of `mean`; no sample is drawn.
    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] { [inputShapes[0]] }
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer { Sampling(seed: seed) }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        precondition(
            inputs.count == 2 && inputs[0].shape == inputs[1].shape,
            "Sampling: expects [mean, logVar] of equal shapes, got \(inputs.map(\.shape))")
        let std = (inputs[1] * 0.5).exp()
        return [generator.draw { Tensor.reparameterizedNormal(mean: inputs[0], std: std, generator: &$0) }]
    }
}
