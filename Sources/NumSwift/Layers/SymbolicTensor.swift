// MARK: - Symbolic tensors and nodes

/// A placeholder in a functional graph: the output of `Input` or of a layer called on symbolic
/// tensors. `shape` excludes the batch axis; `nil` marks a dimension known only at run time (a
/// free sequence length).
///
/// References: Keras functional API (`KerasTensor`).
public final class SymbolicTensor {
    /// Shape without the batch axis (`nil`: any size).
    public let shape: [Int?]
    /// The batch size when fixed by `Input(batchSize:)`, else `nil` (any batch size).
    public let batchSize: Int?
    /// The node that produced this tensor (nil for an `Input`).
    public let node: Node?
    /// Which output of `node` this is.
    public let index: Int
    /// Name: the input's name, or `<layer>:<index>` for a layer output.
    public var name: String { node.map { "\($0.layer.name):\(index)" } ?? inputName }
    /// The name of an `Input` (unused for layer outputs).
    var inputName: String
    /// Whether an input's name was generated and no model has fixed it yet.
    var autoNamed: Bool

    init(shape: [Int?], batchSize: Int? = nil, node: Node?, index: Int, name: String, autoNamed: Bool = false) {
        self.shape = shape; self.batchSize = batchSize; self.node = node; self.index = index
        self.inputName = name; self.autoNamed = autoNamed
    }

    /// The full shape with the batch axis, as printed by `summary()`: `(None, None, 8)`.
    public var shapeDescription: String {
        let dims = [batchSize] + shape
        return "(" + dims.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + (shape.isEmpty ? ",)" : ")")
    }
}

/// One call of a layer on symbolic tensors (Keras `Node`): kept by the layer in `inboundNodes`.
public final class Node {
    /// The called layer.
    public let layer: Layer
    /// The symbolic inputs.
    public let inputs: [SymbolicTensor]
    /// The symbolic outputs (filled when the node is created).
    public internal(set) var outputs: [SymbolicTensor] = []

    init(layer: Layer, inputs: [SymbolicTensor]) { self.layer = layer; self.inputs = inputs }
}

/// A weak reference to a node, so a layer does not keep its graphs alive.
struct WeakNode {
    weak var node: Node?
}

/// A graph input of the given shape (batch axis excluded), Keras `Input(shape:)`.
///
/// - Parameters:
///   - shape: per-example shape, e.g. `[784]` or `[nil, 8]` (`nil`: any length, so one model
///     takes batches of different sequence lengths).
///   - batchSize: a fixed batch size, or `nil` (default) for any.
///   - name: optional name; default `input_layer`, `input_layer_1`, … counted within the model.
public func Input(shape: [Int?], batchSize: Int? = nil, name: String? = nil) -> SymbolicTensor {
    for d in shape { precondition(d.map { $0 > 0 } ?? true, "Input: dimensions must be positive or nil, got \(shape)") }
    return SymbolicTensor(
        shape: shape, batchSize: batchSize, node: nil, index: 0,
        name: name ?? LayerNaming.uniqueName("input_layer"), autoNamed: name == nil)
}

extension Layer {
    /// Calls the layer on symbolic tensors: builds it from their shapes (unknown dimensions
    /// passed to `build` as -1), takes the output shapes from `computeOutputShape`, and records a
    /// node in `inboundNodes`.
    public func callAsFunction(_ inputs: [SymbolicTensor]) -> [SymbolicTensor] {
        buildIfNeeded(inputs.map { $0.shape.map { $0 ?? -1 } })
        let outShapes = computeOutputShape(inputs.map(\.shape))
        let batch = inputs.lazy.compactMap(\.batchSize).first
        let node = Node(layer: self, inputs: inputs)
        node.outputs = outShapes.enumerated().map { i, s in
            SymbolicTensor(shape: s, batchSize: batch, node: node, index: i, name: "")
        }
        inbound.removeAll { $0.node == nil }
        inbound.append(WeakNode(node: node))
        return node.outputs
    }

    /// Calls the layer on one symbolic tensor and returns its first output.
    public func callAsFunction(_ input: SymbolicTensor) -> SymbolicTensor { callAsFunction([input])[0] }

    /// The default `computeOutputShape`: runs `call` on zeros in inference mode, without gradient
    /// and inside a private random scope (so no generator advances). Unknown dimensions are
    /// probed with two sizes; output dimensions that differ between the probes are unknown.
    func dryRunOutputShapes(_ shapes: [[Int?]]) -> [[Int?]] {
        func probe(_ fill: Int) -> [[Int]] {
            // Flagged as shape inference so that layers owning a generator (Sampling,
            // GumbelSoftmax) draw from a throw-away copy and never advance it.
            ShapeInference.$isActive.withValue(true) {
              withNoGrad {
                KerasRandom.withSeed(0) {
                    let xs = shapes.map { Tensor.zeros([1] + $0.map { $0 ?? fill }) }
                    return call(xs, training: false).map { Array($0.shape.dropFirst()) }
                }
              }
            }
        }
        let a = probe(13)
        guard shapes.contains(where: { $0.contains(nil) }) else { return a.map { $0.map { $0 } } }
        let b = probe(17)
        return zip(a, b).map { sa, sb in
            sa.count == sb.count ? zip(sa, sb).map { $0 == $1 ? $0 : nil } : sa.map { _ in nil }
        }
    }
}

/// Whether a concrete per-example shape fits a symbolic one (same rank, known dimensions equal).
func shapeFits(_ concrete: ArraySlice<Int>, _ symbolic: [Int?]) -> Bool {
    concrete.count == symbolic.count && zip(concrete, symbolic).allSatisfy { c, s in s.map { $0 == c } ?? true }
}

// MARK: - Graph traversal

/// Nodes needed to compute `outputs` from `stops` (or from the `Input`s reached), in topological
/// order (inputs first), and the graph inputs reached (stop tensors or `Input`s).
func topologicalNodes(_ outputs: [SymbolicTensor], stops: [SymbolicTensor] = []) -> (nodes: [Node], inputs: [SymbolicTensor]) {
    var order: [Node] = []
    var seen = Set<ObjectIdentifier>()
    var inputsSeen = Set<ObjectIdentifier>()
    let stopSet = Set(stops.map(ObjectIdentifier.init))
    var inputs: [SymbolicTensor] = []
    func visit(_ t: SymbolicTensor) {
        guard let n = t.node, !stopSet.contains(ObjectIdentifier(t)) else {
            if inputsSeen.insert(ObjectIdentifier(t)).inserted { inputs.append(t) }
            return
        }
        guard seen.insert(ObjectIdentifier(n)).inserted else { return }
        for i in n.inputs { visit(i) }
        order.append(n)
    }
    for o in outputs { visit(o) }
    return (order, inputs)
}

/// Evaluation of a functional graph on concrete tensors.
struct GraphRunner {
    let nodes: [Node]

    /// Runs the nodes given concrete values (and optional masks) for the graph inputs; returns all
    /// computed values keyed by symbolic tensor identity, pre-softmax logits where a layer offers
    /// them, and masks (Keras `mask_zero`) flowing from the layers that create them.
    func run(feeds: [ObjectIdentifier: Tensor], masks feedMasks: [ObjectIdentifier: Tensor] = [:], training: Bool)
        -> (values: [ObjectIdentifier: Tensor], logits: [ObjectIdentifier: Tensor], masks: [ObjectIdentifier: Tensor])
    {
        var values = feeds
        var logits: [ObjectIdentifier: Tensor] = [:]
        var masks = feedMasks
        for n in nodes {
            let ins = n.inputs.map { t -> Tensor in
                guard let v = values[ObjectIdentifier(t)] else {
                    preconditionFailure("graph: no value for \(t.name); is it an input of the model?")
                }
                return v
            }
            if !n.layer.built { n.layer.buildIfNeeded(ins.map { Array($0.shape.dropFirst()) }) }
            // The mask lookups are skipped while no mask exists.
            let inMasks = masks.isEmpty ? n.inputs.map { _ in nil } : n.inputs.map { masks[ObjectIdentifier($0)] }
            let (outs, lg, m) = n.layer.graphCall(ins, masks: inMasks, training: training)
            n.layer.addActivityLosses(outs)
            for (o, v) in zip(n.outputs, outs) { values[ObjectIdentifier(o)] = v }
            if let lg, let o = n.outputs.first { logits[ObjectIdentifier(o)] = lg }
            if let m, let o = n.outputs.first { masks[ObjectIdentifier(o)] = m }
        }
        return (values, logits, masks)
    }
}
