import Foundation

// MARK: - fit / evaluate / predict

extension Model {
    /// Trains for `epochs` over in-memory arrays.
    ///
    /// - Parameters:
    ///   - x: one tensor per model input, each `[N, …]`.
    ///   - y: one target tensor per output `[N, …]`, or nil for a model trained by `addLoss`.
    ///   - batchSize: examples per step (default 32, as Keras).
    ///   - epochs: passes over the data.
    ///   - shuffle: reshuffle the examples every epoch (default true).
    ///   - seed: seed of the shuffling permutations (default 0), so a run can be repeated.
    ///   - validationData: evaluated at each epoch end into `val_*` logs.
    ///   - validationSplit: fraction of the *last* examples held out for validation (Keras).
    ///   - sampleWeight: `[N]` per-example loss weights (and of `weightedMetrics`).
    ///   - classWeight: weight per class index, multiplied into the sample weights (Keras
    ///     `class_weight`); classes are read from one-hot (argmax) or integer targets of the first output.
    ///   - verbose: 0 silent, 1 progress bar, 2 one line per epoch.
    ///   - callbacks: called at the start and end of training, epochs and batches, in order.
    /// - Returns: the `History` of per-epoch logs.
    /// - Throws: `NumSwiftError.invalidArgument` for mismatched example counts or a missing target;
    ///   errors thrown by callbacks.
    /// References: Keras `Model.fit`; Su, kexue.fm/archives/6311 (`fit(x, None)`).
    @discardableResult
    public func fit(
        _ x: [Tensor], _ y: [Tensor]? = nil, batchSize: Int = 32, epochs: Int = 1, verbose: Int = 1,
        shuffle: Bool = true, seed: UInt64 = 0, validationData: ([Tensor], [Tensor]?)? = nil,
        validationSplit: Float = 0, sampleWeight: Tensor? = nil, classWeight: [Int: Float]? = nil,
        callbacks: [Callback] = []
    ) throws -> History {
        if let s = self as? Sequential, let f = x.first { s.ensureBuilt(f) }
        var sampleWeight = sampleWeight
        if let cw = classWeight {
            guard let y0 = y?.first else {
                throw NumSwiftError.invalidArgument(name: "classWeight", value: "\(cw)", expected: "targets to look the classes up in")
            }
            sampleWeight = try classSampleWeights(y0, cw, sampleWeight)
        }
        let n = try checkArrays(x, y, sampleWeight)
        guard batchSize > 0 else { throw NumSwiftError.invalidArgument(name: "batchSize", value: "\(batchSize)", expected: "a positive integer") }
        var (tx, ty, tw, val) = (x, y, sampleWeight, validationData)
        var nTrain = n
        if validationSplit > 0 {
            guard validationSplit < 1 else {
                throw NumSwiftError.invalidArgument(name: "validationSplit", value: "\(validationSplit)", expected: "a fraction in [0, 1)")
            }
            nTrain = n - Int((Float(n) * validationSplit).rounded(.down))
            let tr = 0..<nTrain, va = nTrain..<n
            tx = x.map { $0.slice(axis: 0, tr) }; ty = y?.map { $0.slice(axis: 0, tr) }
            tw = sampleWeight?.slice(axis: 0, tr)
            val = (x.map { $0.slice(axis: 0, va) }, y?.map { $0.slice(axis: 0, va) })
        }
        let (fx, fy, fw) = (tx, ty, tw)
        let steps = (nTrain + batchSize - 1) / batchSize
        return try fitLoop(
            epochs: epochs, steps: steps, verbose: verbose, validation: val, batchSize: batchSize,
            callbacks: callbacks
        ) { epoch in
            let mb = Minibatches(count: nTrain, batchSize: batchSize, shuffle: shuffle, seed: seed, epoch: epoch)
            return AnyIterator(
                mb.lazy.map { global in
                    // With replicas, this replica gathers only its rows of the global batch.
                    let idx = self.localRows(global)
                    var b = Batch(x: fx.map { selectRows($0, idx) }, y: fy?.map { selectRows($0, idx) }, sampleWeight: fw.map { selectRows($0, idx) })
                    if let r = self.replicas {
                        b.globalSize = global.count
                        b.firstGlobalRow = r.replicaRows(of: global.count).lowerBound
                    }
                    return b
                }.makeIterator())
        }
    }

    /// Single-input, single-output convenience (`y` nil for `addLoss` models).
    @discardableResult
    public func fit(
        _ x: Tensor, _ y: Tensor?, batchSize: Int = 32, epochs: Int = 1, verbose: Int = 1, shuffle: Bool = true,
        seed: UInt64 = 0, validationData: (Tensor, Tensor?)? = nil, validationSplit: Float = 0,
        sampleWeight: Tensor? = nil, classWeight: [Int: Float]? = nil, callbacks: [Callback] = []
    ) throws -> History {
        try fit(
            [x], y.map { [$0] }, batchSize: batchSize, epochs: epochs, verbose: verbose, shuffle: shuffle, seed: seed,
            validationData: validationData.map { ([$0.0], $0.1.map { [$0] }) }, validationSplit: validationSplit,
            sampleWeight: sampleWeight, classWeight: classWeight, callbacks: callbacks)
    }

    /// Trains from a batch source: `batches(epoch)` yields the epoch's batches (a generator or a
    /// Keras-style sequence); `stepsPerEpoch` sets the bar's target (nil: unknown).
    @discardableResult
    public func fit(
        batches: @escaping (Int) -> AnyIterator<Batch>, stepsPerEpoch: Int? = nil, epochs: Int = 1,
        verbose: Int = 1, validationData: ([Tensor], [Tensor]?)? = nil, batchSize: Int = 32,
        callbacks: [Callback] = []
    ) throws -> History {
        try fitLoop(
            epochs: epochs, steps: stepsPerEpoch, verbose: verbose, validation: validationData,
            batchSize: batchSize, callbacks: callbacks, batches: batches)
    }

    func checkArrays(_ x: [Tensor], _ y: [Tensor]?, _ w: Tensor?) throws -> Int {
        guard x.count == inputs.count else {
            throw NumSwiftError.invalidArgument(name: "x", value: "\(x.count) arrays", expected: "one per model input (\(inputs.count))")
        }
        let n = x.first?.shape.first ?? 0
        guard n > 0 else {
            throw NumSwiftError.invalidArgument(name: "x", value: "\(x.map(\.shape))", expected: "at least one example")
        }
        var all = x + (y ?? [])
        if let w { all.append(w) }
        for t in all where t.shape.first != n {
            throw NumSwiftError.invalidArgument(
                name: "data", value: "arrays with \(all.map { $0.shape.first ?? 0 }) examples",
                expected: "the same number of examples in x, y and sampleWeight")
        }
        if y == nil && losses.contains(where: { $0 != nil }) {
            throw NumSwiftError.invalidArgument(name: "y", value: "nil", expected: "targets, since compile was given a loss")
        }
        if let y, y.count != outputs.count {
            throw NumSwiftError.invalidArgument(name: "y", value: "\(y.count) arrays", expected: "one per model output (\(outputs.count))")
        }
        return n
    }

    func fitLoop(
        epochs: Int, steps: Int?, verbose: Int, validation: ([Tensor], [Tensor]?)?, batchSize: Int,
        callbacks: [Callback], batches: (Int) -> AnyIterator<Batch>
    ) throws -> History {
        guard optimizer != nil else { throw NumSwiftError.notCompiled(model: name, operation: "fit") }
        let history = History()
        let cbs = CallbackList(callbacks + [history], model: self)
        let verbose = isReplicaRoot ? verbose : 0
        stopTraining = false
        try replicas?.broadcastWeights(self)
        try cbs.onTrainBegin()
        for epoch in 0..<epochs {
            resetMetrics()
            try cbs.onEpochBegin(epoch)
            if verbose > 0 { emit("Epoch \(epoch + 1)/\(epochs)\n") }
            let bar = Progbar(target: steps, verbose: verbose, statefulMetrics: [], isTTY: progressIsTTY, write: progressWrite)
            var step = 0
            var logs: [String: Float] = [:]
            for b in batches(epoch) {
                try cbs.onBatchBegin(step, logs: logs)
                logs = try trainStep(localBatch(b))
                // Every replica sees the global logs, so callbacks decide the same everywhere.
                if replicas != nil { logs = try globalLogs(tracker) }
                step += 1
                try cbs.onBatchEnd(step - 1, logs: logs)
                if verbose == 1 && (steps == nil || step < steps!) { bar.updateStateful(step, logs) }
                if stopTraining { break }
            }
            if let (vx, vy) = validation {
                let v = try evaluateLogs(vx, vy, batchSize: batchSize)
                for (k, x) in v { logs["val_" + k] = x }
            }
            if verbose > 0 { bar.updateStateful(steps ?? step, logs, finalize: true) }
            try cbs.onEpochEnd(epoch, logs: logs)
            if stopTraining { break }
        }
        try cbs.onTrainEnd()
        return history
    }

    /// Writes progress text to `progressWrite` (default standard output).
    /// Only replica 0 writes.
    func emit(_ text: String) {
        guard isReplicaRoot else { return }
        if let w = progressWrite { w(text) } else { print(text, terminator: "") }
    }

    func evaluateLogs(_ x: [Tensor], _ y: [Tensor]?, batchSize: Int, sampleWeight: Tensor? = nil) throws -> [String: Float] {
        if let s = self as? Sequential, let f = x.first { s.ensureBuilt(f) }
        let n = try checkArrays(x, y, sampleWeight)
        let state = EpochState(); state.reset(self)
        withNoGrad {
            for global in Minibatches(count: n, batchSize: batchSize) {
                // With replicas, each evaluates its rows of every batch and `globalLogs` sums.
                let idx = localRows(global)
                if idx.isEmpty { continue }
                var b = Batch(x: x.map { selectRows($0, idx) }, y: y?.map { selectRows($0, idx) }, sampleWeight: sampleWeight.map { selectRows($0, idx) })
                if let r = replicas {
                    b.globalSize = global.count
                    b.firstGlobalRow = r.replicaRows(of: global.count).lowerBound
                }
                // Layers that sample in inference draw the noise of their global rows.
                _ = RandomGenerator.withRowShard(b) { objective(b, training: false, state: state) }
            }
        }
        return try globalLogs(state)
    }

    /// Loss and metrics over a dataset in inference mode (batch-size weighted means, as Keras).
    /// - Throws: `NumSwiftError.invalidArgument` for mismatched arrays.
    public func evaluate(
        _ x: [Tensor], _ y: [Tensor]? = nil, batchSize: Int = 32, sampleWeight: Tensor? = nil,
        verbose: Int = 0
    ) throws -> [String: Float] {
        let logs = try evaluateLogs(x, y, batchSize: batchSize, sampleWeight: sampleWeight)
        if verbose > 0 && isReplicaRoot {
            print(orderedKeys(logs).map { "\($0): \(String(format: "%.4f", logs[$0]!))" }.joined(separator: " - "))
        }
        return logs
    }

    /// Single-input, single-output convenience.
    public func evaluate(_ x: Tensor, _ y: Tensor?, batchSize: Int = 32, verbose: Int = 0) throws -> [String: Float] {
        try evaluate([x], y.map { [$0] }, batchSize: batchSize, verbose: verbose)
    }

    /// Outputs for all examples, computed in batches in inference mode.
    public func predict(_ x: [Tensor], batchSize: Int = 32) -> [Tensor] {
        if let s = self as? Sequential, let f = x.first { s.ensureBuilt(f) }
        let n = x.first?.shape.first ?? 0
        var parts: [[Tensor]] = Array(repeating: [], count: outputs.count)
        withNoGrad {
            for idx in Minibatches(count: n, batchSize: batchSize) {
                let o = call(x.map { selectRows($0, idx) }, training: false)
                for (i, t) in o.enumerated() { parts[i].append(t) }
            }
        }
        return parts.map { $0.count == 1 ? $0[0] : Tensor.concat($0, axis: 0) }
    }

    /// Single-input, single-output convenience.
    public func predict(_ x: Tensor, batchSize: Int = 32) -> Tensor { predict([x], batchSize: batchSize)[0] }
}

extension Progbar {
    /// Shows already-averaged epoch logs as they are (training names first, then `val_*`): every
    /// value `fit` logs is a running epoch mean kept by a metric, so the bar must not average it a
    /// second time (Keras fixed the same double averaging in keras-team/keras#23030).
    func updateStateful(_ current: Int, _ logs: [String: Float], finalize: Bool? = nil) {
        statefulMetrics.formUnion(logs.keys)
        update(current, values: orderedKeys(logs).map { ($0, Double(logs[$0]!)) }, finalize: finalize)
    }
}

/// Per-example weights `classWeight[class(yᵢ)] · sampleWeightᵢ` for one-hot `[N, C]` or integer `[N]`
/// targets; classes missing from `classWeight` get weight 1 (Keras).
/// - Throws: `NumSwiftError.invalidArgument` for targets of another shape.
func classSampleWeights(_ y: Tensor, _ cw: [Int: Float], _ sw: Tensor?) throws -> Tensor {
    let n = y.shape.first ?? 0
    let classes: [Int]
    if y.rank == 2 && y.shape[1] > 1 {
        classes = argmaxRows(y.scalars, y.shape[1])
    } else if y.count == n {
        classes = y.scalars.map { Int($0) }
    } else {
        throw NumSwiftError.invalidArgument(name: "classWeight targets", value: "shape \(y.shape)", expected: "[N, classes] one-hot or [N] class indices")
    }
    var w = classes.map { cw[$0] ?? 1 }
    if let sw { w = zip(w, sw.scalars).map { $0 * $1 } }
    return Tensor(shape: [n], scalars: w)
}
