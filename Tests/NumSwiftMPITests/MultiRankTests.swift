import Foundation
import Testing

/// The binding across processes: `MPISelfTest` under `mpirun -np 2/3` checks every collective
/// against exactly known results on every rank; failures and dead ranks must end the job quickly.
@Suite(.serialized) struct MultiRankTests {
    static let selfTest = MPILauncher.product("MPISelfTest")

    @Test(arguments: [2, 3]) func everyCollectiveOnSeveralRanks(ranks: Int) throws {
        try #require(MPILauncher.hasMPIRun, "mpirun is missing: run scripts/install-deps.sh (openmpi-bin)")
        let run = try MPILauncher.run(ranks: ranks, Self.selfTest, ["collectives"], timeout: 60)
        #expect(!run.timedOut)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").filter { $0.hasPrefix("ok rank") }.sorted()
        #expect(lines.count == ranks, "\(run.stdout)")
        for (r, line) in lines.enumerated() { #expect(line.hasPrefix("ok rank \(r) of \(ranks): 14 checks"), "\(line)") }
    }

    @Test func theSelfTestRunsAloneWithoutMPIRun() throws {
        let run = try MPILauncher.run(ranks: 0, Self.selfTest, ["collectives"], timeout: 60)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("ok rank 0 of 1"), "\(run.stdout)")
    }

    @Test func mismatchedLengthsThrowTheSameErrorOnEveryRank() throws {
        try #require(MPILauncher.hasMPIRun)
        let run = try MPILauncher.run(ranks: 3, Self.selfTest, ["mismatch"], timeout: 60)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").filter { $0.hasPrefix("mismatch rank") }
        #expect(lines.count == 3, "\(run.stdout)")
        for line in lines { #expect(line.contains("the ranks disagree about the length of allReduce: counts range from 4 to 6"), "\(line)") }
    }

    @Test func aRankThatDiesStopsTheOthersWithinSeconds() throws {
        try #require(MPILauncher.hasMPIRun)
        let run = try MPILauncher.run(ranks: 3, Self.selfTest, ["die"], timeout: 60)
        #expect(!run.timedOut)
        #expect(run.status != 0)
        #expect(run.seconds < 15, "took \(run.seconds) s")
        #expect(run.stderr.contains("Exit code:    7"), "\(run.stderr)")  // mpirun names the rank that died
        #expect(!run.stdout.contains("collectives finished"), "\(run.stdout)")
    }
}
