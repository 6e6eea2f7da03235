// MARK: - Losses

/// A loss: per-example values `[batch]` from targets and predictions; `fit` reduces them with
/// sample weights to `Σ wᵢ ℓᵢ / batch` (Keras `sum_over_batch_size`).
public protocol Loss {
    /// Keras name, shown in logs.
    var name: String { get }
    /// Per-example losses `[batch]`. `logits` is the pre-softmax output when the model's last layer
    /// is a softmax (a probability loss may use it for the fused, stable form).
    func perExample(yTrue: Tensor, yPred: Tensor, logits: Tensor?) -> Tensor
}

extension Loss {
    /// Mean loss over the batch, optionally weighted per example.
    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) -> Tensor {
        reduce(perExample(yTrue: yTrue, yPred: yPred, logits: nil), sampleWeight)
    }
}

/// Keras `sum_over_batch_size` with sample weights `[batch]` (broadcast over any time axes) or of
/// the loss's own shape, and an optional mask of the loss's shape (1 = valid). With a mask the
/// result is `Σ ℓ·w·mask / Σ mask` (Keras rescales the mask by total / valid).
func reduce(_ l: Tensor, _ w: Tensor?, mask: Tensor? = nil) -> Tensor {
    var weights: Tensor? = w.map { w in
        w.count == l.count ? w.reshape(l.shape) : w.reshape([l.shape.first ?? 1] + Array(repeating: 1, count: Swift.max(l.rank - 1, 0)))
    }
    if let m = mask, m.count == l.count {
        let valid = Swift.max(m.sum().scalar, 1e-7)
        let scaled = m.reshape(l.shape) * (Float(l.count) / valid)
        weights = weights.map { $0 * scaled } ?? scaled
    }
    guard let weights else { return l.mean() }
    return (l * weights).sum() * (1 / Float(Swift.max(l.count, 1)))
}

/// Per-element metric weights: the mask (flattened, 1 = valid) times the sample weights broadcast
/// over the masked axes; just the sample weights without a mask.
func metricWeights(_ w: Tensor?, mask: Tensor?) -> Tensor? {
    guard let m = mask else { return w }
    guard let w else { return m.reshape([-1]) }
    let b = m.shape.first ?? 1
    return (m * w.reshape([b] + Array(repeating: 1, count: Swift.max(m.rank - 1, 0)))).reshape([-1])
}

/// Mean over the last axis (Keras losses reduce the feature axis only): `[batch, …, d]` → `[batch, …]`.
func meanPerExample(_ t: Tensor) -> Tensor {
    t.rank <= 1 ? t : t.mean(axes: [t.rank - 1])
}

let probabilityEpsilon: Float = 1e-7

/// Categorical cross-entropy `−Σⱼ yⱼ log pⱼ` with one-hot (or soft) targets `[batch, classes]`.
/// Probabilities are clipped to [1e-7, 1 − 1e-7] as in Keras; when the model ends in a softmax the
/// fused log-softmax form on the logits is used instead (same value up to that clipping).
public struct CategoricalCrossentropy: Loss {
    /// Whether predictions are logits (fused log-softmax) instead of probabilities.
    public let fromLogits: Bool
    /// The Keras name of the loss, used in logs.
    public var name: String { "categorical_crossentropy" }
    /// - Parameter fromLogits: predictions are logits.
    public init(fromLogits: Bool = false) { self.fromLogits = fromLogits }
    /// Per-example losses `[batch]` (see `Loss.perExample`).
    public func perExample(yTrue: Tensor, yPred: Tensor, logits: Tensor?) -> Tensor {
        precondition(yTrue.shape == yPred.shape, "categorical_crossentropy: targets \(yTrue.shape) vs predictions \(yPred.shape)")
        if fromLogits { return Tensor.softmaxCrossEntropy(logits: yPred, labels: yTrue) }
        if let z = logits { return Tensor.softmaxCrossEntropy(logits: z, labels: yTrue) }
        let p = yPred / yPred.sum(axes: [yPred.rank - 1], keepDims: true)
        return -(yTrue * p.clamp(min: probabilityEpsilon, max: 1 - probabilityEpsilon).log()).sum(axes: [yPred.rank - 1])
    }
}

/// Sparse categorical cross-entropy with integer class targets `[batch]` (or `[batch, 1]`).
public struct SparseCategoricalCrossentropy: Loss {
    /// Whether predictions are logits instead of probabilities.
    public let fromLogits: Bool
    /// The Keras name of the loss, used in logs.
    public var name: String { "sparse_categorical_crossentropy" }
    /// Creates the loss; `fromLogits` as in Keras.
    public init(fromLogits: Bool = false) { self.fromLogits = fromLogits }
    /// Per-example losses `[batch]` (see `Loss.perExample`).
    public func perExample(yTrue: Tensor, yPred: Tensor, logits: Tensor?) -> Tensor {
        let labels = yTrue.reshape([-1])
        precondition(labels.count == yPred.count / yPred.shape.last!, "sparse_categorical_crossentropy: targets \(yTrue.shape) vs predictions \(yPred.shape)")
        if fromLogits { return Tensor.sparseSoftmaxCrossEntropy(logits: yPred, labels: labels) }
        if let z = logits { return Tensor.sparseSoftmaxCrossEntropy(logits: z, labels: labels) }
        let c = yPred.shape.last!
        let p = yPred.reshape([-1, c]).clamp(min: probabilityEpsilon, max: 1 - probabilityEpsilon).log()
        return -p.take(indices: labels.scalars.map { Int($0) }, alongAxis: -1).reshape(Array(yPred.shape.dropLast()))
    }
}

/// Binary cross-entropy, averaged over the last axes per example; probabilities clipped to
/// [1e-7, 1 − 1e-7], or the stable logits form with `fromLogits`.
public struct BinaryCrossentropy: Loss {
    /// Whether predictions are logits instead of probabilities.
    public let fromLogits: Bool
    /// The Keras name of the loss, used in logs.
    public var name: String { "binary_crossentropy" }
    /// Creates the loss; `fromLogits` as in Keras.
    public init(fromLogits: Bool = false) { self.fromLogits = fromLogits }
    /// Per-example losses `[batch]` (see `Loss.perExample`).
    public func perExample(yTrue: Tensor, yPred: Tensor, logits: Tensor?) -> Tensor {
        precondition(yTrue.count == yPred.count, "binary_crossentropy: targets \(yTrue.shape) vs predictions \(yPred.shape)")
        let y = yTrue.reshape(yPred.shape)
        if fromLogits { return meanPerExample(Tensor.sigmoidCrossEntropy(logits: yPred, labels: y)) }
        let p = yPred.clamp(min: probabilityEpsilon, max: 1 - probabilityEpsilon)
        return meanPerExample(-(y * p.log() + (1 - y) * (1 - p).log()))
    }
}

/// Mean squared error per example.
public struct MeanSquaredError: Loss {
    /// The Keras name of the loss, used in logs.
    public var name: String { "mean_squared_error" }
    /// Creates the loss.
    public init() {}
    /// Per-example losses `[batch]` (see `Loss.perExample`).
    public func perExample(yTrue: Tensor, yPred: Tensor, logits: Tensor?) -> Tensor {
        meanPerExample((yPred - yTrue.reshape(yPred.shape)).squared())
    }
}

/// Mean absolute error per example.
public struct MeanAbsoluteError: Loss {
    /// The Keras name of the loss, used in logs.
    public var name: String { "mean_absolute_error" }
    /// Creates the loss.
    public init() {}
    /// Per-example losses `[batch]` (see `Loss.perExample`).
    public func perExample(yTrue: Tensor, yPred: Tensor, logits: Tensor?) -> Tensor {
        meanPerExample((yPred - yTrue.reshape(yPred.shape)).abs())
    }
}
