public final class Reshape: Layer {
    /// Per-example output shape.
    public let targetShape: [Int]
    /// - Parameter targetShape: per-example shape (batch axis excluded), one entry may be −1.
    public init(_ targetShape: [Int], name: String? = nil) { self.targetShape = targetShape; super.init(name: name) }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        [inputs[0].reshape([inputs[0].shape[0]] + targetShape)]
    }
}
