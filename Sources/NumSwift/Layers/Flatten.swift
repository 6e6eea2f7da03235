// MARK: - Flatten and Reshape

/// Flattens all axes after the batch axis: `[batch, a, b, …]` → `[batch, a·b·…]`.
public final class Flatten: Layer {
    public override init(name: String? = nil) { super.init(name: name) }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let x = inputs[0]
        return [x.reshape([x.shape[0], x.count / Swift.max(x.shape[0], 1)])]
    }
}

/// Reshapes each example to `targetShape` (one entry may be −1).
