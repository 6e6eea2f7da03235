import Foundation
import Testing

/// `numswift words discover --distributed` under mpirun: the file rank 0 writes must equal the
/// one-process output byte for byte, and a rank that fails must end the job with its error.
@Suite(.serialized) struct DistributedWordsTests {
    static let numswift = MPILauncher.product("numswift")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("WordMiningTests/Fixtures")

    func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mpi-\(UUID().uuidString)-\(name)").path
    }

    @Test(arguments: ["reviews_head3000.txt.gz", "pd199801_head1500.txt.gz"])
    func rankZeroWritesTheOneProcessListOn2And3Ranks(corpus: String) throws {
        try #require(MPILauncher.hasMPIRun, "mpirun is missing: run scripts/install-deps.sh (openmpi-bin)")
        let input = Self.fixtures.appendingPathComponent(corpus).path
        let one = tempPath("one.txt")
        defer { try? FileManager.default.removeItem(atPath: one) }
        let single = try MPILauncher.run(ranks: 0, Self.numswift, ["words", "discover", input, "-o", one, "--threads", "1"])
        #expect(single.status == 0, "\(single.stderr)")
        let expected = try Data(contentsOf: URL(fileURLWithPath: one))
        #expect(expected.count > 10_000)
        // --distributed without mpirun is a job of one rank.
        for ranks in [0, 2, 3] {
            let out = tempPath("\(ranks).txt")
            defer { try? FileManager.default.removeItem(atPath: out) }
            let run = try MPILauncher.run(
                ranks: ranks, Self.numswift, ["words", "discover", input, "-o", out, "--distributed", "--threads", "1", "--json"], timeout: 90)
            #expect(!run.timedOut)
            #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == expected, "\(ranks) ranks")
            // Only rank 0 prints: one JSON line naming every rank's peak memory.
            let json = run.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }
            #expect(json.count == 1, "\(run.stdout)")
            let fields = try JSONSerialization.jsonObject(with: Data((json.first ?? "{}").utf8)) as? [String: Any]
            #expect(fields?["ranks"] as? Int == max(ranks, 1), "\(run.stdout)")
            #expect((fields?["peak_rss_mb_per_rank"] as? [Double])?.count == max(ranks, 1), "\(run.stdout)")
        }
    }

    @Test func aRankWithBadInputEndsTheJobWithItsErrorWithinSeconds() throws {
        try #require(MPILauncher.hasMPIRun)
        var bytes: [UInt8] = []
        for i in 0..<60 { bytes += Array("第\(i)行电网电压很高\n".utf8) }
        bytes.insert(0xFF, at: bytes.count - 10)  // line 60: only the last rank reads it
        let input = tempPath("bad.txt"), out = tempPath("out.txt")
        FileManager.default.createFile(atPath: input, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: input) }
        let run = try MPILauncher.run(ranks: 3, Self.numswift, ["words", "discover", input, "-o", out, "--distributed"], timeout: 60)
        #expect(!run.timedOut)
        #expect(run.status != 0)
        #expect(run.seconds < 20, "took \(run.seconds) s")
        #expect(run.stderr.contains("rank 2 of 3: \(input):60: invalid UTF-8"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
