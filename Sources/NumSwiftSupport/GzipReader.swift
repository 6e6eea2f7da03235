import CKernels.IO

#if canImport(Glibc)
    import Glibc
#endif

/// A plain or gzip-compressed file read front to back in chunks (zlib passes plain files
/// through). Owns its C reader and closes it in `deinit`.
package final class GzipReader<Failure: FileErrorReporting> {
    /// The path given to `init`, used in errors.
    package let path: String
    private let reader: OpaquePointer

    /// Opens `path`.
    /// - Throws: `Failure.io(path:reason:)`, "cannot open for reading (<strerror>)": a directory is
    ///   named as such ("Is a directory") instead of failing later as a corrupt gzip stream.
    package init(path: String, errors _: Failure.Type = Failure.self) throws {
        guard let r = ck_gz_open(path) else {
            throw Failure.io(path: path, reason: "cannot open for reading (\(String(cString: strerror(errno))))")
        }
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

/// Bytes this process may still allocate (MemAvailable, lowered to RLIMIT_AS and the cgroup
/// memory limit when they are set), or nil when unknown. Readers bound what they hold by half of it.
package func availableMemory() -> Int? {
    let b = ck_mem_available()
    return b > 0 ? Int(b) : nil
}

/// Throws `E.io` naming `path` and `what` unless `bytes` fit in half of the available memory
/// (checked before allocating for a size read from a header or an option).
package func requireMemory<E: FileErrorReporting>(_ bytes: Int, for what: String, path: String, errors _: E.Type) throws {
    guard let available = availableMemory(), bytes > available / 2 else { return }
    throw E.io(
        path: path, reason: "\(what) needs about \(bytes >> 20) MiB, more than half of the available memory (\(available >> 20) MiB)")
}

/// Reads a whole plain or gzip-compressed file into memory.
///
/// Memory stays bounded: reading stops with an error once the bytes would exceed half of the
/// available memory (an endless stream such as `/dev/zero` fails instead of filling RAM), and as
/// soon as the data runs past the size `expectedSize` derives from the header.
/// - Parameters:
///   - text: a NUL byte (binary data) is an error naming its offset.
///   - expectedSize: called with the bytes read so far until it returns the file's total size
///     (nil while the header is incomplete); it throws for a bad header.
/// - Throws: `E.io` when the file cannot be opened (a directory is named), is binary data when
///   `text`, is larger than memory or runs past the header's size; `E.corruptData` for a corrupt or
///   truncated stream; what `expectedSize` throws.
package func readAllBytes<E: FileErrorReporting>(
    _ path: String, errors: E.Type, text: Bool = false, expectedSize: (([UInt8]) throws -> Int?)? = nil
) throws -> [UInt8] {
    let reader = try GzipReader(path: path, errors: E.self)
    let limit = availableMemory().map { $0 / 2 } ?? Int.max
    var expected: Int?
    var out: [UInt8] = []
    var size = GrowingReadSize(limit: 1 << 20)
    var chunk: [UInt8] = []
    while true {
        if chunk.count < size.current { chunk = [UInt8](repeating: 0, count: size.current) }
        let n = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
        size.record(n)
        if n == 0 { break }
        if text, let z = chunk[0..<n].firstIndex(of: 0) {
            throw E.io(path: path, reason: "binary data (a NUL byte at offset \(out.count + z)): expected a text file")
        }
        guard n <= limit - out.count else {
            throw E.io(
                path: path,
                reason: "larger than half of the available memory (\(limit >> 20) MiB) after \(out.count >> 20) MiB: "
                    + "expected a finite file that fits in memory")
        }
        out.append(contentsOf: chunk[0..<n])
        if expected == nil, let f = expectedSize { expected = try f(out) }
        if let e = expected, out.count > e {
            throw E.io(path: path, reason: "more data than the \(e) bytes its header describes")
        }
    }
    return out
}

/// Read sizes for a streaming reader: they start small and double, up to `limit`, while reads fill
/// them. A small file then costs a small buffer (a zero-filled 1 MiB buffer per open is 256 page
/// faults, which dominated reading many small files), and a large one is still read in `limit`
/// chunks after a few reads.
package struct GrowingReadSize {
    /// The size of the next read.
    package private(set) var current: Int
    /// The largest read size.
    package let limit: Int
    /// - Parameters: limit: the largest read; start: the first read (at most `limit`).
    package init(limit: Int, start: Int = 16 << 10) {
        self.limit = Swift.max(1, limit)
        current = Swift.max(1, Swift.min(start, self.limit))
    }
    /// Records that a read of `current` bytes returned `n`; a full read doubles the next one.
    package mutating func record(_ n: Int) {
        if n >= current && current < limit { current = Swift.min(current * 2, limit) }
    }
}

/// The longest line `forEachLine(of:errors:_:)` accepts by default: 64 MiB.
package let defaultMaxLineBytes = 64 << 20

/// Calls `body` with each line of a plain or gzip file (without its `\n` and a trailing `\r`)
/// and its 1-based number, streaming in chunks of 1 MB.
/// - Parameter maxLineBytes: the longest line accepted; a longer one (or an endless stream without
///   newlines such as `/dev/zero`) throws instead of growing the buffer without bound.
/// - Throws: what `GzipReader` throws, `E.io` for a NUL byte (binary data), `E.badLine` for a
///   line over `maxLineBytes`, and what `body` throws.
package func forEachLine<E: FileErrorReporting>(
    of path: String, errors: E.Type, maxLineBytes: Int = defaultMaxLineBytes,
    _ body: (_ line: Substring, _ number: Int) throws -> Void
) throws {
    let reader = try GzipReader(path: path, errors: E.self)
    var size = GrowingReadSize(limit: 1 << 20)
    var chunk: [UInt8] = []
    var pending: [UInt8] = []
    var number = 0
    func emit(_ bytes: ArraySlice<UInt8>) throws {
        number += 1
        var b = bytes
        if b.last == 13 { b = b.dropLast() }
        try body(Substring(decoding: b, as: UTF8.self), number)
    }
    var offset = 0
    while true {
        if chunk.count < size.current { chunk = [UInt8](repeating: 0, count: size.current) }
        let n = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
        size.record(n)
        if n == 0 { break }
        if let z = chunk[0..<n].firstIndex(of: 0) {
            throw E.io(path: path, reason: "binary data (a NUL byte at offset \(offset + z)): expected a text file")
        }
        offset += n
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
        guard pending.count <= maxLineBytes else {
            throw E.badLine(
                file: path, line: number + 1, text: "<\(pending.count) bytes without a newline>",
                expected: "lines of at most \(maxLineBytes >> 20) MiB")
        }
    }
    if !pending.isEmpty { try emit(pending[...]) }
}
