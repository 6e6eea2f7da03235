import ArgumentParser
import NumSwift

/// `numswift info`: version, BLAS library, core type, threads and CPU.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the version, the BLAS library and its core type, thread counts and the CPU.")

    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try threadOptions.apply()
        print("numswift \(Runtime.version)")
        print("blas:      \(Runtime.blasConfig)")
        print("core type: \(Runtime.blasCoreType)")
        print("threads:   \(Runtime.threads) (processors: \(Runtime.processorCount))")
        print("cpu:       \(Runtime.cpuModel)")
        print("gumbel:    \(Runtime.gumbelKernelPath) kernels")
    }
}
