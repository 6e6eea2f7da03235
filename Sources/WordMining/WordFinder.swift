import CKernels.Words
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

/// Monotonic clock in seconds.
@inline(__always) func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
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
/// floor (doubled while a prune at it is not enough) are dropped, as word2vec's ReduceVocab does; the dropped mass still
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
    /// - Parameter progress: called now and then with the phase name, the corpus lines done and,
    ///   in the second pass, the total number of lines (0 while unknown).
    /// - Throws: reader errors, `WordMiningError.emptyCorpus`, `.outOfMemory`, `.invalidOption`.
    public func discover(_ corpus: CorpusReader, progress: ((String, Int, Int) -> Void)? = nil) throws -> (words: [WordCount], stats: DiscoveryStats) {
        try validate()
        var stats = DiscoveryStats()
        var lapStart = monotonicSeconds()
        func lap(_ name: String) {
            let now = monotonicSeconds()
            stats.phaseSeconds.append((name, now - lapStart))
            lapStart = now
        }
        let units = CodeUnitBuffer()
        let maxUnits = maxBufferBytes / 2
        // Room for the whole corpus at once (gzip text is rarely over 4x smaller); untouched pages
        // of a large block cost nothing.
        var st = stat()
        if maxUnits > 0, stat(corpus.path, &st) == 0 {
            try units.reserve(min(maxUnits + 1, Int(st.st_size) * (corpus.path.hasSuffix(".gz") ? 4 : 1) + 1024))
        }

        // MARK: pass 1: code units, characters and pairs
        progress?("counting", 0, 0)
        var chars = [Int64](repeating: 0, count: 65536)  // kept characters are in the BMP
        var floor: Int64 = 2
        var totalChars: Int64 = 0, totalPairs: Int64 = 0
        var strongPairs: PairSet
        do {
            let pairs = try PairTable("pair table", expected: 1 << 18)
            var prunedPairs: Int64 = 0
            var keep = maxUnits > 0
            stats.corpus = try chars.withUnsafeMutableBufferPointer { cc in
                try corpus.forEachUncheckedLine { line, n, cstats in
                    try units.reserve(line.count + 1)
                    let at = units.base! + units.count
                    var bad: Int64 = 0
                    let w = ck_cp_encode(line.baseAddress, line.count, at, &bad)
                    guard w >= 0 else { return try corpus.reportInvalid(line: n, byteOffset: Int(bad), stats: &cstats) }
                    let r = ck_cp_count_pairs(at, Int(w), cc.baseAddress, pairs.raw)
                    guard r >= 0 else { throw WordMiningError.outOfMemory(what: pairs.name) }
                    totalChars += r
                    if keep {
                        units.count += Int(w)
                        if units.count > maxUnits { keep = false; units.release() }
                    }
                    if pairs.count > maxEntries {
                        stats.peakTableBytes = max(stats.peakTableBytes, pairs.heapBytes)
                        // The floor rises only while a prune at it is not enough (a floor doubled at
                        // every prune overflowed Int64 after 63 prunes with a small --max-entries).
                        while pairs.count > maxEntries / 2 {
                            prunedPairs += try pairs.prune(minCount: floor)
                            if pairs.count > maxEntries / 2 { floor = doubled(floor) }
                            stats.prunes += 1
                        }
                    }
                    if n % 20000 == 0 { progress?("counting", n, 0) }
                }
            }
            if !keep { units.release() }
            stats.peakTableBytes = max(stats.peakTableBytes, pairs.heapBytes)
            totalPairs = prunedPairs + pairs.total
            stats.totalChars = totalChars
            stats.totalPairs = totalPairs
            guard totalChars > 0 else { throw WordMiningError.emptyCorpus(file: corpus.path) }
            lap("read + count pairs")

            // MARK: strong pairs
            strongPairs = try PairSet("strong pair set")
            let added = chars.withUnsafeBufferPointer {
                ck_strong_pairs(pairs.raw, $0.baseAddress, totalChars, totalPairs, zlog(minProba), minPMI, strongPairs.raw)
            }
            guard added >= 0 else { throw WordMiningError.outOfMemory(what: strongPairs.name) }
        }
        let strong = strongPairs
        stats.strongPairs = strong.count
        lap("strong pairs")

        // MARK: pass 2: fragments
        progress?("cutting", 0, stats.corpus.lines)
        var list: OpaquePointer?
        do {
            let frags = try CodeUnitTable("fragment table", expected: min(maxEntries, 3 * strong.count + 4096))
            floor = 2
            func cut(_ p: UnsafeMutablePointer<UInt16>, _ n: Int) throws {
                let r = ck_cp_cut(p, n, strong.raw, frags.raw)
                guard r >= 0 else { throw WordMiningError.outOfMemory(what: frags.name) }
                stats.fragments += r
                if frags.count > maxEntries {
                    stats.peakTableBytes = max(stats.peakTableBytes, frags.heapBytes)
                    while frags.count > maxEntries / 2 {
                        try frags.prune(minCount: floor)
                        if frags.count > maxEntries / 2 { floor = doubled(floor) }
                        stats.prunes += 1
                    }
                }
            }
            if units.count > 0, let base = units.base {
                // The corpus is in memory: cut it in blocks that end at a segment boundary.
                var pos = 0
                while pos < units.count {
                    var end = min(pos + (1 << 18), units.count)
                    while end < units.count && base[end - 1] != 0 { end += 1 }
                    try cut(base + pos, end - pos)
                    pos = end
                    progress?("cutting", Int(Double(stats.corpus.lines) * Double(pos) / Double(units.count)), stats.corpus.lines)
                }
                units.release()
            } else {
                _ = try corpus.forEachUncheckedLine { line, n, cstats in
                    try units.reserve(line.count + 1)
                    var bad: Int64 = 0
                    let w = ck_cp_encode(line.baseAddress, line.count, units.base!, &bad)
                    guard w >= 0 else { return try corpus.reportInvalid(line: n, byteOffset: Int(bad), stats: &cstats) }
                    try cut(units.base!, Int(w))
                    if n % 20000 == 0 { progress?("cutting", n, stats.corpus.lines) }
                }
                units.release()
            }
            stats.peakTableBytes = max(stats.peakTableBytes, frags.heapBytes)
            lap("cut fragments (\(frags.count) distinct)")

            // MARK: frequency filter and redundancy removal
            progress?("removing redundancy", stats.corpus.lines, stats.corpus.lines)
            var candidates: Int64 = 0
            let removed = ck_discover_words(frags.raw, zlog(Double(stats.fragments)), zlog(minProba), -100, &list, &candidates)
            guard removed >= 0, list != nil else { throw WordMiningError.outOfMemory(what: "redundancy removal") }
            stats.candidates = Int(candidates)
            stats.removedRedundant = Int(removed)
        }
        defer { ck_wordlist_free(list) }
        lap("filter + redundancy removal")

        let n = ck_wordlist_size(list)
        var result: [WordCount] = []
        result.reserveCapacity(n)
        for i in 0..<n {
            var len = 0
            let p = ck_wordlist_word(list, i, &len)
            result.append(WordCount(String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self), Int(ck_wordlist_count(list, i))))
        }
        lap("strings")
        return (result, stats)
    }
}

/// `x * 2`, saturating at Int64.max.
func doubled(_ x: Int64) -> Int64 { x > Int64.max / 2 ? Int64.max : x * 2 }

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
