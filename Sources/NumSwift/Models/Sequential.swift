// MARK: - Sequential

/// A linear stack of layers. With `inputShape` the graph is built at once; otherwise on the first
/// call or `fit` from the data's shape.
///
/// References: Keras `Sequential`.
public final class Sequential: Model {
    /// The layers in order.
    public private(set) var stack: [Layer]

    /// - Parameters: layers: in order; inputShape: per-example input shape (batch excluded; `nil`
    ///   entries are free, e.g. `[nil, 8]` for sequences of any length).
    public init(_ layers: [Layer] = [], inputShape: [Int?]? = nil, name: String? = nil) {
        stack = layers
        super.init(name: name, baseName: "sequential")
        if let s = inputShape { buildGraph(s) }
    }

    /// Appends a layer (before the graph is built).
    public func add(_ layer: Layer) {
        precondition(inputs.isEmpty, "Sequential.add: the model is already built")
        stack.append(layer)
    }

    /// Builds the functional graph for inputs of the given per-example shape.
    public func buildGraph(_ shape: [Int?]) {
        let x = Input(shape: shape)
        var h = x
        for l in stack { h = l(h) }
        setGraph(inputs: [x], outputs: [h])
    }

    func ensureBuilt(_ x: Tensor) { if inputs.isEmpty { buildGraph(Array(x.shape.dropFirst())) } }

    /// Called on symbolic tensors before its graph exists: builds it for their shape.
    public override func build(inputShapes: [[Int]]) {
        if inputs.isEmpty { buildGraph(inputShapes[0].map { $0 < 0 ? nil : $0 }) }
    }

    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer {
        let copy = Sequential(try stack.map { try cloner.clone($0) })
        if let x = inputs.first { copy.buildGraph(x.shape) }
        return copy
    }

    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        ensureBuilt(inputs[0]); return super.call(inputs, training: training)
    }
    public override func callWithLogits(_ inputs: [Tensor], training: Bool) -> ([Tensor], Tensor?) {
        ensureBuilt(inputs[0]); return super.callWithLogits(inputs, training: training)
    }
}
