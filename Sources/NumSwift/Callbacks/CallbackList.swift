// MARK: - Callback list

/// Several callbacks driven together (Keras `callbacks.CallbackList`): what `fit` uses, and what a
/// hand-written training loop uses to keep `EarlyStopping`, `ModelCheckpoint`, schedules, EMA and
/// `History` working.
///
/// Example:
/// ```swift
/// let cbs = CallbackList([EarlyStopping(monitor: "loss"), history], model: model)
/// try cbs.onTrainBegin()
/// for epoch in 0..<10 {
///     model.resetMetrics(); try cbs.onEpochBegin(epoch)
///     for (i, b) in batches.enumerated() {
///         try cbs.onBatchBegin(i)
///         let (_, g) = try model.computeGradients(b); try model.applyGradients(g)
///         try cbs.onBatchEnd(i, logs: model.metricsResult)
///     }
///     try cbs.onEpochEnd(epoch, logs: model.metricsResult)
///     if model.stopTraining { break }
/// }
/// try cbs.onTrainEnd()
/// ```
/// References: Keras 3 `CallbackList` (custom training loops guide).
public final class CallbackList {
    /// The callbacks, called in order.
    public let callbacks: [Callback]
    /// - Parameters: callbacks; model: set as every callback's `model`.
    public init(_ callbacks: [Callback], model: Model) {
        self.callbacks = callbacks
        for c in callbacks { c.model = model }
    }
    /// Calls `onTrainBegin` of every callback.
    public func onTrainBegin(logs: [String: Float] = [:]) throws { for c in callbacks { try c.onTrainBegin(logs: logs) } }
    /// Calls `onTrainEnd` of every callback.
    public func onTrainEnd(logs: [String: Float] = [:]) throws { for c in callbacks { try c.onTrainEnd(logs: logs) } }
    /// Calls `onEpochBegin` of every callback.
    public func onEpochBegin(_ epoch: Int, logs: [String: Float] = [:]) throws {
        for c in callbacks { try c.onEpochBegin(epoch, logs: logs) }
    }
    /// Calls `onEpochEnd` of every callback.
    public func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws { for c in callbacks { try c.onEpochEnd(epoch, logs: logs) } }
    /// Calls `onBatchBegin` of every callback.
    public func onBatchBegin(_ batch: Int, logs: [String: Float] = [:]) throws {
        for c in callbacks { try c.onBatchBegin(batch, logs: logs) }
    }
    /// Calls `onBatchEnd` of every callback.
    public func onBatchEnd(_ batch: Int, logs: [String: Float]) throws { for c in callbacks { try c.onBatchEnd(batch, logs: logs) } }
}
