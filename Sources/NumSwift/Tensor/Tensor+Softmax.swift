import CKernels.Tensor

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
        // Rows are independent: large inputs split by rows across threads.
        let rowSize = n * inner
        let y = Tensor.build(shape) { out in
            Parallel.forRows(outer, rowSize: rowSize) { r0, rc in
                ck_softmax(rc, n, inner, ptr + r0 * rowSize, out + r0 * rowSize, flag)
            }
        }
        guard Tensor.recording(self) else { return y }
        return y.recorded(self) { g in
            Tensor.build(y.shape) { dx in
                Parallel.forRows(outer, rowSize: rowSize) { r0, rc in
                    let o = r0 * rowSize
                    ck_softmax_backward(rc, n, inner, y.ptr + o, g.ptr + o, dx + o, flag)
                }
            }
        }
    }
}
