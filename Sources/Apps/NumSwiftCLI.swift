import ArgumentParser
import Foundation
import NumSwift

/// The `numswift` command-line tool: one subcommand per file in this folder.
@main
struct NumSwiftCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "numswift",
        abstract: "Numerics, deep learning, InfoMap and word mining on OpenBLAS.",
        version: Runtime.version,
        subcommands: [Info.self, Bench.self, Mnist.self, Vae.self, InfomapCommand.self, Words.self, Word2VecCommand.self, IECommand.self]
    )
}

/// Options shared by every compute subcommand.
struct ThreadOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "Threads for OpenBLAS and NumSwift kernels (default: OPENBLAS_NUM_THREADS, else all cores).")
    var threads: Int?

    /// Applies the thread count to the runtime; throws on a non-positive value.
    func apply() throws {
        let n = threads ?? Runtime.defaultThreads
        guard n >= 1, n <= 4096 else { throw OptionError("--threads must be an integer in 1...4096, got \(n)") }
        Runtime.threads = n
    }
}

/// A bad option value or combination found while running a subcommand: printed as `Error: …`
/// without a usage block (ArgumentParser's `ValidationError` thrown from `run()` would print the
/// root command's usage, whose flags the subcommand may not have).
struct OptionError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Throws unless `count` elements of `elementBytes` bytes each (plus `copies` of them) fit in half
/// of the memory still available; the message names the option that asked for them.
func requireMemory(count: Int, elementBytes: Int, copies: Int = 1, option: String) throws {
    let (b1, o1) = count.multipliedReportingOverflow(by: elementBytes)
    let (bytes, o2) = b1.multipliedReportingOverflow(by: copies)
    let available = Runtime.availableMemory
    guard !o1, !o2, available.map({ bytes <= $0 / 2 }) ?? true else {
        let need = o1 || o2 ? "more than 2^63 bytes" : "\(bytes >> 20) MiB"
        throw OptionError("\(option) needs \(need), more than half of the available memory (\((available ?? 0) >> 20) MiB)")
    }
}

/// The product of `factors`, or `Int.max` when it overflows (a size computed from options, checked
/// by `requireMemory` before anything is allocated).
func saturatingProduct(_ factors: Int...) -> Int {
    var p = 1
    for f in factors {
        let (r, o) = p.multipliedReportingOverflow(by: f)
        if o { return Int.max }
        p = r
    }
    return p
}

/// Prints `warning: message` on stderr.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}

/// Throws unless `path` can be written: not a directory, in an existing writable directory.
/// Checked before long work so that a run does not end in a failed write.
func checkWritable(_ path: String, option: String = "--output") throws {
    guard !path.isEmpty else { throw OptionError("\(option) '': expected a file path") }
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
        throw OptionError("\(option) \(path) is a directory; expected a file path")
    }
    let dir = (path as NSString).deletingLastPathComponent
    let parent = dir.isEmpty ? "." : dir
    guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDir), isDir.boolValue else {
        throw OptionError("\(option) \(path): directory \(parent) does not exist")
    }
    guard access(parent, W_OK) == 0 else {
        throw OptionError("\(option) \(path): directory \(parent) is not writable (\(String(cString: strerror(errno))))")
    }
}
