import Foundation

// MARK: - Callback protocol

/// Hooks called by `fit` (Keras `callbacks.Callback`). `logs` hold the running epoch values
/// (`loss`, metrics, added metrics) and at epoch end also `val_*`. Subclass and override.
open class Callback {
    /// The model being trained (set by `fit`).
    public weak var model: Model?
    /// Creates a callback; `fit` sets `model`.
    public init() {}
    /// Called once before the first epoch.
    open func onTrainBegin(logs: [String: Float]) throws {}
    /// Called once after the last epoch (also after an early stop).
    open func onTrainEnd(logs: [String: Float]) throws {}
    /// Called before each epoch (0-based).
    open func onEpochBegin(_ epoch: Int, logs: [String: Float]) throws {}
    /// Called after each epoch with its logs, including `val_*` when validating.
    open func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {}
    /// Called before each training batch (0-based within the epoch).
    open func onBatchBegin(_ batch: Int, logs: [String: Float]) throws {}
    /// Called after each training batch with the epoch's running logs.
    open func onBatchEnd(_ batch: Int, logs: [String: Float]) throws {}
    /// Whether this callback deals with a NaN or infinite loss itself. When no callback does,
    /// `fit` throws `NumSwiftError.nonFiniteLoss` naming the epoch and batch as soon as the loss
    /// is not finite (after the batch's `onBatchEnd`, unless a callback stopped training);
    /// `TerminateOnNaN` returns true, and a callback that lets training go on overrides it.
    open var handlesNonFiniteLoss: Bool { false }
    /// The epoch `fit` starts at, when this callback decides it in `onTrainBegin` (a restored
    /// backup: `BackupAndRestore`); nil leaves it at 0.
    open var initialEpoch: Int? { nil }
}

/// Per-epoch logs returned by `fit` (Keras `History`).
public final class History: Callback {
    /// Metric name → one value per epoch.
    public internal(set) var history: [String: [Float]] = [:]
    /// Epoch indices seen.
    public internal(set) var epochs: [Int] = []
    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {
        epochs.append(epoch)
        for (k, v) in logs { history[k, default: []].append(v) }
    }
}

/// Ordering of log keys for display: training names alphabetically, then `val_*`.
func orderedKeys(_ logs: [String: Float]) -> [String] {
    logs.keys.sorted { a, b in
        let (va, vb) = (a.hasPrefix("val_"), b.hasPrefix("val_"))
        return va == vb ? a < b : !va
    }
}
