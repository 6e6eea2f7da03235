import CKernels.Tensor

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
        precondition(
            logits.shape == labels.shape && logits.rank >= 1,
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

// MARK: - Sigmoid cross-entropy

extension Tensor {
    /// Elementwise sigmoid cross-entropy on logits, `max(x, 0) − x z + log(1 + e^{−|x|})`
    /// (stable for large |x|), differentiable in `logits` (`sigmoid(x) − z`) and `labels` (`−x`).
    ///
    /// Shapes: logits and labels equal → losses of the same shape (reduce as the loss needs).
    ///
    /// References: Keras `binary_crossentropy(from_logits=True)`.
    public static func sigmoidCrossEntropy(logits: Tensor, labels: Tensor) -> Tensor {
        precondition(logits.shape == labels.shape, "sigmoidCrossEntropy: logits \(logits.shape) vs labels \(labels.shape)")
        let n = logits.count
        let loss = build(logits.shape) { ck_sigmoid_xent(n, logits.ptr, labels.ptr, $0) }
        guard recording(logits, labels) else { return loss }
        let (x, z, tl, tt) = (logits.detached(), labels.detached(), logits.isTracked, labels.isTracked)
        return loss.recorded(logits, labels) { g in
            let dx = tl ? Tensor(uninitializedShape: x.shape) : nil
            let dz = tt ? Tensor(uninitializedShape: x.shape) : nil
            ck_sigmoid_xent_backward(n, x.ptr, z.ptr, g.ptr, dx?.storage.base, dz?.storage.base)
            return (dx, dz)
        }
    }
}
