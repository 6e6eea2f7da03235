import NumSwift

/// One padded batch of inputs: char ids `[batch, length]` (0 = padding), optional per-character
/// word vectors `[batch, length, wordDimension]`, and the mask `[batch, length]` (1 = character).
public struct ExtractorInputs {
    /// Char ids as floats.
    public var charIds: Tensor
    /// Frozen word features (nil for chars only).
    public var wordVectors: Tensor?
    /// 1 at real characters.
    public var mask: Tensor
    /// Length of each text.
    public var lengths: [Int]
}

/// The shared encoder output that both heads read.
public struct EncodedBatch {
    /// DGCNN output T `[batch, length, d]`.
    public var t: Tensor
    /// Mask `[batch, length, 1]`.
    public var mask: Tensor
    /// Boundary gates pn1, pn2 `[batch, length, 1]`.
    public var pn1: Tensor, pn2: Tensor
    /// Predicate-presence gate pc `[batch, predicates]`.
    public var pc: Tensor
}

/// Su's DGCNN + "half-pointer-half-tagging" relation extractor for LIC2019 (article 6671 §2.3):
/// mixed char + word embedding with a shared zero-initialised position table, twelve gated
/// dilated residual blocks, boundary gates pn1/pn2 and a predicate gate pc, a subject head
/// (attention + Conv1D → start/end pointers), and an object/predicate head conditioned on one
/// subject (6 interpolated positions → BiGRU, or the lite concat, plus relative positions).
///
/// All probabilities are products of sigmoids, so several spans, overlapping spans and several
/// predicates per span are possible.
///
/// References: Su, kexue.fm/archives/6671; bojone/kg-2019 `kg_without_ds.py`.
public final class DGCNNExtractor {
    /// The hyper-parameters.
    public let config: ExtractorConfig
    /// Seed of the initialisers (used by `build`) and of the dropout streams.
    public let seed: UInt64
    let charEmbedding: Embedding
    let wordProjection: Dense?
    let positionEmbedding: Embedding
    let inputDropout: Dropout
    let blocks: [DGCNNBlock]
    let pn1Hidden: Dense, pn1Out: Dense, pn2Hidden: Dense, pn2Out: Dense
    let subjectAttention: MultiHeadSelfAttention
    let subjectConv: Conv1D
    let ps1Out: Dense, ps2Out: Dense
    let pcHidden: Dense, pcOut: Dense
    let subjectEncoder: Bidirectional?
    let objectAttention: MultiHeadSelfAttention
    let objectConv: Conv1D
    let poOut: Dense, po1Out: Dense, po2Out: Dense

    /// Creates the layers (weights are built at the first call; `build()` forces it).
    /// - Parameters:
    ///   - config: sizes and options of the model (lite, chars-only, word-vector width).
    ///   - seed: seeds the layers' initialisers and dropout streams.
    public init(config: ExtractorConfig, seed: UInt64 = 1) {
        self.config = config
        self.seed = seed
        let d = config.dimension, p = config.predicateCount
        (
            charEmbedding, wordProjection, positionEmbedding, inputDropout, blocks, pn1Hidden, pn1Out, pn2Hidden, pn2Out,
            subjectAttention, subjectConv, ps1Out, ps2Out, pcHidden, pcOut, subjectEncoder, objectAttention, objectConv,
            poOut, po1Out, po2Out
        ) = KerasRandom.withSeed(seed) {
            (
                Embedding(inputDim: config.charVocabularySize, outputDim: d, name: "char_embedding"),
                config.wordDimension > 0 ? Dense(d, useBias: false, name: "word_projection") : nil,
                Embedding(inputDim: config.maxLength, outputDim: d, initializer: .zeros, name: "position_embedding"),
                Dropout(config.dropout, name: "input_dropout"),
                config.dilations.enumerated().map { DGCNNBlock(dilationRate: $1, gateDropout: config.gateDropout, name: "dgcnn_\($0)") },
                Dense(d, activation: .relu, name: "pn1_hidden"), Dense(1, activation: .sigmoid, name: "pn1"),
                Dense(d, activation: .relu, name: "pn2_hidden"), Dense(1, activation: .sigmoid, name: "pn2"),
                MultiHeadSelfAttention(heads: config.heads, headSize: config.headSize, name: "subject_attention"),
                Conv1D(filters: d, kernelSize: 3, padding: .same, activation: .relu, name: "subject_conv"),
                Dense(1, activation: .sigmoid, name: "ps1"), Dense(1, activation: .sigmoid, name: "ps2"),
                Dense(d, activation: .relu, name: "pc_hidden"), Dense(p, activation: .sigmoid, name: "pc"),
                config.lite ? nil : Bidirectional(GRU(units: d, name: "subject_gru"), name: "subject_encoder"),
                MultiHeadSelfAttention(heads: config.heads, headSize: config.headSize, name: "object_attention"),
                Conv1D(filters: d, kernelSize: 3, padding: .same, activation: .relu, name: "object_conv"),
                Dense(1, activation: .sigmoid, name: "po"), Dense(p, activation: .sigmoid, name: "po1"),
                Dense(p, activation: .sigmoid, name: "po2")
            )
        }
    }

    /// Every layer, in a fixed order (the order of `weights`).
    public var layers: [Layer] {
        var ls: [Layer] = [charEmbedding]
        if let w = wordProjection { ls.append(w) }
        ls += [positionEmbedding, inputDropout] + blocks as [Layer]
        ls += [pn1Hidden, pn1Out, pn2Hidden, pn2Out, subjectAttention, subjectConv, ps1Out, ps2Out, pcHidden, pcOut] as [Layer]
        if let s = subjectEncoder { ls.append(s) }
        ls += [objectAttention, objectConv, poOut, po1Out, po2Out] as [Layer]
        return ls
    }

    /// All trainable weights (the word vectors are inputs, not weights: they stay frozen).
    public var weights: [Variable] { layers.flatMap(\.trainableWeights) }

    /// Builds every layer (weights drawn from `seed`) by running a one-character batch through
    /// both heads. Call it before training so that the initial weights depend on the seed only.
    public func build() {
        KerasRandom.withSeed(seed &+ 1) { buildLayers() }
    }

    func buildLayers() {
        let w = config.wordDimension
        let inputs = ExtractorInputs(
            charIds: Tensor(shape: [1, 1], scalars: [1]), wordVectors: w > 0 ? Tensor.zeros([1, 1, w]) : nil,
            mask: Tensor.ones([1, 1]), lengths: [1])
        withNoGrad {
            let e = encode(inputs, training: false)
            _ = subjectProbabilities(e, training: false)
            _ = objectProbabilities(e, k1: [0], k2: [0], training: false)
        }
    }

    // MARK: - Encoder

    /// Embeddings, dropout, mask, the DGCNN stack and the gates.
    public func encode(_ inputs: ExtractorInputs, training: Bool) -> EncodedBatch {
        let (b, l) = (inputs.charIds.shape[0], inputs.charIds.shape[1])
        precondition(l <= config.maxLength, "DGCNNExtractor.encode: length \(l) > maxLength \(config.maxLength)")
        let mask = inputs.mask.reshape([b, l, 1])
        var t = charEmbedding(inputs.charIds, training: training)
        if let proj = wordProjection, let wv = inputs.wordVectors { t = t + proj(wv, training: training) }
        let positions = Tensor(shape: [1, l], scalars: (0..<l).map(Float.init))
        t = t + positionEmbedding(positions, training: training)  // [1, l, d] broadcast over the batch
        t = inputDropout(t, training: training) * mask
        for block in blocks { t = block([t, mask], training: training)[0] }
        let pn1 = pn1Out(pn1Hidden(t, training: training), training: training)
        let pn2 = pn2Out(pn2Hidden(t, training: training), training: training)
        // Masked max-pool: padded positions lose 1e10 so they never win.
        let pooled = (t - (1 - mask) * 1e10).max(axes: [1])
        let pc = pcOut(pcHidden(pooled, training: training), training: training)
        return EncodedBatch(t: t, mask: mask, pn1: pn1, pn2: pn2, pc: pc)
    }

    // MARK: - Heads

    /// Subject start and end probabilities `[batch, length]` each.
    public func subjectProbabilities(_ e: EncodedBatch, training: Bool) -> (starts: Tensor, ends: Tensor) {
        let (b, l) = (e.t.shape[0], e.t.shape[1])
        let a = subjectAttention([e.t, e.mask], training: training)[0]
        let h = subjectConv(Tensor.concat([e.t, a], axis: 2), training: training)
        let ps1 = ps1Out(h, training: training) * e.pn1, ps2 = ps2Out(h, training: training) * e.pn2
        return (ps1.reshape([b, l]), ps2.reshape([b, l]))
    }

    /// The 6 interpolated positions `round(k1·a + k2·(1 − a))`, a = 0, 0.2, …, 1 (float32 and
    /// round-half-even, as TensorFlow's `K.round`).
    public static func interpolatedPositions(k1: Int, k2: Int) -> [Int] {
        (0..<6).map { i in
            let a = Float(i) / 5
            return Int((Float(k1) * a + Float(k2) * (1 - a)).rounded(.toNearestOrEven))
        }
    }

    /// Object start and end probabilities `[batch, length, predicates]` for the subject with
    /// start `k1[i]` and inclusive end `k2[i]` in each row.
    public func objectProbabilities(_ e: EncodedBatch, k1: [Int], k2: [Int], training: Bool) -> (starts: Tensor, ends: Tensor) {
        let (b, l, d) = (e.t.shape[0], e.t.shape[1], e.t.shape[2])
        precondition(k1.count == b && k2.count == b, "objectProbabilities: \(k1.count), \(k2.count) subjects for batch \(b)")
        let flat = e.t.reshape([b * l, d])
        let subject: Tensor
        if let encoder = subjectEncoder {
            let rows = (0..<b).flatMap { i in DGCNNExtractor.interpolatedPositions(k1: k1[i], k2: k2[i]).map { i * l + $0 } }
            subject = encoder(flat.gather(indices: rows, axis: 0).reshape([b, 6, d]), training: training)
        } else {
            let starts = flat.gather(indices: (0..<b).map { $0 * l + k1[$0] }, axis: 0)
            let ends = flat.gather(indices: (0..<b).map { $0 * l + k2[$0] }, axis: 0)
            subject = Tensor.concat([starts, ends], axis: 1)
        }
        // Relative positions |i − k| index the same (shared) position table.
        func relative(_ k: [Int]) -> Tensor {
            let ids = Tensor(shape: [b, l], scalars: (0..<(b * l)).map { Float(Swift.min(abs($0 % l - k[$0 / l]), config.maxLength - 1)) })
            return positionEmbedding(ids, training: training)
        }
        let kv = Tensor.concat([relative(k1), relative(k2)], axis: 2)  // [b, l, 2d]
        let k = subject.reshape([b, 1, 2 * d]) + kv
        let a = objectAttention([e.t, e.mask], training: training)[0]
        let h = objectConv(Tensor.concat([e.t, a, k], axis: 2), training: training)
        let po = poOut(h, training: training)
        let pc = e.pc.reshape([b, 1, config.predicateCount])
        let po1 = po * po1Out(h, training: training) * pc * e.pn1
        let po2 = po * po2Out(h, training: training) * pc * e.pn2
        return (po1, po2)
    }
}
