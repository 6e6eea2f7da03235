import CKernels
import NumSwiftSupport
#if canImport(Glibc)
    import Glibc
#endif

/// Pass-1 result: character counts (indexed by BMP code unit), the pair table and the totals.
final class PairCounts {
    var chars = [Int64](repeating: 0, count: 65536)  // kept characters are in the BMP
    let pairs: PairTable
    var totalChars: Int64 = 0
    /// Pair mass dropped by prunes (still part of the pair total).
    var prunedPairs: Int64 = 0

    init() throws { pairs = try PairTable("pair table", expected: 1 << 18) }
}

/// The phases of one `WordFinder` run over one corpus (or one rank's shard of it), with the state
/// they share: the buffer of kept code units, the counters and the phase clock. `WordFinder.discover`
/// runs them in a row; a distributed driver runs them on every rank and merges the tables between.
struct DiscoveryRun {
    let finder: WordFinder
    let corpus: CorpusReader
    let progress: ((String, Int, Int) -> Void)?
    var stats = DiscoveryStats()
    var lapStart = monotonicSeconds()
    let units = CodeUnitBuffer()
    let maxUnits: Int

    init(finder: WordFinder, corpus: CorpusReader, progress: ((String, Int, Int) -> Void)?) throws {
        self.finder = finder
        self.corpus = corpus
        self.progress = progress
        maxUnits = finder.maxBufferBytes / 2
        // Room for the whole corpus at once (gzip text is rarely over 4x smaller); untouched pages
        // of a large block cost nothing.
        var st = stat()
        if maxUnits > 0, stat(corpus.path, &st) == 0 {
            let size = corpus.byteRange.map { min($0.count, Int(st.st_size) * 4) } ?? Int(st.st_size) * (corpus.path.hasSuffix(".gz") ? 4 : 1)
            try units.reserve(min(maxUnits + 1, size + 1024))
        }
    }

    /// Records the time since the last lap under `name`.
    mutating func lap(_ name: String) {
        let now = monotonicSeconds()
        stats.phaseSeconds.append((name, now - lapStart))
        lapStart = now
    }

    // MARK: - Pass 1: code units, characters and pairs

    /// Reads the corpus, keeps its code units in memory when they fit, and counts characters and
    /// adjacent pairs (pruning the pair table past `maxEntries`). Fills `stats.corpus`.
    mutating func countPairs() throws -> PairCounts {
        progress?("counting", 0, 0)
        let c = try PairCounts()
        let pairs = c.pairs
        let maxEntries = finder.maxEntries, maxUnits = maxUnits, units = units, corpus = corpus, progress = progress
        var floor = PruningFloor()
        var keep = maxUnits > 0
        var peak = 0, totalChars: Int64 = 0, prunedPairs: Int64 = 0
        stats.corpus = try c.chars.withUnsafeMutableBufferPointer { cc in
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
                    peak = max(peak, pairs.heapBytes)
                    prunedPairs += try floor.prune(pairs, to: maxEntries / 2)
                }
                if n % 20000 == 0 { progress?("counting", n, 0) }
            }
        }
        if !keep { units.release() }
        c.totalChars = totalChars
        c.prunedPairs = prunedPairs
        stats.prunes += floor.prunes
        stats.peakTableBytes = max(stats.peakTableBytes, peak, pairs.heapBytes)
        return c
    }

    // MARK: - Pass 2: fragments

    /// Cuts the corpus (from the buffer, or read again) between pairs not in `strong` and counts
    /// the fragments (pruning past `maxEntries`). `lines` is the corpus's line count, for progress.
    mutating func cutFragments(strong: PairSet, lines: Int) throws -> CodeUnitTable {
        progress?("cutting", 0, lines)
        let maxEntries = finder.maxEntries, units = units, progress = progress
        let frags = try CodeUnitTable("fragment table", expected: min(maxEntries, 3 * strong.count + 4096))
        var floor = PruningFloor()
        var fragments: Int64 = 0, peak = 0
        func cut(_ p: UnsafeMutablePointer<UInt16>, _ n: Int) throws {
            let r = ck_cp_cut(p, n, strong.raw, frags.raw)
            guard r >= 0 else { throw WordMiningError.outOfMemory(what: frags.name) }
            fragments += r
            if frags.count > maxEntries {
                peak = max(peak, frags.heapBytes)
                _ = try floor.prune(frags, to: maxEntries / 2)
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
                progress?("cutting", Int(Double(lines) * Double(pos) / Double(units.count)), lines)
            }
            units.release()
        } else {
            let corpus = corpus
            _ = try corpus.forEachUncheckedLine { line, n, cstats in
                try units.reserve(line.count + 1)
                var bad: Int64 = 0
                let w = ck_cp_encode(line.baseAddress, line.count, units.base!, &bad)
                guard w >= 0 else { return try corpus.reportInvalid(line: n, byteOffset: Int(bad), stats: &cstats) }
                try cut(units.base!, Int(w))
                if n % 20000 == 0 { progress?("cutting", n, lines) }
            }
            units.release()
        }
        stats.fragments += fragments
        stats.prunes += floor.prunes
        stats.peakTableBytes = max(stats.peakTableBytes, peak, frags.heapBytes)
        lap("cut fragments (\(frags.count) distinct)")
        return frags
    }

    // MARK: - Frequency filter, redundancy removal, result

    /// The last steps on a fragment table (in first-occurrence order) whose counts sum with the
    /// pruned ones to `totalFragments`: frequency filter, redundancy removal, words by count.
    /// `frags` is consumed (it becomes the unigram model).
    mutating func wordList(_ frags: CodeUnitTable, totalFragments: Int64) throws -> [WordCount] {
        let lines = stats.corpus.lines
        progress?("removing redundancy", lines, lines)
        var list: OpaquePointer?
        var candidates: Int64 = 0
        let removed = ck_discover_words(frags.raw, zlog(Double(totalFragments)), zlog(finder.minProba), -100, &list, &candidates)
        guard removed >= 0, list != nil else { throw WordMiningError.outOfMemory(what: "redundancy removal") }
        defer { ck_wordlist_free(list) }
        stats.candidates = Int(candidates)
        stats.removedRedundant = Int(removed)
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
        return result
    }
}
