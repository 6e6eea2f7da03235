// MARK: - Data-parallel replicas

/// The processes that train one model together by data parallelism, seen from one of them.
///
/// Set `Model.replicas` and `fit`, `evaluate` and the default `trainStep` become rank-aware:
/// every replica runs the same command on the same data, `fit` forms the same global batches on
/// each of them, and each replica computes only its rows `replicaRows(of:)` of every batch. The
/// gradients are summed over the replicas (each scaled by its share of the batch) before the
/// optimiser, the running loss and metrics are summed through `Metric.summableState` so every
/// replica sees the global figures, and only replica 0 prints and writes files. A seed gives
/// the same run at any replica count, up to the order of float additions.
///
/// NumSwift itself has no transport: `NumSwiftDistributed.DataParallel` implements this over MPI.
/// References: Goyal et al., "Accurate, Large Minibatch SGD" (2017); Keras 3 distribution
/// (metric variables with SUM aggregation, chief-only checkpoints).
public protocol ReplicaGroup: AnyObject {
    /// This replica's index in `0..<count`; replica 0 prints and writes.
    var rank: Int { get }
    /// Number of replicas.
    var count: Int { get }
    /// Sums `values` element-wise over the replicas; every replica receives the sums.
    /// - Throws: when the replicas pass different lengths or a replica is gone.
    func sum(_ values: inout [Double]) throws
    /// Replaces every gradient by the sum over the replicas of `scale ×` that replica's gradient,
    /// and `extra` by its element-wise sum, in the same collective calls (`fit` passes the step's
    /// increments of the metric states there, so a step synchronises once).
    /// A gradient that is nil on every replica stays nil; nil on some replicas counts as zero
    /// there (a replica without rows in the batch computes no gradient).
    /// - Throws: when the replicas hold different parameters or a replica is gone.
    func sumGradients(_ g: inout Gradients, scale: Float, extra: inout [Float]) throws
    /// Checks that every replica built the same model and copies replica 0's weights to all.
    /// - Throws: a mismatch error on every replica when a replica built another model.
    func broadcastWeights(_ model: Model) throws
}

extension ReplicaGroup {
    /// This replica's rows of a global batch of `total` rows: `[r·total/p, (r+1)·total/p)`
    /// (contiguous, sizes differ by at most one; a replica may get none when `total < p`).
    public func replicaRows(of total: Int) -> Range<Int> {
        (rank * total / count)..<((rank + 1) * total / count)
    }
}

extension Model {
    /// Whether this process prints and writes files: true without replicas, and on replica 0.
    public var isReplicaRoot: Bool { (replicas?.rank ?? 0) == 0 }

    /// This replica's share of a global batch given as row indices (all of them without replicas).
    func localRows(_ idx: [Int]) -> [Int] {
        guard let r = replicas else { return idx }
        return Array(idx[r.replicaRows(of: idx.count)])
    }

    /// This replica's part of a global batch (unchanged without replicas or when already sharded).
    func localBatch(_ b: Batch) -> Batch {
        guard let r = replicas, b.globalSize == nil else { return b }
        let rows = r.replicaRows(of: b.size)
        var local = Batch(
            x: b.x.map { $0.slice(axis: 0, rows) }, y: b.y?.map { $0.slice(axis: 0, rows) },
            sampleWeight: b.sampleWeight?.slice(axis: 0, rows))
        local.globalSize = b.size
        local.firstGlobalRow = rows.lowerBound
        return local
    }

    /// Sums the gradients of a (local) batch over the replicas, each scaled by its share of the
    /// global batch, so the optimiser sees the gradient of the global batch. A custom `trainStep`
    /// calls this between `computeGradients` and `applyGradients`; without replicas it does nothing.
    /// - Throws: the replica group's errors.
    ///
    /// The same call sums what the running loss and metrics gained since the previous call (their
    /// `summableState`), so `fit` reads the global logs without another collective.
    public func synchronizeGradients(_ g: inout Gradients, for batch: Batch) throws {
        guard let r = replicas else { return }
        let total = batch.globalSize ?? batch.size
        let local = tracker.allMetrics(self).flatMap(\.summableState)
        let s = replicaMetrics
        var delta = local.indices.map { Float(local[$0] - (s.synced.indices.contains($0) ? s.synced[$0] : 0)) }
        try r.sumGradients(&g, scale: total > 0 ? Float(batch.size) / Float(total) : 0, extra: &delta)
        var global = s.global + Array(repeating: 0, count: max(0, delta.count - s.global.count))
        for (i, d) in delta.enumerated() { global[i] += Double(d) }
        replicaMetrics = ReplicaMetrics(synced: local, global: global, fresh: true)
    }

    /// The gradients of `batch`, or none at all for a replica that has no rows of it.
    func localGradients(_ batch: Batch) throws -> Gradients {
        if batch.size == 0 && batch.globalSize != nil {
            let params = trainableParameters()
            return Gradients(parameters: params, values: Array(repeating: nil, count: params.count))
        }
        return try computeGradients(batch).gradients
    }

    /// The logs of `state` summed over the replicas (the local logs without replicas): every
    /// metric's `summableState` is summed, the logs are read from the sums, and the local state
    /// is put back so the next batch keeps accumulating this replica's own rows.
    ///
    /// After a step whose `synchronizeGradients` already summed the training metrics (`fresh`),
    /// no further collective is needed.
    func globalLogs(_ state: EpochState, prefix: String = "") throws -> [String: Float] {
        guard let r = replicas, r.count > 1 else { return state.logs(self, prefix: prefix) }
        let metrics = state.allMetrics(self)
        let local = metrics.map(\.summableState)
        var flat: [Double]
        if state === tracker && replicaMetrics.fresh && replicaMetrics.synced == local.flatMap({ $0 }) {
            flat = replicaMetrics.global
            replicaMetrics.fresh = false
        } else {
            flat = local.flatMap { $0 }
            try r.sum(&flat)
        }
        var off = 0
        for (m, s) in zip(metrics, local) {
            m.summableState = Array(flat[off..<off + s.count])
            off += s.count
        }
        defer { for (m, s) in zip(metrics, local) where !s.isEmpty { m.summableState = s } }
        return state.logs(self, prefix: prefix)
    }
}

/// The running metric states of a data-parallel epoch: this replica's states at the last
/// gradient synchronisation and the replicas' sums of them (`fresh` until `fit` read them).
struct ReplicaMetrics {
    var synced: [Double] = [], global: [Double] = []
    var fresh = false
}

extension Model.EpochState {
    /// Every metric whose value appears in the logs, in a fixed order.
    func allMetrics(_ m: Model) -> [Metric] {
        [loss] + outputLosses + added + layerMetrics + m.compiledMetrics.flatMap { $0 }
    }
}

/// This replica's rows of the global batch in a data-parallel step.
struct RowShard: Sendable {
    var first: Int, rows: Int, total: Int
}

extension RandomGenerator {
    /// The rows of the global batch the current data-parallel step computes (nil otherwise);
    /// task-local, so other threads drawing random numbers at the same time are not affected.
    @TaskLocal static var rowShard: RowShard?

    /// Runs `body` with the random draws of the forward pass mapped onto this replica's rows of
    /// the global batch (see `take`), so Dropout masks and Gumbel noise are those of a
    /// one-process run.
    static func withRowShard<T>(_ b: Batch, _ body: () throws -> T) rethrows -> T {
        guard let total = b.globalSize, total != b.size else { return try body() }
        return try $rowShard.withValue(RowShard(first: b.firstGlobalRow, rows: b.size, total: total)) { try body() }
    }
}
