// MARK: - Embedding

/// Looks up rows of an embedding table: integer ids `[batch, …]` → `[batch, …, outputDim]`.
///
/// With `maskZero`, id 0 is padding: `computeMask` returns 1 where the id is non-zero (Keras
/// `mask_zero`), and `inputDim` must leave room for it.
public final class Embedding: Layer {
    /// Vocabulary size, embedding width, and whether id 0 is padding.
    public let inputDim: Int, outputDim: Int, maskZero: Bool
    /// The table `[inputDim, outputDim]` (after build).
    public private(set) var embeddings: Variable!
    let initializer: Initializer
    /// - Parameters: inputDim: number of ids; outputDim: vector size; maskZero: treat id 0 as padding.
    public init(
        inputDim: Int, outputDim: Int, maskZero: Bool = false,
        initializer: Initializer = .randomUniform(lo: -0.05, hi: 0.05), name: String? = nil
    ) {
        self.inputDim = inputDim; self.outputDim = outputDim; self.maskZero = maskZero; self.initializer = initializer
        super.init(name: name)
    }
    public override func build(inputShapes: [[Int]]) {
        embeddings = addWeight(name: "embeddings", shape: [inputDim, outputDim], initializer: initializer)
    }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let ids = inputs[0]
        let idx = ids.scalars.map { Int($0) }
        for i in idx { precondition(i >= 0 && i < inputDim, "Embedding \(name): id \(i) outside 0..<\(inputDim)") }
        return [embeddings.read.gather(indices: idx, axis: 0).reshape(ids.shape + [outputDim])]
    }
    /// 1 where the id is not 0, else 0 (only meaningful with `maskZero`); same shape as `ids`.
    public func computeMask(_ ids: Tensor) -> Tensor? { maskZero ? (ids .!= 0) : nil }
    /// In a graph the mask flows to later layers that support masking, and to losses and metrics.
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? { computeMask(inputs[0]) }
}

/// Product (logical AND) of the masks that are present; nil when none is.
func andMasks(_ masks: [Tensor?]) -> Tensor? {
    let present = masks.compactMap { $0 }
    return present.isEmpty ? nil : present.dropFirst().reduce(present[0], *)
}
