import Foundation
import NumSwift
import Testing

/// `numswift mnist --distributed` and `numswift vae --distributed` under `mpirun -np 2` against
/// the one-process run with the same global batch: the weights rank 0 writes must match up to
/// float reduction order, and rank 0 alone prints the summary.
@Suite(.serialized) struct DistributedCommandTests {
    static let numswift = MPILauncher.product("numswift")
    static let mnist = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/mnist").path

    func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mpi-\(UUID().uuidString)-\(name)").path
    }

    /// Runs `args` alone and on 2 ranks (with `--distributed`); returns the largest weight
    /// difference and both JSON summaries.
    func compare(_ args: [String]) throws -> (maxDiff: Float, one: [String: Any], two: [String: Any]) {
        let (w1, w2) = (tempPath("1.safetensors"), tempPath("2.safetensors"))
        defer { for p in [w1, w2] { try? FileManager.default.removeItem(atPath: p) } }
        let base = args + ["--data-dir", Self.mnist, "--threads", "1", "--verbose", "0", "--json"]
        let one = try MPILauncher.run(ranks: 0, Self.numswift, base + ["--save-weights", w1], timeout: 120)
        #expect(one.status == 0, "\(one.stderr)")
        let two = try MPILauncher.run(ranks: 2, Self.numswift, base + ["--distributed", "--save-weights", w2], timeout: 120)
        #expect(two.status == 0, "\(two.stdout)\n\(two.stderr)")
        let json = two.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(json.count == 1, "only rank 0 prints: \(two.stdout)")
        let (a, b) = (try Safetensors.read(path: w1), try Safetensors.read(path: w2))
        #expect(Set(a.keys) == Set(b.keys) && !a.isEmpty)
        var diff: Float = 0
        for (k, t) in a {
            guard let u = b[k], u.shape == t.shape else { return (.infinity, [:], [:]) }
            diff = max(diff, zip(t.scalars, u.scalars).map { abs($0 - $1) }.max() ?? 0)
        }
        func parse(_ s: String) throws -> [String: Any] {
            let line = s.split(separator: "\n").last { $0.hasPrefix("{") } ?? "{}"
            return try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        }
        return (diff, try parse(one.stdout), try parse(two.stdout))
    }

    @Test func mnistOn2RanksEndsWithTheWeightsOfOneProcess() throws {
        try #require(MPILauncher.hasMPIRun, "mpirun is missing: run scripts/install-deps.sh (openmpi-bin)")
        let r = try compare(["mnist", "--epochs", "1", "--train-samples", "6000"])
        // 47 Adam steps (lr 1e-3) of the 79,510-weight MLP; float sums in another order.
        #expect(r.maxDiff < 1e-5, "max |Δw| = \(r.maxDiff)")
        let (a1, a2) = (r.one["test_accuracy"] as? Double ?? -1, r.two["test_accuracy"] as? Double ?? 1)
        #expect(abs(a1 - a2) <= 0.002 && a1 > 0.8, "test accuracy \(a1) vs \(a2)")
        #expect(r.two["ranks"] as? Int == 2)
    }

    @Test func vaeOn2RanksEndsWithTheWeightsOfOneProcess() throws {
        try #require(MPILauncher.hasMPIRun)
        let out = tempPath("vae")
        defer { try? FileManager.default.removeItem(atPath: out) }
        // 6 RMSprop steps on global batches of 100 rows: shards of 50 with the Gumbel noise of
        // the rows they hold. RMSprop's first steps move every weight by about lr·√10 whatever
        // its gradient, so weights with near-zero gradients amplify reduction-order noise:
        // measured 3.0e-5 (weights up to 0.15), tested at 1e-4. Test loss measured 2e-7 relative.
        let r = try compare(["vae", "--epochs", "1", "--train-samples", "600", "--test-samples", "200", "--out", out])
        #expect(r.maxDiff < 1e-4, "max |Δw| = \(r.maxDiff)")
        let (l1, l2) = (r.one["test_loss"] as? Double ?? -1, r.two["test_loss"] as? Double ?? 1)
        #expect(abs(l1 - l2) < 1e-5 * abs(l1), "test loss \(l1) vs \(l2)")
    }
}
