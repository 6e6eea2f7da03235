import CKernels.Words
#if canImport(Glibc)
    import Glibc
#endif

/// Classic new-word discovery by cohesion and left/right branching entropy (the alternative to
/// `WordFinder`'s PMI cuts).
///
/// Counts every character n-gram up to `maxN + 1` inside the same segments as `WordFinder`. An
/// n-gram w (2 ≤ n ≤ maxN) is a word when
/// - count(w) ≥ `minCount`,
/// - cohesion `min over splits w = xy of ln(p(w) / (p(x) p(y)))` > `minPMI`, with p = count / total characters,
/// - `min(H_left, H_right)` > `minEntropy`, where H is the natural-log entropy of the characters
///   seen just before (after) w; occurrences at a segment edge have no neighbour and are not counted.
///
/// Memory is bounded as in `WordFinder` (`maxEntries`, pruning of n ≥ 2 entries under a rising floor).
/// References: kexue.fm/archives/6540 §1.1 (context); matrix67's "互联网时代的社会语言学" method.
public struct BranchingEntropyFinder: Sendable {
    /// Longest n-gram considered, in characters.
    public var maxN: Int
    /// Smallest count a candidate needs.
    public var minCount: Int
    /// Smallest cohesion (minimum PMI over the candidate's binary splits, natural log).
    public var minPMI: Double
    /// Smallest left and right branching entropy (nats).
    public var minEntropy: Double
    /// Bound on table entries; past it, low counts are pruned.
    public var maxEntries: Int

    /// Creates a finder with the given thresholds.
    public init(maxN: Int = 4, minCount: Int = 10, minPMI: Double = 3, minEntropy: Double = 1, maxEntries: Int = 20_000_000) {
        self.maxN = maxN; self.minCount = minCount; self.minPMI = minPMI; self.minEntropy = minEntropy; self.maxEntries = maxEntries
    }

    /// Left/right entropies from neighbour counts: `ln S − Σ c ln c / S` (0 when there is none).
    static func entropy(sum: Double, sumClogC: Double) -> Double { sum > 0 ? log(sum) - sumClogC / sum : 0 }

    /// Runs discovery in one streaming pass; words sorted by count descending.
    /// - Throws: reader errors, `WordMiningError.invalidOption`, `.emptyCorpus`, `.outOfMemory`.
    public func discover(_ corpus: CorpusReader) throws -> [WordCount] {
        try discoverCountingPrunes(corpus).words
    }

    /// Runs discovery as `discover(_:)` and also says how often the n-gram table was pruned to stay
    /// under `maxEntries` (0: every count is exact; otherwise counts under `floor` were dropped and
    /// the cohesion and entropies of the rest are approximate).
    /// - Throws: what `discover(_:)` throws.
    public func discoverCountingPrunes(_ corpus: CorpusReader) throws -> (words: [WordCount], prunes: Int, floor: Int64) {
        guard (2...16).contains(maxN) else { throw WordMiningError.invalidOption(name: "max-n", value: "\(maxN)", expected: "2...16") }
        guard minCount >= 1 else { throw WordMiningError.invalidOption(name: "min-count", value: "\(minCount)", expected: ">= 1") }
        guard minPMI.isFinite else { throw WordMiningError.invalidOption(name: "min-pmi", value: "\(minPMI)", expected: "a finite number") }
        guard minEntropy.isFinite else {
            throw WordMiningError.invalidOption(name: "min-entropy", value: "\(minEntropy)", expected: "a finite number")
        }
        guard maxEntries >= 1000 else {
            throw WordMiningError.invalidOption(name: "max-entries", value: "\(maxEntries)", expected: "at least 1000")
        }
        let grams = try StringTable("n-gram table")
        var floor = PruningFloor()
        var totalChars: Int64 = 0
        try corpus.forEachLine { line, _ in
            let r = ck_ngram_count(line.baseAddress, line.count, Int32(maxN + 1), grams.raw)
            guard r >= 0 else { throw WordMiningError.outOfMemory(what: grams.name) }
            totalChars += r
            if grams.count > maxEntries {
                // Single characters are never pruned (there are at most as many as BMP code points);
                // the n-grams of two or more are pruned to half the limit.
                _ = try floor.prune(PrunableNGrams(grams, minChars: 2), to: maxEntries / 2)
            }
        }
        guard totalChars > 0 else { throw WordMiningError.emptyCorpus(file: corpus.path) }
        let n = grams.count
        var sumL = [Double](repeating: 0, count: n), cL = [Double](repeating: 0, count: n)
        var sumR = [Double](repeating: 0, count: n), cR = [Double](repeating: 0, count: n)
        // Kept characters: ASCII (1 byte), accented Latin (2 bytes), CJK (3 bytes).
        @inline(__always) func charLen(_ b: CChar) -> Int { UInt8(bitPattern: b) < 0x80 ? 1 : UInt8(bitPattern: b) < 0xE0 ? 2 : 3 }
        for i in 0..<n where grams.chars(at: i) >= 3 {
            let k = grams.keyBytes(i), c = Double(grams.count(at: i))
            let first = charLen(k[0])
            let last = UInt8(bitPattern: k[k.count - 1]) < 0x80 ? 1 : 3
            if let s = grams.find(k.baseAddress! + first, k.count - first) { sumL[s] += c; cL[s] += c * log(c) }
            if let p = grams.find(k.baseAddress!, k.count - last) { sumR[p] += c; cR[p] += c * log(c) }
        }
        let logN = log(Double(totalChars))
        var out: [(Int, WordCount)] = []
        for i in 0..<n {
            let len = grams.chars(at: i), c = grams.count(at: i)
            guard len >= 2, len <= maxN, c >= Int64(minCount) else { continue }
            let k = grams.keyBytes(i)
            var cohesion = Double.infinity
            var off = 0
            for _ in 0..<(len - 1) {
                off += charLen(k[off])
                guard let x = grams.find(k.baseAddress!, off), let y = grams.find(k.baseAddress! + off, k.count - off) else { cohesion = -.infinity; break }
                let v = log(Double(c)) - log(Double(grams.count(at: x))) - log(Double(grams.count(at: y))) + logN
                cohesion = min(cohesion, v)
            }
            guard cohesion > minPMI else { continue }
            let h = min(Self.entropy(sum: sumL[i], sumClogC: cL[i]), Self.entropy(sum: sumR[i], sumClogC: cR[i]))
            guard h > minEntropy else { continue }
            out.append((i, WordCount(grams.key(i), Int(c))))
        }
        out.sort { $0.1.count != $1.1.count ? $0.1.count > $1.1.count : $0.0 < $1.0 }
        return (out.map { $0.1 }, floor.prunes, floor.floor)
    }
}
