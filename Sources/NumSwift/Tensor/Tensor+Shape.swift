import CKernels.Tensor

// MARK: - Reshaping (no copy: storage is shared)

extension Tensor {
    /// Resolves one `-1` in `newShape` and checks the element count, naming `op` on failure.
    func resolvedShape(_ newShape: [Int], _ op: String) -> [Int] {
        var s = newShape
        let unknown = s.indices.filter { s[$0] == -1 }
        precondition(unknown.count <= 1, "\(op): more than one -1 in \(newShape)")
        precondition(s.allSatisfy { $0 >= -1 }, "\(op): negative extent in \(newShape)")
        if let u = unknown.first {
            let known = s.enumerated().filter { $0.offset != u }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0, "\(op): \(shape) vs \(newShape)")
            s[u] = count / known
        }
        precondition(Tensor.product(s) == count, "\(op): \(shape) vs \(newShape)")
        return s
    }

    /// Same values, new shape, no tape.
    func reshapedValue(_ newShape: [Int]) -> Tensor {
        Tensor(storage: storage, shape: resolvedShape(newShape, "reshape"))
    }

    /// The same values viewed with a new shape (one extent may be -1). Shares storage.
    ///
    /// - Precondition: the element counts agree.
    public func reshape(_ newShape: [Int]) -> Tensor {
        let y = reshapedValue(newShape)
        guard Tensor.recording(self) else { return y }
        let s = shape
        return y.recorded(self) { g in g.reshapedValue(s) }
    }

    /// Alias of `reshape(_:)`.
    public func reshaped(_ newShape: [Int]) -> Tensor { reshape(newShape) }

    /// Collapses all axes after the first: `[b, ...] -> [b, rest]`.
    public func flattened(startAxis: Int = 1) -> Tensor {
        let a = startAxis
        precondition(a >= 0 && a <= rank, "flattened: start axis \(a) for shape \(shape)")
        return reshape(Array(shape[..<a]) + [Tensor.product(Array(shape[a...]))])
    }

    /// Inserts an axis of extent 1 at `axis` (negative counts from the end of the result).
    public func unsqueezed(axis: Int) -> Tensor {
        let a = normalizedAxis(axis, "unsqueezed", rank: rank + 1)
        var s = shape
        s.insert(1, at: a)
        return reshape(s)
    }

    /// Removes axis `axis`, which must have extent 1; with `nil`, removes every extent-1 axis.
    public func squeezed(axis: Int? = nil) -> Tensor {
        guard let axis else { return reshape(shape.filter { $0 != 1 }) }
        let a = normalizedAxis(axis, "squeezed")
        precondition(shape[a] == 1, "squeezed: axis \(axis) has extent \(shape[a]) in \(shape)")
        var s = shape
        s.remove(at: a)
        return reshape(s)
    }
}

// MARK: - Transposes (copy)

extension Tensor {
    /// The matrix transpose `[m, n] -> [n, m]`.
    public func transposed() -> Tensor {
        precondition(rank == 2, "transposed: needs rank 2, got shape \(shape)")
        let (r, c) = (shape[0], shape[1])
        let y = Tensor.build([c, r]) { ck_transpose(r, c, ptr, $0) }
        guard Tensor.recording(self) else { return y }
        return y.recorded(self) { g in Tensor.build([r, c]) { ck_transpose(c, r, g.ptr, $0) } }
    }

    /// Reorders the axes: result axis i is input axis `permutation[i]`.
    public func permuted(_ permutation: [Int]) -> Tensor {
        precondition(
            permutation.count == rank && Set(permutation) == Set(0..<rank),
            "permuted: \(permutation) is not a permutation of the axes of \(shape)")
        if permutation == Array(0..<rank) { return self }
        let st = Tensor.strides(of: shape)
        let outShape = permutation.map { shape[$0] }
        let y = Tensor.stridedCopy(shape: outShape, from: ptr, strides: permutation.map { st[$0] })
        guard Tensor.recording(self) else { return y }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, p) in permutation.enumerated() { inverse[p] = i }
        return y.recorded(self) { g in g.permuted(inverse) }
    }

    /// Swaps two axes.
    public func transposed(_ axis0: Int, _ axis1: Int) -> Tensor {
        var p = Array(0..<rank)
        p.swapAt(normalizedAxis(axis0, "transposed"), normalizedAxis(axis1, "transposed"))
        return permuted(p)
    }

    /// Broadcasts to `target` (NumPy rules), materialising the copies; the gradient sums back.
    public func expand(to target: [Int]) -> Tensor {
        precondition(Tensor.broadcastShape(shape, target, op: "expand") == target, "expand: \(shape) vs \(target)")
        let y = broadcastValue(to: target)
        guard Tensor.recording(self) else { return y }
        let s = shape
        return y.recorded(self) { g in Tensor.unbroadcast(g, to: s) }
    }
}
