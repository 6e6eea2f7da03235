// MARK: - EMA of weights

/// Exponential moving average of all model weights, updated after every training batch
/// (`ema ← m·ema + (1 − m)·w`, started from the weights at train begin). `applyAverage()` swaps the
/// averages in (for evaluation or saving) and `restore()` swaps the trained weights back.
///
/// Example: `let ema = ExponentialMovingAverage(momentum: 0.9999)`, `fit(..., callbacks: [ema])`,
/// then `ema.applyAverage(); evaluate; saveWeights; ema.restore()`.
/// References: Su, kexue.fm/archives/6575 (Keras EMA, momentum 0.9999).
public final class ExponentialMovingAverage: Callback {
    /// Decay of the average per batch (Su uses 0.9999).
    public let momentum: Float
    var averages: [Tensor] = []
    var backup: [Tensor]?
    /// Creates the callback with the given momentum.
    public init(momentum: Float = 0.9999) { self.momentum = momentum }

    /// The averaged weights in `model.weights` order.
    public var averagedWeights: [Tensor] { averages }

    public override func onTrainBegin(logs: [String: Float]) throws {
        if averages.isEmpty, let m = model { averages = m.getWeights() }
    }
    public override func onBatchEnd(_ batch: Int, logs: [String: Float]) throws {
        guard let ws = model?.weights else { return }
        for (i, w) in ws.enumerated() {
            averages[i].scale(by: momentum)
            averages[i].addScaled(w.value, alpha: 1 - momentum)
        }
    }
    /// Swaps the averaged weights into the model (keeps the trained ones for `restore`).
    public func applyAverage() throws {
        guard let m = model, backup == nil else { return }
        backup = m.getWeights()
        try m.setWeights(averages)
    }
    /// Puts the trained weights back after `applyAverage`.
    public func restore() throws {
        guard let m = model, let b = backup else { return }
        try m.setWeights(b)
        backup = nil
    }
}
