import CKernels.Tensor

extension Tensor {
    // MARK: - Constant fills

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { full(shape, 0) }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { full(shape, 1) }

    /// A tensor with every element equal to `value`.
    public static func full(_ shape: [Int], _ value: Float) -> Tensor {
        precondition(shape.allSatisfy { $0 >= 0 }, "full: negative extent in \(shape)")
        return build(shape) { ck_fill($0, product(shape), value) }
    }

    /// `[0, 1, ..., n-1]` as a rank-1 tensor.
    public static func arange(_ n: Int) -> Tensor {
        precondition(n >= 0, "arange: negative length \(n)")
        return build([n]) { p in for i in 0..<n { p[i] = Float(i) } }
    }

    /// `start, start + step, ...` up to but excluding `end`.
    public static func arange(from start: Float, to end: Float, step: Float = 1) -> Tensor {
        precondition(step != 0, "arange: step must be nonzero")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return build([n]) { p in for i in 0..<n { p[i] = start + Float(i) * step } }
    }

    /// The `n`×`n` identity matrix.
    public static func eye(_ n: Int) -> Tensor {
        var t = zeros([n, n])
        for i in 0..<n { t.storage.base[i * n + i] = 1 }
        t.node = nil
        return t
    }

    /// One-hot rows: `[indices.count, depth]` with a 1 at each index (not differentiable).
    ///
    /// - Precondition: every index is in `0..<depth`.
    public static func oneHot(_ indices: [Int], depth: Int) -> Tensor {
        build([indices.count, depth]) { p in
            ck_fill(p, indices.count * depth, 0)
            for (r, c) in indices.enumerated() {
                precondition(c >= 0 && c < depth, "oneHot: index \(c) out of range 0..<\(depth)")
                p[r * depth + c] = 1
            }
        }
    }

    /// One-hot encoding of an integer-valued tensor: shape `shape + [depth]`.
    public func oneHot(depth: Int) -> Tensor {
        let idx = withUnsafeBufferPointer { $0.map { Int($0) } }
        return Tensor.oneHot(idx, depth: depth).reshaped(shape + [depth])
    }

    /// A tensor of zeros with this tensor's shape.
    public func zerosLike() -> Tensor { Tensor.zeros(shape) }

    /// A tensor of ones with this tensor's shape.
    public func onesLike() -> Tensor { Tensor.ones(shape) }

    // MARK: - Random fills
    //
    // Large fills are split across `Runtime.threads`; element i always comes from the same
    // counter block, so the values do not depend on the split.

    /// Uniform samples in `(lo, hi)`.
    public static func randomUniform(
        _ shape: [Int], lo: Float = 0, hi: Float = 1,
        generator: inout RandomGenerator
    ) -> Tensor {
        let n = product(shape)
        let s = generator.take(n)
        return build(shape) { y in Parallel.forChunks(n) { ck_random_uniform(s, $0, y + $0, $1, lo, hi) } }
    }

    /// Normal samples with the given mean and standard deviation.
    public static func randomNormal(
        _ shape: [Int], mean: Float = 0, std: Float = 1,
        generator: inout RandomGenerator
    ) -> Tensor {
        let n = product(shape)
        let s = generator.take(n)
        return build(shape) { y in Parallel.forChunks(n) { ck_random_normal(s, $0, y + $0, $1, mean, std) } }
    }

    /// Normal samples truncated to `mean ± 2 std` (Keras `TruncatedNormal`).
    public static func truncatedNormal(
        _ shape: [Int], mean: Float = 0, std: Float = 1,
        generator: inout RandomGenerator
    ) -> Tensor {
        let n = product(shape)
        let s = generator.take(n)
        return build(shape) { y in Parallel.forChunks(n) { ck_random_truncated_normal(s, $0, y + $0, $1, mean, std) } }
    }

    /// Standard Gumbel samples `-log(-log u)`.
    public static func gumbel(_ shape: [Int], generator: inout RandomGenerator) -> Tensor {
        let n = product(shape)
        let s = generator.take(n)
        return build(shape) { y in Parallel.forChunks(n) { ck_random_gumbel(s, $0, y + $0, $1) } }
    }
}
