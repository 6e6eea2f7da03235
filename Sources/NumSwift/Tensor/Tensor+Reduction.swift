import CKernels.Tensor

// MARK: - Reduction kernels (no tape)

extension Tensor {
    /// Normalised, sorted, de-duplicated axes; all axes for `nil`.
    func reductionAxes(_ axes: [Int]?, _ op: String) -> [Int] {
        guard let axes else { return Array(0..<rank) }
        return Array(Set(axes.map { normalizedAxis($0, op) })).sorted()
    }

    /// Reduces the given axes (sorted, unique) with the C kernel `op`; keeps them as extent 1.
    func reduceValue(_ op: Int32, axes: [Int]) -> Tensor {
        var cur = detached()
        var s = shape
        var d = axes.count - 1
        // Runs of adjacent axes collapse into one [outer, n, inner] reduction.
        while d >= 0 {
            var start = d
            while start > 0 && axes[start - 1] == axes[start] - 1 { start -= 1 }
            let lo = axes[start], hi = axes[d]
            let outer = Tensor.product(Array(s[..<lo]))
            let n = Tensor.product(Array(s[lo...hi]))
            let inner = Tensor.product(Array(s[(hi + 1)...]))
            for k in lo...hi { s[k] = 1 }
            let src = cur
            cur = Tensor.build(s) { ck_reduce(op, outer, n, inner, src.ptr, $0) }
            d = start - 1
        }
        return cur
    }

    /// Sum over `axes` with kept dimensions, no tape.
    func sumValue(axes: [Int]) -> Tensor { reduceValue(Int32(CK_RSUM), axes: axes) }

    /// Shape after reducing `axes`, kept as 1 or dropped.
    func reducedShape(_ axes: [Int], keepDims: Bool) -> [Int] {
        keepDims
            ? shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
            : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
    }
}

// MARK: - Differentiable reductions

extension Tensor {
    /// Sum over `axes` (negative axes count from the end); reduced axes are kept as extent 1
    /// when `keepDims`.
    public func sum(axes: [Int], keepDims: Bool = false) -> Tensor {
        let ax = reductionAxes(axes, "sum")
        let y = sumValue(axes: ax).reshapedValue(reducedShape(ax, keepDims: keepDims))
        guard Tensor.recording(self) else { return y }
        let (s, keep) = (shape, reducedShape(ax, keepDims: true))
        return y.recorded(self) { g in g.reshapedValue(keep).broadcastValue(to: s) }
    }

    /// Sum of all elements (rank-0 result), accumulated in double.
    public func sum() -> Tensor {
        let y = Tensor(Float(ck_sum_all(ptr, count)))
        guard Tensor.recording(self) else { return y }
        let s = shape
        return y.recorded(self) { g in Tensor.full(s, g.scalar) }
    }

    /// Mean over `axes`.
    public func mean(axes: [Int], keepDims: Bool = false) -> Tensor {
        let ax = reductionAxes(axes, "mean")
        let n = ax.reduce(1) { $0 * shape[$1] }
        return sum(axes: ax, keepDims: keepDims) * (1 / Float(Swift.max(n, 1)))
    }

    /// Mean of all elements (rank-0 result).
    public func mean() -> Tensor { sum() * (1 / Float(Swift.max(count, 1))) }

    /// Population variance over `axes` (divides by n, as Keras and NumPy do by default).
    public func variance(axes: [Int], keepDims: Bool = false) -> Tensor {
        let ax = reductionAxes(axes, "variance")
        let centred = self - mean(axes: ax, keepDims: true)
        return centred.squared().mean(axes: ax, keepDims: keepDims)
    }

    /// Population variance of all elements.
    public func variance() -> Tensor { variance(axes: Array(0..<rank)) }

    /// Maximum over `axes`; the gradient is shared equally among tied maxima.
    public func max(axes: [Int], keepDims: Bool = false) -> Tensor {
        extremum(Int32(CK_RMAX), axes: axes, keepDims: keepDims, "max")
    }

    /// Minimum over `axes`; the gradient is shared equally among tied minima.
    public func min(axes: [Int], keepDims: Bool = false) -> Tensor {
        extremum(Int32(CK_RMIN), axes: axes, keepDims: keepDims, "min")
    }

    /// Maximum of all elements.
    public func max() -> Tensor { max(axes: Array(0..<rank)) }

    /// Minimum of all elements.
    public func min() -> Tensor { min(axes: Array(0..<rank)) }

    private func extremum(_ op: Int32, axes: [Int], keepDims: Bool, _ name: String) -> Tensor {
        let ax = reductionAxes(axes, name)
        for a in ax { precondition(shape[a] > 0, "\(name): empty axis \(a) in \(shape)") }
        let kept = reduceValue(op, axes: ax)
        let y = kept.reshapedValue(reducedShape(ax, keepDims: keepDims))
        guard Tensor.recording(self) else { return y }
        let x = detached()
        return y.recorded(self) { g in
            let mask = x .== kept
            let ties = mask.sumValue(axes: ax)
            return mask * (g.reshapedValue(kept.shape) / ties)
        }
    }

    /// `log(sum(exp(x)))` over `axes`, computed stably (fused kernel for a single axis).
    public func logSumExp(axes: [Int], keepDims: Bool = false) -> Tensor {
        let ax = reductionAxes(axes, "logSumExp")
        let keepShape = reducedShape(ax, keepDims: true)
        let kept: Tensor
        if ax.count == 1 {
            let a = ax[0]
            let outer = Tensor.product(Array(shape[..<a])), inner = Tensor.product(Array(shape[(a + 1)...]))
            kept = Tensor.build(keepShape) { ck_logsumexp(outer, shape[a], inner, ptr, $0) }
        } else {
            kept = withNoGrad {
                let m = reduceValue(Int32(CK_RMAX), axes: ax)
                let safeM = Tensor.where(m.abs() .< Float.infinity, m, Tensor(0))
                return (self - safeM).exp().sumValue(axes: ax).log() + safeM
            }
        }
        let y = kept.reshapedValue(reducedShape(ax, keepDims: keepDims))
        guard Tensor.recording(self) else { return y }
        let x = detached()
        return y.recorded(self) { g in g.reshapedValue(keepShape) * (x - kept).exp() }
    }

    // MARK: - Index reductions (not differentiable)

    /// Index of the first maximum along `axis`, as a float tensor with that axis removed.
    public func argmax(axis: Int = -1) -> Tensor { argReduce(axis, takeMin: false, "argmax") }

    /// Index of the first minimum along `axis`, as a float tensor with that axis removed.
    public func argmin(axis: Int = -1) -> Tensor { argReduce(axis, takeMin: true, "argmin") }

    private func argReduce(_ axis: Int, takeMin: Bool, _ name: String) -> Tensor {
        let a = normalizedAxis(axis, name)
        precondition(shape[a] > 0, "\(name): empty axis \(a) in \(shape)")
        let outer = Tensor.product(Array(shape[..<a])), inner = Tensor.product(Array(shape[(a + 1)...]))
        var idx = [Int64](repeating: 0, count: outer * inner)
        ck_argreduce(takeMin ? 1 : 0, outer, shape[a], inner, ptr, &idx)
        var s = shape
        s.remove(at: a)
        return Tensor(shape: s, scalars: idx.map { Float($0) })
    }
}
