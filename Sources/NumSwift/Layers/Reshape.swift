public final class Reshape: Layer {
    /// Per-example output shape.
    public let targetShape: [Int]
    /// - Parameters:
    ///   - targetShape: per-example shape (batch axis excluded), one entry may be −1.
    ///   - name: layer name; default a generated one.
    public init(_ targetShape: [Int], name: String? = nil) { self.targetShape = targetShape; super.init(name: name) }
    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] {
        let s = inputShapes[0]
        guard let free = targetShape.firstIndex(of: -1) else { return [targetShape.map { $0 }] }
        var out: [Int?] = targetShape.map { $0 }
        if !s.contains(nil) {
            let total = s.reduce(1) { $0 * $1! }, known = targetShape.filter { $0 != -1 }.reduce(1, *)
            precondition(known > 0 && total % known == 0, "Reshape \(name): \(s) cannot be reshaped to \(targetShape)")
            out[free] = total / known
        } else {
            out[free] = nil
        }
        return [out]
    }
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer { Reshape(targetShape) }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        [inputs[0].reshape([inputs[0].shape[0]] + targetShape)]
    }
}
