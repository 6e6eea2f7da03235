import Foundation
import Testing
@testable import WordMining

@Suite struct UnigramTokenizerTests {
    static let words = [
        WordCount("结婚", 10), WordCount("的", 50), WordCount("和", 30), WordCount("尚未", 5),
        WordCount("和尚", 5), WordCount("未", 2), WordCount("结", 1), WordCount("婚", 1),
    ]

    // Hand check, N = 104: 和|尚未 scores ln30 + ln5 − 2 ln N, 和尚|未 scores ln5 + ln2 − 2 ln N;
    // 结婚 (ln 10 − ln N) beats 结|婚 (−2 ln N).
    @Test func unigramTokenizerMaximisesSumOfLogProbabilities() throws {
        let t = try UnigramTokenizer(words: Self.words)
        #expect(t.total == 104)
        #expect(t.tokenize("结婚的和尚未结婚的") == ["结婚", "的", "和", "尚未", "结婚", "的"])
    }

    @Test func uncoveredCharacterCostsMinus100AndIsEmittedAlone() throws {
        let t = try UnigramTokenizer(words: Self.words)
        #expect(t.tokenize("结婚X的") == ["结婚", "X", "的"])
        // Two uncovered characters never merge: each costs −100.
        #expect(t.tokenize("QZ") == ["Q", "Z"])
    }

    @Test func separatorsCutTheTextAndAreKeptAsTokens() throws {
        let t = try UnigramTokenizer(words: Self.words)
        #expect(t.tokenize("结婚，的！！和") == ["结婚", "，", "的", "！", "！", "和"])
        #expect(t.tokenize("") == [])
    }

    @Test func combineAa123GluesLettersAndDigits() throws {
        let t = try UnigramTokenizer(words: [WordCount("ab", 3), WordCount("12", 2), WordCount("的", 5)])
        #expect(t.tokenize("ab12的", combineAa123: true) == ["ab12", "的"])
        #expect(t.tokenize("ab12的", combineAa123: false) == ["ab", "12", "的"])
    }

    @Test func vocabularyFileBadInputThrowsWithLineNumber() throws {
        let huge = tempText("电网 3\n电压 99999999999999999999999\n")
        defer { try? FileManager.default.removeItem(atPath: huge) }
        #expect(throws: WordMiningError.self) { try UnigramTokenizer(contentsOf: huge) }
        do { _ = try UnigramTokenizer(contentsOf: huge) } catch let e as WordMiningError {
            guard case let .malformedLine(_, line, _, _) = e else { Issue.record("wrong case \(e)"); return }
            #expect(line == 2)
        }
        let noCount = tempText("电网\n")
        defer { try? FileManager.default.removeItem(atPath: noCount) }
        #expect(throws: WordMiningError.self) { try UnigramTokenizer(contentsOf: noCount) }
        let negative = tempText("电网 -3\n")
        defer { try? FileManager.default.removeItem(atPath: negative) }
        #expect(throws: WordMiningError.self) { try UnigramTokenizer(contentsOf: negative) }
        #expect(throws: WordMiningError.self) { try UnigramTokenizer(contentsOf: "/nonexistent/vocab.txt") }
    }

    @Test func roundTripWithDiscoveredVocabulary() throws {
        let path = tempText("电网电压\n电网电压\n电网\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (words, _) = try WordFinder(minProba: 1e-9, minPMI: 0.1).discover(CorpusReader(path: path))
        let t = try UnigramTokenizer(words: words)
        #expect(t.tokenize("电网电压").joined() == "电网电压")
    }
}
