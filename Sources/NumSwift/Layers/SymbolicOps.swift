// MARK: - Operators on symbolic tensors

/// Arithmetic and reductions on symbolic tensors, each recorded as a `Lambda` node, so losses and
/// metrics can be written as in Keras (`((xr - x).squared()).mean()`).
extension SymbolicTensor {
    /// Applies `f` to this tensor as a new graph node.
    public func apply(_ f: @escaping (Tensor) -> Tensor) -> SymbolicTensor { Lambda.unary(f)(self) }

    /// Elementwise sum of two graph tensors (a Lambda node).
    public static func + (a: SymbolicTensor, b: SymbolicTensor) -> SymbolicTensor { Lambda { $0[0] + $0[1] }([a, b])[0] }
    /// Elementwise difference of two graph tensors (a Lambda node).
    public static func - (a: SymbolicTensor, b: SymbolicTensor) -> SymbolicTensor { Lambda { $0[0] - $0[1] }([a, b])[0] }
    /// Elementwise product of two graph tensors (a Lambda node).
    public static func * (a: SymbolicTensor, b: SymbolicTensor) -> SymbolicTensor { Lambda { $0[0] * $0[1] }([a, b])[0] }
    /// A graph tensor scaled by a constant.
    public static func * (a: SymbolicTensor, s: Float) -> SymbolicTensor { a.apply { $0 * s } }
    /// A graph tensor plus a constant.
    public static func + (a: SymbolicTensor, s: Float) -> SymbolicTensor { a.apply { $0 + s } }
    /// Elementwise square.
    public func squared() -> SymbolicTensor { apply { $0.squared() } }
    /// Mean of all elements including the batch axis (a scalar).
    public func mean() -> SymbolicTensor { apply { $0.mean() } }
    /// Sum over per-example axes (1-based counting excludes the batch axis: axis 1 is the first feature axis).
    public func sum(axes: [Int]) -> SymbolicTensor { apply { $0.sum(axes: axes) } }
}
