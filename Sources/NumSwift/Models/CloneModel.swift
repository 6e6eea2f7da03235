// MARK: - Cloning and model surgery by graph replay

/// Copies layers through `Layer.configuredCopy`, once per layer: a layer reached twice (shared,
/// wrapped, or tied as `EmbeddingDense` ties an `Embedding`) maps to one copy, so the copy has
/// the same sharing as the original. Copies keep the original names.
public final class LayerCloner {
    var copies: [ObjectIdentifier: Layer] = [:]
    /// Layers to keep as they are (shared with the original) instead of copying.
    let keep: Set<ObjectIdentifier>

    /// - Parameter keeping: layers reused as they are instead of copied.
    public init(keeping: [Layer] = []) { keep = Set(keeping.map(ObjectIdentifier.init)) }

    /// The copy of `layer` (made on first request).
    /// - Throws: when the layer type cannot be cloned (see `Layer.configuredCopy`).
    public func clone(_ layer: Layer) throws -> Layer {
        let id = ObjectIdentifier(layer)
        if keep.contains(id) { return layer }
        if let c = copies[id] { return c }
        let c = try layer.configuredCopy(self)
        c.name = layer.name
        c.autoNamed = layer.autoNamed
        c.trainable = layer.trainable
        copies[id] = c
        return c
    }
}

extension Model {
    /// Rebuilds the graph on `newInputs` (one per model input), calling `transform(node, inputs)`
    /// for each node in topological order to produce that node's new outputs.
    func replay(on newInputs: [SymbolicTensor], _ transform: (Node, [SymbolicTensor]) throws -> [SymbolicTensor]) rethrows
        -> [SymbolicTensor]
    {
        var map: [ObjectIdentifier: SymbolicTensor] = [:]
        for (old, new) in zip(inputs, newInputs) { map[ObjectIdentifier(old)] = new }
        for n in nodes {
            let ins = n.inputs.map { map[ObjectIdentifier($0)] ?? $0 }
            for (o, v) in zip(n.outputs, try transform(n, ins)) { map[ObjectIdentifier(o)] = v }
        }
        return outputs.map { map[ObjectIdentifier($0)] ?? $0 }
    }

    /// The tensors `targets` of this model's graph rebuilt on another graph where this model was
    /// called on `inputs` giving `outputs`: the layers between are called again on the new
    /// tensors (the model's own outputs are reused, not recomputed).
    func replaySubgraph(_ targets: [SymbolicTensor], inputs newInputs: [SymbolicTensor], outputs newOutputs: [SymbolicTensor])
        -> [SymbolicTensor]
    {
        var map: [ObjectIdentifier: SymbolicTensor] = [:]
        for (old, new) in zip(inputs, newInputs) { map[ObjectIdentifier(old)] = new }
        for (old, new) in zip(outputs, newOutputs) { map[ObjectIdentifier(old)] = new }
        for n in topologicalNodes(targets, stops: inputs + outputs).nodes {
            let outs = n.layer(n.inputs.map { map[ObjectIdentifier($0)] ?? $0 })
            for (o, v) in zip(n.outputs, outs) { map[ObjectIdentifier(o)] = v }
        }
        return targets.map { map[ObjectIdentifier($0)] ?? $0 }
    }

    /// Fresh `Input`s with this model's input shapes and names.
    func freshInputs() -> [SymbolicTensor] {
        inputs.map { t in Input(shape: t.shape, batchSize: t.batchSize, name: t.node == nil && !t.autoNamed ? t.name : nil) }
    }
}

/// A model with the same topology and layer configurations as `model` but new, unshared weights
/// (Keras `clone_model`): predictions differ until the weights are copied, e.g. with
/// `copyWeights: true` or `clone.setWeights(model.getWeights())`.
///
/// Shared layers stay shared in the clone, tied layers stay tied (to the clone's layers), nested
/// models are cloned too, and layer names are kept.
/// - Parameters: model: the model to clone; copyWeights: also copy the current weight values.
/// - Throws: `NumSwiftError.invalidArgument` when a layer type does not support cloning.
/// References: Su, kexue.fm/archives/6985 §3.1; Keras `models.clone_model`.
public func cloneModel(_ model: Model, copyWeights: Bool = false) throws -> Model {
    let cloner = LayerCloner()
    guard let copy = try cloner.clone(model) as? Model else { preconditionFailure("cloneModel: a model's copy is a model") }
    if copyWeights { try copy.setWeights(model.getWeights()) }
    return copy
}

extension Model {
    /// A new model with `newLayer` applied to the output of the layer named `target` (before
    /// whatever consumed it): model surgery by graph replay. The other layers are the same
    /// instances, so their weights carry over (shared with this model; clone first with
    /// `cloneModel(_:copyWeights:)` for an independent copy).
    /// - Throws: `NumSwiftError.invalidArgument` when no layer is named `target`.
    /// References: Su, kexue.fm/archives/6985 §3.2 (insertion by graph replay).
    public func insertingLayer(_ newLayer: Layer, after target: String) throws -> Model {
        let t = try getLayer(named: target)
        let xs = freshInputs()
        let ys = replay(on: xs) { n, ins in
            let outs = n.layer(ins)
            return n.layer === t ? newLayer(outs) : outs
        }
        return Model(inputs: xs, outputs: ys)
    }

    /// A new model in which every call of the layer named `target` calls `replacement` instead;
    /// the other layers are the same instances (weights carried over, shared with this model).
    /// - Throws: `NumSwiftError.invalidArgument` when no layer is named `target`.
    /// References: Su, kexue.fm/archives/6985 §3.2 (replacement by graph replay).
    public func replacingLayer(_ target: String, with replacement: Layer) throws -> Model {
        let t = try getLayer(named: target)
        let xs = freshInputs()
        let ys = replay(on: xs) { n, ins in (n.layer === t ? replacement : n.layer)(ins) }
        return Model(inputs: xs, outputs: ys)
    }
}
