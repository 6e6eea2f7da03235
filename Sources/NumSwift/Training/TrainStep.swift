import Foundation

// MARK: - Gradients between differentiation and the optimiser

/// The gradients of one step, paired with the parameters they belong to. This is the seam between
/// "gradients computed" and "optimizer applies": a custom `trainStep` (or a data-parallel one that
/// all-reduces `values` across processes) can rewrite `values` before `applyGradients`.
public struct Gradients {
    /// The trainable parameters of the model (`trainableWeights` order).
    public var parameters: [Parameter]
    /// One gradient per parameter; nil where the loss does not depend on it.
    public var values: [Tensor?]
}

// MARK: - The training step and its pieces (Keras 3 shape)

extension Model {
    /// The default `trainStep`: `computeGradients`, `applyGradients`, then `metricsResult`.
    /// With `replicas`, `batch` is this replica's part of a global batch (as `fit` passes it, or
    /// whole, then the part is cut here) and the gradients are summed over the replicas
    /// (`synchronizeGradients`) before the optimiser; the logs stay this replica's own
    /// (`fit` sums them).
    public func defaultTrainStep(_ batch: Batch) throws -> [String: Float] {
        let local = localBatch(batch)
        var g = try localGradients(local)
        try synchronizeGradients(&g, for: local)
        try applyGradients(g)
        return metricsResult
    }

    /// The objective of one batch (Keras 3 `compute_loss`): the compiled losses (weighted per
    /// output), the model's `addLoss` terms, the losses layers add during the forward pass
    /// (`Layer.addLoss`, activity regularisers) and the weight regularisers' penalties. Updates the
    /// running `loss` and metrics.
    ///
    /// - Parameters: batch: inputs, targets, sample weights; training: forward-pass mode.
    /// - Returns: the scalar objective, on the tape when recording (differentiate it with
    ///   `gradients(of:wrt:)` or use `computeGradients`).
    /// - Throws: `NumSwiftError.notCompiled`; `.shapeMismatch` for inputs or targets that do not fit.
    public func computeLoss(_ batch: Batch, training: Bool = true) throws -> Tensor {
        guard optimizer != nil else { throw NumSwiftError.notCompiled(model: name, operation: "computeLoss") }
        if let s = self as? Sequential, let f = batch.x.first { s.ensureBuilt(f) }
        try checkBatch(batch)
        // A replica's part of a global batch draws the noise of its global rows (not the lazy
        // build above: weight initialisers must draw the same on every replica).
        return RandomGenerator.withRowShard(batch) { objective(batch, training: training, state: tracker) }
    }

    /// `computeLoss` in training mode, then the gradients of every trainable parameter.
    /// - Returns: the objective and the gradients (nil where the loss does not reach a variable).
    /// - Throws: as `computeLoss`.
    public func computeGradients(_ batch: Batch) throws -> (loss: Tensor, gradients: Gradients) {
        // A variable frozen on its own (`trainable = false` inside a trainable layer) is skipped.
        let params = trainableParameters().map { $0.variable.trainable ? $0 : Parameter($0.variable, layer: $0.layer, lrMultiplier: 0) }
        let loss = try computeLoss(batch, training: true)
        let g = optionalGradients(of: loss, wrt: params.map(\.variable), retainGraph: false)
        return (loss, Gradients(parameters: params, values: g))
    }

    /// Applies gradients with the compiled optimiser's pipeline (transforms, clipping,
    /// multipliers, update rule), then the weights' constraints.
    /// - Throws: `NumSwiftError.notCompiled`; `.missingGradient` (nothing is updated then).
    public func applyGradients(_ g: Gradients) throws {
        guard let opt = optimizer else { throw NumSwiftError.notCompiled(model: name, operation: "applyGradients") }
        try opt.applyGradients(g.values, to: g.parameters)
        for (v, c) in allConstraints where v.trainable { v.value = withNoGrad { c.apply(v.value) } }
    }

    /// The running loss and metrics since the last `resetMetrics()` (Keras `get_metrics_result`).
    public var metricsResult: [String: Float] { tracker.logs(self) }

    /// Restarts the running loss and metrics (`fit` does it at every epoch begin).
    public func resetMetrics() {
        tracker.reset(self)
        replicaMetrics = ReplicaMetrics()
    }

    /// Forward pass and objective of one batch; updates `state`.
    func objective(_ b: Batch, training: Bool, state: EpochState) -> Tensor {
        if state.outputLosses.count != outputs.count { state.reset(self) }
        let extra = addedLosses + addedMetrics.map(\.tensor)
        let ((outs, logits, ev, masks), scope) = collectingLayerTerms { run(b.x, training: training, extra: extra) }
        let layerLosses = scope.losses
        let n = Float(b.size)
        state.updateLayerMetrics(scope.metrics, weight: n)
        var total: Tensor?
        func add(_ t: Tensor) { total = total.map { $0 + t } ?? t }
        for (i, l) in losses.enumerated() {
            guard let l, let y = b.y, i < y.count else { continue }
            let li = reduce(l.perExample(yTrue: y[i], yPred: outs[i], logits: logits[i]), b.sampleWeight, mask: masks[i])
            state.outputLosses[i].update(li.scalar, weight: n)
            add(lossWeights[i] == 1 ? li : li * lossWeights[i])
        }
        for j in addedLosses.indices { add(ev[j].count == 1 ? ev[j].reshape([]) : ev[j].mean()) }
        for t in layerLosses { add(t) }
        for t in regularizationLosses { add(t) }
        for j in addedMetrics.indices {
            let v = ev[addedLosses.count + j]
            state.added[j].update(v.count == 1 ? v.scalar : v.mean().scalar, weight: n)
        }
        let objective = total ?? Tensor(0)
        state.loss.update(objective.scalar, weight: n)
        if let y = b.y {
            withNoGrad {
                for (i, ms) in compiledMetrics.enumerated() where !ms.isEmpty {
                    let p = outs[i].detached()
                    // Keras applies sample weights only to `weighted_metrics`, not to `metrics`.
                    for m in ms {
                        let weighted = weightedMetrics.contains { $0 === m }
                        m.update(yTrue: y[i], yPred: p, sampleWeight: metricWeights(weighted ? b.sampleWeight : nil, mask: masks[i]))
                    }
                }
            }
        }
        return objective
    }

    /// Throws a typed error when the batch does not fit the model's inputs and compiled losses.
    func checkBatch(_ b: Batch) throws {
        guard b.x.count == inputs.count else {
            throw NumSwiftError.invalidArgument(name: "x", value: "\(b.x.count) arrays", expected: "one per model input (\(inputs.count))")
        }
        let n = b.size
        for (s, x) in zip(inputs, b.x) where x.rank == 0 || !shapeFits(x.shape.dropFirst(), s.shape) {
            throw NumSwiftError.shapeMismatch(what: "input \(s.name)", expected: [-1] + s.shape.map { $0 ?? -1 }, got: x.shape)
        }
        for x in b.x where x.shape.first != n {
            throw NumSwiftError.invalidArgument(
                name: "x", value: "batch sizes \(b.x.map { $0.shape.first ?? 0 })", expected: "the same batch size in every input")
        }
        if let w = b.sampleWeight, w.shape.first != n {
            throw NumSwiftError.shapeMismatch(what: "sampleWeight", expected: [n], got: w.shape)
        }
        guard losses.contains(where: { $0 != nil }) else { return }
        guard let y = b.y, y.count == outputs.count else {
            throw NumSwiftError.invalidArgument(
                name: "y", value: b.y.map { "\($0.count) arrays" } ?? "nil", expected: "one target per model output (\(outputs.count))")
        }
        for (i, l) in losses.enumerated() {
            guard let l else { continue }
            let o = outputs[i].shape, t = y[i]
            let sparse = l is SparseCategoricalCrossentropy
            let per = sparse ? Array(o.dropLast()) : o
            // Free dimensions (nil) of the output accept any size; the known ones fix the count.
            let known = per.compactMap { $0 }
            let fits = known.count == per.count ? t.count == n * known.reduce(1, *) : t.rank == per.count + 1
            guard t.shape.first == n, fits else {
                throw NumSwiftError.shapeMismatch(what: "target of output \(outputs[i].name)", expected: [-1] + per.map { $0 ?? -1 }, got: t.shape)
            }
        }
    }

    // MARK: - Public single-batch API

    /// One training step on one batch (`trainStep`); returns the batch's logs (loss and metrics of
    /// this batch alone).
    /// - Throws: `NumSwiftError.notCompiled`, `.shapeMismatch` (naming both shapes), `.missingGradient`.
    @discardableResult
    public func trainOnBatch(_ x: [Tensor], _ y: [Tensor]? = nil, sampleWeight: Tensor? = nil) throws -> [String: Float] {
        guard optimizer != nil else { throw NumSwiftError.notCompiled(model: name, operation: "trainOnBatch") }
        resetMetrics()
        return try trainStep(Batch(x: x, y: y, sampleWeight: sampleWeight))
    }

    /// Loss and metrics of one batch in inference mode.
    /// - Throws: `NumSwiftError.notCompiled`, `.shapeMismatch`.
    public func testOnBatch(_ x: [Tensor], _ y: [Tensor]? = nil, sampleWeight: Tensor? = nil) throws -> [String: Float] {
        let s = EpochState(); s.reset(self)
        try checkBatch(Batch(x: x, y: y, sampleWeight: sampleWeight))
        guard optimizer != nil else { throw NumSwiftError.notCompiled(model: name, operation: "testOnBatch") }
        _ = withNoGrad { objective(Batch(x: x, y: y, sampleWeight: sampleWeight), training: false, state: s) }
        return s.logs(self)
    }

    /// Outputs for one batch in inference mode.
    public func predictOnBatch(_ x: [Tensor]) -> [Tensor] { withNoGrad { call(x, training: false) } }
}
