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

/// `Model.fit` with `replicas` (`MPISelfTest fit`): the same History, weights and `evaluate`
/// figures as one process, only rank 0 printing and writing files.
@Suite(.serialized) struct RankAwareFitTests {
    struct Output {
        var history: [String: [Float]] = [:]
        var weights: [Float] = []
        var evaluations: [String] = []
        var files: [String: String] = [:]
        var epochLines = 0
    }

    func parse(_ out: String) -> Output {
        var o = Output()
        for line in out.split(separator: "\n").map(String.init) {
            let parts = line.split(separator: " ").map(String.init)
            if line.hasPrefix("history ") { o.history[parts[1]] = parts.dropFirst(2).compactMap { Float($0) } }
            if line.hasPrefix("weights ") { o.weights = parts.dropFirst().compactMap { Float($0) } }
            if line.hasPrefix("evaluate rank ") { o.evaluations.append(parts.dropFirst(3).joined(separator: " ")) }
            if line.hasPrefix("files rank ") { o.files[String(parts[2].dropLast())] = parts.dropFirst(3).joined(separator: " ") }
            if line.hasPrefix("Epoch 1/3") { o.epochLines += 1 }
        }
        return o
    }

    func run(_ ranks: Int, _ mode: String) throws -> Output {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fit-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try MPILauncher.run(ranks: ranks, DataParallelTests.selfTest, [mode, dir], timeout: 90)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        return parse(r.stdout + "\n" + r.stderr)
    }

    @Test func fitOn2And3RanksMatchesOneProcessAndOnlyRankZeroPrintsAndWrites() throws {
        try #require(MPILauncher.hasMPIRun, "mpirun is missing: run scripts/install-deps.sh (openmpi-bin)")
        let ref = try run(0, "fit-local")
        #expect(ref.epochLines == 1)
        #expect(Set(ref.history.keys) == ["loss", "accuracy", "val_loss", "val_accuracy", "batches_loss"])
        #expect(ref.history["accuracy"]?.last ?? 0 > 0.5, "the reference run should learn: \(ref.history)")
        #expect(ref.files["0"] == "ckpt-1.safetensors ckpt-2.safetensors ckpt-3.safetensors log.csv")
        for ranks in [2, 3] {
            let got = try run(ranks, "fit")
            #expect(got.epochLines == 1, "\(ranks) ranks: only rank 0 prints")
            try #require(got.weights.count == ref.weights.count, "\(ranks) ranks")
            // Float sums in another order (gradients, metric states): 1e-5 after 29 Adam steps.
            let dw = zip(got.weights, ref.weights).map { abs($0 - $1) }.max() ?? .infinity
            #expect(dw < 1e-5, "\(ranks) ranks: max |Δw| = \(dw)")
            for (k, v) in ref.history {
                let d = zip(got.history[k] ?? [], v).map { abs($0 - $1) }.max() ?? .infinity
                #expect(got.history[k]?.count == v.count && d < 1e-5, "\(ranks) ranks: \(k) \(got.history[k] ?? []) vs \(v)")
            }
            // evaluate: every rank gets the global figures.
            #expect(got.evaluations.count == ranks && Set(got.evaluations).count == 1, "\(got.evaluations)")
            #expect(got.files["0"] == ref.files["0"])
            for r in 1..<ranks { #expect(got.files["\(r)"] == "", "rank \(r) wrote \(got.files["\(r)"] ?? "?")") }
        }
    }
}
