// MARK: - Self-Orthogonality Module

/// The Self-Orthogonality Module (SOM): a regulariser that pushes the angles between a layer's
/// kernel columns towards 90°, estimated from the layer's own pre-activation output.
///
/// For kernel columns `w_i, w_j` at angle θ_ij and `x` uniform on the sphere,
/// `ϑ_ij = E[sgn(xᵀw_i) sgn(xᵀw_j)] = 1 − 2θ_ij/π` (Charikar's random-hyperplane LSH lemma), so
/// ϑ_ij = 0 exactly when θ_ij = 90°. The module takes the batch itself as the samples `x`:
/// with the pre-activation `Y = XW` (no bias) of shape `[n, k]`,
/// 1. `Ỹ = tanh(γY)` (a smooth `sgn`: the gradient of `sgn` is zero almost everywhere);
/// 2. every column of `Ỹ` is L2-normalised along the batch axis;
/// 3. `Θ = ỸᵀỸ` (`[k, k]`), whose off-diagonal entries estimate ϑ_ij;
/// 4. `R = λ₁(Σ_{i≠j} ϑ_ij)² + λ₂ Σ_{i≠j} ϑ_ij²` is added to the loss.
///
/// The λ₁ term asks only the *mean* of ϑ to be 0 (reachable even when `k > d`), the λ₂ term
/// asks every ϑ_ij to be 0; λ₁ > λ₂ keeps the constraint soft. The sums are over ordered pairs
/// i ≠ j (as in the article, not means), so the λ₁ term grows like k⁴·mean(ϑ)².
///
/// A conv layer's output `[b, H', W', cout]` is viewed as `[b·H'·W', cout]`: every output
/// position is a sample. `ϑ` is `1 − 2θ/π`, not the cosine; they agree only at 90°.
///
/// ```swift
/// let som = SelfOrthogonality()                       // γ 10, λ₁ 100, λ₂ 1
/// let r = som.penalty(x.matmul(w.read))              // scalar, differentiable in x and w
/// ```
/// References: Su, kexue.fm/archives/7169; Zhang, Ma, Wu, Wang, "Self-Orthogonality Module: a
/// network architecture plug-in for learning orthogonal filters" (WACV 2020, arXiv:2001.01275);
/// Charikar, "Similarity estimation techniques from rounding algorithms" (STOC 2002).
public struct SelfOrthogonality: Sendable, Equatable {
    /// How `sgn(y)` is estimated in step 1.
    public enum Estimator: Sendable, Equatable {
        /// `tanh(γy)`: differentiable; what training uses.
        case tanh
        /// The exact sign, `1` for `y > 0` and `−1` for `y ≤ 0`: the unbiased estimate of ϑ, but
        /// without gradient (for analysis and tests).
        case sign
    }

    /// How the off-diagonal ϑ_ij are aggregated.
    public enum Reduction: String, Sendable, Equatable, CaseIterable {
        /// Sums over the k(k − 1) ordered pairs, as in the article: the λ₁ term grows like k⁴.
        case sum
        /// Means over the pairs: `λ₁ mean(ϑ)² + λ₂ mean(ϑ²)`, the same for any width k (the
        /// article's pitfall note: "scale λ or switch to means"). Equals `.sum` with
        /// λ₁/(k(k−1))² and λ₂/(k(k−1)).
        case mean
    }

    /// The name under which layers report the term in the progress bar and `History`.
    public static let metricName = "som_reg"

    /// Sharpness of the `tanh` surrogate of `sgn` (article: 10).
    public var gamma: Float
    /// Weight of `(Σ_{i≠j} ϑ_ij)²`, the mean-zero term (article: 100).
    public var lambda1: Float
    /// Weight of `Σ_{i≠j} ϑ_ij²`, the all-zero term (article: 1).
    public var lambda2: Float
    /// When true the penalty's gradient reaches the kernel only, not the layer input (and so not
    /// the layers before it). The article's form (false) lets it flow into both, since `Y = XW`.
    public var stopInputGradient: Bool
    /// Sums over pairs (article, default) or means.
    public var reduction: Reduction

    /// - Parameters:
    ///   - gamma: `tanh` sharpness γ (> 0).
    ///   - lambda1: weight of the squared sum of ϑ (≥ 0).
    ///   - lambda2: weight of the sum of squared ϑ (≥ 0).
    ///   - stopInputGradient: stop the penalty's gradient into the layer input.
    ///   - reduction: `.sum` over pairs (article) or `.mean`.
    public init(
        gamma: Float = 10, lambda1: Float = 100, lambda2: Float = 1, stopInputGradient: Bool = false,
        reduction: Reduction = .sum
    ) {
        precondition(
            gamma > 0 && lambda1 >= 0 && lambda2 >= 0,
            "SelfOrthogonality: needs gamma > 0 and lambdas >= 0, got \(gamma), \(lambda1), \(lambda2)")
        self.gamma = gamma; self.lambda1 = lambda1; self.lambda2 = lambda2
        self.stopInputGradient = stopInputGradient; self.reduction = reduction
    }

    /// The estimated ϑ matrix Θ = ỸᵀỸ (diagonal ≈ 1, off-diagonal ϑ_ij).
    ///
    /// - Parameters:
    ///   - preActivation: `Y = XW` without bias, `[n, k]` or `[…, k]` (flattened to `[−1, k]`).
    ///   - estimator: `.tanh` (differentiable, default) or `.sign` (no gradient).
    /// - Returns: `[k, k]`.
    public func theta(_ preActivation: Tensor, estimator: Estimator = .tanh) -> Tensor {
        precondition(
            preActivation.rank >= 2 && preActivation.count > 0,
            "SelfOrthogonality.theta: needs a pre-activation [n, k] or [..., k], got \(preActivation.shape)")
        let y = preActivation.rank == 2 ? preActivation : preActivation.reshape([-1, preActivation.shape.last!])
        let s: Tensor
        switch estimator {
        case .tanh: s = (y * gamma).tanh()
        case .sign: s = (y.detached() .> 0) * 2 - 1  // sgn(0) = −1, as in the lemma
        }
        // Normalising each column along the batch is the 1/n average of the article when s = ±1
        // (‖s‖ = √n). The epsilon only keeps an all-zero column finite; ‖s‖² is O(n) otherwise.
        let unit = s * (s.squared().sum(axes: [0], keepDims: true) + 1e-12).rsqrt()
        return unit.matmul(unit, transposeA: true)
    }

    /// `R = λ₁(Σ_{i≠j} Θ_ij)² + λ₂ Σ_{i≠j} Θ_ij²` (with `.mean`, means over the k(k − 1) pairs
    /// instead of sums), a scalar; 0 when k = 1.
    ///
    /// - Parameter theta: `[k, k]` from `theta(_:estimator:)`.
    public func penalty(theta: Tensor) -> Tensor {
        precondition(
            theta.rank == 2 && theta.shape[0] == theta.shape[1],
            "SelfOrthogonality.penalty: needs a square Θ, got \(theta.shape)")
        let k = theta.shape[0]
        let off = theta * (1 - Tensor.eye(k))
        var total = off.sum(), squares = off.squared().sum()
        if reduction == .mean && k > 1 {
            let pairs = 1 / Float(k * (k - 1))
            total = total * pairs
            squares = squares * pairs
        }
        return lambda1 * total.squared() + lambda2 * squares
    }

    /// `R` of a pre-activation `[…, k]` (steps 1–4), a scalar.
    ///
    /// - Parameters:
    ///   - preActivation: `Y = XW` without bias.
    ///   - estimator: `.tanh` (default) or `.sign` (no gradient).
    public func penalty(_ preActivation: Tensor, estimator: Estimator = .tanh) -> Tensor {
        penalty(theta: theta(preActivation, estimator: estimator))
    }

    /// The product `Y = XW` as the penalty should see it, from a Dense layer's already computed
    /// forward product (so nothing is recomputed). With `stopInputGradient` the result
    /// back-propagates into `kernel` only (`dW = Xᵀ·dY`); otherwise it is `product` itself.
    ///
    /// - Parameters:
    ///   - product: `input.matmul(kernel)`, `[n, k]`, as computed by the layer's forward pass.
    ///   - input: the layer input `[n, d]`.
    ///   - kernel: the kernel `[d, k]` used in `product`.
    public func penaltyInput(product: Tensor, input: Tensor, kernel: Tensor) -> Tensor {
        guard stopInputGradient else { return product }
        precondition(
            input.rank == 2 && kernel.rank == 2 && product.shape == [input.shape[0], kernel.shape[1]],
            "SelfOrthogonality.penaltyInput: product \(product.shape) vs input \(input.shape) · kernel \(kernel.shape)")
        let x = input.detached()
        return Tensor.customGradient(value: product, inputs: [kernel]) { g in [x.matmul(g, transposeA: true)] }
    }
}
