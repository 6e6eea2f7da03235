// MARK: - Lambda

/// Wraps a closure over tensors as a layer (no weights). Takes any number of inputs.
///
/// Its output shape comes from `outputShape` when given, else from a dry run of the closure on
/// zeros (see `Layer.computeOutputShape`). Its output mask comes from `mask` when given; without
/// it the mask stops here, as in Keras (`Lambda(mask=None)`).
///
/// Example: `Lambda { xs in (xs[0] - xs[1]).squared().mean() }([a, b])`.
/// References: Keras `layers.Lambda` (`output_shape`, `mask`).
public final class Lambda: Layer {
    let function: ([Tensor]) -> Tensor
    let outputShape: (([[Int?]]) -> [Int?])?
    let mask: (([Tensor], [Tensor?]) -> Tensor?)?
    /// - Parameters:
    ///   - outputShape: per-example output shape from the per-example input shapes (batch axis
    ///     excluded, `nil` = unknown); default: inferred by a dry run.
    ///   - mask: the output mask from the inputs and their masks; default: no mask.
    ///   - function: computes one output from the inputs (each with a batch axis).
    ///   - name: layer name; default a generated one.
    public init(
        name: String? = nil, outputShape: (([[Int?]]) -> [Int?])? = nil,
        mask: (([Tensor], [Tensor?]) -> Tensor?)? = nil, _ function: @escaping ([Tensor]) -> Tensor
    ) {
        self.function = function; self.outputShape = outputShape; self.mask = mask
        super.init(name: name)
    }
    /// Single-input convenience.
    public static func unary(name: String? = nil, _ f: @escaping (Tensor) -> Tensor) -> Lambda {
        Lambda(name: name) { xs in f(xs[0]) }
    }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] { [function(inputs)] }
    public override var supportsMasking: Bool { mask != nil }
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? { mask?(inputs, masks) }
    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] {
        outputShape.map { [$0(inputShapes)] } ?? dryRunOutputShapes(inputShapes)
    }
    /// A new Lambda with the same closures (closures have no weights to refresh).
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer {
        Lambda(outputShape: outputShape, mask: mask, function)
    }
}
