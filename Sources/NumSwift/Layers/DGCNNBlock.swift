/// One gated dilated residual convolution block of a DGCNN: a `Conv1D` of twice the width
/// (kernel `kernelSize`, same padding, dilation `dilationRate`, with bias) split into gate
/// logits and a candidate, `Y = (X + (C − X) ⊙ σ(G)) ⊙ mask`, i.e. `X ⊗ (1 − σ) + C ⊗ σ`.
///
/// In training the gate logits pass through dropout (`gateDropout`, 0.1 in the article:
/// multiplicative noise on the gate). Output width = input width; positions where the mask is 0
/// are exactly zero after the block.
///
/// Inputs: `[x]` or `[x, mask]`, `x [batch, length, channels]`, `mask [batch, length]` or
/// `[batch, length, 1]`. Shapes: kernel `[kernelSize, channels, 2·channels]` (Glorot uniform),
/// bias `[2·channels]` (zeros); the first `channels` output columns are the gate.
///
/// ```swift
/// var t = x
/// for r in [1, 2, 5, 1, 2, 5, 1, 2, 5, 1, 1, 1] { t = DGCNNBlock(dilationRate: r)([t, mask])[0] }
/// ```
/// Twelve blocks with these dilations and kernel 3 see 1 + 2·(1+2+5)·3 + 2·3 = 55 positions.
///
/// References: Su, kexue.fm/archives/5409 (DGCNN) and 6671 §2.3 step 4; Dauphin et al.,
/// "Language modeling with gated convolutional networks" (2017).
public final class DGCNNBlock: SequenceMaskLayer {
    /// Dilation of the convolution.
    public let dilationRate: Int
    /// Taps of the convolution (3 in the article).
    public let kernelSize: Int
    /// Dropout rate on the gate logits in training.
    public let gateDropout: Float
    /// `[kernelSize, channels, 2·channels]`.
    public private(set) var kernel: Variable!
    /// `[2·channels]`.
    public private(set) var bias: Variable!
    var generator: RandomGenerator

    /// - Parameters: dilationRate ≥ 1; kernelSize ≥ 1; gateDropout in [0, 1); seed: optional fixed
    ///   seed of the gate dropout (else drawn from `KerasRandom`).
    public init(dilationRate: Int = 1, kernelSize: Int = 3, gateDropout: Float = 0.1, seed: UInt64? = nil, name: String? = nil) {
        precondition(dilationRate >= 1 && kernelSize >= 1, "DGCNNBlock: dilationRate \(dilationRate), kernelSize \(kernelSize)")
        precondition(gateDropout >= 0 && gateDropout < 1, "DGCNNBlock: gateDropout must be in [0, 1), got \(gateDropout)")
        self.dilationRate = dilationRate
        self.kernelSize = kernelSize
        self.gateDropout = gateDropout
        generator = seed.map { RandomGenerator(seed: $0) } ?? KerasRandom.next()
        super.init(name: name)
    }

    public override func build(inputShapes: [[Int]]) {
        precondition(inputShapes[0].count == 2, "DGCNNBlock \(name): input must be [length, channels], got \(inputShapes[0])")
        let c = inputShapes[0][1]
        kernel = addWeight(name: "kernel", shape: [kernelSize, c, 2 * c], initializer: .glorotUniform)
        bias = addWeight(name: "bias", shape: [2 * c], initializer: .zeros)
    }

    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let x = inputs[0]
        precondition(x.rank == 3, "\(name): input must be [batch, length, channels], got \(x.shape)")
        let mask = inputs.count > 1 ? inputs[1] : nil
        // Padded rows are zeroed by the mask anyway: the convolution skips them.
        let h = x.conv1d(kernel.read, dilation: dilationRate, padding: .same, outputMask: mask)
        var noise: Tensor? = nil
        if training && gateDropout > 0 {
            noise = (Tensor.randomUniform(x.shape, generator: &generator) .>= gateDropout) * (1 / (1 - gateDropout))
        }
        return [Tensor.gatedResidual(x, h, bias: bias.read, mask: mask, gateNoise: noise)]
    }
}
