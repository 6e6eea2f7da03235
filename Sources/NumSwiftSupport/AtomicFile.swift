import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file being written through `writeAtomically(to:errors:_:)`: buffered writes to a temporary
/// file that becomes the target only when everything was written.
package struct AtomicFileSink {
    fileprivate let file: UnsafeMutablePointer<FILE>
    fileprivate var failed = false

    /// Appends raw bytes.
    package mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        if fwrite(bytes.baseAddress, 1, bytes.count, file) != bytes.count { failed = true }
    }

    /// Appends the UTF-8 bytes of `text`.
    package mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Appends `bytes`.
    package mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }
}

/// Writes `path` through a temporary file in the same directory (`.<name>.tmp-<pid>-<random>`)
/// and a rename, so a reader never sees a half-written file and a failed write leaves the old
/// file (if any) in place.
/// - Throws: `E.io(path:reason:)` when the temporary file cannot be created, written, flushed or
///   renamed (the temporary file is removed); what `body` throws (likewise).
package func writeAtomically<E: FileErrorReporting>(
    to path: String, errors: E.Type, _ body: (inout AtomicFileSink) throws -> Void
) throws {
    let url = URL(fileURLWithPath: path)
    let tmp = url.deletingLastPathComponent()
        .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
    guard let f = fopen(tmp, "wb") else {
        throw E.io(path: path, reason: "cannot create a temporary file beside it (\(String(cString: strerror(errno))))")
    }
    var sink = AtomicFileSink(file: f)
    do {
        try body(&sink)
    } catch {
        fclose(f)
        unlink(tmp)
        throw error
    }
    let closed = fclose(f) == 0
    guard !sink.failed, closed else {
        unlink(tmp)
        throw E.io(path: path, reason: "write failed (disk full or no permission?)")
    }
    if rename(tmp, path) != 0 {
        let reason = String(cString: strerror(errno))
        unlink(tmp)
        throw E.io(path: path, reason: "cannot rename the temporary file into place (\(reason))")
    }
}

/// Writes `bytes` to `path` atomically (temporary file and rename).
/// - Throws: `E.io(path:reason:)`.
package func writeAtomically<E: FileErrorReporting>(_ bytes: [UInt8], to path: String, errors: E.Type) throws {
    try writeAtomically(to: path, errors: E.self) { $0.write(bytes) }
}

/// Writes the UTF-8 bytes of `text` to `path` atomically (temporary file and rename).
/// - Throws: `E.io(path:reason:)`.
package func writeAtomically<E: FileErrorReporting>(_ text: String, to path: String, errors: E.Type) throws {
    try writeAtomically(to: path, errors: E.self) { $0.write(text) }
}
