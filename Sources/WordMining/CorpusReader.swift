import CKernels.Words
import NumSwiftSupport
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
/// The file is read in blocks that grow from 16 KiB to `chunkSize`; only one block plus the
/// longest line is held. A trailing `\r` is removed from each line. Invalid UTF-8 is reported by
/// line number and either skipped or rejected (`policy`); a truncated gzip stream throws
/// `WordMiningError.truncated`.
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
    /// When set, only the lines whose first byte lies in this range of the uncompressed text are
    /// read (one rank's shard: see `shard(_:of:)`); line numbers then count from the range's first
    /// line. `nil` reads every line.
    public var byteRange: Range<Int>?
    /// Longest line accepted, in bytes; a longer one (or an endless stream without newlines)
    /// throws `WordMiningError.malformedLine` instead of growing the buffer without bound.
    public var maxLineBytes: Int

    /// - Parameters:
    ///   - path: a UTF-8 text file, optionally gzip-compressed.
    ///   - policy: `.reject` (default) throws at the first invalid line; `.skip` drops it.
    ///   - chunkSize: bytes read per block (1 MB by default).
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
        let r = try GzipReader(path: path, errors: WordMiningError.self)
        var stats = CorpusStats()
        // Reads start small and grow to chunkSize (GrowingReadSize): small files stay cheap.
        var size = GrowingReadSize(limit: chunkSize)
        var buf = [CChar](repeating: 0, count: size.current * 2)
        var filled = 0
        var eof = false
        var scanned = 0  // bytes of the pending partial line at buf[0] already searched for a newline
        // A shard starts at the first line that begins inside its range: read from the byte before
        // it and drop everything up to the first newline (nothing, if that byte is a newline).
        let first = byteRange?.lowerBound ?? 0, limit = byteRange?.upperBound ?? Int.max
        var offset = max(first - 1, 0)  // uncompressed offset of buf[0]
        var skipPartial = first > 0
        if offset > 0 { try r.seek(to: Int64(offset)) }
        while !eof {
            // Only a line without a newline (or a growing read size) fills the buffer: bound the
            // line (e.g. /dev/zero).
            guard buf.count - filled >= size.current || filled <= maxLineBytes else {
                throw WordMiningError.malformedLine(
                    file: path, line: stats.lines + 1, text: "<\(filled) bytes without a newline>",
                    expected: "lines of at most \(maxLineBytes >> 20) MiB (one document per line)")
            }
            while buf.count - filled < size.current { buf.append(contentsOf: repeatElement(0, count: buf.count)) }
            let step = size.current
            let n = try buf.withUnsafeMutableBytes {
                try r.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled..<(filled + step)]))
            }
            size.record(Int(n))
            if n == 0 { eof = true }
            filled += Int(n)
            var past = false
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
                    if skipPartial {
                        skipPartial = false
                        start = next
                        continue
                    }
                    if offset + start >= limit {
                        past = true
                        break
                    }
                    stats.bytes += min(next, filled) - start
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
                offset += consumed
                scanned = max(0, scanned - consumed)
            }
            if past { break }
        }
        return stats
    }

    // MARK: - Shards

    /// The reader of shard `part` of `parts`: the uncompressed text is cut into `parts` byte ranges
    /// of about equal size, and a line belongs to the range its first byte lies in (the last range
    /// is open-ended, so every line is read by exactly one shard whatever the size estimate).
    /// - Throws: `WordMiningError.io` when the file cannot be inspected.
    public func shard(_ part: Int, of parts: Int) throws -> CorpusReader {
        precondition(parts >= 1 && part >= 0 && part < parts, "CorpusReader.shard: part \(part) of \(parts)")
        let size = try uncompressedSizeEstimate()
        var r = self
        let lo = part == 0 ? 0 : Int((Double(size) * Double(part) / Double(parts)).rounded(.down))
        let hi = part == parts - 1 ? Int.max : Int((Double(size) * Double(part + 1) / Double(parts)).rounded(.down))
        r.byteRange = lo..<max(lo, hi)
        return r
    }

    /// Size of the uncompressed text: the file size, or for gzip the size its trailer records
    /// (modulo 2^32, and only the last member's; a value smaller than the file means it wrapped,
    /// and four times the compressed size is used). Only the balance of shards depends on it.
    public func uncompressedSizeEstimate() throws -> Int {
        guard let f = fopen(path, "rb") else {
            throw WordMiningError.io(path: path, reason: "cannot open for reading (\(String(cString: strerror(errno))))")
        }
        defer { fclose(f) }
        var head = [UInt8](repeating: 0, count: 2)
        fseek(f, 0, SEEK_END)
        let fileSize = ftell(f)
        fseek(f, 0, SEEK_SET)
        guard fileSize >= 18, fread(&head, 1, 2, f) == 2, head == [0x1F, 0x8B] else { return max(fileSize, 0) }
        var tail = [UInt8](repeating: 0, count: 4)
        fseek(f, -4, SEEK_END)
        guard fread(&tail, 1, 4, f) == 4 else { return fileSize * 4 }
        let isize = Int(tail[0]) | Int(tail[1]) << 8 | Int(tail[2]) << 16 | Int(tail[3]) << 24
        return isize >= fileSize ? isize : fileSize * 4
    }
}
