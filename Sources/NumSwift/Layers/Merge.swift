// MARK: - Merging

/// Concatenates its inputs along `axis` (default the last).
public final class Concatenate: Layer {
    /// The concatenation axis (negative counts from the end).
    public let axis: Int
    /// - Parameter axis: concatenation axis, default the last.
    public init(axis: Int = -1, name: String? = nil) { self.axis = axis; super.init(name: name) }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let a = axis < 0 ? inputs[0].rank + axis : axis
        return [Tensor.concat(inputs, axis: a)]
    }
}

/// Elementwise sum of its inputs (broadcasting). Output mask: the product (AND) of the input masks.
public final class Add: Layer {
    public override init(name: String? = nil) { super.init(name: name) }
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? { andMasks(masks) }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        precondition(!inputs.isEmpty, "Add \(name): needs at least one input")
        return [inputs.dropFirst().reduce(inputs[0], +)]
    }
}

/// Elementwise product of its inputs (broadcasting). Output mask: the product (AND) of the input masks.
public final class Multiply: Layer {
    public override init(name: String? = nil) { super.init(name: name) }
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? { andMasks(masks) }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        precondition(!inputs.isEmpty, "Multiply \(name): needs at least one input")
        return [inputs.dropFirst().reduce(inputs[0], *)]
    }
}
