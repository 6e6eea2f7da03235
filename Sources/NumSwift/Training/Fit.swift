import Foundation

// MARK: - Batches

/// One training batch: inputs, optional targets (nil for models trained by `addLoss` only) and
/// optional per-example weights `[batch]`.
public struct Batch {
    /// One tensor per model input `[batch, …]`.
    public var x: [Tensor]
    /// One target per output, or nil.
    public var y: [Tensor]?
    /// Per-example weights `[batch]`.
    public var sampleWeight: Tensor?
    /// With `Model.replicas`: the rows of the global batch this batch is one replica's part of
    /// (nil: the batch is whole), and the index of its first row in the global batch.
    public var globalSize: Int?
    /// Index of this part's first row in the global batch (0 for a whole batch).
    public var firstGlobalRow = 0
    /// Creates a batch.
    public init(x: [Tensor], y: [Tensor]? = nil, sampleWeight: Tensor? = nil) {
        self.x = x; self.y = y; self.sampleWeight = sampleWeight
    }
    var size: Int { x.first?.shape.first ?? 0 }
}

// MARK: - compile

extension Model {
    /// Configures training.
    ///
    /// - Parameters:
    ///   - optimizer: e.g. `Adam()`.
    ///   - loss: loss of every output (nil when the model only has `addLoss` terms).
    ///   - losses: one loss per output (overrides `loss`).
    ///   - lossWeights: weight of each output's loss (default 1).
    ///   - metrics: metrics of the first output (e.g. `[Accuracy()]`); like Keras they ignore
    ///     sample weights.
    ///   - weightedMetrics: metrics of the first output that are weighted by `sampleWeight`
    ///     (Keras `weighted_metrics`); their names must differ from those in `metrics`.
    /// - Throws: `NumSwiftError.invalidArgument` when there is neither a loss nor an added loss.
    public func compile(
        optimizer: Optimizer, loss: Loss? = nil, losses: [Loss?]? = nil,
        lossWeights: [Float]? = nil, metrics: [Metric] = [], weightedMetrics: [Metric] = []
    ) throws {
        let ls = losses ?? Array(repeating: loss, count: outputs.count)
        guard ls.count == outputs.count else {
            throw NumSwiftError.invalidArgument(name: "losses", value: "\(ls.count) losses", expected: "one per output (\(outputs.count))")
        }
        if ls.allSatisfy({ $0 == nil }) && addedLosses.isEmpty && !layers.contains(where: \.contributesLosses) {
            throw NumSwiftError.invalidArgument(
                name: "loss", value: "none",
                expected: "a loss in compile, loss terms added with addLoss before compile, or layers that add losses (regularisers, addLoss in call)")
        }
        self.optimizer = optimizer
        self.losses = ls
        self.lossWeights = lossWeights ?? Array(repeating: 1, count: outputs.count)
        compiledMetrics = [metrics + weightedMetrics] + Array(repeating: [], count: max(outputs.count - 1, 0))
        self.weightedMetrics = weightedMetrics
    }

    var needsTargets: Bool { losses.contains { $0 != nil } || compiledMetrics.contains { !$0.isEmpty } }

    // MARK: - Steps

    /// Running state of one epoch's (or evaluation's) logs.
    final class EpochState {
        let loss = Mean(name: "loss")
        var outputLosses: [Mean] = []
        var added: [Mean] = []
        /// Epoch means of the metrics layers report with `Layer.addMetric`, in first-seen order.
        var layerMetrics: [Mean] = []
        func updateLayerMetrics(_ values: [(name: String, value: Float)], weight: Float) {
            var sums: [String: Float] = [:], order: [String] = []
            for (k, v) in values {
                if sums[k] == nil { order.append(k) }
                sums[k, default: 0] += v
            }
            for k in order {
                if layerMetrics.allSatisfy({ $0.name != k }) { layerMetrics.append(Mean(name: k)) }
                layerMetrics.first { $0.name == k }!.update(sums[k]!, weight: weight)
            }
        }
        func reset(_ m: Model) {
            loss.reset()
            layerMetrics = []
            outputLosses = m.outputs.indices.map { _ in Mean() }
            added = m.addedMetrics.map { Mean(name: $0.name) }
            for ms in m.compiledMetrics { for x in ms { x.reset() } }
        }
        func logs(_ m: Model, prefix: String = "") -> [String: Float] {
            var l: [String: Float] = [prefix + "loss": loss.result()]
            let multi = m.outputs.count > 1
            for (i, ms) in m.compiledMetrics.enumerated() {
                for x in ms { l[prefix + (multi ? "\(m.outputs[i].node?.layer.name ?? "output")_" : "") + x.name] = x.result() }
            }
            if multi {
                for (i, o) in outputLosses.enumerated() where m.losses[i] != nil {
                    l[prefix + "\(m.outputs[i].node?.layer.name ?? "output")_loss"] = o.result()
                }
            }
            for a in added { l[prefix + a.name] = a.result() }
            for a in layerMetrics { l[prefix + a.name] = a.result() }
            return l
        }
    }
}
