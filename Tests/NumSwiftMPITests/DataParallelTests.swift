import Foundation
import Testing

/// Data-parallel training (`DataParallel`): 30 Adam steps of a small classifier on global batches
/// of 25 rows, on 1 process and on 2 and 3 ranks (uneven shards of 12/13 and 8/8/9 rows), must
/// end with the same weights up to float reduction order.
@Suite(.serialized) struct DataParallelTests {
    static let selfTest = MPILauncher.product("MPISelfTest")

    /// Final loss and weights printed by rank 0.
    func parse(_ out: String) -> (loss: Float, weights: [Float]) {
        var loss = Float.nan, weights: [Float] = []
        for line in out.split(separator: "\n") {
            if line.hasPrefix("loss ") { loss = Float(line.dropFirst(5)) ?? .nan }
            if line.hasPrefix("weights ") { weights = line.dropFirst(8).split(separator: " ").compactMap { Float($0) } }
        }
        return (loss, weights)
    }

    @Test func theSameWeightsAsOneProcessOn1To3Ranks() throws {
        try #require(MPILauncher.hasMPIRun, "mpirun is missing: run scripts/install-deps.sh (openmpi-bin)")
        let local = try MPILauncher.run(ranks: 0, Self.selfTest, ["train-local"])
        #expect(local.status == 0, "\(local.stdout)\n\(local.stderr)")
        let ref = parse(local.stdout)
        #expect(ref.weights.count == 20 * 16 + 16 + 16 * 3 + 3)
        #expect(ref.loss < 0.9, "the reference run should learn: loss \(ref.loss)")
        for ranks in [0, 2, 3] {
            let run = try MPILauncher.run(ranks: ranks, Self.selfTest, ["train"], timeout: 90)
            #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
            let got = parse(run.stdout)
            try #require(got.weights.count == ref.weights.count, "\(ranks) ranks: \(run.stdout.prefix(300))")
            let diff = zip(got.weights, ref.weights).map { abs($0 - $1) }.max() ?? .infinity
            // Float sums in another order: 1e-5 after 30 Adam steps at learning rate 1e-2.
            #expect(diff < 1e-5, "\(ranks) ranks: max |Δw| = \(diff)")
            #expect(abs(got.loss - ref.loss) < 1e-5, "\(ranks) ranks: loss \(got.loss) vs \(ref.loss)")
        }
    }

    @Test func aMismatchedModelStopsEveryRankWithAClearError() throws {
        try #require(MPILauncher.hasMPIRun)
        let run = try MPILauncher.run(ranks: 3, Self.selfTest, ["train-mismatch"], timeout: 60)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.seconds < 30)
        let lines = run.stdout.split(separator: "\n").filter { $0.hasPrefix("mismatch rank") }
        #expect(lines.count == 3, "\(run.stdout)")
        for line in lines {
            #expect(line.contains("the ranks disagree about the model: rank 1 has 4 weights with 411 values (shape hash"), "\(line)")
        }
    }
}
