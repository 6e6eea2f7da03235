import CKernels
#if canImport(Glibc)
import Glibc
#endif

/// nlp-zero's natural log, with log(0) = -100 (its convention for unseen items).
@inline(__always) func zlog(_ x: Double) -> Double { x == 0 ? -100 : log(x) }

/// One discovered word and its count.
public struct WordCount: Sendable, Equatable {
    /// The word.
    public var word: String
    /// Its count in the corpus.
    public var count: Int
    /// Creates a word with its count.
    public init(_ word: String, _ count: Int) { self.word = word; self.count = count }
}

/// Counters and timings of one discovery run.
public struct DiscoveryStats: Sendable {
    /// What the corpus reader saw (lines, characters, invalid lines).
    public var corpus = CorpusStats()
    /// Characters counted.
    public var totalChars: Int64 = 0
    /// Adjacent character pairs counted.
    public var totalPairs: Int64 = 0
    /// Pairs above the PMI and probability thresholds (kept glued).
    public var strongPairs = 0
    /// Fragments produced by cutting at weak pairs.
    public var fragments: Int64 = 0
    /// Distinct candidate words before redundancy removal.
    public var candidates = 0
    /// Candidates removed by the len(w) − 1 redundancy rule.
    public var removedRedundant = 0
    /// Largest table size seen (bytes of C heap), for memory reports.
    public var peakTableBytes = 0
    /// Number of prunes done to bound memory (0 = exact counts).
    public var prunes = 0
}

/// Unsupervised new-word discovery, equivalent to nlp-zero 0.1.6's `Word_Finder` (train + find).
///
/// 1. Segments: maximal runs of CJK (U+4E00–U+9FA5), ASCII digits and letters.
/// 2. Counts characters and adjacent pairs; `log p(c) = log n(c) − log Σn(chars)`,
///    `log p(ab) = log n(ab) − log Σn(pairs)` (natural logs).
/// 3. A pair is strong iff `log p(ab) > log(minProba)` and `PMI = log p(ab) − log p(a) − log p(b) > minPMI`.
/// 4. Second pass: cut every segment between non-strong pairs; count the fragments.
/// 5. Keep fragments with `log(n/N) > log(minProba)`; remove redundant words longest-first
///    (`log p(w) − Σ log p(sub) < len(w) − 1` ⇒ delete w, add its count to its sub-words).
///
/// Memory is bounded by `maxEntries`: when a counting table grows past it, entries under a count
/// floor (doubled at each prune) are dropped, as word2vec's ReduceVocab does; the dropped mass still
/// enters the totals. `stats.prunes == 0` means the counts are exact.
///
/// References: kexue.fm/archives/6540 §1.1; bojone/nlp-zero `Word_Finder`.
public struct WordFinder: Sendable {
    /// Minimum probability of a pair and of a word (nlp-zero default 1e-7; the article uses 1e-6).
    public var minProba: Double
    /// Minimum PMI of a strong pair, strict (nlp-zero default 1; the article uses 0.5).
    public var minPMI: Double
    /// Maximum entries of a counting table before pruning.
    public var maxEntries: Int

    /// Creates a finder with nlp-zero's thresholds (min_proba, min_pmi) and a table bound.
    public init(minProba: Double = 1e-6, minPMI: Double = 0.5, maxEntries: Int = 20_000_000) {
        self.minProba = minProba
        self.minPMI = minPMI
        self.maxEntries = maxEntries
    }

    /// Validates the options.
    /// - Throws: `WordMiningError.invalidOption`.
    public func validate() throws {
        guard minProba > 0, minProba < 1 else {
            throw WordMiningError.invalidOption(name: "min-proba", value: "\(minProba)", expected: "a probability in (0, 1)")
        }
        guard minPMI.isFinite else {
            throw WordMiningError.invalidOption(name: "min-pmi", value: "\(minPMI)", expected: "a finite number")
        }
        guard maxEntries >= 1000 else {
            throw WordMiningError.invalidOption(name: "max-entries", value: "\(maxEntries)", expected: "at least 1000")
        }
    }

    /// Runs discovery over `corpus` (two streaming passes) and returns words sorted by count
    /// (descending; ties by first occurrence).
    /// - Parameter progress: called now and then with the phase name, the corpus lines done and,
    ///   in the second pass, the total number of lines (0 while unknown).
    /// - Throws: reader errors, `WordMiningError.emptyCorpus`, `.outOfMemory`, `.invalidOption`.
    public func discover(_ corpus: CorpusReader, progress: ((String, Int, Int) -> Void)? = nil) throws -> (words: [WordCount], stats: DiscoveryStats) {
        try validate()
        var stats = DiscoveryStats()
        // MARK: pass 1: characters and pairs
        progress?("counting", 0, 0)
        var chars = [Int64](repeating: 0, count: 65536)  // kept characters are in the BMP
        let pairs = try PairTable("pair table")
        var floor: Int64 = 2
        var prunedPairs: Int64 = 0
        var totalChars: Int64 = 0
        stats.corpus = try chars.withUnsafeMutableBufferPointer { cc in
            try corpus.forEachLine { line, n in
                let r = ck_pair_count(line.baseAddress, line.count, cc.baseAddress, pairs.raw)
                guard r >= 0 else { throw WordMiningError.outOfMemory(what: pairs.name) }
                totalChars += r
                if pairs.count > maxEntries {
                    stats.peakTableBytes = max(stats.peakTableBytes, pairs.heapBytes)
                    while pairs.count > maxEntries / 2 {
                        prunedPairs += try pairs.prune(minCount: floor)
                        floor *= 2
                        stats.prunes += 1
                    }
                }
                if n % 20000 == 0 { progress?("counting", n, 0) }
            }
        }
        stats.peakTableBytes = max(stats.peakTableBytes, pairs.heapBytes)
        var totalPairs: Int64 = prunedPairs
        pairs.forEach { _, c in totalPairs += c }
        stats.totalChars = totalChars
        stats.totalPairs = totalPairs
        guard totalChars > 0 else { throw WordMiningError.emptyCorpus(file: corpus.path) }

        // MARK: strong pairs
        let logMin = zlog(minProba)
        let logTotalChars = zlog(Double(totalChars)), logTotalPairs = zlog(Double(totalPairs))
        let strong = try PairTable("strong pair set")
        try pairs.forEach { key, c in
            let lp = zlog(Double(c)) - logTotalPairs
            guard lp > logMin else { return }
            let pa = zlog(Double(chars[Int(key >> 16)])) - logTotalChars
            let pb = zlog(Double(chars[Int(key & 0xFFFF)])) - logTotalChars
            if lp - pa - pb > minPMI { try strong.add(key, 1) }
        }
        stats.strongPairs = strong.count

        // MARK: pass 2: fragments
        progress?("cutting", 0, stats.corpus.lines)
        let frags = try StringTable("fragment table")
        floor = 2
        var fragMass: Int64 = 0
        _ = try corpus.forEachLine { line, n in
            let r = ck_pair_cut(line.baseAddress, line.count, strong.raw, frags.raw)
            guard r >= 0 else { throw WordMiningError.outOfMemory(what: frags.name) }
            stats.fragments += r
            if frags.count > maxEntries {
                stats.peakTableBytes = max(stats.peakTableBytes, frags.heapBytes + pairs.heapBytes)
                while frags.count > maxEntries / 2 {
                    _ = try frags.prune(minCount: floor, minChars: 1, massCapacity: 0)
                    floor *= 2
                    stats.prunes += 1
                }
            }
            if n % 20000 == 0 { progress?("cutting", n, stats.corpus.lines) }
        }
        stats.peakTableBytes = max(stats.peakTableBytes, frags.heapBytes + pairs.heapBytes)
        fragMass = stats.fragments

        // MARK: frequency filter
        let logTotalWords = zlog(Double(fragMass))
        let vocab = try StringTable("vocabulary")
        for i in 0..<frags.count {
            let c = frags.count(at: i)
            if zlog(Double(c)) - logTotalWords > logMin {
                let k = frags.keyBytes(i)
                try vocab.add(k.baseAddress!, k.count, c)
            }
        }
        stats.candidates = vocab.count
        progress?("removing redundancy", stats.corpus.lines, stats.corpus.lines)
        var remover = RedundancyRemover(vocab: vocab)
        stats.removedRedundant = try remover.run()

        var out: [(Int, WordCount)] = []
        out.reserveCapacity(vocab.count)
        for i in 0..<vocab.count where vocab.count(at: i) > 0 {
            out.append((i, WordCount(vocab.key(i), Int(vocab.count(at: i)))))
        }
        out.sort { $0.1.count != $1.1.count ? $0.1.count > $1.1.count : $0.0 < $1.0 }
        return (out.map { $0.1 }, stats)
    }
}
