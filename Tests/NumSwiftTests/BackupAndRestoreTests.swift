import Foundation
import Testing

@testable import NumSwift

/// Issue 13 (Keras-side reliability): `fit` interrupted and resumed from a `BackupAndRestore`
/// backup reproduces the uninterrupted run bit for bit: weights, optimiser slots and step count,
/// gradient accumulators, random layers' generators and the epoch.
@Suite struct BackupAndRestoreTests {
    /// Stops training by throwing when epoch `at` begins (a crash after the previous epoch's backup).
    final class Interrupt: Callback {
        struct Stop: Error {}
        let at: Int
        init(at: Int) { self.at = at }
        override func onEpochBegin(_ epoch: Int, logs: [String: Float]) throws { if epoch == at { throw Stop() } }
    }

    /// The same model every call: a dropout layer (random state), Adam or SGD with momentum.
    func model(_ optimizer: Optimizer) throws -> Model {
        let m = KerasRandom.withSeed(11) {
            Sequential(
                [Dense(16, activation: .relu), Dropout(0.3), Dense(8, activation: .relu), Dropout(0.2), Dense(2, activation: .softmax)],
                inputShape: [4])
        }
        try m.compile(optimizer: optimizer, loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        return m
    }

    func scalars(_ m: Model) -> [[UInt32]] { m.weights.map { $0.value.scalars.map(\.bitPattern) } }

    func tempDir() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ns-backup-\(UUID().uuidString)").path
    }

    func resumeIsBitIdentical(_ makeOptimizer: () -> Optimizer) throws {
        let (x, y, _) = blobs(100, seed: 5)
        let fit = { (m: Model, cbs: [Callback]) in try m.fit(x, y, batchSize: 16, epochs: 5, verbose: 0, seed: 9, callbacks: cbs) }
        let straight = try model(makeOptimizer())
        let initial = scalars(straight)
        try fit(straight, [])
        #expect(scalars(straight) != initial)
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Interrupted as epoch 3 begins: the backup holds the state after epoch 2 (index 1).
        let first = try model(makeOptimizer())
        #expect(throws: Interrupt.Stop.self) { try fit(first, [BackupAndRestore(directory: dir), Interrupt(at: 2)]) }
        let backup = BackupAndRestore(directory: dir)
        #expect(FileManager.default.fileExists(atPath: backup.path))
        let resumed = try model(makeOptimizer())
        let h = try fit(resumed, [backup])
        #expect(backup.restoredEpoch == 2 && h.epochs == [2, 3, 4])
        #expect(scalars(resumed) == scalars(straight))
        #expect(resumed.optimizer!.calls == straight.optimizer!.calls)
        #expect(!FileManager.default.fileExists(atPath: backup.path), "deleted after a finished run")
        // Without a backup the callback changes nothing.
        let plain = try model(makeOptimizer())
        try fit(plain, [BackupAndRestore(directory: dir)])
        #expect(scalars(plain) == scalars(straight))
    }

    /// A replica that works alone but reports `rank` of `count`: enough to see who writes files.
    final class LoneReplica: ReplicaGroup {
        let rank: Int, count: Int
        init(rank: Int, count: Int) { self.rank = rank; self.count = count }
        func sum(_ values: inout [Double]) throws {}
        func sumGradients(_ g: inout Gradients, scale: Float, extra: inout [Float]) throws {
            for i in g.values.indices { if let t = g.values[i] { g.values[i] = t * scale } }
        }
        func broadcastWeights(_ model: Model) throws {}
    }

    /// With data-parallel replicas only replica 0 writes the backup (every replica holds the same
    /// state, and several writers would race on one file).
    @Test func onlyReplicaZeroWritesTheBackup() throws {
        let (x, y, _) = blobs(64, seed: 5)
        for rank in [0, 1] {
            let dir = tempDir()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let m = try model(Adam())
            m.replicas = LoneReplica(rank: rank, count: 2)
            let backup = BackupAndRestore(directory: dir)
            #expect(throws: Interrupt.Stop.self) {
                try m.fit(x, y, batchSize: 16, epochs: 3, verbose: 0, seed: 9, callbacks: [backup, Interrupt(at: 1)])
            }
            #expect(FileManager.default.fileExists(atPath: backup.path) == (rank == 0), "rank \(rank)")
        }
    }

    @Test func resumeFromBackupIsBitIdenticalWithAdam() throws {
        try resumeIsBitIdentical { Adam(learningRate: 0.01) }
    }

    @Test func resumeFromBackupIsBitIdenticalWithMomentumAndAccumulation() throws {
        // 7 steps per epoch with accumulation over 3: the accumulators are not empty at epoch end.
        try resumeIsBitIdentical {
            let o = SGD(learningRate: 0.05, momentum: 0.9)
            o.gradientAccumulationSteps = 3
            return o
        }
    }

    @Test func aBackupOfAnotherModelIsRefusedNamingTheFile() throws {
        let (x, y, _) = blobs(40, seed: 5)
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let m = try model(Adam())
        #expect(throws: Interrupt.Stop.self) {
            try m.fit(x, y, batchSize: 16, epochs: 3, verbose: 0, callbacks: [BackupAndRestore(directory: dir), Interrupt(at: 1)])
        }
        let other = Sequential([Dense(3, activation: .relu), Dense(2, activation: .softmax)], inputShape: [4])
        try other.compile(optimizer: Adam(), loss: CategoricalCrossentropy())
        let before = scalars(other)
        var message = ""
        do { try other.fit(x, y, batchSize: 16, epochs: 3, verbose: 0, callbacks: [BackupAndRestore(directory: dir)]) } catch {
            message = "\(error)"
        }
        #expect(message.contains("backup.safetensors") && message.contains("weights"), "\(message)")
        #expect(scalars(other) == before, "nothing restored from a mismatched backup")
    }
}
