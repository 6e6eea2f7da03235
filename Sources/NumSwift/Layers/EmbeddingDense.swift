// MARK: - EmbeddingDense (tied output projection)

/// An output projection that reuses an `Embedding`'s table as its kernel:
/// `activation(x · Eᵀ + bias)`, `[batch, …, outputDim]` → `[batch, …, inputDim]` (BERT's MLM head).
///
/// The table stays the embedding's variable: this layer registers only its own `bias`
/// `[inputDim]` (zeros), so a model holding both counts the table once, and the table receives
/// gradient from both uses.
///
/// Example (Su): `let emb = Embedding(inputDim: 10000, outputDim: 128); let h = emb(x); …;
/// let p = EmbeddingDense(emb, activation: .softmax)(h)`.
/// References: Su, kexue.fm/archives/6985 §3.2 (cross-referencing layers).
public final class EmbeddingDense: Layer {
    /// The embedding whose table (transposed) is the kernel.
    public let embedding: Embedding
    /// Applied after the affine map.
    public let activation: ActivationFunction
    /// The bias `[inputDim]` (after build).
    public private(set) var biasVariable: Variable!
    /// Output width: the embedding's vocabulary size.
    public var units: Int { embedding.inputDim }

    /// - Parameters: embedding: the layer whose table is shared (built before this layer's first
    ///   call, i.e. called first, as in the article); activation: default linear.
    public init(_ embedding: Embedding, activation: ActivationFunction = .linear, name: String? = nil) {
        self.embedding = embedding; self.activation = activation
        super.init(name: name)
    }

    public override var supportsMasking: Bool { true }

    public override func build(inputShapes: [[Int]]) {
        precondition(
            embedding.built,
            "EmbeddingDense \(name): \(embedding.name) must be called (built) before it, as in the article")
        precondition(
            inputShapes.count == 1 && inputShapes[0].last == embedding.outputDim,
            "EmbeddingDense \(name): input \(inputShapes) must end in the embedding width \(embedding.outputDim)")
        biasVariable = addWeight(name: "bias", shape: [units], initializer: .zeros)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] {
        [Array(inputShapes[0].dropLast()) + [units]]
    }

    /// The copy ties itself to the clone of the embedding (sharing stays sharing).
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer {
        guard let e = try cloner.clone(embedding) as? Embedding else { preconditionFailure("EmbeddingDense: clone of an Embedding") }
        return EmbeddingDense(e, activation: activation)
    }

    func preActivation(_ x: Tensor) -> Tensor {
        let table = embedding.embeddings.read  // [inputDim, outputDim]
        let d = embedding.outputDim
        let flat = x.rank == 2 ? x : x.reshape([-1, d])
        let y = flat.matmul(table, transposeB: true) + biasVariable.read
        return x.rank == 2 ? y : y.reshape(Array(x.shape.dropLast()) + [units])
    }

    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] { [activation.apply(preActivation(inputs[0]))] }

    public override func callWithLogits(_ inputs: [Tensor], training: Bool) -> ([Tensor], Tensor?) {
        let z = preActivation(inputs[0])
        return ([activation.apply(z)], activation.isSoftmax ? z : nil)
    }
}
