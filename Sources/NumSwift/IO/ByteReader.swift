import CKernels.IO
import Foundation

/// Reads a whole file, transparently decompressing gzip, into memory.
///
/// - Parameter path: a plain or `.gz` file.
/// - Returns: the file's (decompressed) bytes.
/// - Throws: `NumSwiftError.io` when the file cannot be opened, or is a truncated or corrupt gzip stream.
public func readAllBytes(path: String) throws -> [UInt8] {
    guard let reader = ck_gz_open(path) else {
        throw NumSwiftError.io(path: path, reason: "cannot open for reading (\(String(cString: strerror(errno))))")
    }
    defer { ck_gz_close(reader) }
    var out = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = chunk.withUnsafeMutableBytes { ck_gz_read(reader, $0.baseAddress, $0.count) }
        if n < 0 {
            throw NumSwiftError.io(path: path, reason: "corrupt or truncated data: \(String(cString: ck_gz_error(reader)))")
        }
        if n == 0 { break }
        out.append(contentsOf: chunk[0..<Int(n)])
    }
    return out
}
