import CKernels.Tensor

/// A seedable counter-based random generator (Philox4x32-10), as a value type.
///
/// Every fill draws from fresh counter blocks and advances the generator, so two generators with
/// the same seed and stream produce the same sequence of tensors, whatever the thread count.
/// Copying a generator copies its position.
///
/// ```swift
/// var rng = RandomGenerator(seed: 42)
/// let w = Tensor.randomNormal([784, 100], std: 0.05, generator: &rng)
/// ```
///
/// References: Salmon et al., "Parallel random numbers: as easy as 1, 2, 3" (SC'11).
public struct RandomGenerator: Sendable, Equatable {
    /// The key.
    public let seed: UInt64
    /// The stream id; generators with different streams are independent.
    public let stream: UInt64
    /// The next unused counter block.
    public private(set) var offset: UInt64

    /// Creates a generator for `seed` and `stream`, positioned at the first block.
    public init(seed: UInt64, stream: UInt64 = 0) {
        self.seed = seed
        self.stream = stream
        self.offset = 0
    }

    /// Reserves the blocks for `n` values and returns the state to fill them from.
    ///
    /// During a data-parallel step (`rowShard` set) a fill of `n` values over this replica's rows
    /// is taken as its slice of the fill over the whole global batch: the state starts at the
    /// first row's values and the generator advances past the global fill, as in a one-process
    /// run. This needs `n` to be a multiple of the local rows and the slice to start on a block
    /// boundary (row length × first row divisible by 4); otherwise the replica draws its own
    /// values from the start of the global fill.
    mutating func take(_ n: Int) -> ck_philox_state {
        var s = ck_philox_state(seed: seed, stream: stream, offset: offset)
        if let shard = Self.rowShard, shard.rows > 0, n % shard.rows == 0 {
            let skip = shard.first * (n / shard.rows)
            if skip % 4 == 0 { s.offset &+= UInt64(skip / 4) }
            offset &+= UInt64(ck_random_blocks(shard.total * (n / shard.rows)))
            return s
        }
        offset &+= UInt64(ck_random_blocks(n))
        return s
    }

    /// A generator on an independent stream derived from this one (for per-layer or per-worker
    /// streams); advances this generator by one block.
    public mutating func split() -> RandomGenerator {
        var bits = [UInt32](repeating: 0, count: 4)
        let s = take(4)
        ck_random_bits(s, 0, &bits, 4)
        let derived = UInt64(bits[0]) << 32 | UInt64(bits[1])
        return RandomGenerator(seed: seed ^ derived, stream: stream &+ (UInt64(bits[2]) << 32 | UInt64(bits[3])))
    }

    /// A uniform integer in `0..<bound` (bound > 0), e.g. for shuffling.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:): bound must be positive, got \(bound)")
        var bits = [UInt32](repeating: 0, count: 2)
        ck_random_bits(take(2), 0, &bits, 2)
        let r = UInt64(bits[0]) << 32 | UInt64(bits[1])
        return Int(r.multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform permutation of `0..<n` (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        guard n > 1 else { return p }
        var bits = [UInt32](repeating: 0, count: 2 * n)
        ck_random_bits(take(2 * n), 0, &bits, 2 * n)
        for i in stride(from: n - 1, to: 0, by: -1) {
            let r = UInt64(bits[2 * i]) << 32 | UInt64(bits[2 * i + 1])
            let j = Int(r.multipliedFullWidth(by: UInt64(i + 1)).high)
            p.swapAt(i, j)
        }
        return p
    }
}
