import CKernels.Tensor
import Foundation
import NumSwiftSupport

/// Process-wide facts and knobs: library version, the linked BLAS and thread counts.
public enum Runtime {
    /// The NumSwift version string.
    public static let version = "0.1.0"

    /// The OpenBLAS build configuration, e.g. `"OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64"`.
    public static var blasConfig: String { String(cString: ck_blas_config()) }

    /// The kernel core OpenBLAS chose for this CPU (after `OPENBLAS_CORETYPE`, if set).
    public static var blasCoreType: String { String(cString: ck_blas_corename()) }

    /// Which code the Gumbel kernels (Gumbel-Softmax, Gumbel-Max, Gumbel noise) run on this CPU:
    /// `"AVX-512"` (intrinsics, chosen at run time) or `"portable"`. Both draw the same noise.
    public static var gumbelKernelPath: String { ck_gumbel_avx512_available() != 0 ? "AVX-512" : "portable" }

    /// Processors OpenBLAS detected.
    public static var processorCount: Int { Int(ck_blas_num_procs()) }

    /// Threads used by OpenBLAS for one call, and by NumSwift's own parallel kernels.
    ///
    /// Setting it changes both. The default is `OPENBLAS_NUM_THREADS` when set, else all cores.
    public static var threads: Int {
        get { Int(ck_blas_get_num_threads()) }
        set {
            precondition(newValue >= 1 && newValue <= 4096, "Runtime.threads must be in 1...4096, got \(newValue)")
            ck_blas_set_num_threads(Int32(newValue))
        }
    }

    /// The CPU model name from /proc/cpuinfo, or "unknown".
    public static var cpuModel: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
            return "unknown"
        }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown"
    }

    /// The default thread count: `OPENBLAS_NUM_THREADS` when it parses as a positive integer,
    /// otherwise the number of active processors.
    public static var defaultThreads: Int {
        if let s = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"], let n = Int(s), n > 0, n <= 4096 {
            return n
        }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    /// Bytes this process may still allocate (MemAvailable, lowered to RLIMIT_AS and the cgroup
    /// limit when set), or nil when unknown. Readers check header-declared sizes against it.
    public static var availableMemory: Int? { NumSwiftSupport.availableMemory() }
}
