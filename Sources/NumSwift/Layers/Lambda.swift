// MARK: - Lambda

/// Wraps a closure over tensors as a layer (no weights). Takes any number of inputs.
///
/// Example: `Lambda { xs in (xs[0] - xs[1]).squared().mean() }([a, b])`.
public final class Lambda: Layer {
    let function: ([Tensor]) -> Tensor
    /// - Parameter function: computes one output from the inputs (each with a batch axis).
    public init(name: String? = nil, _ function: @escaping ([Tensor]) -> Tensor) {
        self.function = function; super.init(name: name)
    }
    /// Single-input convenience.
    public static func unary(name: String? = nil, _ f: @escaping (Tensor) -> Tensor) -> Lambda {
        Lambda(name: name) { xs in f(xs[0]) }
    }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] { [function(inputs)] }
}
