// MARK: - Functional model

/// A functional model: a graph of layer calls from `inputs` to `outputs`. It can be called on
/// concrete tensors (eager) or on symbolic tensors (a model used as a layer), trained with
/// `compile`/`fit`, and saved.
///
/// Example:
/// ```swift
/// let x = Input(shape: [784])
/// let h = Dense(100, activation: .relu)(x)
/// let model = Model(inputs: [x], outputs: [Dense(10, activation: .softmax)(h)])
/// ```
/// References: Keras functional API; Su, kexue.fm/archives/6311.
open class Model: Layer {
    /// Graph inputs.
    public internal(set) var inputs: [SymbolicTensor] = []
    /// Graph outputs.
    public internal(set) var outputs: [SymbolicTensor] = []
    /// Nodes in topological order.
    var nodes: [Node] = []
    /// Unique layers in topological order (Keras `model.layers`).
    public internal(set) var layers: [Layer] = []

    /// Scalars added with `addLoss`, summed into the training objective.
    public internal(set) var addedLosses: [SymbolicTensor] = []
    /// Scalars shown with `addMetric`, by name.
    public internal(set) var addedMetrics: [(name: String, tensor: SymbolicTensor)] = []

    // Training configuration (set by `compile`).
    /// The optimiser given to `compile`.
    public internal(set) var optimizer: Optimizer?
    /// One loss per output (nil: none), from `compile`.
    public internal(set) var losses: [Loss?] = []
    /// Weight of each output's loss.
    public internal(set) var lossWeights: [Float] = []
    /// Metrics per output.
    public internal(set) var compiledMetrics: [[Metric]] = []
    /// The metrics among `compiledMetrics[0]` that are weighted by sample weights.
    public internal(set) var weightedMetrics: [Metric] = []
    /// Set by a callback to stop `fit` after the current epoch (or batch).
    public var stopTraining = false
    /// The data-parallel replicas this model trains with (nil: one process); see `ReplicaGroup`.
    public var replicas: ReplicaGroup?
    /// The replicas' summed metric states of the current epoch (see `synchronizeGradients`).
    var replicaMetrics = ReplicaMetrics()
    var trainNodes: [Node] = []
    /// Where `fit` writes its progress text (nil: standard output). Tests capture the bar here.
    public var progressWrite: ((String) -> Void)?
    /// Overrides terminal detection for the progress bar (nil: `isatty(1)`).
    public var progressIsTTY: Bool?
    /// Running loss and metrics of the current epoch (Keras's stateful metrics; see `TrainStep.swift`).
    let tracker = EpochState()

    /// One training step on one batch (Keras 3 `train_step`), called by `fit` and `trainOnBatch`.
    /// Override it for a custom step; the pieces are public: `computeLoss`, `computeGradients`,
    /// `applyGradients`, `metricsResult` (see `TrainStep.swift`).
    ///
    /// - Returns: the logs after the step (running means since `resetMetrics()`).
    /// - Throws: `NumSwiftError` for data that does not fit the model, a missing gradient, or a
    ///   model that is not compiled.
    open func trainStep(_ batch: Batch) throws -> [String: Float] { try defaultTrainStep(batch) }

    /// A model computing `outputs` from `inputs`.
    ///
    /// The inputs may be `Input`s or any intermediate tensors of an existing graph: the model then
    /// replays only the part of the graph between them and the outputs (Su's "splitting from the
    /// middle"), sharing those layers' weights; its `layers`, `summary()` and `countParams()`
    /// cover only that part, and fed the original activations it reproduces the original outputs
    /// bit for bit. Auto-named layers and inputs get names unique within this model (`dense`,
    /// `dense_1`, …), so building the same model twice gives the same names.
    ///
    /// - Parameters: inputs, outputs: symbolic tensors of one graph; name: model name.
    /// - Precondition: every output is computable from `inputs` alone.
    /// References: Su, kexue.fm/archives/6985 §3.2; Keras functional API.
    public init(inputs: [SymbolicTensor], outputs: [SymbolicTensor], name: String? = nil) {
        super.init(name: name, baseName: "functional")
        setGraph(inputs: inputs, outputs: outputs)
    }

    /// Single input and output convenience.
    public convenience init(inputs: SymbolicTensor, outputs: SymbolicTensor, name: String? = nil) {
        self.init(inputs: [inputs], outputs: [outputs], name: name)
    }

    override init(name: String?, baseName: String) { super.init(name: name, baseName: baseName) }

    func setGraph(inputs: [SymbolicTensor], outputs: [SymbolicTensor]) {
        let (ns, reached) = topologicalNodes(outputs, stops: inputs)
        for r in reached where !inputs.contains(where: { $0 === r }) {
            preconditionFailure("Model: output depends on \(r.name), which is not among the model inputs")
        }
        self.inputs = inputs; self.outputs = outputs; self.nodes = ns
        var seen = Set<ObjectIdentifier>()
        layers = ns.map(\.layer).filter { seen.insert(ObjectIdentifier($0)).inserted }
        markBuilt()
        // Losses added to nested models reach this model's objective (Keras collects the losses
        // of nested layers): each is rebuilt on this graph from the nested call's tensors.
        for n in ns {
            guard let inner = n.layer as? Model, !inner.addedLosses.isEmpty else { continue }
            addedLosses += inner.replaySubgraph(inner.addedLosses, inputs: n.inputs, outputs: n.outputs)
        }
        refreshTrainNodes()
        assignScopedNames()
    }

    func refreshTrainNodes() {
        let extra = addedLosses + addedMetrics.map(\.tensor)
        trainNodes = topologicalNodes(outputs + extra, stops: inputs).nodes
    }

    open override var sublayers: [Layer] { layers }

    // MARK: Calling

    open override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        run(inputs, training: training, extra: []).outputs
    }

    open override func callWithLogits(_ inputs: [Tensor], training: Bool) -> ([Tensor], Tensor?) {
        let r = run(inputs, training: training, extra: [])
        return (r.outputs, r.logits.first ?? nil)
    }

    /// Runs the graph; returns outputs, their logits (when available), the values of `extra` and
    /// the output masks. `inputMasks` (one per input, or empty) feed masks into the graph.
    func run(_ xs: [Tensor], training: Bool, extra: [SymbolicTensor], inputMasks: [Tensor?] = [])
        -> (outputs: [Tensor], logits: [Tensor?], extra: [Tensor], masks: [Tensor?])
    {
        precondition(xs.count == inputs.count, "Model \(name): expected \(inputs.count) inputs, got \(xs.count)")
        var feeds: [ObjectIdentifier: Tensor] = [:]
        var feedMasks: [ObjectIdentifier: Tensor] = [:]
        for (i, (s, x)) in zip(inputs, xs).enumerated() {
            precondition(
                shapeFits(x.shape.dropFirst(), s.shape) && (s.batchSize.map { $0 == x.shape.first } ?? true),
                "Model \(name): input \(s.name) expects \(s.shapeDescription), got \(x.shape)")
            feeds[ObjectIdentifier(s)] = x
            if i < inputMasks.count, let m = inputMasks[i] { feedMasks[ObjectIdentifier(s)] = m }
        }
        let ns = extra.isEmpty ? nodes : trainNodes
        let (values, logits, masks) = GraphRunner(nodes: ns).run(feeds: feeds, masks: feedMasks, training: training)
        return (
            outputs.map { values[ObjectIdentifier($0)]! },
            outputs.map { logits[ObjectIdentifier($0)] },
            extra.map { values[ObjectIdentifier($0)]! },
            outputs.map { masks[ObjectIdentifier($0)] }
        )
    }

    /// Runs the graph with the input masks fed in and returns its first output's mask, so masks
    /// and logits of a nested model reach the outer model.
    override func graphCall(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> (outputs: [Tensor], logits: Tensor?, mask: Tensor?) {
        let r = run(inputs, training: training, extra: [], inputMasks: masks)
        return (r.outputs, r.logits.first ?? nil, r.masks.first ?? nil)
    }

    /// The mask of the first output when the graph is fed `inputs` with `masks`.
    open override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? {
        run(inputs, training: false, extra: [], inputMasks: masks).masks.first ?? nil
    }

    /// Output shapes by propagating `inputShapes` through each layer's `computeOutputShape`.
    open override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] {
        precondition(inputShapes.count == inputs.count, "Model \(name): expected \(inputs.count) inputs, got \(inputShapes.count)")
        var shapes: [ObjectIdentifier: [Int?]] = [:]
        for (t, s) in zip(inputs, inputShapes) {
            precondition(
                s.count == t.shape.count && zip(s, t.shape).allSatisfy { a, b in a == nil || b == nil || a == b },
                "Model \(name): input \(t.name) expects per-example shape \(t.shape), got \(s)")
            shapes[ObjectIdentifier(t)] = zip(s, t.shape).map { $0 ?? $1 }
        }
        for n in nodes {
            let ins = n.inputs.map { shapes[ObjectIdentifier($0)] ?? $0.shape }
            for (o, s) in zip(n.outputs, n.layer.computeOutputShape(ins)) { shapes[ObjectIdentifier(o)] = s }
        }
        return outputs.map { shapes[ObjectIdentifier($0)] ?? $0.shape }
    }

    /// The same graph replayed over copies of the layers (see `cloneModel`).
    open override func configuredCopy(_ cloner: LayerCloner) throws -> Layer {
        let xs = freshInputs()
        let ys = try replay(on: xs) { n, ins in try cloner.clone(n.layer)(ins) }
        return Model(inputs: xs, outputs: ys, name: name)
    }

    /// Eager prediction on one input (inference mode).
    public func callAsFunction(_ x: Tensor) -> Tensor { call([x], training: false)[0] }

    // MARK: Added losses and metrics

    /// Adds a scalar built from any tensors of the graph (inputs, intermediate or output layers) to
    /// the training objective. Several added losses are summed. With added losses, `compile` may be
    /// given no loss and `fit` no targets.
    ///
    /// - Throws: `NumSwiftError.invalidArgument` unless `t` is a scalar (or one value per example,
    ///   which is averaged).
    /// References: Su, kexue.fm/archives/6311 §1.1.
    public func addLoss(_ t: SymbolicTensor) throws {
        guard t.shape.isEmpty || t.shape == [1] else {
            throw NumSwiftError.invalidArgument(name: "addLoss tensor \(t.name)", value: "per-example shape \(t.shape)", expected: "a scalar")
        }
        addedLosses.append(t)
        refreshTrainNodes()
    }

    /// Shows any scalar of the graph (e.g. a norm of a hidden activation) in the progress bar and
    /// in `History`, averaged over the epoch like `loss`. Does not change gradients or the loss.
    ///
    /// - Throws: `NumSwiftError.invalidArgument` unless `t` is a scalar (non-scalars are rejected,
    ///   as in the article), or when `name` is already used.
    /// References: Su, kexue.fm/archives/6311 §1.2.
    public func addMetric(_ t: SymbolicTensor, name: String) throws {
        guard t.shape.isEmpty || t.shape == [1] else {
            throw NumSwiftError.invalidArgument(
                name: "addMetric \(name)", value: "per-example shape \(t.shape)", expected: "a scalar (reduce it first, e.g. with mean())")
        }
        guard !addedMetrics.contains(where: { $0.name == name }) && name != "loss" else {
            throw NumSwiftError.invalidArgument(name: "addMetric name", value: name, expected: "a name not used by another metric")
        }
        addedMetrics.append((name, t))
        refreshTrainNodes()
    }
}
