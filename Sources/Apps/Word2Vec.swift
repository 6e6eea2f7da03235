import ArgumentParser
import Foundation
import NumSwift
import WordMining
import NumSwiftSupport

/// `numswift word2vec`: skip-gram / CBOW with negative sampling on a tokenised corpus.
struct Word2VecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "word2vec",
        abstract: "Train word vectors (word2vec, negative sampling) on space-separated tokens, one sentence per line.")

    @Argument(help: "Tokenised corpus, plain or gzip.") var corpus: String
    @Option(name: .shortAndLong, help: "Output vectors (word2vec text format; --binary for the binary one).") var output: String
    @Flag(name: .long, help: "Skip-gram (default).") var sg = false
    @Flag(name: .long, help: "CBOW with the mean of the context.") var cbow = false
    @Option(name: .long, parsing: .unconditional, help: "Vector size.") var dim = 100
    @Option(name: .long, parsing: .unconditional, help: "Maximum window.") var window = 5
    @Option(name: .long, parsing: .unconditional, help: "Negative samples (0 = none; needs --hs).") var negative = 5
    @Flag(name: .long, help: "Also train with hierarchical softmax (gensim hs=1).") var hs = false
    @Option(name: .long, parsing: .unconditional, help: "Epochs.") var epochs = 5
    @Option(name: .long, parsing: .unconditional, help: "Minimum word count.") var minCount = 5
    @Option(name: .long, parsing: .unconditional, help: "Subsampling threshold (0 = off).") var sample = 1e-3
    @Option(name: .long, parsing: .unconditional, help: "Starting learning rate (linear decay to --min-alpha).") var alpha: Float = 0.025
    @Option(name: .long, parsing: .unconditional, help: "Final learning rate.") var minAlpha: Float = 0.0001
    @Option(name: .long, parsing: .unconditional, help: "Random seed.") var seed: UInt64 = 1
    @Option(
        name: .long, parsing: .unconditional,
        help: "MiB for keeping the corpus in memory between epochs; a larger corpus is re-read from its file every epoch (0 = always).")
    var maxCorpusMemoryMb = 1024
    @Flag(name: .long, help: "Write the binary word2vec format.") var binary = false
    @Option(name: .long, help: "Lines that are not valid UTF-8: skip or reject.") var invalidUtf8: InvalidUTF8Policy = .reject
    @Flag(name: .long, help: "Print a JSON summary as the last stdout line.") var json = false
    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try threadOptions.apply()
        guard !(sg && cbow) else { throw OptionError("choose one of --sg and --cbow") }
        try checkWritable(output)
        var o = Word2VecOptions()
        o.skipGram = !cbow
        o.dim = dim; o.window = window; o.negative = negative; o.epochs = epochs; o.minCount = minCount
        o.sample = sample; o.alpha = alpha; o.minAlpha = minAlpha; o.seed = seed
        o.hierarchicalSoftmax = hs; o.maxCorpusMemoryMB = maxCorpusMemoryMb
        o.threads = Runtime.threads
        let t0 = Date()
        let bar = ProgressBox()
        let (model, stats) = try WordVectors.train(CorpusReader(path: corpus, policy: invalidUtf8), options: o) { done, total in
            bar.update(done: done, total: total)
        }
        bar.finish()
        try model.save(to: output, binary: binary)
        let secs = Date().timeIntervalSince(t0)
        FileHandle.standardError.write(
            "word2vec: \(stats.corpusTokens) tokens (\(stats.trainedTokens) trained over \(stats.epochsRun) epochs after subsampling), \(stats.sentences) sentences, vocab \(model.words.count)\(stats.streamed ? ", streamed every epoch" : ""), \(Int(stats.wordsPerSecond)) words/s, \(String(format: "%.2f", secs)) s\n"
                .data(using: .utf8)!)
        if json {
            printJSONLine(
                Word2VecSummary(
                    wordsPerSecond: Int(stats.wordsPerSecond), seconds: stats.seconds, vocab: model.words.count,
                    totalSeconds: secs))
        }
    }
}

/// Thread-safe progress for word2vec (called from worker threads under the trainer's lock).
final class ProgressBox: @unchecked Sendable {
    private var line = ProgressLine(timeFormat: "")
    private let clock = Stopwatch()
    func update(done: Int64, total: Int64) {
        let rate = Double(done) / max(clock.seconds, 1e-9)
        let eta = rate > 0 ? Double(total - done) / rate : 0
        line.update(
            String(format: "word2vec: %.1f%%, %d words/s, ETA %.0f s", 100 * Double(done) / Double(max(total, 1)), Int(rate), eta))
    }
    func finish() { line.finish() }
}
