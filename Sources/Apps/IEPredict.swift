import ArgumentParser
import Foundation
import NumSwift
import RelationExtraction

/// `numswift ie predict`: streams JSON lines through a trained extractor.
struct IEPredict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Extract triples from JSON lines with a \"text\" field; writes {\"text\", \"spo_list\"} lines in input order.")

    @Option(name: .long, help: "Model directory written by `numswift ie train`.") var model: String
    @Argument(help: "Input JSON lines (plain or gzip).") var input: String
    @Option(name: .shortAndLong, help: "Output JSON lines (written to a temporary file, renamed at the end).") var output: String
    @Option(name: .long, parsing: .unconditional, help: "Sentences per batch.") var batchSize = 64
    @OptionGroup var threadOptions: ThreadOptions
    @Flag(name: .long, help: "Print a JSON summary as the last line.") var json = false

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be a positive integer, got \(batchSize)") }
    }

    func run() throws {
        try threadOptions.apply()
        setvbuf(stdout, nil, _IOLBF, 0)  // progress lines appear as they are printed, also in a pipe
        try checkWritable(output)
        let extractor = try ModelStore.load(from: model)
        let url = URL(fileURLWithPath: output)
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
        guard FileManager.default.createFile(atPath: tmp, contents: nil), let handle = FileHandle(forWritingAtPath: tmp) else {
            throw OptionError("--output \(output): cannot create a temporary file beside it (\(String(cString: strerror(errno))))")
        }
        var done = 0
        let t0 = Date()
        let tty = isatty(2) != 0
        var pending: [String] = []
        func flush() {
            guard !pending.isEmpty else { return }
            let triples = extractor.extract(pending)
            var text = ""
            for (t, spo) in zip(pending, triples) { text += Sentence(text: t, triples: spo).jsonLine + "\n" }
            handle.write(text.data(using: .utf8)!)
            done += pending.count
            pending.removeAll(keepingCapacity: true)
            let rate = Double(done) / max(Date().timeIntervalSince(t0), 1e-9)
            FileHandle.standardError.write("\r\(done) sentences, \(String(format: "%.1f", rate)) sentences/s\(tty ? "" : "\n")".data(using: .utf8)!)
        }
        var reader = IEDataReader()
        reader.requireText = true
        do {
            try reader.forEach(input) { sentence, _ in
                pending.append(sentence.text)
                if pending.count == batchSize { flush() }
            }
            flush()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
        if tty { FileHandle.standardError.write("\n".data(using: .utf8)!) }
        _ = try? FileManager.default.removeItem(atPath: output)
        try FileManager.default.moveItem(atPath: tmp, toPath: output)
        let seconds = Date().timeIntervalSince(t0)
        print(String(format: "ie predict: %d sentences in %.2f s (%.1f sentences/s) -> %@", done, seconds, Double(done) / max(seconds, 1e-9), output))
        if json {
            print(
                "{\"sentences\":\(done),\"seconds\":\(String(format: "%.3f", seconds)),\"sentences_per_second\":\(String(format: "%.1f", Double(done) / max(seconds, 1e-9)))}"
            )
        }
    }
}
