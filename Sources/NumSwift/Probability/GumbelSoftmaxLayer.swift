// MARK: - GumbelSoftmax layer

/// Draws a relaxed one-hot sample `softmax((x + g) / τ)` along the last axis from logits `x`
/// (Su's discrete-VAE latent), or with `hard: true` the exact one-hot of the Gumbel-Max sample
/// with the soft gradient (straight-through).
///
/// τ is read from a shared `Temperature` at every call, so a `TemperatureScheduler` can anneal it
/// per batch without rebuilding. The layer owns its generator, as `Dropout` does, and samples in
/// training and inference (as Su's layer) unless `sampleInInference` is false, in which case
/// inference returns `softmax(x / τ)` (or the one-hot of `argmax x` when hard). Shape inference
/// never advances the generator.
///
/// Shapes: `[batch, ..., classes]` → same.
///
/// References: Su, kexue.fm/archives/6705 §3.4; Jang, Gu & Poole, arXiv 1611.01144.
public final class GumbelSoftmax: Layer {
    /// The temperature read at each call.
    public let temperature: Temperature
    /// Straight-through one-hot forward.
    public let hard: Bool
    /// Whether inference also samples.
    public let sampleInInference: Bool
    var generator: RandomGenerator
    let seed: UInt64?

    /// - Parameters:
    ///   - temperature: shared τ (default a new `Temperature(1)`).
    ///   - hard: straight-through one-hot output.
    ///   - sampleInInference: draw noise when `training` is false too (default true, as Su).
    ///   - seed: optional fixed seed (else drawn from `KerasRandom`).
    ///   - name: layer name; default a generated one.
    public init(
        temperature: Temperature = Temperature(1), hard: Bool = false, sampleInInference: Bool = true,
        seed: UInt64? = nil, name: String? = nil
    ) {
        self.temperature = temperature
        self.hard = hard
        self.sampleInInference = sampleInInference
        self.seed = seed
        generator = seed.map { RandomGenerator(seed: $0) } ?? KerasRandom.next()
        super.init(name: name)
    }

    /// Same shape as the logits; no sample is drawn.
    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] { [inputShapes[0]] }
    /// A copy with the same configuration that shares this layer's `Temperature`.
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer {
        GumbelSoftmax(temperature: temperature, hard: hard, sampleInInference: sampleInInference, seed: seed)
    }

    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let x = inputs[0]
        let tau = temperature.value
        guard training || sampleInInference else {
            return [hard ? x.argmax(axis: -1).oneHot(depth: x.shape[x.rank - 1]) : (x * (1 / tau)).softmax()]
        }
        return [generator.draw { x.gumbelSoftmax(tau: tau, hard: hard, generator: &$0) }]
    }
}
