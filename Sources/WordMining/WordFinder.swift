import CKernels.Words
import NumSwiftSupport
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
    /// The largest count read from a file (2^53 − 1): exact as a Double, and far from Int64
    /// overflow when counts are summed.
    public static let maxCount = (1 << 53) - 1
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
    /// Wall-clock seconds of each phase, in order (for profiling reports).
    public var phaseSeconds: [(phase: String, seconds: Double)] = []
}

/// Unsupervised new-word discovery, equivalent to nlp-zero 0.1.6's `Word_Finder` (train + find).
///
/// 1. Segments: maximal runs of CJK (U+4E00–U+9FA5), ASCII digits and letters, and accented
///    Latin letters (U+00C0–U+024F, so "café" is one word; nlp-zero drops them).
/// 2. Counts characters and adjacent pairs; `log p(c) = log n(c) − log Σn(chars)`,
///    `log p(ab) = log n(ab) − log Σn(pairs)` (natural logs).
/// 3. A pair is strong iff `log p(ab) > log(minProba)` and `PMI = log p(ab) − log p(a) − log p(b) > minPMI`.
/// 4. Second pass: cut every segment between non-strong pairs; count the fragments.
/// 5. Keep fragments with `log(n/N) > log(minProba)`; remove redundant words longest-first
///    (`log p(w) − Σ log p(sub) < len(w) − 1` ⇒ delete w, add its count to its sub-words).
///
/// Memory is bounded by `maxEntries`: when a counting table grows past it, entries under a count
/// floor are dropped, as word2vec's ReduceVocab does (see `PruningFloor`: the floor rises only while a
/// prune at it is not enough, and always reaches the limit); the dropped mass still enters the totals. `stats.prunes == 0` means the counts are exact.
///
/// References: kexue.fm/archives/6540 §1.1; bojone/nlp-zero `Word_Finder`.
public struct WordFinder: Sendable {
    /// Minimum probability of a pair and of a word (nlp-zero default 1e-7; the article uses 1e-6).
    public var minProba: Double
    /// Minimum PMI of a strong pair, strict (nlp-zero default 1; the article uses 0.5).
    public var minPMI: Double
    /// Maximum entries of a counting table before pruning.
    public var maxEntries: Int
    /// Largest in-memory copy of the corpus's kept characters (2 bytes each) kept for the second
    /// pass; a larger corpus is read (and decompressed) a second time instead. 0 always re-reads.
    public var maxBufferBytes: Int

    /// Creates a finder with nlp-zero's thresholds (min_proba, min_pmi) and memory bounds.
    public init(minProba: Double = 1e-6, minPMI: Double = 0.5, maxEntries: Int = 20_000_000, maxBufferBytes: Int = 256 << 20) {
        self.minProba = minProba
        self.minPMI = minPMI
        self.maxEntries = maxEntries
        self.maxBufferBytes = maxBufferBytes
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
        guard maxBufferBytes >= 0 else {
            throw WordMiningError.invalidOption(name: "max-buffer-bytes", value: "\(maxBufferBytes)", expected: "a non-negative byte count")
        }
    }

    /// Runs discovery over `corpus` and returns words sorted by count (descending; ties by first
    /// occurrence). The file is read once when its kept characters fit in `maxBufferBytes`, else
    /// twice (streaming).
    /// - Parameters:
    ///   - corpus: the raw text (plain or gzip), one document per line.
    ///   - progress: called now and then with the phase name, the corpus lines done and, in the
    ///     second pass, the total number of lines (0 while unknown).
    /// - Throws: reader errors, `WordMiningError.emptyCorpus`, `.outOfMemory`, `.invalidOption`.
    public func discover(_ corpus: CorpusReader, progress: ((String, Int, Int) -> Void)? = nil) throws -> (words: [WordCount], stats: DiscoveryStats) {
        try validate()
        var run = try DiscoveryRun(finder: self, corpus: corpus, progress: progress)
        let strong = try PairSet("strong pair set")
        do {  // the pair table is freed before the second pass
            let counts = try run.countPairs()
            run.stats.totalChars = counts.totalChars
            run.stats.totalPairs = counts.prunedPairs + counts.pairs.total
            guard counts.totalChars > 0 else { throw WordMiningError.emptyCorpus(file: corpus.path) }
            run.lap("read + count pairs")
            try counts.chars.withUnsafeBufferPointer {
                try strongPairs(counts.pairs, chars: $0, totalChars: counts.totalChars, totalPairs: run.stats.totalPairs, into: strong)
            }
        }
        run.stats.strongPairs = strong.count
        run.lap("strong pairs")
        let frags = try run.cutFragments(strong: strong, lines: run.stats.corpus.lines)
        let words = try run.wordList(frags, totalFragments: run.stats.fragments)
        return (words, run.stats)
    }

    /// Adds the pairs of `pairs` that pass the probability and PMI thresholds to `strong`.
    func strongPairs(_ pairs: PairTable, chars: UnsafeBufferPointer<Int64>, totalChars: Int64, totalPairs: Int64, into strong: PairSet) throws {
        let added = ck_strong_pairs(pairs.raw, chars.baseAddress, totalChars, totalPairs, zlog(minProba), minPMI, strong.raw)
        guard added >= 0 else { throw WordMiningError.outOfMemory(what: strong.name) }
    }
}

/// Growable buffer of UTF-16 code units (the corpus's kept characters, 0 after each segment),
/// filled through `base + count`; large blocks come from `ck_table_alloc` (huge pages).
final class CodeUnitBuffer {
    private(set) var base: UnsafeMutablePointer<UInt16>?
    private(set) var capacity = 0
    /// Units in use.
    var count = 0

    deinit { ck_table_free(base, capacity * 2) }

    /// Makes room for `extra` more units after `count`.
    func reserve(_ extra: Int) throws {
        guard count + extra > capacity else { return }
        var c = max(capacity, 1 << 16)
        while c < count + extra { c *= 2 }
        guard let p = ck_table_alloc(c * 2) else { throw WordMiningError.outOfMemory(what: "corpus buffer") }
        let q = p.assumingMemoryBound(to: UInt16.self)
        if let base, count > 0 { q.update(from: base, count: count) }
        ck_table_free(base, capacity * 2)
        base = q
        capacity = c
    }

    /// Frees the memory; the buffer is empty afterwards.
    func release() {
        ck_table_free(base, capacity * 2)
        base = nil
        capacity = 0
        count = 0
    }
}
