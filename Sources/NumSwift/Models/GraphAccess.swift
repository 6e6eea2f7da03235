// MARK: - Nodes, per-call outputs and layer lookup

extension Layer {
    /// The outputs of the layer's `index`-th call on symbolic tensors (Keras `get_output_at`).
    /// - Throws: `NumSwiftError.invalidArgument` when the layer has no such call.
    public func outputs(at index: Int) throws -> [SymbolicTensor] { try node(at: index, "outputs(at:)").outputs }

    /// The first output of the layer's `index`-th call (Keras `get_output_at`).
    /// - Throws: `NumSwiftError.invalidArgument` when the layer has no such call.
    public func output(at index: Int) throws -> SymbolicTensor { try outputs(at: index)[0] }

    /// The first input of the layer's `index`-th call (Keras `get_input_at`).
    /// - Throws: `NumSwiftError.invalidArgument` when the layer has no such call.
    public func input(at index: Int) throws -> SymbolicTensor { try node(at: index, "input(at:)").inputs[0] }

    /// The output of the layer's only call (Keras `layer.output`).
    /// - Throws: `NumSwiftError.invalidArgument` when the layer was called several times (the
    ///   output is ambiguous: use `output(at:)`) or never.
    public var output: SymbolicTensor {
        get throws { try output(at: soleCall("output")) }
    }

    /// The input of the layer's only call (Keras `layer.input`).
    /// - Throws: as `output`.
    public var input: SymbolicTensor {
        get throws { try input(at: soleCall("input")) }
    }

    func soleCall(_ what: String) throws -> Int {
        let n = inboundNodes.count
        guard n == 1 else {
            throw NumSwiftError.invalidArgument(
                name: "\(what) of layer \(name)", value: n == 0 ? "never called on symbolic tensors" : "called \(n) times",
                expected: n == 0 ? "a layer called once in a graph" : "\(what)(at:) with a call index 0..<\(n) (the \(what) is ambiguous)")
        }
        return 0
    }

    func node(at index: Int, _ what: String) throws -> Node {
        let nodes = inboundNodes
        guard nodes.indices.contains(index) else {
            throw NumSwiftError.invalidArgument(
                name: "\(what) of layer \(name)", value: "index \(index)", expected: "a call index in 0..<\(nodes.count)")
        }
        return nodes[index]
    }
}

extension Model {
    /// The layer of this model named `name` (Keras `get_layer(name=)`).
    /// - Throws: `NumSwiftError.invalidArgument` listing the model's layer names when none matches.
    public func getLayer(named name: String) throws -> Layer {
        guard let l = layers.first(where: { $0.name == name }) else {
            throw NumSwiftError.invalidArgument(
                name: "layer name", value: name, expected: "one of \(layers.map(\.name)) in model \(self.name)")
        }
        return l
    }

    /// The layer at `index` in `layers` (Keras `get_layer(index=)`).
    /// - Throws: `NumSwiftError.invalidArgument` when out of range.
    public func getLayer(at index: Int) throws -> Layer {
        guard layers.indices.contains(index) else {
            throw NumSwiftError.invalidArgument(name: "layer index", value: "\(index)", expected: "0..<\(layers.count) in model \(name)")
        }
        return layers[index]
    }
}
