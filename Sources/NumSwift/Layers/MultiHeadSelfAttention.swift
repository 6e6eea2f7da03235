/// Multi-head scaled dot-product self-attention with a key mask, in the form of Su's
/// `Attention` layer: `heads × headSize` outputs, optional biases and output projection.
///
/// For `x [batch, length, features]`: `Q = x W_q`, `K = x W_k`, `V = x W_v` (each
/// `[features, heads·headSize]`, Glorot normal, no bias by default), split into heads;
/// `A = softmax(Q Kᵀ / √headSize − 1e10·(1 − mask_key))` over the keys; output `A V` with the
/// heads concatenated `[batch, length, heads·headSize]`, then `· W_o (+ b_o)` if
/// `outputProjection`, then `· mask_query` if `maskQueries`.
///
/// Inputs: `[x]` or `[x, mask]` with `mask [batch, length]` or `[batch, length, 1]` (1 = valid).
/// Padded keys get weight exactly 0 after the softmax (e^(−1e10) underflows), so the output at
/// valid positions does not depend on padding.
///
/// ```swift
/// let a = MultiHeadSelfAttention(heads: 8, headSize: 16)([t, mask])[0]   // [batch, length, 128]
/// ```
/// References: Vaswani et al., "Attention is all you need" (2017); Su, kexue.fm/archives/4765
/// and 6671 §2.3 step 6 (8×16, no bias, no output projection).
public final class MultiHeadSelfAttention: SequenceMaskLayer {
    /// Number of heads.
    public let heads: Int
    /// Width of each head.
    public let headSize: Int
    /// Add biases to the Q, K, V (and output) projections.
    public let useBias: Bool
    /// Apply a final `[heads·headSize, heads·headSize]` projection (Keras `MultiHeadAttention` does).
    public let outputProjection: Bool
    /// Multiply the output by the mask at the query positions.
    public let maskQueries: Bool
    /// The added value at masked keys before the softmax.
    public static let maskPenalty: Float = 1e10
    /// Projections `[features, heads·headSize]`.
    public private(set) var queryKernel: Variable!, keyKernel: Variable!, valueKernel: Variable!
    /// Biases `[heads·headSize]` (if `useBias`).
    public private(set) var queryBias: Variable?, keyBias: Variable?, valueBias: Variable?
    /// Output projection and bias (if `outputProjection`).
    public private(set) var outputKernel: Variable?, outputBias: Variable?

    /// - Parameters: heads, headSize: output width `heads·headSize`; useBias, outputProjection,
    ///   maskQueries: as above (all off in the article).
    public init(heads: Int, headSize: Int, useBias: Bool = false, outputProjection: Bool = false, maskQueries: Bool = false, name: String? = nil) {
        precondition(heads > 0 && headSize > 0, "MultiHeadSelfAttention: heads \(heads), headSize \(headSize) must be positive")
        self.heads = heads
        self.headSize = headSize
        self.useBias = useBias
        self.outputProjection = outputProjection
        self.maskQueries = maskQueries
        super.init(name: name)
    }

    public override func build(inputShapes: [[Int]]) {
        precondition(inputShapes[0].count == 2, "MultiHeadSelfAttention \(name): input must be [length, features], got \(inputShapes[0])")
        let (d, o) = (inputShapes[0][1], heads * headSize)
        queryKernel = addWeight(name: "q_kernel", shape: [d, o], initializer: .glorotNormal)
        keyKernel = addWeight(name: "k_kernel", shape: [d, o], initializer: .glorotNormal)
        valueKernel = addWeight(name: "v_kernel", shape: [d, o], initializer: .glorotNormal)
        if useBias {
            queryBias = addWeight(name: "q_bias", shape: [o], initializer: .zeros)
            keyBias = addWeight(name: "k_bias", shape: [o], initializer: .zeros)
            valueBias = addWeight(name: "v_bias", shape: [o], initializer: .zeros)
        }
        if outputProjection {
            outputKernel = addWeight(name: "o_kernel", shape: [o, o], initializer: .glorotUniform)
            if useBias { outputBias = addWeight(name: "o_bias", shape: [o], initializer: .zeros) }
        }
    }

    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let x = inputs[0]
        precondition(x.rank == 3, "\(name): input must be [batch, length, features], got \(x.shape)")
        let (b, l, h, dh) = (x.shape[0], x.shape[1], heads, headSize)
        func project(_ k: Variable, _ bias: Variable?) -> Tensor {
            var p = x.matmul(k.read)
            if let bias { p = p + bias.read }
            return p.reshape([b, l, h, dh]).permuted([0, 2, 1, 3])  // [b, h, l, dh]
        }
        let q = project(queryKernel, queryBias), k = project(keyKernel, keyBias), v = project(valueKernel, valueBias)
        var scores = q.matmul(k, transposeB: true) * (1 / Float(dh).squareRoot())  // [b, h, l, l]
        var mask: Tensor? = nil
        if inputs.count > 1 {
            precondition(inputs[1].count == b * l, "\(name): mask \(inputs[1].shape) vs input \(x.shape)")
            mask = inputs[1].detached().reshape([b, 1, 1, l])
            scores = scores - (1 - mask!) * MultiHeadSelfAttention.maskPenalty
        }
        var out = scores.softmax(axis: -1).matmul(v).permuted([0, 2, 1, 3]).reshape([b, l, h * dh])
        if let ok = outputKernel {
            out = out.matmul(ok.read)
            if let ob = outputBias { out = out + ob.read }
        }
        if maskQueries, let mask { out = out * mask.reshape([b, l, 1]) }
        return [out]
    }
}
