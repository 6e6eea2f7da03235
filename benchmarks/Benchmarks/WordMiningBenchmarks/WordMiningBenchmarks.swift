// WordMining on one thread: new-word discovery (nlp-zero's Word_Finder) and word2vec training
// on a synthetic corpus written once to a temporary file (lines built from a fixed vocabulary of
// two- to four-character CJK words by a fixed LCG), so the suite needs no data files. The peer
// comparisons on real text are benchmarks/compare/words.sh.
import Benchmark
import Foundation
import NumSwift
import WordMining

/// Writes `lines` lines of 20 words each (joined by `separator`: "" for discovery, " " for
/// word2vec), drawn from 500 synthetic words with a Zipf-like skew; returns the file's path.
func syntheticCorpus(lines: Int = 20_000, separator: String, seed: UInt64 = 11) -> String {
    var state = seed
    func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }
    let words: [String] = (0..<500).map { _ in
        String(String.UnicodeScalarView((0..<(2 + next(3))).map { _ in Unicode.Scalar(0x4E00 + UInt32(next(2000)))! }))
    }
    var text = ""
    for _ in 0..<lines {
        text += (0..<20).map { _ in words[min(next(500), next(500))] }.joined(separator: separator)
        text += "\n"
    }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("wm-bench-\(getpid())-\(separator.isEmpty ? "raw" : "tokens").txt").path
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

let benchmarks: @Sendable () -> Void = {
    Runtime.threads = 1
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident],
        warmupIterations: 1, maxDuration: .seconds(5))
    let raw = syntheticCorpus(separator: ""), tokens = syntheticCorpus(separator: " ")

    Benchmark("discover 20k lines") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try WordFinder().discover(CorpusReader(path: raw)))
        }
    }

    Benchmark("word2vec skip-gram 1 epoch 20k lines") { benchmark in
        var options = Word2VecOptions()
        options.epochs = 1
        options.threads = 1
        options.minCount = 1
        for _ in benchmark.scaledIterations {
            blackHole(try WordVectors.train(CorpusReader(path: tokens), options: options))
        }
    }
}
