import Foundation
import Testing
@testable import WordMining

/// `path` compressed with gzip, next to it.
func gzipped(_ path: String) -> String {
    let gz = path + ".gz"
    precondition(system("gzip -c '\(path)' > '\(gz)'") == 0, "gzip \(path)")
    return gz
}

/// Sharded new-word discovery (issue 12): N ranks, here threads joined by `LocalExchangeGroup`,
/// must find exactly the one-process word list; the MPI transport is tested end to end in
/// NumSwiftMPITests.
@Suite struct DistributedDiscoveryTests {
    /// Lines of every shard, in shard order.
    func shardLines(_ path: String, parts: Int, chunk: Int = 1 << 20) throws -> [[String]] {
        try (0..<parts).map { p in
            var lines: [String] = []
            try CorpusReader(path: path, chunkSize: chunk).shard(p, of: parts).forEachLine { b, _ in
                lines.append(String(decoding: UnsafeRawBufferPointer(b), as: UTF8.self))
            }
            return lines
        }
    }

    func allLines(_ path: String) throws -> [String] {
        var lines: [String] = []
        try CorpusReader(path: path).forEachLine { b, _ in lines.append(String(decoding: UnsafeRawBufferPointer(b), as: UTF8.self)) }
        return lines
    }

    @Test(arguments: ["a\nbb\n\nccc\r\ndddd\ne", "x\n", "", "\n\n\n", "一二三\n四五\n六七八九\n十"])
    func shardsReadEveryLineExactlyOnceInOrder(text: String) throws {
        let plain = tempText(text)
        let gz = gzipped(plain)
        defer { for p in [plain, gz] { try? FileManager.default.removeItem(atPath: p) } }
        for path in [plain, gz] {
            let whole = try allLines(path)
            for parts in 1...6 {
                for chunk in [16, 1 << 20] {
                    let shards = try shardLines(path, parts: parts, chunk: chunk)
                    #expect(shards.flatMap { $0 } == whole, "\(parts) parts of \(text.debugDescription) (\(path), chunk \(chunk))")
                }
            }
        }
    }

    @Test func shardsOfARealCorpusSplitAtLineStartsWithBalancedBytes() throws {
        let path = try fixture("reviews_head3000.txt.gz")
        let whole = try allLines(path)
        let size = try CorpusReader(path: path).uncompressedSizeEstimate()
        let total = whole.reduce(0) { $0 + $1.utf8.count + 1 }
        #expect(size == total)  // the gzip trailer's size
        for parts in [2, 3, 7] {
            var bytes: [Int] = []
            var lines: [String] = []
            for p in 0..<parts {
                let s = try CorpusReader(path: path).shard(p, of: parts)
                var got: [String] = []
                let st = try s.forEachLine { b, _ in got.append(String(decoding: UnsafeRawBufferPointer(b), as: UTF8.self)) }
                bytes.append(st.bytes)
                lines += got
            }
            #expect(lines == whole)
            #expect(bytes.reduce(0, +) == total)
            #expect(bytes.allSatisfy { abs($0 - total / parts) < 2000 }, "\(bytes)")
        }
    }

    /// The one-process run and the `ranks`-rank run of the same finder on `path`.
    func compare(_ path: String, ranks: Int, finder: WordFinder = WordFinder()) throws {
        let (words, stats) = try finder.discover(CorpusReader(path: path))
        let runs = try LocalExchangeGroup.run(ranks: ranks) { g in try finder.discover(CorpusReader(path: path), across: g) }
        let (dw, ds) = runs[0]
        #expect(stats.prunes == 0 && ds.prunes == 0)
        #expect(dw.count == words.count)
        #expect(dw == words, "first difference at \(zip(dw, words).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(dw.count, words.count))")
        for (_, s) in runs {
            #expect(s.corpus == stats.corpus)
            #expect(s.totalChars == stats.totalChars && s.totalPairs == stats.totalPairs)
            #expect(s.strongPairs == stats.strongPairs && s.fragments == stats.fragments)
        }
        #expect(ds.candidates == stats.candidates && ds.removedRedundant == stats.removedRedundant)
        #expect(runs.dropFirst().allSatisfy { $0.words.isEmpty })
    }

    @Test(arguments: [1, 2, 3])
    func distributedDiscoveryGivesTheOneProcessListOnReviews(ranks: Int) throws {
        try compare(try fixture("reviews_head3000.txt.gz"), ranks: ranks)
    }

    @Test(arguments: [1, 2, 3])
    func distributedDiscoveryGivesTheOneProcessListOnPeoplesDaily(ranks: Int) throws {
        try compare(try fixture("pd199801_head1500.txt.gz"), ranks: ranks)
    }

    @Test func distributedDiscoveryStreamsAndGivesTheSameListOnPlainText() throws {
        // Plain text (shards seek instead of decompressing), 4 ranks, and the second pass read
        // again from the file instead of the buffer.
        let path = tempText("")
        #expect(system("gzip -dc '\(try fixture("reviews_head3000.txt.gz"))' > '\(path)'") == 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try compare(path, ranks: 4, finder: WordFinder(minProba: 1e-5, minPMI: 1, maxBufferBytes: 0))
    }

    @Test func shardsSmallerThanALineAndEmptyShardsStillWork() throws {
        // Two long lines and five ranks: three ranks get no line at all.
        try compare(tempText("电网电压很高电网电压电网电压\n电网电压不高电压电网很高\n"), ranks: 5, finder: WordFinder(minProba: 1e-9))
    }

    @Test func invalidLinesAreNumberedInTheWholeFile() throws {
        var bytes: [UInt8] = []
        for i in 0..<40 { bytes += Array("第\(i)行电网电压\n".utf8) }
        bytes.insert(0xFF, at: bytes.count - 21 + 3)  // line 40, after its first character
        bytes += Array("最后一行\n".utf8)
        let path = tempFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // reject: the rank holding line 40 throws with the file's line number
        #expect(throws: WordMiningError.invalidUTF8(file: path, line: 40, byteOffset: 3)) {
            _ = try WordFinder().discover(CorpusReader(path: path))
        }
        let errors = try LocalExchangeGroup.run(ranks: 3) { g -> WordMiningError? in
            // Only the last rank reads line 40; the others would wait for it in the next
            // collective, so here they stop after reading (a transport must end the job).
            let shard = try CorpusReader(path: path).shard(g.rank, of: g.size)
            do {
                _ = try shard.withGlobalLineNumbers { try shard.forEachLine { _, _ in } }
                return nil
            } catch let e as WordMiningError { return e }
        }
        #expect(errors == [nil, nil, .invalidUTF8(file: path, line: 40, byteOffset: 3)])
        // skip: the skipped line numbers are global and the lists equal
        let finder = WordFinder(minProba: 1e-9)
        let one = try finder.discover(CorpusReader(path: path, policy: .skip))
        #expect(one.stats.corpus.skippedLines == [40])
        let runs = try LocalExchangeGroup.run(ranks: 3) { g in try finder.discover(CorpusReader(path: path, policy: .skip), across: g) }
        #expect(runs[0].stats.corpus == one.stats.corpus && runs[0].words == one.words)
    }

    @Test func anEmptyCorpusThrowsOnEveryRank() throws {
        let path = tempText("，。！\n  \n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let results = try LocalExchangeGroup.run(ranks: 2) { g -> WordMiningError? in
            do {
                _ = try WordFinder().discover(CorpusReader(path: path), across: g)
                return nil
            } catch let e as WordMiningError { return e }
        }
        #expect(results == [.emptyCorpus(file: path), .emptyCorpus(file: path)])
    }
}
