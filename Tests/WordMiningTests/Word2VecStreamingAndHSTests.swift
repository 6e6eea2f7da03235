import Foundation
import Testing
@testable import WordMining
import CKernels.Words

/// Streaming training for corpora beyond the memory budget, and hierarchical softmax.
@Suite struct Word2VecStreamingAndHSTests {
    func options(sg: Bool = true) -> Word2VecOptions {
        var o = Word2VecOptions()
        o.skipGram = sg; o.dim = 24; o.window = 4; o.negative = 5; o.epochs = 5; o.minCount = 1
        o.sample = 0; o.seed = 7; o.threads = 1
        return o
    }

    func train(_ o: Word2VecOptions, sentences: Int = 1500) throws -> (WordVectors, Word2VecStats) {
        let path = tempText(Word2VecTests.plantedCorpus(sentences: sentences))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try WordVectors.train(CorpusReader(path: path), options: o)
    }

    @Test func streamedCorpusTrainsExactlyLikeInMemory() throws {
        let (a, sa) = try train(options())
        var o = options()
        o.maxCorpusMemoryMB = 0
        let (b, sb) = try train(o)
        #expect(!sa.streamed && sb.streamed)
        #expect(sa.corpusTokens == sb.corpusTokens && sa.sentences == sb.sentences)
        // One block per epoch with the same chunks and seeds: the same numbers.
        #expect(a.words == b.words && a.vectors == b.vectors)
    }

    @Test func streamingInManySmallBlocksRecoversStructure() throws {
        var o = options()
        o.maxCorpusMemoryMB = 0
        o.streamBlockTokens = 500
        let (m, stats) = try train(o)
        #expect(stats.streamed && stats.epochsRun == 5)
        #expect(stats.trainedTokens == 5 * 1500 * 12)
        Word2VecTests().expectTopicsRecovered(m)
    }

    @Test(arguments: [true, false]) func hierarchicalSoftmaxRecoversPlantedStructure(sg: Bool) throws {
        var o = options(sg: sg)
        o.hierarchicalSoftmax = true
        o.negative = 0
        let (m, _) = try train(o)
        Word2VecTests().expectTopicsRecovered(m)
    }

    @Test func hierarchicalSoftmaxWithNegativeSamplingRecoversStructure() throws {
        var o = options()
        o.hierarchicalSoftmax = true
        let (m, _) = try train(o)
        Word2VecTests().expectTopicsRecovered(m)
    }

    @Test func noNegativesWithoutHierarchicalSoftmaxIsRejected() throws {
        var o = options()
        o.negative = 0
        #expect(throws: WordMiningError.self) { try o.validate() }
        o.hierarchicalSoftmax = true
        try o.validate()
        o.maxCorpusMemoryMB = -1
        #expect(throws: WordMiningError.self) { try o.validate() }
    }

    /// Optimal weighted path length by repeatedly merging the two lightest weights.
    func optimalCost(_ counts: [Int]) -> Int {
        var w = counts, cost = 0
        while w.count > 1 {
            w.sort(by: >)
            let a = w.removeLast(), b = w.removeLast()
            cost += a + b
            w.append(a + b)
        }
        return cost
    }

    @Test(arguments: [[1], [3, 1], [5, 4, 3, 2, 1], [40, 20, 10, 10, 5, 5, 5, 1, 1, 1], [7, 7, 7, 7]])
    func huffmanTreeIsPrefixFreeCompleteAndOptimal(counts: [Int]) {
        let t = HuffmanTree(counts: counts)
        let v = counts.count
        var paths: [[UInt8]] = []
        for w in 0..<v {
            let r = Int(t.codeStart[w])..<Int(t.codeStart[w + 1])
            paths.append(Array(t.codes[r]))
            for p in t.points[r] { #expect(p >= 0 && Int(p) < max(v - 1, 1)) }
            if v > 1 { #expect(t.points[r.lowerBound] == Int32(v - 2), "paths start at the root") }
        }
        // No code is a prefix of another, and Kraft's sum is exactly 1 (a full binary tree).
        for i in 0..<v { for j in 0..<v where i != j { #expect(!paths[j].starts(with: paths[i]) || v == 1) } }
        if v > 1 { #expect(paths.reduce(0.0) { $0 + pow(2.0, -Double($1.count)) } == 1.0) }
        let cost = zip(counts, paths).reduce(0) { $0 + $1.0 * $1.1.count }
        #expect(cost == optimalCost(counts))
        // More frequent words never get longer codes.
        for w in 1..<max(v, 1) { #expect(t.length(w - 1) <= t.length(w)) }
    }
}

/// The learning-rate schedule of the C training loop.
@Suite struct Word2VecLearningRateTests {
    /// A call that starts when the shared progress counter says training is over must use the
    /// final rate (here 0, so nothing may change), not the starting rate.
    @Test func laterChunksStartFromTheDecayedLearningRate() {
        let v = 4, d = 8
        var syn0 = (0..<(v * d)).map { Float($0 % 7) / 70 }
        let before = syn0
        var syn1neg = [Float](repeating: 0.1, count: v * d)
        var keep = [UInt32](repeating: .max, count: v)
        var cum: [UInt32] = [10, 20, 30, 40]
        var tokens: [Int32] = [0, 1, 2, 3, 0, 1, 2, 3, 3, 2, 1, 0]
        var starts: [Int64] = [0, 12]
        var progress: Int64 = 120
        syn0.withUnsafeMutableBufferPointer { s0 in
            syn1neg.withUnsafeMutableBufferPointer { s1 in
                keep.withUnsafeMutableBufferPointer { kp in
                    cum.withUnsafeMutableBufferPointer { cp in
                        withUnsafeMutablePointer(to: &progress) { pr in
                            var p = ck_w2v_params(
                                dim: Int32(d), window: 2, negative: 2, sg: 1, vocab_size: Int32(v),
                                alpha0: 0.025, min_alpha: 0, total_words: 100, syn0: s0.baseAddress,
                                syn1neg: s1.baseAddress, keep: kp.baseAddress, cum: cp.baseAddress,
                                cum_total: 40, progress: pr, hs: 0, syn1: nil, code_start: nil,
                                codes: nil, points: nil)
                            let n = ck_w2v_train(&p, &tokens, &starts, 0, 1, 5)
                            #expect(n == 12)
                        }
                    }
                }
            }
        }
        #expect(syn0 == before, "training at the end of the schedule must not move the vectors")
    }
}
