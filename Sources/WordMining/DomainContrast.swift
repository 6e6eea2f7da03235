/// How words present in only one corpus are scored by `DomainContrast`.
public enum MissingCountPolicy: String, Sendable, CaseIterable {
    /// Su's actual behaviour (pandas NaN): only words seen in both corpora are scored; `m` and `a`
    /// come from them; the others are listed after the scored ones with no score.
    case ignore
    /// A missing count is 0: domain-only words get the highest scores.
    case zero
}

/// A word with its contrast score (nil when unscored under `.ignore`) and both counts.
public struct ContrastedWord: Sendable, Equatable {
    /// The word.
    public var word: String
    /// Smoothed P(domain | word), or nil when unscored under `.ignore`.
    public var score: Double?
    /// Count in the domain corpus.
    public var domainCount: Int
    /// Count in the general corpus (0 when absent).
    public var generalCount: Int
}

/// Domain-vs-general frequency contrast of kexue.fm/archives/6540 §1.2.
///
/// With `f_g' = f_g · Σf_d / Σf_g`, `T = f_d + f_g'`, pseudo-count `m = mean T` and prior
/// `a = Σf_d / ΣT`, the score is `(f_d + m·a) / (T + m)`, a smoothed P(domain | w) in (0, 1).
/// References: kexue.fm/archives/6540 §1.2 and its pitfall on pandas NaN.
public struct DomainContrast: Sendable {
    /// What to do with words absent from the general corpus.
    public var missing: MissingCountPolicy
    /// Shortest word kept in the ranking (Su keeps length ≥ 2).
    public var minLength: Int

    /// Creates a contrast with the given policy for missing words and minimum length.
    public init(missing: MissingCountPolicy = .zero, minLength: Int = 2) {
        self.missing = missing
        self.minLength = minLength
    }

    /// Ranks the domain words by score, descending (ties by domain count, then word).
    /// - Throws: `WordMiningError.invalidOption` when a list is empty or a count is negative.
    public func rank(domain: [WordCount], general: [WordCount]) throws -> [ContrastedWord] {
        var fd: [String: Double] = [:], fg: [String: Double] = [:]
        let limit = Double(WordCount.maxCount)
        for w in domain {
            fd[w.word, default: 0] += Double(w.count)
            guard w.count >= 0, fd[w.word]! <= limit else {
                throw WordMiningError.invalidOption(
                    name: "domain count", value: "\(w.word) \(w.count)", expected: "a count in 0...\(WordCount.maxCount) (summed over repeats)")
            }
        }
        for w in general {
            fg[w.word, default: 0] += Double(w.count)
            guard w.count >= 0, fg[w.word]! <= limit else {
                throw WordMiningError.invalidOption(
                    name: "general count", value: "\(w.word) \(w.count)", expected: "a count in 0...\(WordCount.maxCount) (summed over repeats)")
            }
        }
        let sd = fd.values.reduce(0, +), sg = fg.values.reduce(0, +)
        guard sd > 0, sg > 0 else {
            throw WordMiningError.invalidOption(name: "word lists", value: "totals \(sd), \(sg)", expected: "non-empty domain and general lists")
        }
        let scale = sd / sg
        let vocab: [String] = missing == .zero ? Array(Set(fd.keys).union(fg.keys)) : fd.keys.filter { fg[$0] != nil }
        var sumT = 0.0, sumD = 0.0
        for w in vocab { let d = fd[w] ?? 0; sumD += d; sumT += d + (fg[w] ?? 0) * scale }
        let m = vocab.isEmpty ? 0 : sumT / Double(vocab.count)
        let a = sumT > 0 ? sumD / sumT : 0.5
        var out: [ContrastedWord] = []
        for (w, d) in fd where w.unicodeScalars.count >= minLength {
            let g = fg[w]
            let scored = missing == .zero || g != nil
            let t = d + (g ?? 0) * scale
            out.append(
                ContrastedWord(
                    word: w, score: scored ? (d + m * a) / (t + m) : nil,
                    domainCount: Int(d), generalCount: Int(g ?? 0)))
        }
        out.sort {
            switch ($0.score, $1.score) {
            case let (x?, y?) where x != y: return x > y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return $0.domainCount != $1.domainCount ? $0.domainCount > $1.domainCount : $0.word < $1.word
            }
        }
        return out
    }

    /// The pseudo-count m and prior a used by `rank` (for tests and reports).
    public func parameters(domain: [WordCount], general: [WordCount]) throws -> (m: Double, a: Double) {
        var fd: [String: Double] = [:], fg: [String: Double] = [:]
        for w in domain { fd[w.word, default: 0] += Double(w.count) }
        for w in general { fg[w.word, default: 0] += Double(w.count) }
        let scale = fd.values.reduce(0, +) / fg.values.reduce(0, +)
        let vocab: [String] = missing == .zero ? Array(Set(fd.keys).union(fg.keys)) : fd.keys.filter { fg[$0] != nil }
        var sumT = 0.0, sumD = 0.0
        for w in vocab { let d = fd[w] ?? 0; sumD += d; sumT += d + (fg[w] ?? 0) * scale }
        return (sumT / Double(max(1, vocab.count)), sumT > 0 ? sumD / sumT : 0.5)
    }
}
