// MARK: - Activation

/// Applies an activation function, Keras `layers.Activation`.
public final class Activation: Layer {
    /// The applied function.
    public let function: ActivationFunction
    /// - Parameters: function: e.g. `.relu`; name: optional layer name.
    public init(_ function: ActivationFunction, name: String? = nil) { self.function = function; super.init(name: name) }
    public override var supportsMasking: Bool { true }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] { [function.apply(inputs[0])] }
    public override func callWithLogits(_ inputs: [Tensor], training: Bool) -> ([Tensor], Tensor?) {
        ([function.apply(inputs[0])], function.isSoftmax ? inputs[0] : nil)
    }
}

// MARK: - Dropout

/// Inverted dropout: in training zeroes each element with probability `rate` and scales the rest by
/// `1 / (1 − rate)`; identity in inference.
public final class Dropout: Layer {
    /// Fraction of elements zeroed in training.
    public let rate: Float
    var generator: RandomGenerator
    /// - Parameters: rate in [0, 1); seed: optional fixed seed (else drawn from `KerasRandom`).
    public init(_ rate: Float, seed: UInt64? = nil, name: String? = nil) {
        precondition(rate >= 0 && rate < 1, "Dropout: rate must be in [0, 1), got \(rate)")
        self.rate = rate
        generator = seed.map { RandomGenerator(seed: $0) } ?? KerasRandom.next()
        super.init(name: name)
    }
    public override var supportsMasking: Bool { true }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let x = inputs[0]
        guard training && rate > 0 else { return [x] }
        let keep = Tensor.randomUniform(x.shape, generator: &generator) .>= rate
        return [x * (keep * (1 / (1 - rate)))]
    }
}

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
public final class Reshape: Layer {
    /// Per-example output shape.
    public let targetShape: [Int]
    /// - Parameter targetShape: per-example shape (batch axis excluded), one entry may be −1.
    public init(_ targetShape: [Int], name: String? = nil) { self.targetShape = targetShape; super.init(name: name) }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        [inputs[0].reshape([inputs[0].shape[0]] + targetShape)]
    }
}

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
