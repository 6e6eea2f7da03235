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
    let tmp = try stageFile(for: path, errors: E.self, body)
    if rename(tmp, path) != 0 {
        let reason = String(cString: strerror(errno))
        unlink(tmp)
        throw E.io(path: path, reason: "cannot rename the temporary file into place (\(reason))")
    }
}

/// Writes several files as one output: all of them, or (when one fails) none. Each is written to
/// a temporary file first; only when all are complete are they renamed into place. A rename that
/// fails removes the files of this run already renamed.
/// - Parameter files: each target path with the body that writes it.
/// - Throws: `E.io(path:reason:)` naming the file that failed ("nothing was written"); what a body throws.
package func writeAllAtomically<E: FileErrorReporting>(
    _ files: [(path: String, body: (inout AtomicFileSink) throws -> Void)], errors: E.Type
) throws {
    var staged: [(tmp: String, path: String)] = []
    func discard() { for s in staged { unlink(s.tmp) } }
    for f in files {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: f.path, isDirectory: &isDir), isDir.boolValue {
            discard()
            throw E.io(path: f.path, reason: "is a directory; expected a file path to write (nothing was written)")
        }
        do { staged.append((try stageFile(for: f.path, errors: E.self, f.body), f.path)) } catch {
            discard()
            throw error
        }
    }
    var renamed: [String] = []
    for (i, s) in staged.enumerated() {
        if rename(s.tmp, s.path) != 0 {
            let reason = String(cString: strerror(errno))
            for t in staged[i...] { unlink(t.tmp) }
            for p in renamed { unlink(p) }
            throw E.io(path: s.path, reason: "cannot rename the temporary file into place (\(reason)); nothing was written")
        }
        renamed.append(s.path)
    }
}

/// Writes a complete temporary file beside `path` with `body` and returns its path.
/// - Throws: `E.io` when it cannot be created, written or flushed (it is removed); what `body` throws.
private func stageFile<E: FileErrorReporting>(
    for path: String, errors _: E.Type, _ body: (inout AtomicFileSink) throws -> Void
) throws -> String {
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
    return tmp
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
