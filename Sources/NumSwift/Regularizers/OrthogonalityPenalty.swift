// MARK: - Kernel orthogonality penalties

/// Which soft orthogonality penalty `orthogonalityPenalty` computes.
///
/// References: Su, kexue.fm/archives/7169 §4.2; Brock et al., "Large Scale GAN Training for High
/// Fidelity Natural Image Synthesis" (BigGAN, 2019) §3.1.
public enum OrthogonalityMode: String, Sendable, CaseIterable {
    /// `‖WᵀW − I‖²_F`: columns pairwise orthogonal *and* of unit norm (R₀ of the article).
    case full
    /// `‖(WᵀW − I) ⊙ (1 − I)‖²_F = Σ_{i≠j} (w_iᵀw_j)²`: orthogonality only, norms left free
    /// (R₀₀ of the article, BigGAN's variant).
    case offDiagonal
}

extension Tensor {
    /// The kernel viewed as the `[d, k]` matrix whose `k` columns are the layer's "viewpoints":
    /// `[∏ shape[:-1], shape[-1]]`. A Dense kernel `[in, units]` is unchanged; a conv kernel
    /// `[kh, kw, cin, cout]` becomes `[kh·kw·cin, cout]` (§4.5 of the article digest).
    ///
    /// - Precondition: rank ≥ 2.
    public func kernelMatrix() -> Tensor {
        precondition(rank >= 2, "kernelMatrix: needs a kernel of rank >= 2, got shape \(shape)")
        return rank == 2 ? self : reshape([-1, shape[rank - 1]])
    }
}

/// The unweighted orthogonality penalty of a kernel, differentiable in the kernel.
///
/// With `W` the kernel viewed as `[d, k]` (see `Tensor.kernelMatrix()`) and `G = WᵀW`:
/// `.full` gives `‖G − I‖²_F`, `.offDiagonal` gives `Σ_{i≠j} G_ij²`. The gradient is
/// `4·W(G − I)` for `.full` and `4·W(G ⊙ (1 − I))` for `.offDiagonal` (the tape derives it from
/// the matmul and the square).
///
/// When `k > d`, `G` has rank ≤ d, so `.full` is at least `k − d` for every kernel: exact
/// orthogonality is impossible (the minimum is reached by orthonormal rows).
///
/// - Parameters:
///   - kernel: a Dense kernel `[d, k]` or a conv kernel `[…, cin, cout]`.
///   - mode: `.full` or `.offDiagonal`.
/// - Returns: a scalar (shape `[]`).
///
/// ```swift
/// let w = Variable(Tensor.randomNormal([64, 16], generator: &g))
/// let r = 1e-4 * orthogonalityPenalty(w.read, mode: .offDiagonal)
/// ```
/// References: Su, kexue.fm/archives/7169 §4.2; BigGAN (Brock et al., 2019) §3.1.
public func orthogonalityPenalty(_ kernel: Tensor, mode: OrthogonalityMode) -> Tensor {
    let w = kernel.kernelMatrix()
    let k = w.shape[1]
    let gram = w.matmul(w, transposeA: true)  // [k, k], G_ij = w_iᵀ w_j
    let eye = Tensor.eye(k)
    let residual = mode == .full ? gram - eye : gram * (1 - eye)
    return residual.squared().sum()
}
