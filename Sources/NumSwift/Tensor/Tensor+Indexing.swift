import CKernels.Tensor

// MARK: - Slicing

extension Tensor {
    /// The sub-tensor with `ranges[d]` along axis d (missing trailing axes are taken whole).
    ///
    /// - Precondition: every range lies within its axis.
    public func slice(_ ranges: [Range<Int>]) -> Tensor {
        precondition(ranges.count <= rank, "slice: \(ranges.count) ranges for shape \(shape)")
        var lower = [Int](repeating: 0, count: rank), outShape = shape
        for (d, r) in ranges.enumerated() {
            precondition(r.lowerBound >= 0 && r.upperBound <= shape[d], "slice: range \(r) on axis \(d) of \(shape)")
            lower[d] = r.lowerBound
            outShape[d] = r.count
        }
        let st = Tensor.strides(of: shape)
        let offset = zip(lower, st).reduce(0) { $0 + $1.0 * $1.1 }
        let contiguousRows = ranges.count <= 1
        let y: Tensor
        if contiguousRows {
            // A range of leading rows is one contiguous block.
            y = Tensor.build(outShape) { $0.update(from: ptr + offset, count: Tensor.product(outShape)) }
        } else {
            y = Tensor.stridedCopy(shape: outShape, from: ptr + offset, strides: st)
        }
        guard Tensor.recording(self) else { return y }
        let s = shape
        return y.recorded(self) { g in
            var full = Tensor.zeros(s)
            full.addSlice(g, lower: lower)
            return full
        }
    }

    /// Slice `range` along one axis.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let a = normalizedAxis(axis, "slice")
        var ranges = shape.map { 0..<$0 }
        ranges[a] = range
        return slice(Array(ranges[...a]))
    }

    /// Rows `range` of the first axis.
    public subscript(_ range: Range<Int>) -> Tensor { slice([range]) }

    /// Element `index` of the first axis, with that axis removed.
    public subscript(_ index: Int) -> Tensor {
        precondition(rank >= 1 && index >= 0 && index < shape[0], "subscript: index \(index) for shape \(shape)")
        return slice([index..<(index + 1)]).squeezed(axis: 0)
    }

    /// Adds `g` into the block of `self` starting at `lower` (no tape). `self` must be unique.
    mutating func addSlice(_ g: Tensor, lower: [Int]) {
        makeUnique()
        let st = Tensor.strides(of: shape)
        let offset = zip(lower, st).reduce(0) { $0 + $1.0 * $1.1 }
        let gs = g.shape
        let rows = gs.count <= 1 ? 1 : Tensor.product(Array(gs.dropLast()))
        let inner = gs.last ?? 1
        let base = storage.base + offset
        // Walk the outer indices of g; each innermost run is contiguous in both tensors.
        var idx = [Int](repeating: 0, count: Swift.max(gs.count - 1, 0))
        for r in 0..<rows {
            var off = 0
            for d in 0..<idx.count { off += idx[d] * st[d] }
            ck_binary(Int32(CK_ADD), base + off, g.ptr + r * inner, base + off, inner)
            var d = idx.count - 1
            while d >= 0 {
                idx[d] += 1
                if idx[d] < gs[d] { break }
                idx[d] = 0
                d -= 1
            }
        }
    }
}

// MARK: - Joining

extension Tensor {
    /// Joins tensors along an existing axis; all other extents must agree.
    public static func concat(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "concat: no tensors")
        let first = tensors[0]
        let a = first.normalizedAxis(axis, "concat")
        for t in tensors {
            precondition(
                t.rank == first.rank && t.shape.enumerated().allSatisfy { $0.offset == a || $0.element == first.shape[$0.offset] },
                "concat: \(first.shape) vs \(t.shape) along axis \(axis)")
        }
        var outShape = first.shape
        outShape[a] = tensors.reduce(0) { $0 + $1.shape[a] }
        let outer = product(Array(first.shape[..<a]))
        let innerOut = product(Array(outShape[a...]))
        let y = build(outShape) { y in
            var col = 0
            for t in tensors {
                let block = product(Array(t.shape[a...]))
                for o in 0..<outer { (y + o * innerOut + col).update(from: t.ptr + o * block, count: block) }
                col += block
            }
        }
        guard recording(tensors) else { return y }
        let extents = tensors.map { $0.shape[a] }
        let tracked = tensors.map(\.isTracked)
        return y.recorded(tensors) { g in
            var start = 0
            return zip(extents, tracked).map { e, tr in
                defer { start += e }
                return tr ? g.slice(axis: a, start..<(start + e)) : nil
            }
        }
    }

    /// Stacks equally shaped tensors along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "stack: no tensors")
        let a = tensors[0].normalizedAxis(axis, "stack", rank: tensors[0].rank + 1)
        for t in tensors { precondition(t.shape == tensors[0].shape, "stack: \(tensors[0].shape) vs \(t.shape)") }
        return concat(tensors.map { $0.unsqueezed(axis: a) }, axis: a)
    }

    /// Splits along `axis` into pieces of the given extents (differentiable through slicing).
    public func split(_ sizes: [Int], axis: Int = 0) -> [Tensor] {
        let a = normalizedAxis(axis, "split")
        precondition(sizes.reduce(0, +) == shape[a], "split: sizes \(sizes) vs extent \(shape[a]) of \(shape)")
        var start = 0
        return sizes.map { s in
            defer { start += s }
            return slice(axis: a, start..<(start + s))
        }
    }
}

// MARK: - Gather

extension Tensor {
    /// Selects entries `indices` along `axis` (index-select); indices may repeat, and the
    /// gradient scatter-adds back.
    ///
    /// Shapes: `[..., n, ...]` with `indices.count = k` → `[..., k, ...]`.
    public func gather(indices: [Int], axis: Int = 0) -> Tensor {
        let a = normalizedAxis(axis, "gather")
        let n = shape[a]
        for i in indices { precondition(i >= 0 && i < n, "gather: index \(i) out of range 0..<\(n) on axis \(a) of \(shape)") }
        let outer = Tensor.product(Array(shape[..<a])), inner = Tensor.product(Array(shape[(a + 1)...]))
        var outShape = shape
        outShape[a] = indices.count
        let k = indices.count
        let y = Tensor.build(outShape) { y in
            for o in 0..<outer {
                for (j, i) in indices.enumerated() {
                    (y + (o * k + j) * inner).update(from: ptr + (o * n + i) * inner, count: inner)
                }
            }
        }
        guard Tensor.recording(self) else { return y }
        let s = shape
        return y.recorded(self) { g in
            Tensor.build(s) { dx in
                ck_fill(dx, outer * n * inner, 0)
                for o in 0..<outer {
                    for (j, i) in indices.enumerated() {
                        let dst = dx + (o * n + i) * inner
                        ck_binary(Int32(CK_ADD), dst, g.ptr + (o * k + j) * inner, dst, inner)
                    }
                }
            }
        }
    }

    /// `gather` with integer-valued float indices (e.g. from `argmax`).
    public func gather(indices: Tensor, axis: Int = 0) -> Tensor {
        gather(indices: indices.withUnsafeBufferPointer { $0.map { Int($0) } }, axis: axis)
    }
}

// MARK: - Take along an axis

extension Tensor {
    /// One entry per position of the other axes: `y[..., ...] = x[..., indices[k], ...]` along
    /// `axis` (NumPy `take_along_axis` with the axis then removed), e.g. the probability of each
    /// row's label. The gradient scatters back into a zero tensor.
    ///
    /// Shapes: `[b, n]` with `b` indices along axis 1 → `[b]`; generally, indices are in
    /// row-major order over the shape without `axis`.
    public func take(indices: [Int], alongAxis axis: Int = -1) -> Tensor {
        let (outer, n, inner) = axisView(axis, "take")
        let a = normalizedAxis(axis, "take")
        precondition(indices.count == outer * inner, "take: \(indices.count) indices for shape \(shape) along axis \(a)")
        for i in indices { precondition(i >= 0 && i < n, "take: index \(i) out of range 0..<\(n) on axis \(a) of \(shape)") }
        var outShape = shape
        outShape.remove(at: a)
        // Flat source offset of each output element.
        var offsets = [Int](repeating: 0, count: indices.count)
        for o in 0..<outer { for i in 0..<inner { let k = o * inner + i; offsets[k] = (o * n + indices[k]) * inner + i } }
        let y = Tensor.build(outShape) { p in for (k, off) in offsets.enumerated() { p[k] = ptr[off] } }
        guard Tensor.recording(self) else { return y }
        let s = shape
        return y.recorded(self) { g in
            Tensor.build(s) { dx in
                ck_fill(dx, Tensor.product(s), 0)
                for (k, off) in offsets.enumerated() { dx[off] += g.ptr[k] }
            }
        }
    }
}
