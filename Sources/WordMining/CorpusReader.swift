import CKernels.IO
import CKernels.Words
#if canImport(Glibc)
    import Glibc
#endif

/// What to do with a corpus line that is not valid UTF-8.
public enum InvalidUTF8Policy: String, Sendable, CaseIterable {
    /// Drop the line and record its number in `CorpusStats.skippedLines`.
    case skip
    /// Throw `WordMiningError.invalidUTF8` naming the line.
    case reject
}

/// Counters from one pass over a corpus.
public struct CorpusStats: Sendable, Equatable {
    /// Lines seen (including skipped ones).
    public var lines = 0
    /// Uncompressed bytes seen.
    public var bytes = 0
    /// Number of lines dropped as invalid UTF-8.
    public var skippedCount = 0
    /// The first 100 dropped line numbers (1-based).
    public var skippedLines: [Int] = []
}

/// Streams a UTF-8 corpus, plain or gzip, one document per line, with bounded memory.
///
/// The file is read in `chunkSize` blocks; only one block plus the longest line is held. A
/// trailing `\r` is removed from each line. Invalid UTF-8 is reported by line number and either
/// skipped or rejected (`policy`); a truncated gzip stream throws `WordMiningError.truncated`.
///
/// ```swift
/// let reader = CorpusReader(path: "reviews.txt.gz")
/// let stats = try reader.forEachLine { bytes, lineNumber in ... }
/// ```
/// References: kexue.fm/archives/6540 (one text per line).
public struct CorpusReader: Sendable {
    /// Path of the corpus.
    public let path: String
    /// Policy for lines that are not valid UTF-8.
    public var policy: InvalidUTF8Policy
    /// Bytes read per block.
    public var chunkSize: Int
    /// Longest line accepted, in bytes; a longer one (or an endless stream without newlines)
    /// throws `WordMiningError.malformedLine` instead of growing the buffer without bound.
    public var maxLineBytes: Int

    /// - Parameters:
    ///   - path: a UTF-8 text file, optionally gzip-compressed.
    ///   - policy: `.reject` (default) throws at the first invalid line; `.skip` drops it.
    ///   - maxLineBytes: the longest line accepted (default 64 MiB).
    public init(path: String, policy: InvalidUTF8Policy = .reject, chunkSize: Int = 1 << 20, maxLineBytes: Int = 64 << 20) {
        self.path = path
        self.policy = policy
        self.chunkSize = max(16, chunkSize)
        self.maxLineBytes = max(16, maxLineBytes)
    }

    /// Calls `body(line, lineNumber)` for every valid line (bytes without the newline; 1-based).
    /// - Throws: `WordMiningError.io`, `.truncated`, `.invalidUTF8` (policy `.reject`), or what
    ///   `body` throws.
    @discardableResult
    public func forEachLine(_ body: (UnsafeBufferPointer<CChar>, Int) throws -> Void) throws -> CorpusStats {
        try forEachUncheckedLine { line, n, stats in
            let bad = ck_utf8_check(line.baseAddress, line.count)
            if bad >= 0 {
                try reportInvalid(line: n, byteOffset: Int(bad), stats: &stats)
            } else {
                try body(line, n)
            }
        }
    }

    /// Applies `policy` to an invalid line: throws (`.reject`) or records it (`.skip`).
    func reportInvalid(line: Int, byteOffset: Int, stats: inout CorpusStats) throws {
        switch policy {
        case .reject:
            throw WordMiningError.invalidUTF8(file: path, line: line, byteOffset: byteOffset)
        case .skip:
            stats.skippedCount += 1
            if stats.skippedLines.count < 100 { stats.skippedLines.append(line) }
        }
    }

    /// Calls `body(line, lineNumber, &stats)` for every line without checking its UTF-8; a body that
    /// validates the line itself calls `reportInvalid` for a bad one.
    func forEachUncheckedLine(_ body: (UnsafeBufferPointer<CChar>, Int, inout CorpusStats) throws -> Void) throws -> CorpusStats {
        guard let r = ck_gz_open(path) else {
            throw WordMiningError.io(path: path, reason: "cannot open for reading (\(String(cString: strerror(errno))))")
        }
        defer { ck_gz_close(r) }
        var stats = CorpusStats()
        var buf = [CChar](repeating: 0, count: chunkSize * 2)
        var filled = 0
        var eof = false
        var scanned = 0  // bytes of the pending partial line already searched for a newline
        while !eof {
            if buf.count - filled < chunkSize {
                // Only a line without a newline fills the buffer: bound it (e.g. /dev/zero).
                guard filled <= maxLineBytes else {
                    throw WordMiningError.malformedLine(
                        file: path, line: stats.lines + 1, text: "<\(filled) bytes without a newline>",
                        expected: "lines of at most \(maxLineBytes >> 20) MiB (one document per line)")
                }
                buf.append(contentsOf: repeatElement(0, count: buf.count))
            }
            let n = buf.withUnsafeMutableBufferPointer { ck_gz_read(r, $0.baseAddress! + filled, chunkSize) }
            if n < 0 { throw WordMiningError.truncated(file: path, reason: String(cString: ck_gz_error(r))) }
            if n == 0 { eof = true }
            filled += Int(n)
            stats.bytes += Int(n)
            let consumed = try buf.withUnsafeBufferPointer { b -> Int in
                let base = b.baseAddress!
                var start = 0
                while start < filled {
                    // A long line is searched for its newline once, not again after every chunk.
                    let from = max(start, scanned)
                    var end: Int
                    if let nl = memchr(base + from, 0x0A, filled - from) {
                        end = from + (UnsafeRawPointer(nl) - UnsafeRawPointer(base + from))
                    } else if eof {
                        end = filled
                    } else {
                        scanned = filled
                        break
                    }
                    let next = end + 1
                    if end > start && base[end - 1] == 0x0D { end -= 1 }
                    stats.lines += 1
                    let line = UnsafeBufferPointer(start: base + start, count: end - start)
                    let number = stats.lines
                    try body(line, number, &stats)
                    start = next
                }
                return min(start, filled)
            }
            if consumed > 0 {
                buf.withUnsafeMutableBufferPointer { b in
                    _ = memmove(b.baseAddress!, b.baseAddress! + consumed, filled - consumed)
                }
                filled -= consumed
                scanned = max(0, scanned - consumed)
            }
        }
        return stats
    }
}
