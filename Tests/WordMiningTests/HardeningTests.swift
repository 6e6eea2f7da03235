import Foundation
import Testing

@testable import WordMining

/// Regression tests for issue 13: every bad input gives a typed error, one test per class of defect.
@Suite struct WordMiningHardeningTests {
    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func countsNearInt64MaxThrowInsteadOfOverflowing() throws {
        let vocab = tempText("我们 9223372036854775807\n是 9223372036854775807\n")
        defer { try? FileManager.default.removeItem(atPath: vocab) }
        let m = message { _ = try UnigramTokenizer(contentsOf: vocab) }
        #expect(m.contains(":1:") && m.contains("count"), "\(m)")
        let sum = message { _ = try UnigramTokenizer(words: [WordCount("a", WordCount.maxCount), WordCount("b", 1)]) }
        #expect(sum.contains("sum"), "\(sum)")
        let contrast = message {
            _ = try DomainContrast().rank(domain: [WordCount("ab", Int.max)], general: [WordCount("ab", 1)])
        }
        #expect(contrast.contains("domain count"), "\(contrast)")
    }

    @Test func smallMaxEntriesPrunesWithoutOverflow() throws {
        let corpus = try fixture("reviews_head3000.txt.gz")
        for n in [1000, 1500, 3000] {
            let (words, stats) = try WordFinder(maxEntries: n).discover(CorpusReader(path: corpus))
            #expect(stats.prunes > 0 && !words.isEmpty, "max-entries \(n)")
        }
        // More distinct characters than the limit: it ends (the n-grams get half of the limit), but
        // with the neighbours' counts pruned no n-gram passes the entropy test here (0 words).
        // The pruning is reported, so `words discover` warns that the counts are approximate.
        let entropy = try BranchingEntropyFinder(maxEntries: 1000).discoverCountingPrunes(CorpusReader(path: corpus))
        #expect(entropy.words.allSatisfy { $0.count > 0 })
        #expect(entropy.prunes > 0 && entropy.floor > 2, "prunes \(entropy.prunes), floor \(entropy.floor)")
        let exact = try BranchingEntropyFinder().discoverCountingPrunes(CorpusReader(path: corpus))
        #expect(exact.prunes == 0 && !exact.words.isEmpty)
    }

    @Test func nonFiniteOptionsAreRefused() {
        let corpus = "/dev/null"
        let e = message { _ = try BranchingEntropyFinder(minEntropy: .nan).discover(CorpusReader(path: corpus)) }
        #expect(e.contains("min-entropy"), "\(e)")
        let p = message { _ = try WordFinder(minProba: .nan).discover(CorpusReader(path: corpus)) }
        #expect(p.contains("min-proba"), "\(p)")
    }

    @Test func binaryVectorHeaderAloneDoesNotAllocateItsSize() throws {
        let path = tempText("100000 20000\n", suffix: ".bin")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let t0 = Date()
        let m = message { _ = try WordVectors.load(from: path, binary: true) }
        #expect(m.contains("vector 1"), "\(m)")
        #expect(Date().timeIntervalSince(t0) < 2)
    }

    @Test func endlessLinesStopAtTheLineLimit() throws {
        let t0 = Date()
        let m = message { _ = try CorpusReader(path: "/dev/zero", maxLineBytes: 4 << 20).forEachLine { _, _ in } }
        #expect(m.contains("/dev/zero:1:") && m.contains("without a newline"), "\(m)")
        #expect(Date().timeIntervalSince(t0) < 5)
        // A long line under the limit is read whole.
        let long = tempText(String(repeating: "好", count: 1_000_000) + "\n")
        defer { try? FileManager.default.removeItem(atPath: long) }
        var lengths: [Int] = []
        try CorpusReader(path: long, chunkSize: 4096, maxLineBytes: 4 << 20).forEachLine { line, _ in lengths.append(line.count) }
        #expect(lengths == [3_000_000])
    }

    @Test func accentedLatinLettersStayInWords() throws {
        let lines = Array(repeating: "café café le café est bon; crème brûlée et café", count: 60)
        let words = try discoverLines(lines)
        #expect(words["café"] != nil, "\(words)")
        #expect(words.keys.allSatisfy { !$0.contains("caf ") && $0 != "caf" && $0 != "cr" }, "\(words)")
    }

    @Test func directoriesAndByteOrderMarksAreNamed() throws {
        let d = message { _ = try CorpusReader(path: FileManager.default.temporaryDirectory.path).forEachLine { _, _ in } }
        #expect(d.contains("Is a directory") && !d.contains("corrupt"), "\(d)")
        let vocab = tempText("\u{FEFF}我们 3\n是 2\n")
        defer { try? FileManager.default.removeItem(atPath: vocab) }
        let b = message { _ = try UnigramTokenizer(contentsOf: vocab) }
        #expect(b.contains(":1:") && b.contains("byte-order mark"), "\(b)")
    }

    @Test func longBadLinesAreQuotedShort() {
        let e = WordMiningError.malformedLine(file: "v.txt", line: 7, text: String(repeating: "x", count: 100_000), expected: "a word")
        #expect(e.description.utf8.count < 300 && e.description.contains("100000 bytes in all"))
    }

    /// A table of fixed counts for the pruning policy (drops below a floor like the C tables).
    final class CountsTable: PrunableCountTable {
        var counts: [Int64]
        init(_ counts: [Int64]) { self.counts = counts }
        var count: Int { counts.count }
        func dropBelow(_ minCount: Int64) throws -> Int64 {
            let dropped = counts.filter { $0 < minCount }.reduce(0, &+)  // only the huge-count case wraps
            counts.removeAll { $0 < minCount }
            return dropped
        }
        func allCounts() -> [Int64] { counts }
    }

    @Test func pruningFloorAlwaysReachesItsTarget() throws {
        // Counts near Int64.max: doubling the floor from 2 would pass every count (dropping the
        // whole table) or overflow; the floor is chosen by selection instead and keeps the top ones.
        let huge = CountsTable((0..<1000).map { Int64.max - Int64($0) })
        var floor = PruningFloor()
        _ = try floor.prune(huge, to: 10)
        #expect(huge.count == 10 && huge.counts.min() == Int64.max - 9)
        // Many prunes of a growing table with a tiny limit: every prune ends at the target, the
        // floor never overflows, and the table is never emptied while counts reach the floor.
        var small = PruningFloor()
        let t = CountsTable([])
        var rng = SystemRandomNumberGenerator()
        for round in 1...200 {
            t.counts = t.counts.map { $0 &* 2 > 0 ? $0 * 2 : $0 } + (0..<300).map { _ in Int64.random(in: 1...Int64(round) << 20, using: &rng) }
            _ = try small.prune(t, to: 5)
            #expect(t.count <= 5 && t.count > 0)
        }
        #expect(small.prunes >= 200)
        for _ in 0..<50 {
            let counts = (0..<100).map { _ in Int64.random(in: 1...20, using: &rng) }
            let f = PruningFloor.selectionFloor(counts, keep: 7)
            #expect(counts.filter { $0 >= f }.count <= 7 && counts.filter { $0 >= f - 1 }.count > 7)
        }
        // Ties at the selection point are dropped together: fewer than the target may remain.
        #expect(PruningFloor.selectionFloor([5, 5, 5, 3], keep: 2) == 6)
        #expect(PruningFloor.selectionFloor([9, 5, 4, 3], keep: 2) == 5)
    }

    @Test func tinyMaxEntriesDiscoveryTerminatesAndKeepsFrequentWords() throws {
        let corpus = try fixture("reviews_head3000.txt.gz")
        let exact = try WordFinder().discover(CorpusReader(path: corpus)).words
        let t0 = Date()
        let (words, stats) = try WordFinder(maxEntries: 1000).discover(CorpusReader(path: corpus))
        #expect(Date().timeIntervalSince(t0) < 20)
        #expect(stats.prunes > 0 && words.count > 100)
        // The most frequent words survive the 1000-entry limit (measured: 9 of the top 10).
        let top = Set(exact.prefix(10).map(\.word))
        #expect(top.intersection(words.prefix(20).map(\.word)).count >= 7, "\(words.prefix(20))")
    }
}
