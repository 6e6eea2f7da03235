import Foundation

// MARK: - Naming

/// Hands out provisional process-wide layer names (`dense`, `dense_1`, …) for layers not yet in a
/// model; a model renames its auto-named layers within its own scope (see `Model`).
enum LayerNaming {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var counters: [String: Int] = [:]

    /// The next unique name for `base` (first `base`, then `base_1`, …).
    static func uniqueName(_ base: String) -> String {
        lock.lock(); defer { lock.unlock() }
        let n = counters[base, default: 0]
        counters[base] = n + 1
        return n == 0 ? base : "\(base)_\(n)"
    }

    /// Converts a type name such as `BatchNormalization` to `batch_normalization`.
    /// Keras's rule: an underscore before an upper-case letter that starts a lower-case word or
    /// follows a lower-case letter, so `Conv1D` → `conv1d`, `MaxPooling1D` → `max_pooling1d`.
    static func snakeCase(_ s: String) -> String {
        let c = Array(s)
        var out = ""
        for i in c.indices {
            if i > 0 && c[i].isUppercase {
                let startsWord = i + 1 < c.count && c[i + 1].isLowercase
                if c[i - 1].isLowercase || startsWord { out.append("_") }
            }
            out.append(contentsOf: c[i].lowercased())
        }
        return out
    }
}

// MARK: - Layer

/// Base class of all layers: weights are created by `build(inputShapes:)` on the first call from the
/// input shapes (batch axis excluded), then `call(_:training:)` computes.
///
/// Calling a layer on concrete tensors runs it eagerly; calling it on `SymbolicTensor`s records a
/// node in the functional graph (see `Model`).
///
/// References: Su, kexue.fm/archives/6311 §1.3 (build/call split); Keras `layers.Layer`.
open class Layer {
    /// Name used in summaries and weight paths (`dense`, `dense_1`, …). An auto-generated name is
    /// made unique within the first model that contains the layer. Renaming also renames the
    /// layer's own variables (`<name>/kernel`).
    public var name: String {
        didSet {
            guard name != oldValue else { return }
            for v in ownTrainable + ownNonTrainable where v.name.hasPrefix(oldValue + "/") {
                v.name = name + v.name.dropFirst(oldValue.count)
            }
        }
    }
    /// The snake-cased class name that auto-generated names count from.
    let baseName: String
    /// Whether `name` was generated (not given) and no model has fixed it yet.
    var autoNamed: Bool
    /// Whether the layer's weights are updated by training. Setting it freezes or unfreezes all of
    /// the layer's (originally trainable) weights.
    open var trainable: Bool = true {
        didSet { for v in ownTrainable { v.trainable = trainable } }
    }
    /// True after `build` has run.
    public private(set) var built = false
    /// Weights given at construction, loaded right after the first `build` (Keras `weights=`).
    public var initialWeights: [Tensor]?
    /// Weights created with `trainable: true`, in creation order.
    public private(set) var ownTrainable: [Variable] = []
    /// Weights created with `trainable: false`, in creation order.
    public private(set) var ownNonTrainable: [Variable] = []
    /// Post-step projections applied by `fit` after each optimiser update, keyed by variable.
    public var constraints: [(Variable, Constraint)] = []
    /// Learning-rate multiplier of all weights of this layer and its sub-layers (bert4keras
    /// `lr_multiplier`); multiplies with the variables' own. 0 freezes them in the optimiser.
    public var lrMultiplier: Float = 1
    /// Penalties on weights (`kernelRegularizer`, …), added to the objective by `fit`/`evaluate`.
    public var regularizers: [(Variable, Regularizer)] = []
    /// Penalty on the layer's outputs (Keras `activity_regularizer`), added after each call in a model.
    public var activityRegularizer: Regularizer?

    /// - Parameter name: explicit name; default is the snake-cased class name made unique.
    public init(name: String? = nil) {
        let base = LayerNaming.snakeCase(String(describing: type(of: self)))
        baseName = base
        autoNamed = name == nil
        self.name = name ?? LayerNaming.uniqueName(base)
    }

    /// A layer whose auto-generated names count from `baseName` (`functional`, `sequential`).
    init(name: String?, baseName: String) {
        self.baseName = baseName
        autoNamed = name == nil
        self.name = name ?? LayerNaming.uniqueName(baseName)
    }

    // MARK: Life cycle

    /// Creates the weights for inputs of the given shapes (each without the batch axis). A
    /// dimension left free in the graph (`nil` in `Input`) arrives as -1.
    open func build(inputShapes: [[Int]]) {}

    /// Computes the outputs from concrete inputs (each with a leading batch axis).
    open func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        fatalError("\(type(of: self)).call must be overridden")
    }

    /// Like `call`, and also returns the pre-softmax logits when the layer ends in a softmax (so a
    /// cross-entropy loss can use the fused, stable form). Default: no logits.
    open func callWithLogits(_ inputs: [Tensor], training: Bool) -> ([Tensor], Tensor?) {
        (call(inputs, training: training), nil)
    }

    /// Whether the layer passes its (first) input's mask on unchanged (Keras `supports_masking`).
    open var supportsMasking: Bool { false }

    /// Whether `call` adds loss terms with `addLoss` (Keras `self.add_loss` in `call`). A model
    /// whose only objective is such terms (or weight and activity regularisers) then compiles
    /// without a loss. Default false.
    open var addsLossesInCall: Bool { false }

    /// The mask of the output, from the inputs and their masks (1 = valid step). Default: the
    /// first input's mask when `supportsMasking`, else none.
    open func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? {
        supportsMasking ? (masks.first ?? nil) : nil
    }

    /// Sub-layers whose weights belong to this layer (wrappers and models override).
    open var sublayers: [Layer] { [] }

    // MARK: Graph: shapes, masks, nodes, configuration

    /// Per-example output shapes (batch axis excluded; `nil` = unknown, e.g. a free sequence
    /// length) for inputs of the given per-example shapes, without computing anything.
    ///
    /// Built-in layers compute it from their configuration. The default is a dry run: `call` in
    /// inference mode on zeros (unknown dimensions probed with two sizes; an output dimension
    /// that follows them is unknown), with no gradient and a private random scope, so it never
    /// advances a generator. Layers that draw random numbers in inference, or that cannot run on
    /// zeros, should override it.
    /// References: Keras `Layer.compute_output_shape`.
    open func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] { dryRunOutputShapes(inputShapes) }

    /// Whether `call(_:masks:training:)` needs the input masks (Keras: `call` has a `mask`
    /// argument). When false, the graph calls `callWithLogits` even when masks are present.
    open var callUsesMask: Bool { false }

    /// `call` with the masks of the inputs (1 = valid step, `[batch, steps]`; nil = none). The
    /// default ignores the masks.
    open func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] {
        call(inputs, training: training)
    }

    /// A new, unbuilt layer with the same configuration and fresh weights (Keras
    /// `from_config(get_config())`), used by `cloneModel`. Layers it refers to (wrapped or tied
    /// layers) are copied through `cloner`, so sharing is kept.
    /// - Throws: `NumSwiftError.invalidArgument` for a layer type that does not support cloning.
    open func configuredCopy(_ cloner: LayerCloner) throws -> Layer {
        throw NumSwiftError.invalidArgument(
            name: "layer \(name)", value: String(describing: type(of: self)),
            expected: "a layer type that overrides configuredCopy(_:) to support cloneModel")
    }

    /// Calls of this layer on symbolic tensors, in call order (Keras `inbound_nodes`).
    public var inboundNodes: [Node] { inbound.compactMap(\.node) }
    /// Weak references: a node (and the graph) lives as long as a tensor or model holds it.
    var inbound: [WeakNode] = []

    /// One call inside a graph: the outputs, the pre-softmax logits of the first output (when
    /// the layer offers them) and the mask of the first output. Models override it to run their
    /// own graph with the masks fed in.
    func graphCall(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> (outputs: [Tensor], logits: Tensor?, mask: Tensor?) {
        if callUsesMask && masks.contains(where: { $0 != nil }) {
            return (call(inputs, masks: masks, training: training), nil, computeMask(inputs, masks: masks))
        }
        let (outs, lg) = callWithLogits(inputs, training: training)
        return (outs, lg, computeMask(inputs, masks: masks))
    }

    /// Builds the layer if needed from the shapes of `inputs` (batch axis dropped), then loads
    /// `initialWeights` if any.
    public func buildIfNeeded(_ shapes: [[Int]]) {
        guard !built else { return }
        build(inputShapes: shapes)
        built = true
        if let w = initialWeights {
            do { try setWeights(w) } catch { preconditionFailure("\(name): initial weights: \(error)") }
            initialWeights = nil
        }
    }

    /// Marks the layer built without calling `build` (models, whose layers build themselves).
    func markBuilt() { built = true }

    /// Eager call on concrete tensors: builds on first use, then calls.
    public func callAsFunction(_ inputs: [Tensor], training: Bool = false) -> [Tensor] {
        buildIfNeeded(inputs.map { Array($0.shape.dropFirst()) })
        let outs = call(inputs, training: training)
        addActivityLosses(outs)
        return outs
    }

    /// Eager call on one concrete tensor returning the first output.
    public func callAsFunction(_ input: Tensor, training: Bool = false) -> Tensor {
        callAsFunction([input], training: training)[0]
    }

    // MARK: Weights

    /// Creates a weight and registers it as trainable or non-trainable. The variable is named
    /// `<layer>/<name>`; `regularizer` adds its penalty to the training objective.
    @discardableResult
    public func addWeight(
        name: String, shape: [Int], initializer: Initializer, trainable: Bool = true,
        constraint: Constraint? = nil, regularizer: Regularizer? = nil
    ) -> Variable {
        let v = Variable(initializer.make(shape), name: "\(self.name)/\(name)", trainable: trainable && self.trainable)
        v.layer = self
        if trainable { ownTrainable.append(v) } else { ownNonTrainable.append(v) }
        if let c = constraint { constraints.append((v, c)) }
        if let r = regularizer { regularizers.append((v, r)) }
        return v
    }

    /// Trainable weights of this layer and its sub-layers (Keras order), empty when frozen.
    public var trainableWeights: [Variable] {
        guard trainable else { return [] }
        return uniqued(ownTrainable + sublayers.flatMap(\.trainableWeights))
    }

    /// Non-trainable weights (including the trainable ones of a frozen layer).
    public var nonTrainableWeights: [Variable] {
        if !trainable { return uniqued(ownTrainable + ownNonTrainable + sublayers.flatMap(\.weights)) }
        return uniqued(ownNonTrainable + sublayers.flatMap(\.nonTrainableWeights))
    }

    /// All weights: trainable first, then non-trainable (Keras `layer.weights` order).
    public var weights: [Variable] { uniqued(ownTrainable + ownNonTrainable + sublayers.flatMap(\.weights)) }

    /// All constraints of this layer and its sub-layers.
    public var allConstraints: [(Variable, Constraint)] { constraints + sublayers.flatMap(\.allConstraints) }

    /// Number of scalars in all weights.
    public func countParams() -> Int { weights.reduce(0) { $0 + $1.value.count } }

    /// The current weight values in `weights` order.
    public func getWeights() -> [Tensor] { weights.map(\.value) }

    /// Sets the weight values in `weights` order.
    /// - Throws: `NumSwiftError.invalidArgument` listing every count or shape mismatch.
    public func setWeights(_ values: [Tensor]) throws {
        let ws = weights
        var problems: [String] = []
        if ws.count != values.count { problems.append("expected \(ws.count) arrays, got \(values.count)") }
        for (v, t) in zip(ws, values) where v.shape != t.shape {
            problems.append("\(v.name): expected shape \(v.shape), got \(t.shape)")
        }
        guard problems.isEmpty else {
            throw NumSwiftError.invalidArgument(
                name: "weights for \(name)", value: problems.joined(separator: "; "),
                expected: "arrays matching the layer's weights")
        }
        for (v, t) in zip(ws, values) { v.value = t }
    }
}

func uniqued(_ vs: [Variable]) -> [Variable] {
    var seen = Set<ObjectIdentifier>()
    return vs.filter { seen.insert(ObjectIdentifier($0)).inserted }
}
