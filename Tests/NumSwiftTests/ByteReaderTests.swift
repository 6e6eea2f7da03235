import Foundation
import Testing
@testable import NumSwift

@Suite struct ByteReaderTests {
    func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("numswift-\(UUID().uuidString)-\(name)").path
    }

    @Test func readsPlainAndGzipFilesAlike() throws {
        let text = Array("hello, gzip\n".utf8)
        let plain = tempPath("a.txt")
        try Data(text).write(to: URL(fileURLWithPath: plain))
        defer { try? FileManager.default.removeItem(atPath: plain) }
        #expect(try readAllBytes(path: plain) == text)
        // gzip -c of the same text, produced with the gzip tool.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-k", "-f", plain]
        try p.run(); p.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: plain + ".gz") }
        #expect(try readAllBytes(path: plain + ".gz") == text)
    }

    @Test func truncatedGzipThrows() throws {
        let plain = tempPath("b.txt")
        try Data(repeating: 65, count: 100_000).write(to: URL(fileURLWithPath: plain))
        defer { try? FileManager.default.removeItem(atPath: plain) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-f", plain]
        try p.run(); p.waitUntilExit()
        let gz = plain + ".gz"
        defer { try? FileManager.default.removeItem(atPath: gz) }
        let full = try Data(contentsOf: URL(fileURLWithPath: gz))
        try full.prefix(full.count / 2).write(to: URL(fileURLWithPath: gz))
        #expect(throws: NumSwiftError.self) { try readAllBytes(path: gz) }
    }

    @Test func missingFileThrowsNamingThePath() {
        do {
            _ = try readAllBytes(path: "/nonexistent/x.gz")
            Issue.record("expected a throw")
        } catch {
            #expect("\(error)".contains("/nonexistent/x.gz"))
        }
    }
}
