import CKernels.Tensor

// MARK: - GEMM core (no tape)

extension Tensor {
    /// `op(a) · op(b)` for rank 2 or 3 operands through `ck_sgemm`; a rank-2 operand is shared
    /// across the batch of a rank-3 one. Transposes are GEMM flags, never copies; the output is
    /// allocated uninitialised and written with beta = 0.
    static func gemm(_ a: Tensor, _ b: Tensor, transposeA ta: Bool = false, transposeB tb: Bool = false) -> Tensor {
        precondition(
            (a.rank == 2 || a.rank == 3) && (b.rank == 2 || b.rank == 3),
            "matmul: needs rank 2 or 3 operands, got \(a.shape) vs \(b.shape)")
        let ar = a.rank, br = b.rank
        let (am, ak) = ta ? (a.shape[ar - 1], a.shape[ar - 2]) : (a.shape[ar - 2], a.shape[ar - 1])
        let (bk, bn) = tb ? (b.shape[br - 1], b.shape[br - 2]) : (b.shape[br - 2], b.shape[br - 1])
        precondition(ak == bk, "matmul: \(a.shape)\(ta ? "ᵀ" : "") vs \(b.shape)\(tb ? "ᵀ" : "")")
        let batchA = ar == 3 ? a.shape[0] : 1, batchB = br == 3 ? b.shape[0] : 1
        precondition(ar == 2 || br == 2 || batchA == batchB, "matmul: batch \(a.shape) vs \(b.shape)")
        let batch = Swift.max(batchA, batchB)
        let lda = a.shape[ar - 1], ldb = b.shape[br - 1]
        let outShape = (ar == 3 || br == 3) ? [batch, am, bn] : [am, bn]
        if ak == 0 { return zeros(outShape) }
        // [B, m, k] · [k, n]: one GEMM over the stacked rows.
        if ar == 3 && br == 2 && !ta {
            return build(outShape) {
                ck_sgemm(0, tb ? 1 : 0, batch * am, bn, ak, 1, a.ptr, lda, b.ptr, ldb, 0, $0, bn)
            }
        }
        if ar == 2 && br == 2 {
            return build(outShape) { ck_sgemm(ta ? 1 : 0, tb ? 1 : 0, am, bn, ak, 1, a.ptr, lda, b.ptr, ldb, 0, $0, bn) }
        }
        let strideA = ar == 3 ? a.shape[1] * a.shape[2] : 0
        let strideB = br == 3 ? b.shape[1] * b.shape[2] : 0
        return build(outShape) {
            ck_sgemm_batched(
                ta ? 1 : 0, tb ? 1 : 0, batch, am, bn, ak, 1, a.ptr, lda, strideA,
                b.ptr, ldb, strideB, 0, $0, bn, am * bn)
        }
    }
}

// MARK: - Differentiable matmul

extension Tensor {
    /// Matrix product `op(self) · op(other)` where `op` transposes the last two axes when the
    /// flag is set (a GEMM flag, no copy).
    ///
    /// Shapes: `[m, k] · [k, n] -> [m, n]`; batched `[b, m, k] · [b, k, n] -> [b, m, n]`;
    /// a rank-2 operand is shared across the batch: `[b, m, k] · [k, n] -> [b, m, n]`; more
    /// leading axes are batch axes too: `[b, h, m, k] · [b, h, k, n] -> [b, h, m, n]`.
    ///
    /// - Precondition: inner extents and batch sizes agree ("matmul: …" names both shapes).
    public func matmul(_ other: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        if rank > 3 || other.rank > 3 {
            return matmulFoldingBatchAxes(other, transposeA: transposeA, transposeB: transposeB)
        }
        let (ta, tb) = (transposeA, transposeB)
        let y = Tensor.gemm(self, other, transposeA: ta, transposeB: tb)
        guard Tensor.recording(self, other) else { return y }
        // Each side's gradient needs only the other operand: capture a value only when its
        // partner is tracked, so e.g. a first layer's weights are not kept alive by the tape.
        let (needA, needB) = (isTracked, other.isTracked)
        let (shapeA, shapeB) = (shape, other.shape)
        let a: Tensor? = needB ? detached() : nil, b: Tensor? = needA ? other.detached() : nil
        return y.recorded(self, other) { g in
            // With C = op(A) op(B): d op(A) = G op(B)ᵀ and d op(B) = op(A)ᵀ G.
            var ga: Tensor? = nil, gb: Tensor? = nil
            if let b {
                ga =
                    ta
                    ? Tensor.gemm(b, g, transposeA: tb, transposeB: true)
                    : Tensor.gemm(g, b, transposeA: false, transposeB: !tb)
                if shapeA.count == 2 && ga!.rank == 3 { ga = ga!.sumValue(axes: [0]).reshapedValue(shapeA) }
            }
            if let a {
                if shapeB.count == 2 && shapeA.count == 3 && !ta {
                    // Shared B under stacked rows: one GEMM sums over the batch.
                    let a2 = a.reshapedValue([-1, shapeA[2]]), g2 = g.reshapedValue([-1, g.shape[2]])
                    gb = tb ? Tensor.gemm(g2, a2, transposeA: true) : Tensor.gemm(a2, g2, transposeA: true)
                } else {
                    gb =
                        tb
                        ? Tensor.gemm(g, a, transposeA: true, transposeB: ta)
                        : Tensor.gemm(a, g, transposeA: !ta, transposeB: false)
                    if shapeB.count == 2 && gb!.rank == 3 { gb = gb!.sumValue(axes: [0]).reshapedValue(shapeB) }
                }
            }
            return (ga, gb)
        }
    }

    /// Rank > 3: the leading axes form one batch axis (reshapes are free and differentiable).
    private func matmulFoldingBatchAxes(_ other: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        let leadA = rank > 2 ? Array(shape.dropLast(2)) : [], leadB = other.rank > 2 ? Array(other.shape.dropLast(2)) : []
        precondition(
            rank >= 2 && other.rank >= 2 && (leadA.isEmpty || leadB.isEmpty || leadA == leadB),
            "matmul: batch \(shape) vs \(other.shape)")
        let lead = leadA.isEmpty ? leadB : leadA
        let fold = { (t: Tensor) in t.rank > 2 ? t.reshape([-1] + Array(t.shape.suffix(2))) : t }
        let y = fold(self).matmul(fold(other), transposeA: transposeA, transposeB: transposeB)
        return y.reshape(lead + Array(y.shape.suffix(2)))
    }

    /// Matrix product, `a.matmul(b)`.
    public static func matmul(_ a: Tensor, _ b: Tensor) -> Tensor { a.matmul(b) }
}
