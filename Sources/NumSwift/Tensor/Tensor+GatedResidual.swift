import CKernels.Tensor

extension Tensor {
    /// The gated residual of a DGCNN block, fused: with `[g | c] = h + bias` split along the last
    /// axis, `y = (x + (c − x) ⊙ σ(g ⊙ gateNoise)) ⊙ mask`.
    ///
    /// This is Su's residual gated linear unit in highway form, `X ⊗ (1 − σ) + Conv₁(X) ⊗ σ`,
    /// with the gate and the candidate from one convolution of twice the width. One C pass does
    /// bias, sigmoid, mix and mask forward and one does all gradients (measured: the unfused
    /// chain of eight elementwise ops costs about as much as the convolution's GEMMs).
    ///
    /// Shapes: `x [..., C]`, `h [..., 2C]` (same leading axes), `bias [2C]`, `mask` with `x`'s
    /// leading axes, optionally a trailing 1 (`[batch, length]` or `[batch, length, 1]`),
    /// `gateNoise` like `x` (e.g. inverted-dropout factors 0 or 1/(1 − rate)); → like `x`.
    /// Gradients flow to `x`, `h` and `bias`; `mask` and `gateNoise` are constants.
    ///
    /// - Precondition: the shapes above ("gatedResidual: …" names them).
    /// References: Su, kexue.fm/archives/5409 (DGCNN) and 6671 §2.3 step 4; Dauphin et al.,
    /// "Language modeling with gated convolutional networks" (2017).
    public static func gatedResidual(_ x: Tensor, _ h: Tensor, bias: Tensor, mask: Tensor? = nil, gateNoise: Tensor? = nil) -> Tensor {
        let c = x.shape.last ?? 0
        precondition(
            x.rank >= 1 && h.shape == Array(x.shape.dropLast()) + [2 * c] && bias.shape == [2 * c],
            "gatedResidual: x \(x.shape), h \(h.shape), bias \(bias.shape)")
        let rows = c > 0 ? x.count / c : 0
        if let m = mask {
            let lead = Array(x.shape.dropLast())
            precondition(m.shape == lead || m.shape == lead + [1], "gatedResidual: mask \(m.shape) vs x \(x.shape)")
        }
        if let n = gateNoise { precondition(n.shape == x.shape, "gatedResidual: gateNoise \(n.shape) vs x \(x.shape)") }
        let (m, noise) = (mask?.detached(), gateNoise?.detached())
        let y = build(x.shape) { out in
            Parallel.forRows(rows, rowSize: 3 * c) { r0, n in
                ck_gated_residual_forward(
                    n, c, x.ptr + r0 * c, h.ptr + r0 * 2 * c, bias.ptr, m.map { $0.ptr + r0 },
                    noise.map { $0.ptr + r0 * c }, out + r0 * c)
            }
        }
        guard recording([x, h, bias]) else { return y }
        let (xv, hv, bv) = (x.detached(), h.detached(), bias.detached())
        let (needX, needH, needB) = (x.isTracked, h.isTracked, bias.isTracked)
        return y.recorded([x, h, bias]) { dy in
            let dx = Tensor(uninitializedShape: xv.shape)
            let dh = Tensor(uninitializedShape: hv.shape)
            var db: Tensor? = needB ? Tensor.zeros([2 * c]) : nil
            let single = Parallel.threads == 1 || rows * 3 * c < 2 * Parallel.minElementsPerThread
            let dxp = dx.storage.base, dhp = dh.storage.base, dbp = db?.storage.base
            Parallel.forRows(rows, rowSize: 3 * c) { r0, n in
                ck_gated_residual_backward(
                    n, c, xv.ptr + r0 * c, hv.ptr + r0 * 2 * c, bv.ptr, m.map { $0.ptr + r0 },
                    noise.map { $0.ptr + r0 * c }, dy.ptr + r0 * c, dxp + r0 * c, dhp + r0 * 2 * c,
                    single ? dbp : nil)
            }
            if needB && !single { db = dh.reshape([rows, 2 * c]).sumValue(axes: [0]) }
            return [needX ? dx : nil, needH ? dh : nil, db]
        }
    }
}
