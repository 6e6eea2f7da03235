// MARK: - Flatten and Reshape

/// Flattens all axes after the batch axis: `[batch, a, b, …]` → `[batch, a·b·…]`.
public final class Flatten: Layer {
    public override init(name: String? = nil) { super.init(name: name) }
    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] {
        let s = inputShapes[0]
        return [[s.contains(nil) ? nil : s.reduce(1) { $0 * $1! }]]
    }
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer { Flatten() }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let x = inputs[0]
        return [x.reshape([x.shape[0], x.count / Swift.max(x.shape[0], 1)])]
    }
}

/// Reshapes each example to `targetShape` (one entry may be −1).
