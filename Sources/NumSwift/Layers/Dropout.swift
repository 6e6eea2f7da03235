// MARK: - Dropout

/// Inverted dropout: in training zeroes each element with probability `rate` and scales the rest by
/// `1 / (1 − rate)`; identity in inference.
public final class Dropout: Layer {
    /// Fraction of elements zeroed in training.
    public let rate: Float
    var generator: RandomGenerator
    /// - Parameters: rate in [0, 1); seed: optional fixed seed (else drawn from `KerasRandom`).
    public init(_ rate: Float, seed: UInt64? = nil, name: String? = nil) {
        precondition(rate >= 0 && rate < 1, "Dropout: rate must be in [0, 1), got \(rate)")
        self.rate = rate
        generator = seed.map { RandomGenerator(seed: $0) } ?? KerasRandom.next()
        super.init(name: name)
    }
    public override var supportsMasking: Bool { true }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let x = inputs[0]
        guard training && rate > 0 else { return [x] }
        let keep = Tensor.randomUniform(x.shape, generator: &generator) .>= rate
        return [x * (keep * (1 / (1 - rate)))]
    }
}
