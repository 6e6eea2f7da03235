import ArgumentParser
import Foundation
import NumSwift
import NumSwiftMPI
import WordMining
import NumSwiftSupport

/// `numswift words`: new-word discovery, domain contrast, segmentation and seed expansion.
struct Words: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Unsupervised domain-vocabulary mining (kexue.fm/archives/6540).",
        subcommands: [WordsDiscover.self, WordsContrast.self, WordsSegment.self, WordsExpand.self])
}

// MARK: - Shared helpers

/// Peak resident set size of this process in MB (VmHWM), or 0 when unknown.
func peakRSSMegabytes() -> Double {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

/// Writes a CLI output file atomically (temporary file and rename); errors are `WordMiningError.io`.
func writeOutput(_ text: String, to path: String) throws {
    try writeAtomically(text, to: path, errors: WordMiningError.self)
}

/// Writes a CLI output file atomically (temporary file and rename); errors are `WordMiningError.io`.
func writeOutput(_ bytes: [UInt8], to path: String) throws {
    try writeAtomically(bytes, to: path, errors: WordMiningError.self)
}

/// Appends the decimal digits of `n` to `bytes`.
func appendDecimal(_ n: Int, to bytes: inout [UInt8]) {
    if n < 0 { bytes.append(0x2D) }
    var v = n.magnitude, div: UInt = 1
    while div <= v / 10 { div *= 10 }
    repeat {
        bytes.append(UInt8(truncatingIfNeeded: v / div) + 0x30)
        v %= div
        div /= 10
    } while div > 0
}

extension InvalidUTF8Policy: ExpressibleByArgument {}
extension MissingCountPolicy: ExpressibleByArgument {}

// MARK: - discover

struct WordsDiscover: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Find new words in a corpus (nlp-zero Word_Finder); prints or writes `word count` lines by count.")

    @Argument(help: "UTF-8 corpus, plain or gzip, one document per line.") var corpus: String
    @Option(name: .shortAndLong, help: "Output file (default: stdout).") var output: String?
    @Option(name: .long, parsing: .unconditional, help: "Minimum probability of a pair and of a word (strict).") var minProba: Double = 1e-6
    @Option(name: .long, parsing: .unconditional, help: "Minimum count of an output word (applied after discovery).") var minCount: Int = 1
    @Option(name: .long, parsing: .unconditional, help: "Minimum PMI of a strong adjacent pair (strict, natural log).") var minPmi: Double = 0.5
    @Option(name: .long, parsing: .unconditional, help: "Longest output word in characters (0: no limit).") var maxN: Int = 0
    @Option(name: .long, parsing: .unconditional, help: "Counting-table entries before low counts are pruned.") var maxEntries: Int = 20_000_000
    @Option(name: .long, help: "Lines that are not valid UTF-8: skip or reject.") var invalidUtf8: InvalidUTF8Policy = .reject
    @Flag(name: .long, help: "Use cohesion + left/right branching entropy instead of PMI cuts (n-grams up to --max-n, default 4).") var entropy = false
    @Option(name: .long, parsing: .unconditional, help: "Minimum left/right branching entropy (with --entropy).") var minEntropy: Double = 1
    @Flag(name: .long, help: "Print a JSON summary as the last stdout line.") var json = false
    @Flag(name: .long, help: "Print the time of each phase on stderr.") var verbose = false
    @Flag(
        name: .long,
        help:
            "Run on every rank of an MPI job (mpirun -np N numswift words discover --distributed ...): each rank counts its byte range of the corpus, rank 0 writes."
    )
    var distributed = false
    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try threadOptions.apply()
        if entropy && distributed { throw OptionError("--distributed runs the PMI finder; it cannot be combined with --entropy") }
        if let output { try checkWritable(output) }
        guard minCount >= 1 else { throw OptionError("--min-count must be >= 1, got \(minCount)") }
        guard maxN >= 0 else { throw OptionError("--max-n must be >= 0, got \(maxN)") }
        if entropy {
            let t0 = Date()
            let f = BranchingEntropyFinder(
                maxN: maxN == 0 ? 4 : maxN, minCount: minCount, minPMI: minPmi, minEntropy: minEntropy, maxEntries: maxEntries)
            let (words, prunes, floor) = try f.discoverCountingPrunes(CorpusReader(path: corpus, policy: invalidUtf8))
            var text = ""
            for w in words { text += "\(w.word) \(w.count)\n" }
            if let output { try writeOutput(text, to: output) } else { print(text, terminator: "") }
            warnAboutPruning(prunes: prunes, floor: floor)
            if words.isEmpty {
                warn("no word passed --min-count \(minCount), --min-pmi \(minPmi) and --min-entropy \(minEntropy)")
            }
            if json {
                printJSONLine(
                    DiscoverSummary(
                        words: words.count, seconds: Date().timeIntervalSince(t0), peakRssMb: peakRSSMegabytes(), prunes: prunes))
            }
            return
        }
        if distributed { try runDistributed { try discover(world: $0) } } else { try discover(world: nil) }
    }

    private func warn(_ message: String) {
        FileHandle.standardError.write("warning: \(message)\n".data(using: .utf8)!)
    }

    /// A pruned counting table drops low counts, so the statistics of what remains are
    /// approximate; with a small `--max-entries` that can remove every word.
    private func warnAboutPruning(prunes: Int, floor: Int64?) {
        guard prunes > 0 else { return }
        let dropped = floor.map { " (counts below \($0) dropped)" } ?? ""
        warn("the counting tables were pruned \(prunes) time\(prunes == 1 ? "" : "s") to stay under --max-entries \(maxEntries)\(dropped): "
            + "counts are approximate; raise --max-entries for exact ones")
    }

    /// Discovery on this process alone (`world == nil`) or on every rank of `world`; only rank 0
    /// shows progress and writes.
    func discover(world: Communicator?) throws {
        let t0 = Date()
        let isRoot = world?.isRoot ?? true
        var progress = ProgressLine()
        let finder = WordFinder(minProba: minProba, minPMI: minPmi, maxEntries: maxEntries)
        var passStart = Date()
        var lastPhase = ""
        let report: (String, Int, Int) -> Void = { phase, lines, total in
            guard isRoot else { return }
            if phase != lastPhase { lastPhase = phase; passStart = Date() }
            let rate = Double(lines) / max(Date().timeIntervalSince(passStart), 1e-9)
            var msg = "\(phase): \(lines) lines, \(Int(rate)) lines/s"
            if total > lines { msg += String(format: ", ETA %.0f s", Double(total - lines) / max(rate, 1e-9)) }
            progress.update(msg)
        }
        let reader = CorpusReader(path: corpus, policy: invalidUtf8)
        let (words, stats) = try world.map { try finder.discover(reader, across: $0, progress: report) } ?? finder.discover(reader, progress: report)
        // Ranks other than 0 are done; they wait for rank 0's redundancy removal without polling.
        try world?.idleBarrier()
        let rssPerRank = try world.map { try peakRSSPerRank($0) }
        guard isRoot else { return }
        progress.finish()
        if stats.corpus.skippedCount > 0 {
            FileHandle.standardError.write(
                "warning: skipped \(stats.corpus.skippedCount) lines with invalid UTF-8 (first: \(stats.corpus.skippedLines.prefix(10).map(String.init).joined(separator: ", ")))\n"
                    .data(using: .utf8)!)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(words.count * 16)
        var kept = 0
        let minCount = minCount, maxN = maxN  // property-wrapper getters are slow in a loop
        for w in words where w.count >= minCount && (maxN == 0 || w.word.unicodeScalars.count <= maxN) {
            bytes.append(contentsOf: w.word.utf8)
            bytes.append(0x20)
            appendDecimal(w.count, to: &bytes)
            bytes.append(0x0A)
            kept += 1
        }
        if let output { try writeOutput(bytes, to: output) } else { FileHandle.standardOutput.write(Data(bytes)) }
        warnAboutPruning(prunes: stats.prunes, floor: nil)
        if kept == 0 { warn("no word passed --min-proba \(minProba), --min-pmi \(minPmi) and --min-count \(minCount)") }
        let secs = Date().timeIntervalSince(t0)
        if verbose {
            var lines = stats.phaseSeconds.map { String(format: "  %-22@ %.4f s", $0.phase, $0.seconds) }
            lines.append(String(format: "  %-22@ %.4f s", "output", secs - stats.phaseSeconds.reduce(0) { $0 + $1.seconds }))
            FileHandle.standardError.write(("phases:\n" + lines.joined(separator: "\n") + "\n").data(using: .utf8)!)
        }
        FileHandle.standardError.write(
            "discover: \(stats.corpus.lines) lines, \(stats.totalChars) chars, \(stats.strongPairs) strong pairs, \(stats.candidates) candidates, \(stats.removedRedundant) redundant, \(kept) words in \(String(format: "%.2f", secs)) s\n"
                .data(using: .utf8)!)
        if json {
            printJSONLine(
                DiscoverSummary(
                    words: kept, seconds: secs, peakRssMb: peakRSSMegabytes(), prunes: stats.prunes,
                    ranks: world?.size, peakRssMbPerRank: rssPerRank))
        }
    }
}

// MARK: - segment

struct WordsSegment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Segment text with a `word count` vocabulary by the maximum-probability path (nlp-zero Tokenizer).")

    @Option(name: .long, help: "Vocabulary file: `word count` lines.") var vocab: String
    @Argument(help: "Text file (plain or gzip), one document per line; tokens are written space-separated.") var text: String
    @Option(name: .shortAndLong, help: "Output file (default: stdout).") var output: String?
    @Flag(name: .long, help: "Glue runs of ASCII letters and digits (nlp-zero combine_Aa123).") var combineAa123 = false
    @Option(name: .long, help: "Lines that are not valid UTF-8: skip or reject.") var invalidUtf8: InvalidUTF8Policy = .reject

    func run() throws {
        if let output { try checkWritable(output) }
        let tok = try UnigramTokenizer(contentsOf: vocab)
        var out = ""
        var progress = ProgressLine()
        try CorpusReader(path: text, policy: invalidUtf8).forEachLine { line, n in
            let s = String(decoding: UnsafeRawBufferPointer(line), as: UTF8.self)
            out += tok.tokenize(s, combineAa123: combineAa123).filter { $0 != " " }.joined(separator: " ")
            out += "\n"
            if n % 5000 == 0 { progress.update("segment: \(n) lines") }
        }
        progress.finish()
        if let output { try writeOutput(out, to: output) } else { print(out, terminator: "") }
    }
}
