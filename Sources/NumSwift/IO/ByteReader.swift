import CKernels.IO
import Foundation

/// Reads a whole file, transparently decompressing gzip, into memory.
///
/// Memory stays bounded: a file (or stream such as `/dev/zero`) that would exceed half of the
/// available memory stops with an error, and when `expectedSize` can tell the total size from the
/// bytes read so far (a header), reading stops with an error as soon as the data runs past it.
///
/// - Parameters:
///   - path: a plain or `.gz` file.
///   - expectedSize: called with the bytes read so far; returns the file's total size once the
///     header says it (nil while more bytes are needed), or throws for a bad header.
/// - Returns: the file's (decompressed) bytes.
/// - Throws: `NumSwiftError.io` when the file cannot be opened (a directory is named as such), is a
///   truncated or corrupt gzip stream, or is larger than memory; `.malformedFile` when the data
///   runs past the size the header gives; what `expectedSize` throws.
public func readAllBytes(path: String, expectedSize: (([UInt8]) throws -> Int?)? = nil) throws -> [UInt8] {
    guard let reader = ck_gz_open(path) else {
        throw NumSwiftError.io(path: path, reason: "cannot open for reading (\(String(cString: strerror(errno))))")
    }
    defer { ck_gz_close(reader) }
    let limit = Runtime.availableMemory.map { $0 / 2 } ?? Int.max
    var out = [UInt8]()
    var expected: Int?
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = chunk.withUnsafeMutableBytes { ck_gz_read(reader, $0.baseAddress, $0.count) }
        if n < 0 {
            throw NumSwiftError.io(path: path, reason: "corrupt or truncated data: \(String(cString: ck_gz_error(reader)))")
        }
        if n == 0 { break }
        guard out.count + Int(n) <= limit else {
            throw NumSwiftError.io(
                path: path, reason: "larger than half of the available memory (\(limit >> 20) MiB): expected a file that fits in memory")
        }
        out.append(contentsOf: chunk[0..<Int(n)])
        if expected == nil, let f = expectedSize { expected = try f(out) }
        if let e = expected, out.count > e {
            throw NumSwiftError.malformedFile(path: path, reason: "more data than the \(e) bytes its header describes")
        }
    }
    return out
}
