// MARK: - Layer-wise learning rate by re-parametrisation (Su's "grafting")

/// Gives a layer its own learning rate without touching the optimiser (Su's `SetLearningRate`):
/// every trainable weight θ of the wrapped layer (kernel, bias, embeddings, gamma, beta, and any
/// other kind it has) is stored as φ = θ/λ′ and read by the layer as θ = λ′φ. Differentiating
/// through θ = λ′φ turns an optimiser step of rate α on φ into one of rate λ′²α on θ for SGD (with or
/// without momentum) and λ′α for adaptive optimisers (RMSprop, Adam; exactly so with ε/λ′).
/// `λ′ = λ` when `adaptive`, else `√λ`, so the layer's effective rate is λα either way.
///
/// The values are divided once, when the wrapper builds the layer, after any pretrained weights
/// given to the layer (`weights:`) were loaded: pretrained weights can be given that way, or loaded
/// later with `setWeights` as long as the arrays at the wrapped positions are already divided by λ′
/// (`storedValue(of:)`). `getWeights()` returns φ, checkpoints store φ, and regularisers and
/// constraints see θ (the penalty) and φ (the projection). Wrap at model-writing time; changing λ
/// later means re-dividing by hand — prefer `lrMultiplier`, which has none of these limits.
///
/// Example: `SetLearningRate(Embedding(inputDim: 100, outputDim: 1000, weights: [vectors]), 0.1, adaptive: true)(x)`.
/// References: Su, kexue.fm/archives/6418 §2.1.
public final class SetLearningRate: Wrapper {
    /// The learning-rate factor λ and whether the optimiser is adaptive.
    public let lambda: Float, adaptive: Bool

    /// - Parameters: layer: any layer; lambda: learning-rate factor (> 0); adaptive: true for
    ///   RMSprop/Adam-like optimisers (λ′ = λ), false for SGD (λ′ = √λ).
    public init(_ layer: Layer, _ lambda: Float, adaptive: Bool = false, name: String? = nil) {
        precondition(lambda > 0, "SetLearningRate: lambda must be positive, got \(lambda)")
        self.lambda = lambda; self.adaptive = adaptive
        super.init(layer, name: name)
    }

    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer {
        SetLearningRate(try cloner.clone(layer), lambda, adaptive: adaptive)
    }

    /// λ′: the factor between the stored φ and the θ the layer computes with.
    public var factor: Float { adaptive ? lambda : lambda.squareRoot() }

    public override func build(inputShapes: [[Int]]) {
        layer.buildIfNeeded(inputShapes)
        let f = factor
        for v in layer.trainableWeights {
            precondition(v.readScale == nil, "SetLearningRate \(name): \(v.name) is already re-scaled")
            v.value = v.value / f
            v.readScale = f
        }
    }

    /// The value to store (φ = θ/λ′) for a pretrained θ of one of the wrapped weights, for
    /// loading with `setWeights` after the model is built.
    public func storedValue(of theta: Tensor) -> Tensor { theta / factor }
}
