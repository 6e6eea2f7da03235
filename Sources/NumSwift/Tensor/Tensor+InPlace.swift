import CKernels.Tensor

// MARK: - In-place value updates (not recorded; for optimisers and accumulators)

extension Tensor {
    /// `self += alpha · other` in place (copying first only if the buffer is shared). Drops any
    /// tape history of `self`.
    ///
    /// - Precondition: equal shapes.
    public mutating func addScaled(_ other: Tensor, alpha: Float = 1) {
        precondition(shape == other.shape, "addScaled: \(shape) vs \(other.shape)")
        makeUnique()
        node = nil
        ck_axpy(count, alpha, other.ptr, storage.base)
    }

    /// `self *= alpha` in place.
    public mutating func scale(by alpha: Float) {
        makeUnique()
        node = nil
        ck_scale(count, alpha, ptr, storage.base)
    }

    /// Sets every element to `value` in place.
    public mutating func fill(_ value: Float) {
        makeUnique()
        node = nil
        ck_fill(storage.base, count, value)
    }

    /// One fused Adam step (Keras 3 form) over a parameter and its moment buffers, in place:
    /// `m += (1−β₁)(g−m)`, `v += (1−β₂)(g²−v)`, `p −= α m / (√v + ε)`, where the caller passes
    /// `α = lr √(1−β₂ᵗ) / (1−β₁ᵗ)`.
    ///
    /// - Precondition: all four tensors have the same shape.
    /// References: Kingma & Ba, "Adam" (2015); Keras `optimizers.Adam`.
    public static func adamUpdate(
        parameter p: inout Tensor, gradient g: Tensor, m: inout Tensor, v: inout Tensor,
        alpha: Float, beta1: Float, beta2: Float, epsilon: Float
    ) {
        precondition(
            p.shape == g.shape && p.shape == m.shape && p.shape == v.shape,
            "adamUpdate: parameter \(p.shape) vs gradient \(g.shape), m \(m.shape), v \(v.shape)")
        p.makeUnique(); m.makeUnique(); v.makeUnique()
        p.node = nil; m.node = nil; v.node = nil
        ck_adam_update(p.count, p.storage.base, g.ptr, m.storage.base, v.storage.base, alpha, beta1, beta2, epsilon)
    }

    /// One fused SGD step in place: plain (`momentum == 0`), momentum, or Nesterov (Keras form:
    /// `vel = μ vel − lr g`, `p += vel` or `p += μ vel − lr g`).
    ///
    /// - Precondition: equal shapes; `velocity` is required when `momentum != 0`.
    public static func sgdUpdate(
        parameter p: inout Tensor, gradient g: Tensor, velocity: inout Tensor?,
        learningRate lr: Float, momentum: Float = 0, nesterov: Bool = false
    ) {
        precondition(p.shape == g.shape, "sgdUpdate: parameter \(p.shape) vs gradient \(g.shape)")
        p.makeUnique()
        p.node = nil
        if momentum != 0 {
            var vel = velocity ?? Tensor.zeros(p.shape)
            velocity = nil
            precondition(vel.shape == p.shape, "sgdUpdate: parameter \(p.shape) vs velocity \(vel.shape)")
            vel.makeUnique()
            ck_sgd_update(p.count, p.storage.base, g.ptr, vel.storage.base, lr, momentum, nesterov ? 1 : 0)
            velocity = vel
        } else {
            ck_sgd_update(p.count, p.storage.base, g.ptr, nil, lr, 0, 0)
        }
    }
}
