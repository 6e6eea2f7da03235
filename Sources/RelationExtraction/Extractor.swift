import NumSwift

/// A trained extractor: model, vocabulary and word features, with batched decoding (§2.5):
/// subjects first, then one object-head pass over all (sentence, subject) pairs of the batch.
public final class Extractor: @unchecked Sendable {
    /// The network.
    public let model: DGCNNExtractor
    /// Inputs.
    public let builder: BatchBuilder
    /// Thresholds.
    public var decoder = PointerDecoder()
    /// Clean-up rules applied to each sentence's triples (none by default).
    public var postRules = PostRules.none
    /// Lower-case texts before extraction (when the model was trained on `Repair`ed data).
    public var lowercase = false

    /// - Parameters: model, builder: as above.
    public init(model: DGCNNExtractor, builder: BatchBuilder) {
        self.model = model
        self.builder = builder
    }

    /// The triples of each text, in input order.
    public func extract(_ texts: [String]) -> [[Triple]] {
        guard !texts.isEmpty else { return [] }
        let scalars = texts.map { Array((lowercase ? $0.lowercased() : $0).unicodeScalars.prefix(builder.maxLength)) }
        return withNoGrad {
            let inputs = builder.inputs(scalars)
            let e = model.encode(inputs, training: false)
            let (ps1, ps2) = model.subjectProbabilities(e, training: false)
            let (b, l) = (ps1.shape[0], ps1.shape[1])
            let (v1, v2) = (ps1.scalars, ps2.scalars)
            var pairs: [(sentence: Int, span: Span)] = []
            for i in 0..<b {
                let n = inputs.lengths[i]
                let spans = decoder.subjects(starts: Array(v1[(i * l)..<(i * l + n)]), ends: Array(v2[(i * l)..<(i * l + n)]))
                pairs += spans.map { (i, $0) }
            }
            var out = [[Triple]](repeating: [], count: b)
            guard !pairs.isEmpty else { return out }
            let rows = pairs.map(\.sentence)
            let sub = EncodedBatch(
                t: e.t.gather(indices: rows, axis: 0), mask: e.mask.gather(indices: rows, axis: 0),
                pn1: e.pn1.gather(indices: rows, axis: 0), pn2: e.pn2.gather(indices: rows, axis: 0),
                pc: e.pc.gather(indices: rows, axis: 0))
            let (po1, po2) = model.objectProbabilities(sub, k1: pairs.map(\.span.start), k2: pairs.map { $0.span.end - 1 }, training: false)
            let p = model.config.predicateCount
            let (w1, w2) = (po1.scalars, po2.scalars)
            for (j, pair) in pairs.enumerated() {
                let n = inputs.lengths[pair.sentence], base = j * l * p
                let objects = decoder.objects(starts: Array(w1[base..<(base + n * p)]), ends: Array(w2[base..<(base + n * p)]), predicates: p)
                let text = scalars[pair.sentence]
                let subject = String(String.UnicodeScalarView(text[pair.span.start..<pair.span.end]))
                for o in objects {
                    out[pair.sentence].append(
                        Triple(subject, model.config.predicates[o.predicate], String(String.UnicodeScalarView(text[o.span.start..<o.span.end]))))
                }
            }
            return out.map { postRules.apply($0) }
        }
    }

    /// Extracts every sentence in batches and scores against their triples.
    public func evaluate(_ sentences: [Sentence], batchSize: Int = 64) -> (evaluation: IEEvaluation, predictions: [[Triple]]) {
        var e = IEEvaluation()
        var preds: [[Triple]] = []
        var i = 0
        while i < sentences.count {
            let chunk = Array(sentences[i..<Swift.min(i + batchSize, sentences.count)])
            let p = extract(chunk.map(\.text))
            for (s, t) in zip(chunk, p) { e.add(gold: s.triples, predicted: t) }
            preds += p
            i += batchSize
        }
        return (e, preds)
    }
}
