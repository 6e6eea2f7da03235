import NumSwift
import NumSwiftMPI

#if canImport(Glibc)
    import Glibc
#endif

/// Synchronous data-parallel training over MPI: the `ReplicaGroup` that makes `Model.fit` and
/// `evaluate` rank-aware, built on the training core's seam between gradients and the optimiser
/// (`Model.computeGradients` / `Model.applyGradients`).
///
/// Every rank holds the whole model. `broadcastWeights` checks that the ranks built the same model
/// and copies rank 0's weights; each step takes this rank's rows of the global batch, computes
/// their gradients, scales them by the rank's share of the batch, sums them over the ranks in
/// flattened buckets (one all-reduce carries many small tensors, and the step's metric increments)
/// and lets the optimiser apply the result, the same on every rank, so the weights stay identical
/// without more traffic. The objective is a mean over the batch (plus penalties that do not depend
/// on it), so the scaled sum is the gradient of the global batch: a run on p ranks follows the
/// one-process run up to the order of float additions.
///
/// With `fit` (`model.replicas = dp`), random draws in a step follow the global rows, so Dropout
/// masks and Gumbel noise equal the one-process run's; the lower-level `trainStep(_:_:)` here
/// does not map them. Not covered: BatchNormalization's moving statistics (per-rank batches).
///
/// ```swift
/// let dp = DataParallel(try Communicator.world())
/// model.replicas = dp
/// try model.fit(x, y, batchSize: 128, epochs: 5)   // rank 0 prints; History holds global figures
/// ```
/// References: Goyal et al., "Accurate, Large Minibatch SGD" (2017), §3; Sergeev & Del Balso,
/// "Horovod" (2018) (tensor fusion = buckets).
public final class DataParallel: ReplicaGroup {
    /// The ranks that train together.
    public let comm: Communicator
    /// Largest bucket of flattened gradients summed by one all-reduce.
    public var bucketBytes = 4 << 20
    /// Seconds spent in gradient all-reduces since creation (for reports).
    public private(set) var allReduceSeconds = 0.0

    /// - Parameter comm: usually `Communicator.world()`.
    public init(_ comm: Communicator) { self.comm = comm }
    /// This rank.
    public var rank: Int { comm.rank }
    /// Number of ranks.
    public var count: Int { comm.size }

    // MARK: - Weights

    /// Checks that every rank has the same weights (count and shapes) and copies rank 0's values
    /// to all ranks.
    /// - Throws: `MPIError.mismatch` on every rank when a rank built another model.
    public func broadcastWeights(_ model: Model) throws {
        let ws = model.weights
        let mine = Self.signature(ws)
        let all = try comm.allGather(mine)
        for r in 1..<comm.size where Array(all[r * 3..<r * 3 + 3]) != Array(all[0..<3]) {
            throw MPIError.mismatch(
                what: "the model",
                detail: "rank \(r) has \(all[r * 3]) weights with \(all[r * 3 + 1]) values (shape hash \(all[r * 3 + 2])), "
                    + "rank 0 has \(all[0]) with \(all[1]) (shape hash \(all[2]))")
        }
        var flat: [Float] = []
        flat.reserveCapacity(Int(mine[1]))
        for v in ws { flat += v.value.scalars }
        try comm.broadcast(&flat)
        var off = 0
        for v in ws {
            let n = v.value.count
            v.value = Tensor(shape: v.shape, scalars: Array(flat[off..<off + n]))
            off += n
        }
    }

    /// Number of weights, number of values, and an FNV-1a hash of the shapes.
    static func signature(_ ws: [Variable]) -> [Int64] {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        var values = 0
        for v in ws {
            for d in v.shape + [-1] { h = (h ^ UInt64(bitPattern: Int64(d))) &* 0x100_0000_01B3 }
            values += v.value.count
        }
        return [Int64(ws.count), Int64(values), Int64(bitPattern: h >> 1)]
    }

    // MARK: - One step

    /// This rank's rows of a global batch: `[r·B/p, (r+1)·B/p)` (a rank may get none).
    public func shard(_ batch: Batch) -> Batch {
        let rows = replicaRows(of: batch.x.first?.shape.first ?? 0)
        return Batch(
            x: batch.x.map { $0.slice(axis: 0, rows) }, y: batch.y?.map { $0.slice(axis: 0, rows) },
            sampleWeight: batch.sampleWeight?.slice(axis: 0, rows))
    }

    /// Sums `g.values` over the ranks, each first multiplied by `scale`, in buckets of at most
    /// `bucketBytes` (whole tensors; a larger tensor goes alone). A gradient that is nil on this
    /// rank counts as zeros; one flag per parameter, summed in the last bucket, keeps nil those
    /// that are nil on every rank; `extra` (e.g. metric increments) rides in the last bucket too.
    /// - Throws: `MPIError.mismatch` when the ranks hold different parameters; `MPIError`.
    public func sumGradients(_ g: inout Gradients, scale: Float, extra: inout [Float]) throws {
        let t0 = Self.now()
        defer { allReduceSeconds += Self.now() - t0 }
        let sizes = g.parameters.map { $0.variable.value.count }
        let cap = max(1, bucketBytes / 4)
        var start = 0
        repeat {
            var end = start, size = 0
            while end < sizes.count, size == 0 || size + sizes[end] <= cap {
                size += sizes[end]
                end += 1
            }
            let last = end == sizes.count
            var bucket = [Float](repeating: 0, count: size + (last ? sizes.count + extra.count : 0))
            var off = 0
            for i in start..<end {
                if let t = g.values[i] {
                    t.withUnsafeBufferPointer { src in
                        for j in 0..<sizes[i] { bucket[off + j] = src[j] * scale }
                    }
                }
                off += sizes[i]
            }
            if last {
                for i in sizes.indices where g.values[i] != nil { bucket[size + i] = 1 }
                for (j, e) in extra.enumerated() { bucket[size + sizes.count + j] = e }
            }
            try comm.allReduce(&bucket)
            off = 0
            for i in start..<end {
                let shape = g.parameters[i].variable.shape
                g.values[i] = Tensor(shape: shape, scalars: Array(bucket[off..<off + sizes[i]]))
                off += sizes[i]
            }
            if last {
                for i in sizes.indices where bucket[size + i] == 0 { g.values[i] = nil }
                for j in extra.indices { extra[j] = bucket[size + sizes.count + j] }
            }
            start = end
        } while start < sizes.count
    }

    /// Sums `values` over the ranks.
    public func sum(_ values: inout [Double]) throws { try comm.allReduce(&values) }

    /// `sumGradients` without extra values.
    public func sumGradients(_ g: inout Gradients, scale: Float) throws {
        var none: [Float] = []
        try sumGradients(&g, scale: scale, extra: &none)
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// One synchronous step on a global batch (the same on every rank): this rank's shard,
    /// its gradients scaled by its share of the rows, the all-reduce, the optimiser.
    /// - Returns: the global batch's objective (the row-weighted mean of the ranks' objectives).
    /// - Throws: as `computeGradients` / `applyGradients`; `MPIError`.
    @discardableResult
    public func trainStep(_ model: Model, _ batch: Batch) throws -> Float {
        let total = batch.x.first?.shape.first ?? 0
        let local = shard(batch)
        let rows = local.x.first?.shape.first ?? 0
        let share = total > 0 ? Float(rows) / Float(total) : 0
        let (loss, g0) = try model.computeGradients(local)
        var g = g0
        try sumGradients(&g, scale: share)
        try model.applyGradients(g)
        var l = [Double(rows > 0 ? loss.scalar : 0) * Double(share)]
        try comm.allReduce(&l)
        return Float(l[0])
    }
}
