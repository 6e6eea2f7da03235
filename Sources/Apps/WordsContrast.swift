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
        guard p.count >= 2, let c = Int(p[1]), c >= 0, c <= WordCount.maxCount, !(n == 1 && s.hasPrefix("\u{FEFF}")) else {
            throw WordMiningError.malformedLine(
                file: path, line: n, text: String(s.prefix(80)), expected: "\"word count\" with an integer count in 0...\(WordCount.maxCount)")
        }
        out.append(WordCount(String(p[0]), c))
    }
    return out
}

/// `numswift words contrast`: rank domain words against a general corpus (kexue.fm/archives/6540 §1.2).
struct WordsContrast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contrast",
        abstract:
            "Rank domain words by the smoothed domain-vs-general score; inputs are `word count` lists (from `words discover`) or raw corpora with --corpora.")

    @Argument(help: "Domain word counts (or corpus with --corpora).") var domain: String
    @Argument(help: "General word counts (or corpus with --corpora).") var general: String
    @Option(name: .shortAndLong, help: "Output file (default: stdout): `word score domain_count general_count`.") var output: String?
    @Option(name: .long, help: "Words absent from one corpus: zero (missing count = 0) or ignore (Su's code: unscored, listed last).") var missing:
        MissingCountPolicy = .zero
    @Option(name: .long, parsing: .unconditional, help: "Shortest word kept.") var minLength = 2
    @Flag(name: .long, help: "Inputs are raw corpora: run discovery (min-proba 1e-6, min-pmi 0.5) on each first.") var corpora = false

    func run() throws {
        guard minLength >= 0 else { throw OptionError("--min-length must be >= 0, got \(minLength)") }
        if let output { try checkWritable(output) }
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
        if let output { try writeOutput(text, to: output) } else { print(text, terminator: "") }
    }
}
