import Foundation
import Testing
@testable import WordMining

@Suite struct Word2VecTests {
    /// 5 topics × 8 words; each sentence draws 12 words from one topic. Words of a topic co-occur,
    /// words of different topics never do.
    static func plantedCorpus(sentences: Int = 1500) -> String {
        var rng = SplitMix(seed: 42)
        var text = ""
        for _ in 0..<sentences {
            let t = Int(rng.next() % 5)
            let words = (0..<12).map { _ in "t\(t)w\(rng.next() % 8)" }
            text += words.joined(separator: " ") + "\n"
        }
        return text
    }

    static func topicOf(_ w: String) -> Character { w.dropFirst().first! }

    func train(_ sg: Bool, threads: Int = 1) throws -> WordVectors {
        let path = tempText(Self.plantedCorpus())
        defer { try? FileManager.default.removeItem(atPath: path) }
        var o = Word2VecOptions()
        o.skipGram = sg; o.dim = 24; o.window = 4; o.negative = 5; o.epochs = 5; o.minCount = 1
        o.sample = 0; o.seed = 7; o.threads = threads
        let (m, stats) = try WordVectors.train(CorpusReader(path: path), options: o)
        #expect(stats.corpusTokens == 1500 * 12 && stats.sentences == 1500)
        #expect(m.words.count == 40)
        return m
    }

    func expectTopicsRecovered(_ m: WordVectors) {
        var hits = 0, total = 0
        for w in m.words {
            for (n, _) in m.mostSimilar(w, topN: 5) {
                total += 1
                if Self.topicOf(n) == Self.topicOf(w) { hits += 1 }
            }
        }
        // 7 same-topic words exist for each word; all 5 nearest neighbours should be among them.
        #expect(Double(hits) / Double(total) > 0.95, "neighbour topic agreement \(hits)/\(total)")
    }

    @Test func skipGramRecoversPlantedCooccurrenceStructure() throws { expectTopicsRecovered(try train(true)) }
    @Test func cbowRecoversPlantedCooccurrenceStructure() throws { expectTopicsRecovered(try train(false)) }
    @Test func hogwildThreadsRecoverStructure() throws { expectTopicsRecovered(try train(true, threads: 2)) }

    @Test func singleThreadTrainingIsDeterministicForASeed() throws {
        let a = try train(true), b = try train(true)
        #expect(a.vectors == b.vectors)
    }

    @Test func mostSimilarExcludesTheWordAndSimilarByVectorDoesNot() throws {
        let m = WordVectors(words: ["a", "b", "c"], dim: 2, vectors: [1, 0, 0.9, 0.1, 0, 1])
        let ns = m.mostSimilar("a", topN: 2)
        #expect(ns.map(\.word) == ["b", "c"])
        let byVec = m.similarByVectors([[1, 0]], topN: 1)[0]
        #expect(byVec[0].word == "a" && abs(byVec[0].similarity - 1) < 1e-6)
        #expect(abs(m.similarity("a", "c")!) < 1e-6)
        #expect(m.mostSimilar("zzz").isEmpty)
    }

    @Test(arguments: [false, true]) func saveLoadRoundTripIsExact(binary: Bool) throws {
        let m = try train(true)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wm-\(UUID().uuidString).vec").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try m.save(to: path, binary: binary)
        let l = try WordVectors.load(from: path, binary: binary)
        #expect(l.words == m.words && l.dim == m.dim && l.vectors == m.vectors)
    }

    @Test func writesGensimTextFormat() throws {
        let m = WordVectors(words: ["电网", "x"], dim: 3, vectors: [0.5, -1.25, 3, 0, 1e-8, -2])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wm-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try m.save(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "2 3\n电网 0.5 -1.25 3.0\nx 0.0 1e-08 -2.0\n")
    }

    @Test func binaryFormatLayout() throws {
        let m = WordVectors(words: ["ab"], dim: 2, vectors: [1, -2])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wm-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try m.save(to: path, binary: true)
        let d = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(d) == Array("1 2\nab ".utf8) + [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0] + [10])
    }

    func expectMalformed(_ content: [UInt8], binary: Bool = false, line: Int? = nil) {
        let path = tempFile(content)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try WordVectors.load(from: path, binary: binary)
            Issue.record("expected an error for \(String(decoding: content.prefix(40), as: UTF8.self))")
        } catch let e as WordMiningError {
            if let line, case let .malformedLine(_, l, _, _) = e { #expect(l == line) }
        } catch { Issue.record("unexpected error \(error)") }
    }

    @Test func badVectorFilesThrowNamingTheLine() {
        expectMalformed(Array("2 3\na 1 2 3\nb 1 2\n".utf8), line: 3)  // too few values
        expectMalformed(Array("2 3\na 1 2 3\n".utf8))  // truncated: one vector missing
        expectMalformed(Array("1 3\na 1 x 3\n".utf8), line: 2)  // not a number
        expectMalformed(Array("1 2\na nan 3\n".utf8), line: 2)  // not finite
        expectMalformed(Array("99999999999 100\n".utf8), line: 1)  // huge header
        expectMalformed(Array("1 1e9\n".utf8), line: 1)  // wrong header type
        expectMalformed([], line: 1)  // empty
        expectMalformed(Array("2 2\nab ".utf8) + [0, 0, 0x80, 0x3F], binary: true)  // binary cut inside a vector
        expectMalformed(Array("1 2\nab ".utf8) + [0, 0, 0xC0, 0x7F, 0, 0, 0, 0] + [10], binary: true)  // NaN
        // A binary file read as text: the values are not text numbers.
        expectMalformed(Array("1 2\nab ".utf8) + [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0] + [10], binary: false)
    }

    @Test func invalidOptionsAndEmptyCorpusThrow() throws {
        var o = Word2VecOptions()
        o.dim = 0
        #expect(throws: WordMiningError.self) { try o.validate() }
        o = Word2VecOptions(); o.window = 0
        #expect(throws: WordMiningError.self) { try o.validate() }
        o = Word2VecOptions(); o.minAlpha = 1
        #expect(throws: WordMiningError.self) { try o.validate() }
        let path = tempText("a b\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: WordMiningError.emptyCorpus(file: path)) { try WordVectors.train(CorpusReader(path: path), options: Word2VecOptions()) }
    }
}
