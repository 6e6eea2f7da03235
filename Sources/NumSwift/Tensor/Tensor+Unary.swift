import CKernels.Tensor

// MARK: - Differentiable unary maps (C kernels forward and backward)

extension Tensor {
    /// Applies the C unary kernel `op`; the pullback is the fused `ck_unary_backward` for `op`.
    func unaryOp(_ op: Int32) -> Tensor {
        let n = count
        let y = Tensor.build(shape) { out in Parallel.forChunks(n) { s, c in ck_unary(op, ptr + s, out + s, c) } }
        guard Tensor.recording(self) else { return y }
        let x = detached()
        return y.recorded(self) { g in
            Tensor.build(x.shape) { dx in
                Parallel.forChunks(n) { s, c in ck_unary_backward(op, x.ptr + s, y.ptr + s, g.ptr + s, dx + s, c) }
            }
        }
    }

    /// Elementwise `e^x`.
    public func exp() -> Tensor { unaryOp(Int32(CK_EXP)) }
    /// Elementwise natural logarithm.
    public func log() -> Tensor { unaryOp(Int32(CK_LOG)) }
    /// Elementwise `log(1 + x)`, accurate for small `x`.
    public func log1p() -> Tensor { unaryOp(Int32(CK_LOG1P)) }
    /// Elementwise `e^x - 1`, accurate for small `x`.
    public func expm1() -> Tensor { unaryOp(Int32(CK_EXPM1)) }
    /// Elementwise square root.
    public func sqrt() -> Tensor { unaryOp(Int32(CK_SQRT)) }
    /// Elementwise `1 / sqrt(x)`.
    public func rsqrt() -> Tensor { unaryOp(Int32(CK_RSQRT)) }
    /// Elementwise hyperbolic tangent.
    public func tanh() -> Tensor { unaryOp(Int32(CK_TANH)) }
    /// Elementwise logistic sigmoid `1 / (1 + e^-x)`.
    public func sigmoid() -> Tensor { unaryOp(Int32(CK_SIGMOID)) }
    /// Elementwise `log(1 + e^x)`, stable for large `|x|`.
    public func softplus() -> Tensor { unaryOp(Int32(CK_SOFTPLUS)) }
    /// Elementwise `max(x, 0)`; the gradient at 0 is 0.
    public func relu() -> Tensor { unaryOp(Int32(CK_RELU)) }
    /// Elementwise absolute value; the gradient at 0 is 0.
    public func abs() -> Tensor { unaryOp(Int32(CK_ABS)) }
    /// Elementwise `x²`.
    public func squared() -> Tensor { unaryOp(Int32(CK_SQUARE)) }

    /// Gaussian error linear unit `x Φ(x)`; with `approximate` the tanh form
    /// `0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³)))` (Keras `gelu(approximate:)`, default false).
    ///
    /// References: Hendrycks & Gimpel, "Gaussian Error Linear Units" (2016).
    public func gelu(approximate: Bool = false) -> Tensor {
        unaryOp(Int32(approximate ? CK_GELU_TANH : CK_GELU))
    }

    /// Elementwise negation.
    public static prefix func - (x: Tensor) -> Tensor { x.unaryOp(Int32(CK_NEG)) }

    /// Clips every element to `[min, max]`; the gradient passes where `min <= x <= max`.
    public func clamp(min lo: Float, max hi: Float) -> Tensor {
        precondition(lo <= hi, "clamp: min \(lo) > max \(hi)")
        let n = count
        let y = Tensor.build(shape) { ck_clamp(ptr, $0, n, lo, hi) }
        guard Tensor.recording(self) else { return y }
        let x = detached()
        return y.recorded(self) { g in
            Tensor.build(x.shape) { ck_clamp_backward(x.ptr, g.ptr, $0, n, lo, hi) }
        }
    }

    // MARK: - Composite activations

    /// `x · sigmoid(x)` (SiLU / swish).
    public func silu() -> Tensor { self * sigmoid() }

    /// `x` for `x > 0`, `alpha (e^x - 1)` otherwise.
    public func elu(alpha: Float = 1) -> Tensor {
        Tensor.where(self .> 0, self, alpha * self.clamp(min: -Float.greatestFiniteMagnitude, max: 0).expm1())
    }

    /// `x` for `x > 0`, `alpha x` otherwise.
    public func leakyRelu(alpha: Float = 0.2) -> Tensor {
        Tensor.where(self .> 0, self, alpha * self)
    }

    // MARK: - Non-differentiable maps

    /// Elementwise sign (-1, 0 or 1); not differentiable (zero gradient is not recorded).
    public func sign() -> Tensor {
        let n = count
        return Tensor.build(shape) { ck_unary(Int32(CK_SIGN), ptr, $0, n) }
    }

    /// Rounds to the nearest integer (ties to even); not differentiable. Combine with
    /// `customGradient` for a straight-through estimator.
    public func rounded() -> Tensor {
        Tensor.build(shape) { y in for i in 0..<count { y[i] = ptr[i].rounded(.toNearestOrEven) } }
    }

    /// Applies a Swift closure to every element (not differentiable; for setup and tests, not
    /// hot loops).
    public func map(_ transform: (Float) -> Float) -> Tensor {
        Tensor.build(shape) { y in for i in 0..<count { y[i] = transform(ptr[i]) } }
    }

    /// Whether both tensors have the same shape and every pair of elements satisfies
    /// `|a − b| <= absoluteTolerance + relativeTolerance · |b|` (NumPy `allclose`).
    public func isApproximatelyEqual(
        to other: Tensor, relativeTolerance: Float = 1e-5,
        absoluteTolerance: Float = 1e-6
    ) -> Bool {
        guard shape == other.shape else { return false }
        for i in 0..<count {
            let (a, b) = (ptr[i], other.ptr[i])
            if !(Swift.abs(a - b) <= absoluteTolerance + relativeTolerance * Swift.abs(b)) { return false }
        }
        return true
    }
}
