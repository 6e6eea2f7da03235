import CKernels.Tensor

// MARK: - Minibatch iterator

/// Splits `count` examples into batches of index lists, optionally shuffled per epoch with a
/// seeded permutation (reproducible: epoch e uses stream e of the seed). The last batch may be
/// smaller.
///
/// Example: `for idx in Minibatches(count: 60000, batchSize: 128, shuffle: true, seed: 42, epoch: 0) { … }`.
public struct Minibatches: Sequence {
    /// Number of examples and the batch size.
    public let count: Int, batchSize: Int
    let order: [Int]

    /// - Precondition: `batchSize > 0`.
    public init(count: Int, batchSize: Int, shuffle: Bool = false, seed: UInt64 = 0, epoch: Int = 0) {
        precondition(batchSize > 0, "Minibatches: batchSize must be positive, got \(batchSize)")
        self.count = count; self.batchSize = batchSize
        if shuffle {
            var g = RandomGenerator(seed: seed, stream: UInt64(epoch) &+ 0x5348_5546)
            order = g.permutation(count)
        } else {
            order = Array(0..<count)
        }
    }

    /// Number of batches.
    public var batchCount: Int { (count + batchSize - 1) / batchSize }

    /// Iterates over the batches as lists of example indices.
    public func makeIterator() -> AnyIterator<[Int]> {
        var start = 0
        let (o, b, n) = (order, batchSize, count)
        return AnyIterator {
            guard start < n else { return nil }
            defer { start += b }
            return Array(o[start..<Swift.min(start + b, n)])
        }
    }
}

/// Rows `indices` of `t` along axis 0 (contiguous ranges are sliced without a gather).
public func selectRows(_ t: Tensor, _ indices: [Int]) -> Tensor {
    if let f = indices.first, indices.last == f + indices.count - 1 && zip(indices, indices.dropFirst()).allSatisfy({ $1 == $0 + 1 }) {
        return t.slice(axis: 0, f..<(f + indices.count))
    }
    guard t.rank >= 1, !indices.isEmpty else { return t.gather(indices: indices, axis: 0) }
    let rows = t.shape[0], rowLen = t.count / Swift.max(rows, 1)
    let idx = indices.map { Int64($0) }
    var status: Int32 = 0
    let out = Tensor(shape: [indices.count] + Array(t.shape.dropFirst())) { dst in
        t.withUnsafeBufferPointer { src in
            status = ck_gather_rows(src.baseAddress!, rows, rowLen, idx, idx.count, dst.baseAddress!)
        }
    }
    precondition(status == 0, "selectRows: index \(status > 0 ? indices[Int(status) - 1] : -1) out of range 0..<\(rows) for \(t.shape)")
    return out
}
