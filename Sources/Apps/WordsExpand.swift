import ArgumentParser
import Foundation
import WordMining

/// `numswift words expand`: BFS expansion of seed words over word vectors (kexue.fm/archives/6540 §1.3).
struct WordsExpand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expand",
        abstract:
            "Expand seed words through cosine neighbours with the depth-dependent threshold; prints `word depth similarity` (`seed` or `seed-without-vector` for seeds)."
    )

    @Option(name: .long, help: "Vectors in word2vec format.") var vectors: String
    @Flag(name: .long, help: "The vectors file is in the binary word2vec format.") var binary = false
    @Option(name: .long, help: "Seed words, one per line (first column).") var seeds: String
    @Option(name: .shortAndLong, help: "Output file (default: stdout).") var output: String?
    @Option(name: .long, parsing: .unconditional, help: "Threshold at depth 0 (at least 0.6 unless --center/--negative words are given, as in the article).")
    var minSim: Float = 0.6
    @Option(name: .long, parsing: .unconditional, help: "Threshold limit at large depth.") var maxSim: Float = 1.0
    @Option(name: .long, parsing: .unconditional, help: "Decay rate of the threshold schedule (the article uses 0.35).") var alpha: Float = 0.35
    @Option(name: .long, parsing: .unconditional, help: "Neighbours examined per word.") var topN = 200
    @Option(name: .long, help: "Centre words added to each query (comma-separated).") var center: String = ""
    @Option(name: .long, help: "Negative words subtracted from each query (comma-separated).") var negative: String = ""
    @Flag(name: .long, help: "Do not apply the rule filter to expanded words.") var noFilter = false
    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try threadOptions.apply()
        for (name, v) in [("--min-sim", minSim), ("--max-sim", maxSim)] where !(v.isFinite && v >= -1 && v <= 1) {
            throw OptionError("\(name) \(v): expected a cosine similarity in [-1, 1]")
        }
        guard minSim <= maxSim else { throw OptionError("--min-sim \(minSim) is above --max-sim \(maxSim): expected min-sim <= max-sim") }
        guard alpha.isFinite, alpha >= 0 else { throw OptionError("--alpha \(alpha): expected a finite decay rate >= 0") }
        guard topN >= 1 else { throw OptionError("--top-n must be >= 1, got \(topN)") }
        if let output { try checkWritable(output) }
        let vec = try WordVectors.load(from: vectors, binary: binary)
        var seedWords: [String] = []
        try CorpusReader(path: seeds).forEachLine { line, _ in
            let s = String(decoding: UnsafeRawBufferPointer(line), as: UTF8.self)
            if let w = s.split(separator: " ").first { seedWords.append(String(w)) }
        }
        guard !seedWords.isEmpty else { throw WordMiningError.emptyCorpus(file: seeds) }
        let missing = seedWords.filter { vec.index[$0] == nil }
        if !missing.isEmpty {
            warn(
                "\(missing.count) of \(seedWords.count) seeds have no vector in \(vectors) and are not expanded: "
                    + missing.prefix(20).joined(separator: " ") + (missing.count > 20 ? " …" : ""))
        }
        if minSim < 0.6 && center.isEmpty && negative.isEmpty {
            warn("--min-sim \(minSim) is below 0.6: without --center or --negative words the depth-0 threshold is 0.6, as in the article's code")
        }
        var e = SeedExpansion()
        e.minSim = minSim; e.maxSim = maxSim; e.alpha = alpha; e.topN = topN
        e.centerWords = center.split(separator: ",").map(String.init)
        e.negativeWords = negative.split(separator: ",").map(String.init)
        if noFilter { e.filter = nil }
        let out = e.expand(seeds: seedWords, vectors: vec)
        var text = ""
        for w in out {
            let how = w.similarity.map { String(format: "%.4f", $0) } ?? (vec.index[w.word] == nil ? "seed-without-vector" : "seed")
            text += "\(w.word) \(w.depth) \(how)\n"
        }
        if let output { try writeOutput(text, to: output) } else { print(text, terminator: "") }
    }
}
