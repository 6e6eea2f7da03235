import ArgumentParser
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
    @Option(name: .long, help: "Threads for OpenBLAS and NumSwift kernels (default: OPENBLAS_NUM_THREADS, else all cores).")
    var threads: Int?

    /// Applies the thread count to the runtime; throws on a non-positive value.
    func apply() throws {
        let n = threads ?? Runtime.defaultThreads
        guard n >= 1 else { throw ValidationError("--threads must be a positive integer, got \(n)") }
        Runtime.threads = n
    }
}
