// MARK: - Symbolic tensors and nodes

/// A placeholder in a functional graph: the output of `Input` or of a layer called on symbolic
/// tensors. `shape` excludes the batch axis.
///
/// References: Keras functional API (`KerasTensor`).
public final class SymbolicTensor {
    /// Shape without the batch axis.
    public let shape: [Int]
    /// The node that produced this tensor (nil for an `Input`).
    public let node: Node?
    /// Which output of `node` this is.
    public let index: Int
    /// Name (the input's name, or `<layer>:<index>`).
    public let name: String

    init(shape: [Int], node: Node?, index: Int, name: String) {
        self.shape = shape; self.node = node; self.index = index; self.name = name
    }
}

/// One call of a layer on symbolic tensors.
public final class Node {
    /// The called layer.
    public let layer: Layer
    /// The symbolic inputs.
    public let inputs: [SymbolicTensor]
    /// The symbolic outputs (filled when the node is created).
    public internal(set) var outputs: [SymbolicTensor] = []

    init(layer: Layer, inputs: [SymbolicTensor]) { self.layer = layer; self.inputs = inputs }
}

/// A graph input of the given shape (batch axis excluded), Keras `Input(shape:)`.
///
/// - Parameters:
///   - shape: per-example shape, e.g. `[784]` or `[length, channels]`.
///   - name: optional name; default `input_layer`, `input_layer_1`, …
public func Input(shape: [Int], name: String? = nil) -> SymbolicTensor {
    SymbolicTensor(shape: shape, node: nil, index: 0, name: name ?? LayerNaming.uniqueName("input_layer"))
}

extension Layer {
    /// Calls the layer on symbolic tensors: builds it from their shapes, infers the output shapes
    /// by a dry run on a batch of one, and records a node.
    public func callAsFunction(_ inputs: [SymbolicTensor]) -> [SymbolicTensor] {
        buildIfNeeded(inputs.map(\.shape))
        let outShapes: [[Int]] = withNoGrad {
            let probes = inputs.map { Tensor.zeros([1] + $0.shape) }
            return call(probes, training: false).map { Array($0.shape.dropFirst()) }
        }
        let node = Node(layer: self, inputs: inputs)
        node.outputs = outShapes.enumerated().map { i, s in
            SymbolicTensor(shape: s, node: node, index: i, name: "\(name):\(i)")
        }
        return node.outputs
    }

    /// Calls the layer on one symbolic tensor and returns its first output.
    public func callAsFunction(_ input: SymbolicTensor) -> SymbolicTensor { callAsFunction([input])[0] }
}

// MARK: - Graph traversal

/// Nodes needed to compute `outputs`, in topological order (inputs first), and the graph inputs
/// reached.
func topologicalNodes(_ outputs: [SymbolicTensor]) -> (nodes: [Node], inputs: [SymbolicTensor]) {
    var order: [Node] = []
    var seen = Set<ObjectIdentifier>()
    var inputsSeen = Set<ObjectIdentifier>()
    var inputs: [SymbolicTensor] = []
    func visit(_ t: SymbolicTensor) {
        guard let n = t.node else {
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

    /// Runs the nodes given concrete values for the graph inputs; returns all computed values keyed
    /// by symbolic tensor identity (plus pre-softmax logits where a layer offers them).
    func run(feeds: [ObjectIdentifier: Tensor], training: Bool)
        -> (values: [ObjectIdentifier: Tensor], logits: [ObjectIdentifier: Tensor], masks: [ObjectIdentifier: Tensor])
    {
        var values = feeds
        var logits: [ObjectIdentifier: Tensor] = [:]
        var masks: [ObjectIdentifier: Tensor] = [:]
        for n in nodes {
            let ins = n.inputs.map { t -> Tensor in
                guard let v = values[ObjectIdentifier(t)] else {
                    preconditionFailure("graph: no value for \(t.name); is it an input of the model?")
                }
                return v
            }
            if !n.layer.built { n.layer.buildIfNeeded(ins.map { Array($0.shape.dropFirst()) }) }
            let (outs, lg) = n.layer.callWithLogits(ins, training: training)
            n.layer.addActivityLosses(outs)
            for (o, v) in zip(n.outputs, outs) { values[ObjectIdentifier(o)] = v }
            if let lg, let o = n.outputs.first { logits[ObjectIdentifier(o)] = lg }
            // Masks (Keras `mask_zero`) flow from the layer that creates them through layers that
            // support masking; the lookups are skipped while no mask exists.
            let inMasks = masks.isEmpty ? n.inputs.map { _ in nil } : n.inputs.map { masks[ObjectIdentifier($0)] }
            if let m = n.layer.computeMask(ins, masks: inMasks), let o = n.outputs.first { masks[ObjectIdentifier(o)] = m }
        }
        return (values, logits, masks)
    }
}
