import ArgumentParser
import Foundation
import WordMining

/// Reads `word count` lines (plain or gzip).
func readWordCounts(_ path: String) throws -> [WordCount] {
    var out: [WordCount] = []
    try CorpusReader(path: path).forEachLine { line, n in
        let s = String(decoding: UnsafeRawBufferPointer(line), as: UTF8.self)
        let p = s.split(separator: " ", omittingEmptySubsequences: true)
        if p.isEmpty { return }
        guard p.count >= 2, let c = Int(p[1]), c >= 0 else {
            throw WordMiningError.malformedLine(file: path, line: n, text: String(s.prefix(80)), expected: "\"word count\" with a non-negative integer count")
        }
        out.append(WordCount(String(p[0]), c))
    }
    return out
}

/// `numswift words contrast`: rank domain words against a general corpus (kexue.fm/archives/6540 §1.2).
struct WordsContrast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contrast",
        abstract: "Rank domain words by the smoothed domain-vs-general score; inputs are `word count` lists (from `words discover`) or raw corpora with --corpora.")

    @Argument(help: "Domain word counts (or corpus with --corpora).") var domain: String
    @Argument(help: "General word counts (or corpus with --corpora).") var general: String
    @Option(name: .shortAndLong, help: "Output file (default: stdout): `word score domain_count general_count`.") var output: String?
    @Option(name: .long, help: "Words absent from one corpus: zero (missing count = 0) or ignore (Su's code: unscored, listed last).") var missing: MissingCountPolicy = .zero
    @Option(name: .long, help: "Shortest word kept.") var minLength = 2
    @Flag(name: .long, help: "Inputs are raw corpora: run discovery (min-proba 1e-6, min-pmi 0.5) on each first.") var corpora = false

    func run() throws {
        let (d, g): ([WordCount], [WordCount])
        if corpora {
            let f = WordFinder(minProba: 1e-6, minPMI: 0.5)
            d = try f.discover(CorpusReader(path: domain)).words
            g = try f.discover(CorpusReader(path: general)).words
        } else {
            d = try readWordCounts(domain); g = try readWordCounts(general)
        }
        let ranked = try DomainContrast(missing: missing, minLength: minLength).rank(domain: d, general: g)
        var text = ""
        for r in ranked { text += "\(r.word) \(r.score.map { String(format: "%.6f", $0) } ?? "nan") \(r.domainCount) \(r.generalCount)\n" }
        if let output { try writeAtomically(text, to: output) } else { print(text, terminator: "") }
    }
}

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

    func run() throws {
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
        if let output { try writeAtomically(text, to: output) } else { print(text, terminator: "") }
    }
}
