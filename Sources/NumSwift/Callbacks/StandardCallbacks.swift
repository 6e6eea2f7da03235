import Foundation

// MARK: - Monitoring helper

/// Whether `monitor` improves when it goes down (losses) or up (accuracies), Keras's `mode="auto"`.
func lowerIsBetter(_ monitor: String) -> Bool {
    !(monitor.hasSuffix("accuracy") || monitor.hasSuffix("acc") || monitor.hasSuffix("auc"))
}

// MARK: - EarlyStopping

/// Stops training when `monitor` has not improved by more than `minDelta` for `patience` epochs;
/// optionally restores the best weights.
public final class EarlyStopping: Callback {
    /// Configuration: the logged value watched, epochs without improvement allowed, the smallest change that counts, and whether the best weights are restored at the end.
    public let monitor: String, patience: Int, minDelta: Float, restoreBestWeights: Bool
    /// The epoch (0-based) at which training was stopped, if it was.
    public private(set) var stoppedEpoch: Int?
    var best: Float?, wait = 0, bestWeights: [Tensor]?
    /// Creates the callback; the defaults are Keras's.
    public init(monitor: String = "val_loss", patience: Int = 0, minDelta: Float = 0, restoreBestWeights: Bool = false) {
        self.monitor = monitor; self.patience = patience; self.minDelta = abs(minDelta); self.restoreBestWeights = restoreBestWeights
    }
    public override func onTrainBegin(logs: [String: Float]) throws { best = nil; wait = 0; stoppedEpoch = nil }
    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {
        guard let v = logs[monitor], let model else { return }
        let low = lowerIsBetter(monitor)
        if best == nil || (low ? v < best! - minDelta : v > best! + minDelta) {
            best = v; wait = 0
            if restoreBestWeights { bestWeights = model.getWeights() }
        } else {
            wait += 1
            // Keras counts the epochs without improvement and stops once there are `patience` of
            // them (never on the first epoch): patience 0 and 1 both stop at the second epoch.
            if wait >= patience && epoch > 0 {
                stoppedEpoch = epoch
                model.stopTraining = true
                if restoreBestWeights, let w = bestWeights { try model.setWeights(w) }
            }
        }
    }
}

// MARK: - ModelCheckpoint

/// Saves the weights (safetensors, atomic) at each epoch end, or with `saveBestOnly` only when
/// `monitor` improved. `{epoch}` in the path is replaced by the 1-based epoch.
public final class ModelCheckpoint: Callback {
    /// Configuration: the file path (with an optional `{epoch}`), the logged value watched, and whether only improvements are saved.
    public let path: String, monitor: String, saveBestOnly: Bool
    var best: Float?
    /// Epochs (0-based) at which weights were written.
    public private(set) var savedEpochs: [Int] = []
    /// Creates the callback; the defaults are Keras's.
    public init(path: String, monitor: String = "val_loss", saveBestOnly: Bool = false) {
        self.path = path; self.monitor = monitor; self.saveBestOnly = saveBestOnly
    }
    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {
        guard let model else { return }
        if saveBestOnly {
            guard let v = logs[monitor] else { return }
            let low = lowerIsBetter(monitor)
            guard best == nil || (low ? v < best! : v > best!) else { return }
            best = v
        }
        // Data-parallel replicas hold the same weights: only replica 0 writes them.
        if model.isReplicaRoot { try model.saveWeights(path.replacingOccurrences(of: "{epoch}", with: "\(epoch + 1)")) }
        savedEpochs.append(epoch)
    }
}

// MARK: - Learning-rate callbacks

/// Sets the learning rate at each epoch begin from `schedule(epoch, currentRate)`.
public final class LearningRateScheduler: Callback {
    let schedule: (Int, Float) -> Float
    /// Creates the callback from `schedule(epoch, currentRate) -> newRate`.
    public init(_ schedule: @escaping (Int, Float) -> Float) { self.schedule = schedule }
    public override func onEpochBegin(_ epoch: Int, logs: [String: Float]) throws {
        guard let opt = model?.optimizer else { return }
        opt.learningRate = schedule(epoch, opt.learningRate)
    }
}

/// Multiplies the learning rate by `factor` when `monitor` has not improved for `patience` epochs
/// (not below `minLR`), then waits `cooldown` epochs.
public final class ReduceLROnPlateau: Callback {
    /// Configuration as in Keras: the value watched, the rate factor, the patience, the smallest change that counts, the cooldown and the floor.
    public let monitor: String, factor: Float, patience: Int, minDelta: Float, cooldown: Int, minLR: Float
    var best: Float?, wait = 0, cooldownLeft = 0
    /// Creates the callback; the defaults are Keras's. `factor` must be < 1.
    public init(
        monitor: String = "val_loss", factor: Float = 0.1, patience: Int = 10, minDelta: Float = 1e-4,
        cooldown: Int = 0, minLR: Float = 0
    ) {
        precondition(factor < 1, "ReduceLROnPlateau: factor must be < 1, got \(factor)")
        self.monitor = monitor; self.factor = factor; self.patience = patience; self.minDelta = minDelta
        self.cooldown = cooldown; self.minLR = minLR
    }
    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {
        guard let v = logs[monitor], let opt = model?.optimizer else { return }
        if cooldownLeft > 0 { cooldownLeft -= 1; wait = 0 }
        let low = lowerIsBetter(monitor)
        if best == nil || (low ? v < best! - minDelta : v > best! + minDelta) { best = v; wait = 0; return }
        guard cooldownLeft == 0 else { return }
        wait += 1
        if wait >= patience {
            opt.learningRate = max(opt.learningRate * factor, minLR)
            cooldownLeft = cooldown; wait = 0
        }
    }
}

// MARK: - TerminateOnNaN

/// Stops training as soon as the loss is NaN or infinite, and says why: `reason` holds a
/// `NumSwiftError.nonFiniteLoss` with the value, epoch and batch, which is also printed (Keras
/// prints "Batch n: Invalid loss, terminating training"). With `throwing`, `fit` throws it instead.
public final class TerminateOnNaN: Callback {
    /// Whether `fit` throws the error rather than returning normally.
    public let throwing: Bool
    /// The batch at which a non-finite loss stopped training, if any.
    public private(set) var terminatedAtBatch: Int?
    /// Why training stopped (nil while it has not).
    public private(set) var reason: NumSwiftError?
    var epoch = 0
    /// - Parameter throwing: throw `NumSwiftError.nonFiniteLoss` from `fit` (default: stop quietly
    ///   after printing the reason, as Keras).
    public init(throwing: Bool = false) { self.throwing = throwing }
    public override func onEpochBegin(_ epoch: Int, logs: [String: Float]) throws { self.epoch = epoch }
    public override func onBatchEnd(_ batch: Int, logs: [String: Float]) throws {
        guard let l = logs["loss"], !l.isFinite else { return }
        terminatedAtBatch = batch
        let e = NumSwiftError.nonFiniteLoss(value: l, epoch: epoch, batch: batch)
        reason = e
        model?.stopTraining = true
        if throwing { throw e }
        model?.emit("\nTerminateOnNaN: \(e)\n")
    }
}

// MARK: - CSVLogger

/// Writes one CSV row per epoch (`epoch,<sorted log names>`), rewriting the whole file atomically
/// each epoch.
public final class CSVLogger: Callback {
    /// The CSV file written.
    public let path: String
    var rows: [String] = [], keys: [String] = []
    /// Creates a logger writing to `path`.
    public init(path: String) { self.path = path }
    public override func onTrainBegin(logs: [String: Float]) throws { rows = []; keys = [] }
    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {
        if keys.isEmpty { keys = orderedKeys(logs) }
        rows.append((["\(epoch)"] + keys.map { logs[$0].map { "\($0)" } ?? "" }).joined(separator: ","))
        let text = (["epoch," + keys.joined(separator: ",")] + rows).joined(separator: "\n") + "\n"
        if model?.isReplicaRoot ?? true { try writeAtomically(Array(text.utf8), to: path) }
    }
}
