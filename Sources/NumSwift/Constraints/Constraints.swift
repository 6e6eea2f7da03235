// MARK: - Post-step weight constraints

/// A projection applied to a weight after each optimiser step (Keras `kernel_constraint`):
/// θ ← θ − ε∇L, then θ ← constraint(θ). The stored weight itself satisfies the constraint.
///
/// References: Su, kexue.fm/archives/6311 §1.3 (way 1: post-processing by the optimiser).
public protocol Constraint {
    /// The projected weight (same shape).
    func apply(_ w: Tensor) -> Tensor
}

/// L2 norm of each output unit's weights: the sum of squares over every axis but `unitAxis`
/// (default the last; non-negative), kept as size-1 axes so the result broadcasts against `w`
/// (`[1, …, 1, out]` for the last axis).
func perUnitNorms(_ w: Tensor, unitAxis: Int? = nil) -> Tensor {
    if w.rank <= 1 { return w.squared().sum().sqrt() }
    let unit = unitAxis ?? w.rank - 1
    return w.squared().sum(axes: (0..<w.rank).filter { $0 != unit }, keepDims: true).sqrt()
}

/// Rescales each output unit's incoming weight vector to norm at most `maxValue`.
public struct MaxNorm: Constraint {
    /// Largest norm allowed for each unit's incoming weights.
    public let maxValue: Float
    /// Creates the constraint (Keras default 2).
    public init(_ maxValue: Float = 2) { self.maxValue = maxValue }
    /// Rescales the columns whose norm exceeds `maxValue`.
    public func apply(_ w: Tensor) -> Tensor {
        let n = perUnitNorms(w)
        // Keras: w · clip(n, 0, max) / (ε + n)
        return w * (n.clamp(min: 0, max: maxValue) / (n + 1e-7))
    }
}

/// Rescales each output unit's incoming weight vector to unit norm.
public struct UnitNorm: Constraint {
    /// Creates the constraint.
    public init() {}
    /// Divides each output unit's incoming weights by their norm (+1e-7, as Keras).
    public func apply(_ w: Tensor) -> Tensor { w / (perUnitNorms(w) + 1e-7) }
}

/// Sets negative weights to zero.
public struct NonNeg: Constraint {
    /// Creates the constraint.
    public init() {}
    /// Replaces negative entries by zero.
    public func apply(_ w: Tensor) -> Tensor { w.relu() }
}
