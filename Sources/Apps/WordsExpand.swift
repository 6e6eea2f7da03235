import ArgumentParser
import Foundation
import WordMining

/// `numswift words expand`: BFS expansion of seed words over word vectors (kexue.fm/archives/6540 §1.3).
struct WordsExpand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expand",
        abstract: "Expand seed words through cosine neighbours with the depth-dependent threshold; prints `word depth similarity`.")

    @Option(name: .long, help: "Vectors in word2vec format.") var vectors: String
    @Flag(name: .long, help: "The vectors file is in the binary word2vec format.") var binary = false
    @Option(name: .long, help: "Seed words, one per line (first column).") var seeds: String
    @Option(name: .shortAndLong, help: "Output file (default: stdout).") var output: String?
    @Option(name: .long, help: "Threshold at depth 0.") var minSim: Float = 0.6
    @Option(name: .long, help: "Threshold limit at large depth.") var maxSim: Float = 1.0
    @Option(name: .long, help: "Decay rate of the threshold schedule (the article uses 0.35).") var alpha: Float = 0.35
    @Option(name: .long, help: "Neighbours examined per word.") var topN = 200
    @Option(name: .long, help: "Centre words added to each query (comma-separated).") var center: String = ""
    @Option(name: .long, help: "Negative words subtracted from each query (comma-separated).") var negative: String = ""
    @Flag(name: .long, help: "Do not apply the rule filter to expanded words.") var noFilter = false
    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try threadOptions.apply()
        let vec = try WordVectors.load(from: vectors, binary: binary)
        var seedWords: [String] = []
        try CorpusReader(path: seeds).forEachLine { line, _ in
            let s = String(decoding: UnsafeRawBufferPointer(line), as: UTF8.self)
            if let w = s.split(separator: " ").first { seedWords.append(String(w)) }
        }
        guard !seedWords.isEmpty else { throw WordMiningError.emptyCorpus(file: seeds) }
        guard topN >= 1 else { throw ValidationError("--top-n must be >= 1") }
        var e = SeedExpansion()
        e.minSim = minSim; e.maxSim = maxSim; e.alpha = alpha; e.topN = topN
        e.centerWords = center.split(separator: ",").map(String.init)
        e.negativeWords = negative.split(separator: ",").map(String.init)
        if noFilter { e.filter = nil }
        let out = e.expand(seeds: seedWords, vectors: vec)
        var text = ""
        for w in out { text += "\(w.word) \(w.depth) \(w.similarity.map { String(format: "%.4f", $0) } ?? "seed")\n" }
        if let output { try writeOutput(text, to: output) } else { print(text, terminator: "") }
    }
}
