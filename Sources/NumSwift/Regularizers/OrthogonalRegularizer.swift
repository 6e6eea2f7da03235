// MARK: - Orthogonality as a weight regulariser

/// `factor · ‖WᵀW − I‖²_F` (`.full`) or `factor · Σ_{i≠j} (w_iᵀw_j)²` (`.offDiagonal`, BigGAN) of
/// a kernel viewed as `[d, k]` (a conv kernel `[…, cin, cout]` as `[∏ shape[:-1], cout]`), for
/// `kernelRegularizer` of Dense and conv layers. Its value is part of the model's objective and
/// of the printed `loss`.
///
/// This is the penalty of the article and of BigGAN, not Keras 3's `OrthogonalRegularizer`
/// (which L2-normalises the rows or columns first and averages |cosine|).
///
/// ```swift
/// let dense = Dense(100, activation: .relu, kernelRegularizer: OrthogonalRegularizer(mode: .offDiagonal))
/// ```
/// References: Su, kexue.fm/archives/7169 §4.2; Brock et al., BigGAN (2019) §3.1 (β = 1e-4).
public struct OrthogonalRegularizer: Regularizer, Sendable {
    /// Which penalty.
    public let mode: OrthogonalityMode
    /// Its coefficient (BigGAN's β; default 1e-4).
    public let factor: Float

    /// - Parameters:
    ///   - mode: `.full` (columns orthonormal) or `.offDiagonal` (orthogonal only).
    ///   - factor: coefficient ≥ 0 (default 1e-4, BigGAN's).
    public init(mode: OrthogonalityMode = .offDiagonal, factor: Float = 1e-4) {
        precondition(factor >= 0, "OrthogonalRegularizer: factor must be >= 0, got \(factor)")
        self.mode = mode; self.factor = factor
    }

    /// The weighted penalty of a kernel of rank ≥ 2, a scalar.
    public func penalty(_ x: Tensor) -> Tensor { orthogonalityPenalty(x, mode: mode) * factor }
}
