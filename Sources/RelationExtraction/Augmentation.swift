import NumSwift

/// The article's training-time augmentation (`random_generate`): with probability 0.5, one gold
/// triple (s, p, o) of the sentence is picked, then a random training triple (s′, p, o′) with the
/// same predicate, and every occurrence of s and then of o is replaced by s′ and o′ in the text
/// and in all of the sentence's triples.
///
/// The two replacements run one after the other, as in Su's code (Python `str.replace`, all
/// occurrences): a new subject that contains o is therefore rewritten too. Sentences without
/// triples are returned unchanged.
///
/// References: kexue.fm/archives/6671 §2.4 "Data augmentation"; bojone/kg-2019 `random_generate`.
public struct EntitySwapAugmenter: Sendable {
    /// The training triples grouped by predicate.
    public let triplesByPredicate: [String: [Triple]]
    /// Probability of rewriting a sentence.
    public let probability: Double

    /// - Parameters:
    ///   - training: the training sentences whose triples are swapped in.
    ///   - probability: chance of rewriting one sentence (0.5 in the article).
    public init(training: [Sentence], probability: Double = 0.5) {
        var by: [String: [Triple]] = [:]
        for s in training { for t in s.triples { by[t.predicate, default: []].append(t) } }
        triplesByPredicate = by
        self.probability = probability
    }

    /// The sentence, rewritten with probability `probability`.
    public func apply(_ sentence: Sentence, generator: inout RandomGenerator) -> Sentence {
        guard !sentence.triples.isEmpty else { return sentence }
        // A uniform draw in [0, 1) with 2^-30 resolution decides the rewrite.
        let u = Double(generator.nextInt(below: 1 << 30)) / Double(1 << 30)
        guard u < probability else { return sentence }
        let picked = sentence.triples[generator.nextInt(below: sentence.triples.count)]
        guard let pool = triplesByPredicate[picked.predicate], !pool.isEmpty else { return sentence }
        let donor = pool[generator.nextInt(below: pool.count)]
        return EntitySwapAugmenter.swap(sentence, replacing: picked, with: donor)
    }

    /// `sentence` with `old.subject` → `new.subject`, then `old.object` → `new.object`, applied to
    /// the text and to every triple's subject and object.
    public static func swap(_ sentence: Sentence, replacing old: Triple, with new: Triple) -> Sentence {
        func f(_ s: String) -> String {
            replaceAll(replaceAll(s, old.subject, new.subject), old.object, new.object)
        }
        return Sentence(text: f(sentence.text), triples: sentence.triples.map { Triple(f($0.subject), $0.predicate, f($0.object)) })
    }

    /// Python `str.replace(old, new)` on Unicode scalars: every non-overlapping occurrence, left
    /// to right. An empty `old` inserts `new` between all scalars and at both ends, as Python does.
    static func replaceAll(_ s: String, _ old: String, _ new: String) -> String {
        let text = Array(s.unicodeScalars), o = Array(old.unicodeScalars), n = Array(new.unicodeScalars)
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        if o.isEmpty {
            out.append(contentsOf: n)
            for c in text { out.append(c); out.append(contentsOf: n) }
            return String(String.UnicodeScalarView(out))
        }
        var i = 0
        while i < text.count {
            if i + o.count <= text.count && text[i] == o[0] && Array(text[i..<(i + o.count)]) == o {
                out.append(contentsOf: n)
                i += o.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return String(String.UnicodeScalarView(out))
    }
}
