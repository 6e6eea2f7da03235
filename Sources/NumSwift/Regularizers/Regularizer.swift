// MARK: - Regularizers

/// A penalty on a tensor, added to the training objective (Keras `regularizers.Regularizer`).
///
/// Used three ways: on a weight (`kernelRegularizer`, `biasRegularizer`, or `addWeight(…,
/// regularizer:)`), where `penalty` sees the weight as the layer reads it; on a layer's outputs
/// (`activityRegularizer`), where it sees each output of each call; and by hand inside a layer's
/// `call` through `addLoss(reg.penalty(t))`. `penalty` must be built from differentiable ops and
/// return a scalar, so its gradient reaches the weights; any such function plugs in (an
/// orthogonality penalty ‖WᵀW − I‖² on a kernel, a loss on an output computed in the forward pass).
///
/// Example: `Dense(64, kernelRegularizer: L2(1e-4), activityRegularizer: L1(1e-5))`.
/// References: Keras `keras.regularizers`.
public protocol Regularizer {
    /// The scalar penalty of `x` (shape `[]`).
    func penalty(_ x: Tensor) -> Tensor
}

/// `l1 · Σ|x|` (Keras `L1`, default 0.01).
public struct L1: Regularizer {
    /// The coefficient.
    public let l1: Float
    /// - Parameter l1: coefficient (Keras default 0.01).
    public init(_ l1: Float = 0.01) { self.l1 = l1 }
    /// `l1 · Σ|x|`.
    public func penalty(_ x: Tensor) -> Tensor { x.abs().sum() * l1 }
}

/// `l2 · Σx²` (Keras `L2`, default 0.01; no ½ factor, as in Keras).
public struct L2: Regularizer {
    /// The coefficient.
    public let l2: Float
    /// - Parameter l2: coefficient (Keras default 0.01).
    public init(_ l2: Float = 0.01) { self.l2 = l2 }
    /// `l2 · Σx²`.
    public func penalty(_ x: Tensor) -> Tensor { x.squared().sum() * l2 }
}

/// `l1 · Σ|x| + l2 · Σx²` (Keras `L1L2`, defaults 0).
public struct L1L2: Regularizer {
    /// The coefficients.
    public let l1: Float, l2: Float
    /// - Parameters: l1, l2: coefficients (Keras defaults 0).
    public init(l1: Float = 0, l2: Float = 0) { self.l1 = l1; self.l2 = l2 }
    /// `l1 · Σ|x| + l2 · Σx²` (a term with coefficient 0 is skipped).
    public func penalty(_ x: Tensor) -> Tensor {
        switch (l1 != 0, l2 != 0) {
        case (true, true): return x.abs().sum() * l1 + x.squared().sum() * l2
        case (true, false): return x.abs().sum() * l1
        case (false, true): return x.squared().sum() * l2
        case (false, false): return Tensor(0)
        }
    }
}

/// Any closure as a regulariser, e.g. `RegularizerFunction { w in (w.matmul(w, transposeA: true) - eye).squared().sum() }`.
public struct RegularizerFunction: Regularizer {
    let f: (Tensor) -> Tensor
    /// - Parameter f: a differentiable function returning a scalar.
    public init(_ f: @escaping (Tensor) -> Tensor) { self.f = f }
    /// `f(x)`.
    public func penalty(_ x: Tensor) -> Tensor { f(x) }
}
