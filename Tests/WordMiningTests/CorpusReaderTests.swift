import Foundation
import Testing
import NumSwiftSupport
@testable import WordMining

@Suite struct CorpusReaderTests {
    func lines(_ path: String, _ policy: InvalidUTF8Policy = .reject, chunk: Int = 1 << 20) throws -> ([String], CorpusStats) {
        var out: [String] = []
        let stats = try CorpusReader(path: path, policy: policy, chunkSize: chunk).forEachLine { l, _ in
            out.append(String(decoding: UnsafeRawBufferPointer(l), as: UTF8.self))
        }
        return (out, stats)
    }

    @Test func readsPlainLinesAcrossChunkBoundariesAndStripsCR() throws {
        let path = tempText("第一行\r\n第二行\n\nlast")
        defer { try? FileManager.default.removeItem(atPath: path) }
        for chunk in [16, 17, 1 << 20] {
            let (l, s) = try lines(path, chunk: chunk)
            #expect(l == ["第一行", "第二行", "", "last"])
            #expect(s.lines == 4)
        }
    }

    /// Reads start at 16 KiB and double to the chunk size (small files no longer zero-fill 2 MiB,
    /// which made fuzzing the file readers page-fault-bound); lines crossing every one of those
    /// read boundaries come out intact, plain and gzip, and through the support module's
    /// `forEachLine` and `readAllBytes` too.
    @Test func linesAcrossGrowingReadSizesAreIntact() throws {
        var size = GrowingReadSize(limit: 1 << 20)
        var sizes: [Int] = []
        for _ in 0..<9 { sizes.append(size.current); size.record(size.current) }
        #expect(sizes == [16384, 32768, 65536, 131072, 262144, 524288, 1048576, 1048576, 1048576])
        size.record(10)
        #expect(size.current == 1 << 20)
        var short = GrowingReadSize(limit: 1 << 20)
        short.record(100)  // a short read (end of file) does not grow the next one
        #expect(short.current == 16384)

        var expected: [String] = []
        var text = ""
        for i in 0..<40_000 {
            let line = String(repeating: i % 3 == 0 ? "电" : "ab", count: (i * 7919) % 61) + "\(i)"
            expected.append(line)
            text += line + (i % 5 == 0 ? "\r\n" : "\n")
        }
        let plain = tempText(text)
        defer { try? FileManager.default.removeItem(atPath: plain) }
        let gz = plain + ".gz"
        #expect(system("gzip -c '\(plain)' > '\(gz)'") == 0)
        defer { try? FileManager.default.removeItem(atPath: gz) }
        #expect(text.utf8.count > 2 << 20)
        for path in [plain, gz] {
            #expect(try lines(path).0 == expected)
            var viaSupport: [String] = []
            try forEachLine(of: path, errors: WordMiningError.self) { line, _ in viaSupport.append(String(line)) }
            #expect(viaSupport == expected)
            #expect(try readAllBytes(path, errors: WordMiningError.self) == Array(text.utf8))
        }
    }

    @Test func readsGzipAndLongLines() throws {
        let long = String(repeating: "电", count: 300_000)
        let plain = tempText("a\n\(long)\nb\n")
        defer { try? FileManager.default.removeItem(atPath: plain) }
        let gz = plain + ".gz"
        #expect(system("gzip -c '\(plain)' > '\(gz)'") == 0)
        defer { try? FileManager.default.removeItem(atPath: gz) }
        let (l, _) = try lines(gz, chunk: 4096)
        #expect(l == ["a", long, "b"])
    }

    @Test func gzipOfManyShortLinesReadsEveryLineIntact() throws {
        let plain = tempText(String(repeating: "电网电压很高\n", count: 20000))
        defer { try? FileManager.default.removeItem(atPath: plain) }
        let gz = plain + ".gz"
        #expect(system("gzip -c '\(plain)' > '\(gz)'") == 0)
        defer { try? FileManager.default.removeItem(atPath: gz) }
        for chunk in [100, 4096, 1 << 20] {
            let (l, s) = try lines(gz, chunk: chunk)
            #expect(s.lines == 20000)
            #expect(l.allSatisfy { $0 == "电网电压很高" })
        }
    }

    @Test func truncatedGzipIsReported() throws {
        // Pseudo-random CJK text does not compress much, so cutting the gzip at 2000 bytes truncates it.
        var x: UInt32 = 7
        var text = ""
        for i in 0..<40000 {
            x = x &* 1_103_515_245 &+ 12345
            text.unicodeScalars.append(Unicode.Scalar(0x4E00 + (x >> 16) % 20000)!)
            if i % 40 == 39 { text += "\n" }
        }
        let plain = tempText(text)
        defer { try? FileManager.default.removeItem(atPath: plain) }
        let gz = plain + ".gz"
        #expect(system("gzip -c '\(plain)' | head -c 2000 > '\(gz)'") == 0)
        defer { try? FileManager.default.removeItem(atPath: gz) }
        #expect(throws: WordMiningError.self) { try lines(gz) }
        do { _ = try lines(gz) } catch let e as WordMiningError {
            guard case .truncated = e else { Issue.record("wrong case \(e)"); return }
        }
    }

    @Test func invalidUTF8IsRejectedWithLineNumberOrSkipped() throws {
        let path = tempFile(Array("好的\n".utf8) + [0x61, 0xFF, 0xFE, 0x0A] + Array("再见\n".utf8) + [0xED, 0xA0, 0x80, 0x0A])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: WordMiningError.invalidUTF8(file: path, line: 2, byteOffset: 1)) { try lines(path) }
        let (l, s) = try lines(path, .skip)
        #expect(l == ["好的", "再见"])
        #expect(s.skippedCount == 2 && s.skippedLines == [2, 4])  // line 4: an encoded surrogate
    }

    @Test func wrongFileTypeIsReportedNotCrashed() throws {
        var bytes: [UInt8] = []
        var x: UInt32 = 12345
        for _ in 0..<10000 { x = x &* 1_103_515_245 &+ 12345; bytes.append(UInt8(truncatingIfNeeded: x >> 16)) }
        let path = tempFile(bytes, suffix: ".bin")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: WordMiningError.self) { try WordFinder().discover(CorpusReader(path: path)) }
        // Skipping everything that is not UTF-8 leaves at most scraps; it must not crash.
        _ = try? WordFinder().discover(CorpusReader(path: path, policy: .skip))
    }

    @Test func missingFileAndEmptyFile() throws {
        #expect(throws: WordMiningError.io(path: "/nonexistent/x.txt", reason: "cannot open for reading (No such file or directory)")) {
            try lines("/nonexistent/x.txt")
        }
        let empty = tempText("")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let (l, s) = try lines(empty)
        #expect(l.isEmpty && s.lines == 0)
    }

    @Test func utf8CheckerAcceptsValidAndFlagsOverlongs() {
        let ok = Array("aé中😀".utf8).map { CChar(bitPattern: $0) }
        #expect(ok.withUnsafeBufferPointer { ck_utf8_check_wrapper($0) } == -1)
        let overlong: [CChar] = [0x41, CChar(bitPattern: 0xC0), CChar(bitPattern: 0xAF)]
        #expect(overlong.withUnsafeBufferPointer { ck_utf8_check_wrapper($0) } == 1)
        let cut: [CChar] = [CChar(bitPattern: 0xE4), CChar(bitPattern: 0xB8)]
        #expect(cut.withUnsafeBufferPointer { ck_utf8_check_wrapper($0) } == 0)
    }
}
