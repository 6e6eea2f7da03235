// Shared by every fuzz target: libFuzzer's entry point, which runs the target named by
// FUZZ_TARGET, and a scratch file for parsers that read paths. Compiled into each module's fuzz
// executable by scripts/fuzz.sh (never part of the package).
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes `data` to this process's scratch file under /dev/shm (or /tmp) and returns its path;
/// `suffix` picks the parser's format by extension.
func fuzzScratchFile(_ data: UnsafePointer<UInt8>, _ size: Int, suffix: String) -> String {
    let dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    let path = "\(dir)/numswift-fuzz-\(getpid())\(suffix)"
    let f = fopen(path, "wb")!
    if size > 0 { fwrite(data, 1, size, f) }
    fclose(f)
    return path
}

/// The input as an array.
func fuzzBytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// The target this process runs: FUZZ_TARGET, one of the module's `fuzzTargets`.
let fuzzSelected: (UnsafePointer<UInt8>, Int) -> Void = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let f = fuzzTargets[name] else {
        fatalError("FUZZ_TARGET=\(name): expected one of \(fuzzTargets.keys.sorted())")
    }
    return f
}()

/// libFuzzer's entry point: one input to the selected target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    fuzzSelected(data, size)
    return 0
}
