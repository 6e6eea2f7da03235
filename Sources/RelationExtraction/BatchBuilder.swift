import NumSwift

/// Turns sentences into padded model inputs and pointer labels.
///
/// Texts are cut to `maxLength` characters (Unicode scalars); char ids come from the vocabulary
/// (1 for unknown), word features from `WordFeatures` when given.
public struct BatchBuilder: @unchecked Sendable {
    /// Char ids.
    public let vocabulary: CharVocabulary
    /// Frozen per-character word vectors (nil: chars only).
    public let words: WordFeatures?
    /// Longest text kept.
    public let maxLength: Int

    /// - Parameters: vocabulary, words, maxLength: as above.
    public init(vocabulary: CharVocabulary, words: WordFeatures?, maxLength: Int) {
        self.vocabulary = vocabulary
        self.words = words
        self.maxLength = maxLength
    }

    /// Padded inputs for texts (each already cut to `maxLength`; empty texts get one pad).
    public func inputs(_ texts: [[Unicode.Scalar]]) -> ExtractorInputs {
        let b = texts.count
        let lengths = texts.map { Swift.min($0.count, maxLength) }
        let l = Swift.max(lengths.max() ?? 1, 1)
        var ids = [Float](repeating: 0, count: b * l), mask = ids
        for (i, t) in texts.enumerated() {
            for (j, c) in t.prefix(lengths[i]).enumerated() {
                ids[i * l + j] = Float(vocabulary.id(c))
                mask[i * l + j] = 1
            }
        }
        var wordTensor: Tensor? = nil
        if let words {
            let d = words.dimension
            var w = [Float](repeating: 0, count: b * l * d)
            for (i, t) in texts.enumerated() where lengths[i] > 0 {
                let f = words.features(Array(t.prefix(lengths[i])), length: lengths[i])
                w.replaceSubrange((i * l * d)..<(i * l * d + f.count), with: f)
            }
            wordTensor = Tensor(shape: [b, l, d], scalars: w)
        }
        return ExtractorInputs(
            charIds: Tensor(shape: [b, l], scalars: ids), wordVectors: wordTensor, mask: Tensor(shape: [b, l], scalars: mask),
            lengths: lengths)
    }
}

/// The targets of one training batch (§2.4): subject pointers of all subjects, one sampled
/// subject per sentence, and that subject's object pointers per predicate.
public struct TrainingTargets {
    /// `[batch, length]`.
    public var subjectStarts: Tensor, subjectEnds: Tensor
    /// Sampled subject start and inclusive end per sentence.
    public var k1: [Int], k2: [Int]
    /// `[batch, length, predicates]`.
    public var objectStarts: Tensor, objectEnds: Tensor

    /// Targets for labelled sentences padded to `length`, sampling one subject each.
    public init(_ labels: [PointerLabels], length l: Int, predicates p: Int, generator: inout RandomGenerator) {
        let b = labels.count
        var s1 = [Float](repeating: 0, count: b * l), s2 = s1
        var o1 = [Float](repeating: 0, count: b * l * p), o2 = o1
        var k1: [Int] = [], k2: [Int] = []
        for (i, lab) in labels.enumerated() {
            let n = lab.text.count
            let (a, e) = (lab.subjectStarts, lab.subjectEnds)
            s1.replaceSubrange((i * l)..<(i * l + n), with: a)
            s2.replaceSubrange((i * l)..<(i * l + n), with: e)
            let k = lab.sampleSubject(generator: &generator)
            k1.append(k.start)
            k2.append(k.end - 1)
            let (x, y) = lab.objectPointers(for: k, predicates: p)
            o1.replaceSubrange((i * l * p)..<(i * l * p + x.count), with: x)
            o2.replaceSubrange((i * l * p)..<(i * l * p + y.count), with: y)
        }
        subjectStarts = Tensor(shape: [b, l], scalars: s1)
        subjectEnds = Tensor(shape: [b, l], scalars: s2)
        self.k1 = k1
        self.k2 = k2
        objectStarts = Tensor(shape: [b, l, p], scalars: o1)
        objectEnds = Tensor(shape: [b, l, p], scalars: o2)
    }
}

/// The training loss of §2.4: binary cross-entropy at every position (summed over predicates for
/// the objects), masked and averaged over real positions, the four terms added 1:1.
public enum ExtractorLoss {
    /// Keras' `binary_crossentropy` on probabilities: clipped to [1e-7, 1 − 1e-7].
    public static func binaryCrossEntropy(_ target: Tensor, _ p: Tensor) -> Tensor {
        let q = p.clamp(min: 1e-7, max: 1 - 1e-7)
        return -(target * q.log() + (1 - target) * (1 - q).log())
    }

    /// `L_s1 + L_s2 + L_o1 + L_o2`; mask `[batch, length]`.
    public static func total(
        subjects: (starts: Tensor, ends: Tensor), objects: (starts: Tensor, ends: Tensor), targets: TrainingTargets, mask: Tensor
    ) -> Tensor {
        let m = mask.detached(), count = m.sum()
        func masked(_ perPosition: Tensor) -> Tensor { (perPosition * m).sum() / count }
        let s1 = masked(binaryCrossEntropy(targets.subjectStarts, subjects.starts))
        let s2 = masked(binaryCrossEntropy(targets.subjectEnds, subjects.ends))
        let o1 = masked(binaryCrossEntropy(targets.objectStarts, objects.starts).sum(axes: [2]))
        let o2 = masked(binaryCrossEntropy(targets.objectEnds, objects.ends).sum(axes: [2]))
        return s1 + s2 + o1 + o2
    }
}
