import CKernels.IO

/// A plain or gzip-compressed file read front to back in chunks (zlib passes plain files
/// through). Owns its C reader and closes it in `deinit`.
package final class GzipReader<Failure: FileErrorReporting> {
    /// The path given to `init`, used in errors.
    package let path: String
    private let reader: OpaquePointer

    /// Opens `path`.
    /// - Throws: `Failure.io(path:reason: "cannot open for reading")`.
    package init(path: String, errors _: Failure.Type = Failure.self) throws {
        guard let r = ck_gz_open(path) else { throw Failure.io(path: path, reason: "cannot open for reading") }
        self.path = path
        self.reader = r
    }

    deinit { ck_gz_close(reader) }

    /// Reads up to `buffer.count` bytes into `buffer`; returns how many (0 at the end of the file).
    /// - Throws: `Failure.corruptData` for a corrupt or truncated gzip stream.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = ck_gz_read(reader, buffer.baseAddress, buffer.count)
        if n < 0 { throw Failure.corruptData(path: path, reason: String(cString: ck_gz_error(reader))) }
        return Int(n)
    }

    /// Moves to the uncompressed byte `offset` (a gzip file is re-read up to it; a plain file seeks).
    /// - Throws: `Failure.corruptData` when the stream cannot be positioned there.
    package func seek(to offset: Int64) throws {
        if ck_gz_seek(reader, offset) != 0 {
            throw Failure.corruptData(path: path, reason: String(cString: ck_gz_error(reader)))
        }
    }
}

/// Reads a whole plain or gzip-compressed file into memory.
/// - Throws: `E.io` when the file cannot be opened, `E.corruptData` for a corrupt or truncated stream.
package func readAllBytes<E: FileErrorReporting>(_ path: String, errors: E.Type) throws -> [UInt8] {
    let reader = try GzipReader(path: path, errors: E.self)
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
        if n == 0 { break }
        out.append(contentsOf: chunk[0..<n])
    }
    return out
}

/// Calls `body` with each line of a plain or gzip file (without its `\n` and a trailing `\r`)
/// and its 1-based number, streaming in chunks of 1 MB.
/// - Throws: what `GzipReader` throws, and what `body` throws.
package func forEachLine<E: FileErrorReporting>(
    of path: String, errors: E.Type, _ body: (_ line: Substring, _ number: Int) throws -> Void
) throws {
    let reader = try GzipReader(path: path, errors: E.self)
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    var pending: [UInt8] = []
    var number = 0
    func emit(_ bytes: ArraySlice<UInt8>) throws {
        number += 1
        var b = bytes
        if b.last == 13 { b = b.dropLast() }
        try body(Substring(decoding: b, as: UTF8.self), number)
    }
    while true {
        let n = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
        if n == 0 { break }
        var start = 0
        for i in 0..<n where chunk[i] == 10 {
            if pending.isEmpty {
                try emit(chunk[start..<i])
            } else {
                pending.append(contentsOf: chunk[start..<i])
                try emit(pending[...])
                pending.removeAll(keepingCapacity: true)
            }
            start = i + 1
        }
        pending.append(contentsOf: chunk[start..<n])
    }
    if !pending.isEmpty { try emit(pending[...]) }
}
