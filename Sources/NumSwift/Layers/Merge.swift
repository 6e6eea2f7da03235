// MARK: - Merging

/// Concatenates its inputs along `axis` (default the last).
public final class Concatenate: Layer {
    /// The concatenation axis (negative counts from the end).
    public let axis: Int
    /// - Parameters:
    ///   - axis: concatenation axis, default the last.
    ///   - name: layer name; default a generated one.
    public init(axis: Int = -1, name: String? = nil) { self.axis = axis; super.init(name: name) }
    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] {
        let r = inputShapes[0].count
        // `axis` counts the batch axis; per-example shapes do not.
        let a = (axis < 0 ? r + 1 + axis : axis) - 1
        precondition(a >= 0 && a < r, "Concatenate \(name): axis \(axis) for per-example shapes \(inputShapes)")
        var out = inputShapes[0]
        for s in inputShapes.dropFirst() {
            precondition(s.count == r, "Concatenate \(name): ranks differ in \(inputShapes)")
            for i in 0..<r where i != a {
                if let x = out[i], let y = s[i] { precondition(x == y, "Concatenate \(name): shapes \(inputShapes) differ off axis \(axis)") }
                out[i] = out[i] ?? s[i]
            }
            out[a] = out[a].flatMap { x in s[a].map { x + $0 } }
        }
        return [out]
    }
    /// Keras rule: nil when no input is masked; otherwise each input's mask (all ones where
    /// missing) is broadcast to the input's shape, the masks are concatenated along `axis`, and a
    /// step is valid when any of its entries along the last axis is.
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? {
        guard masks.contains(where: { $0 != nil }) else { return nil }
        let full = zip(inputs, masks).map { x, m -> Tensor in
            guard let m else { return Tensor.ones(x.shape) }
            return m.rank < x.rank ? m.reshape(m.shape + [1]) * Tensor.ones(x.shape) : m
        }
        let a = axis < 0 ? inputs[0].rank + axis : axis
        let c = Tensor.concat(full, axis: a)
        return c.max(axes: [c.rank - 1])
    }
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer { Concatenate(axis: axis) }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let a = axis < 0 ? inputs[0].rank + axis : axis
        return [Tensor.concat(inputs, axis: a)]
    }
}

/// Elementwise sum of its inputs (broadcasting). Output mask: the product (AND) of the input masks.
public final class Add: Layer {
    public override init(name: String? = nil) { super.init(name: name) }
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? { andMasks(masks) }
    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] { [broadcastShapes(inputShapes, "Add \(name)")] }
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer { Add() }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        precondition(!inputs.isEmpty, "Add \(name): needs at least one input")
        return [inputs.dropFirst().reduce(inputs[0], +)]
    }
}

/// Elementwise product of its inputs (broadcasting). Output mask: the product (AND) of the input masks.
public final class Multiply: Layer {
    public override init(name: String? = nil) { super.init(name: name) }
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? { andMasks(masks) }
    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] { [broadcastShapes(inputShapes, "Multiply \(name)")] }
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer { Multiply() }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        precondition(!inputs.isEmpty, "Multiply \(name): needs at least one input")
        return [inputs.dropFirst().reduce(inputs[0], *)]
    }
}
