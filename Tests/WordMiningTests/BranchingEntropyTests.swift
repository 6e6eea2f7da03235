import Foundation
import Testing
@testable import WordMining

@Suite struct BranchingEntropyTests {
    @Test func entropyOfNeighbourCountsWorkedByHand() {
        // {1, 1}: ln 2. {2, 2}: ln 4 − (2 ln 2 + 2 ln 2)/4 = ln 2. {3, 1}: ln 4 − 3 ln 3 / 4 = 0.5623.
        #expect(abs(BranchingEntropyFinder.entropy(sum: 2, sumClogC: 0) - log(2.0)) < 1e-12)
        #expect(abs(BranchingEntropyFinder.entropy(sum: 4, sumClogC: 4 * log(2.0)) - log(2.0)) < 1e-12)
        #expect(abs(BranchingEntropyFinder.entropy(sum: 4, sumClogC: 3 * log(3.0)) - 0.5623351446) < 1e-9)
        #expect(BranchingEntropyFinder.entropy(sum: 0, sumClogC: 0) == 0)
    }

    // Segments xab, yab, abz, abw: "ab" occurs 4 times, left neighbours {x, y} (the other two
    // occurrences start a segment), right neighbours {z, w}: H_left = H_right = ln 2 = 0.693.
    // Cohesion: ln 4 − ln 4 − ln 4 + ln 12 = ln 3 = 1.0986.
    func run(minPMI: Double, minEntropy: Double) throws -> [WordCount] {
        let path = tempText("xab\nyab，abz\nabw\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try BranchingEntropyFinder(maxN: 4, minCount: 2, minPMI: minPMI, minEntropy: minEntropy).discover(CorpusReader(path: path))
    }

    @Test func leftRightBranchingEntropyCriterion() throws {
        #expect(try run(minPMI: 1.0, minEntropy: 0.69) == [WordCount("ab", 4)])
        #expect(try run(minPMI: 1.0, minEntropy: 0.70).isEmpty)  // ln 2 is not > 0.70
        #expect(try run(minPMI: 1.10, minEntropy: 0.69).isEmpty)  // ln 3 is not > 1.10
    }

    @Test func entropyFinderRejectsBadOptionsAndEmptyCorpus() throws {
        let path = tempText("，，\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: WordMiningError.emptyCorpus(file: path)) { try BranchingEntropyFinder().discover(CorpusReader(path: path)) }
        #expect(throws: WordMiningError.self) { try BranchingEntropyFinder(maxN: 1).discover(CorpusReader(path: path)) }
    }
}
