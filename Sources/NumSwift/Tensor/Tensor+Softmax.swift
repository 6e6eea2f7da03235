import CKernels

// MARK: - Softmax family (fused C kernels)

extension Tensor {
    /// `(outer, n, inner)` view of this tensor around `axis`.
    func axisView(_ axis: Int, _ op: String) -> (Int, Int, Int) {
        let a = normalizedAxis(axis, op)
        return (Tensor.product(Array(shape[..<a])), shape[a], Tensor.product(Array(shape[(a + 1)...])))
    }

    /// Softmax along `axis` (default: last), computed in one fused, max-shifted pass.
    public func softmax(axis: Int = -1) -> Tensor { softmaxFamily(axis: axis, log: false) }

    /// Log-softmax along `axis` (default: last): `x - logsumexp(x)`, stable for large logits.
    public func logSoftmax(axis: Int = -1) -> Tensor { softmaxFamily(axis: axis, log: true) }

    private func softmaxFamily(axis: Int, log: Bool) -> Tensor {
        let (outer, n, inner) = axisView(axis, log ? "logSoftmax" : "softmax")
        precondition(n > 0, "\(log ? "logSoftmax" : "softmax"): empty axis in \(shape)")
        let flag: Int32 = log ? 1 : 0
        let y = Tensor.build(shape) { ck_softmax(outer, n, inner, ptr, $0, flag) }
        guard Tensor.recording(self) else { return y }
        return y.recorded(self) { g in
            Tensor.build(y.shape) { ck_softmax_backward(outer, n, inner, y.ptr, g.ptr, $0, flag) }
        }
    }
}

// MARK: - Fused softmax cross-entropy

extension Tensor {
    /// Per-example softmax cross-entropy `-Σ_j labels[i, j] · log_softmax(logits)[i, j]`,
    /// fused in one C pass; differentiable in `logits` (gradient `softmax · Σ labels − labels`)
    /// and in `labels` (`−log_softmax`).
    ///
    /// Shapes: logits and labels `[batch, classes]` (or any rank; the last axis is the class
    /// axis) → losses `[batch]` (the leading axes).
    ///
    /// References: Keras `categorical_crossentropy(from_logits=True)`.
    public static func softmaxCrossEntropy(logits: Tensor, labels: Tensor) -> Tensor {
        precondition(logits.shape == labels.shape && logits.rank >= 1,
                     "softmaxCrossEntropy: logits \(logits.shape) vs labels \(labels.shape)")
        let n = logits.shape[logits.rank - 1], b = logits.count / Swift.max(n, 1)
        let outShape = Array(logits.shape.dropLast())
        let logp = Tensor(uninitializedShape: logits.shape)
        let loss = build(outShape) { ck_softmax_xent(b, n, logits.ptr, labels.ptr, $0, logp.storage.base) }
        guard recording(logits, labels) else { return loss }
        let lab = labels.detached()
        let (tl, tt) = (logits.isTracked, labels.isTracked)
        return loss.recorded(logits, labels) { g in
            let gl = tl ? build(logp.shape) { ck_softmax_xent_backward(b, n, logp.ptr, lab.ptr, g.ptr, $0) } : nil
            let gt = tt ? -(logp * g.reshapedValue(outShape + [1])) : nil
            return (gl, gt)
        }
    }

    /// Per-example sparse softmax cross-entropy `-log_softmax(logits)[i, labels[i]]`, fused;
    /// differentiable in `logits` (gradient `softmax − onehot`).
    ///
    /// Shapes: logits `[batch, classes]`, labels `batch` class indices → losses `[batch]`.
    /// - Precondition: every label is in `0..<classes`.
    public static func sparseSoftmaxCrossEntropy(logits: Tensor, labels: [Int]) -> Tensor {
        precondition(logits.rank >= 1, "sparseSoftmaxCrossEntropy: logits shape \(logits.shape)")
        let n = logits.shape[logits.rank - 1], b = logits.count / Swift.max(n, 1)
        precondition(labels.count == b, "sparseSoftmaxCrossEntropy: logits \(logits.shape) vs \(labels.count) labels")
        for l in labels { precondition(l >= 0 && l < n, "sparseSoftmaxCrossEntropy: label \(l) out of range 0..<\(n)") }
        let idx = labels.map { Int32($0) }
        let outShape = Array(logits.shape.dropLast())
        let logp = Tensor(uninitializedShape: logits.shape)
        var status: Int32 = 0
        let loss = build(outShape) { status = ck_sparse_softmax_xent(b, n, logits.ptr, idx, $0, logp.storage.base) }
        precondition(status == 0, "sparseSoftmaxCrossEntropy: label \(status > 0 ? labels[Int(status) - 1] : -1) out of range 0..<\(n)")
        guard recording(logits) else { return loss }
        return loss.recorded(logits) { g in
            build(logp.shape) { ck_sparse_softmax_xent_backward(b, n, logp.ptr, idx, g.ptr, $0) }
        }
    }

    /// Sparse softmax cross-entropy with integer-valued float labels (e.g. a label tensor).
    public static func sparseSoftmaxCrossEntropy(logits: Tensor, labels: Tensor) -> Tensor {
        let idx = labels.withUnsafeBufferPointer { $0.map { Int($0) } }
        return sparseSoftmaxCrossEntropy(logits: logits, labels: idx)
    }
}
