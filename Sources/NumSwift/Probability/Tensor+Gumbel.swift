import CKernels.Tensor

// MARK: - Gumbel-Max and Gumbel-Softmax (fused C kernels)

/// The eps guard of the Gumbel noise `g = −log(−log(u + eps) + eps)` (Keras `epsilon()`, as in Su's
/// code).
public let gumbelEpsilon: Float = 1e-7

extension Tensor {
    /// The permutation that moves `axis` to the end, and its inverse.
    fileprivate func axisToLast(_ a: Int) -> (forward: [Int], inverse: [Int]) {
        let forward = Array(0..<a) + Array((a + 1)..<rank) + [a]
        var inverse = [Int](repeating: 0, count: rank)
        for (i, p) in forward.enumerated() { inverse[p] = i }
        return (forward, inverse)
    }

    /// Gumbel-Max sampling: one class index per slice along `axis`, distributed exactly as
    /// `Categorical(softmax(self))` along that axis: `argmax_i(x_i + g_i)` with Gumbel noise `g`.
    ///
    /// Shapes: `self [..., k, ...]` (logits or log-probabilities; adding a constant along the axis
    /// does not change the distribution) → the shape without `axis`, holding the indices as floats.
    /// Not differentiable (use `gumbelSoftmax` for a relaxed, differentiable sample).
    ///
    /// - Parameters:
    ///   - axis: the class axis (default last).
    ///   - eps: the guard of the double logarithm.
    ///   - generator: the noise source; advanced by `count` values.
    /// References: Su, kexue.fm/archives/6705 §"Gumbel Max"; Gumbel (1954).
    public func gumbelMax(axis: Int = -1, eps: Float = gumbelEpsilon, generator: inout RandomGenerator) -> Tensor {
        let a = normalizedAxis(axis, "gumbelMax")
        precondition(shape[a] > 0, "gumbelMax: empty class axis in \(shape)")
        let x = a == rank - 1 ? self : permuted(axisToLast(a).forward)
        let n = x.shape[rank - 1]
        let rows = x.count / n
        let s = generator.take(rows * n)
        var idx = [Int32](repeating: 0, count: rows)
        idx.withUnsafeMutableBufferPointer { out in
            let o = out.baseAddress!
            Parallel.forRows(rows, rowSize: n) { r0, rc in ck_gumbel_max(s, r0, rc, n, x.ptr + r0 * n, eps, o + r0) }
        }
        var outShape = shape
        outShape.remove(at: a)
        return Tensor.build(outShape) { p in for i in 0..<rows { p[i] = Float(idx[i]) } }
    }

    /// Draws class indices from `Categorical(softmax(logits))` along `axis` by Gumbel-Max
    /// (see `gumbelMax`). Shape: `logits` without `axis`, indices as floats.
    ///
    /// References: Su, kexue.fm/archives/6705.
    public static func categorical(
        logits: Tensor, axis: Int = -1, eps: Float = gumbelEpsilon, generator: inout RandomGenerator
    ) -> Tensor {
        logits.gumbelMax(axis: axis, eps: eps, generator: &generator)
    }

    /// Gumbel-Softmax (the Concrete relaxation): `softmax((x + g) / τ)` along `axis`, with Gumbel
    /// noise `g = −log(−log(u + eps) + eps)` drawn in the same fused pass.
    ///
    /// With `hard: true` the forward value is the exact one-hot of `argmax(x + g)` (the Gumbel-Max
    /// sample for the same noise) and the backward pass uses the soft gradient (straight-through,
    /// Jang et al.). For every τ, `argmax` of the soft output is that same Gumbel-Max sample.
    ///
    /// Shapes: `self [..., k, ...]` → same shape. The gradient flows to `self`; τ is a value
    /// (anneal it between steps), not differentiated.
    ///
    /// - Parameters:
    ///   - tau: the temperature, > 0. Small τ gives near one-hot samples but vanishing or noisy
    ///     gradients; large τ gives near uniform outputs.
    ///   - hard: straight-through one-hot forward.
    ///   - axis: the class axis (default last).
    ///   - eps: the guard of the double logarithm.
    ///   - generator: the noise source; advanced by `count` values.
    /// References: Su, kexue.fm/archives/6705 §"Gumbel Softmax"; Jang, Gu & Poole, arXiv 1611.01144;
    /// Maddison, Mnih & Teh, arXiv 1611.00712.
    public func gumbelSoftmax(
        tau: Float, hard: Bool = false, axis: Int = -1, eps: Float = gumbelEpsilon,
        generator: inout RandomGenerator
    ) -> Tensor {
        precondition(tau > 0 && tau.isFinite, "gumbelSoftmax: temperature must be positive and finite, got \(tau)")
        let a = normalizedAxis(axis, "gumbelSoftmax")
        if a != rank - 1 {
            let (forward, inverse) = axisToLast(a)
            return permuted(forward).gumbelSoftmax(tau: tau, hard: hard, eps: eps, generator: &generator).permuted(inverse)
        }
        let n = shape[rank - 1]
        precondition(n > 0, "gumbelSoftmax: empty class axis in \(shape)")
        let rows = count / n
        let s = generator.take(rows * n)
        let soft = Tensor(uninitializedShape: shape)
        let oneHot: Tensor? = hard ? Tensor(uninitializedShape: shape) : nil
        let (ys, yh) = (soft.storage.base, oneHot?.storage.base)
        Parallel.forRows(rows, rowSize: n) { r0, rc in
            let o = r0 * n
            ck_gumbel_softmax(s, r0, rc, n, ptr + o, tau, eps, ys + o, nil, yh.map { $0 + o })
        }
        let y = oneHot ?? soft
        guard Tensor.recording(self) else { return y }
        return y.recorded(self) { g in
            // Straight-through: the gradient of the one-hot is taken as that of the soft sample.
            Tensor.build(soft.shape) { dx in
                Parallel.forRows(rows, rowSize: n) { r0, rc in
                    let o = r0 * n
                    ck_gumbel_softmax_backward(rc, n, soft.ptr + o, g.ptr + o, tau, dx + o)
                }
            }
        }
    }

    /// Gumbel-Softmax with the temperature given as a scalar tensor (e.g. a value annealed per
    /// step, read at call time). See `gumbelSoftmax(tau: Float, ...)`.
    public func gumbelSoftmax(
        tau: Tensor, hard: Bool = false, axis: Int = -1, eps: Float = gumbelEpsilon,
        generator: inout RandomGenerator
    ) -> Tensor {
        precondition(tau.count == 1, "gumbelSoftmax: temperature must be a scalar, got shape \(tau.shape)")
        return gumbelSoftmax(tau: tau.scalar, hard: hard, axis: axis, eps: eps, generator: &generator)
    }
}

extension Tensor {
    /// Standard Gumbel noise `g = −log(−log(u + eps) + eps)`, exactly the noise `gumbelSoftmax` and
    /// `gumbelMax` add when called with a generator in the same state on a tensor of this shape.
    /// Mean ≈ 0.5772 (Euler–Mascheroni), variance ≈ π²/6.
    ///
    /// - Parameters:
    ///   - shape: shape of the result.
    ///   - eps: guard inside both logarithms (default `gumbelEpsilon`).
    ///   - generator: advanced by `product(shape)` values.
    public static func gumbelNoise(_ shape: [Int], eps: Float = gumbelEpsilon, generator: inout RandomGenerator) -> Tensor {
        let n = product(shape)
        let s = generator.take(n)
        return build(shape) { y in Parallel.forChunks(n) { ck_gumbel_noise(s, $0, y + $0, $1, eps) } }
    }
}
