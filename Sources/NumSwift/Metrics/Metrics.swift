// MARK: - Stateful metrics

/// A stateful metric: `update` accumulates over batches, `result` reads the running value,
/// `reset` starts over (Keras `metrics.Metric`).
open class Metric {
    /// The name shown in the progress bar and the History.
    public let name: String
    /// Creates a metric with the given name.
    public init(name: String) { self.name = name }
    /// Accumulates one batch. `sampleWeight` is `[batch]` when given.
    open func update(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) {}
    /// The current value.
    open func result() -> Float { 0 }
    /// Clears the state.
    open func reset() {}
    /// The running state as numbers that add up across data-parallel replicas (Keras metric
    /// variables with SUM aggregation): the sum of the replicas' states is the state of one
    /// process that saw all their batches. Empty for a metric that does not expose it; `fit` then
    /// shows that metric's value from the first replica alone.
    open var summableState: [Double] {
        get { [] }
        set {}
    }
}

/// Weighted running mean of the values it is given (Keras `metrics.Mean`).
public final class Mean: Metric {
    var total: Double = 0, count: Double = 0
    public override init(name: String = "mean") { super.init(name: name) }
    /// Adds `value` with weight `weight` (e.g. a batch mean weighted by the batch size).
    public func update(_ value: Float, weight: Float = 1) { total += Double(value) * Double(weight); count += Double(weight) }
    public override func update(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) {
        let v = yPred.scalars
        let w = sampleWeight?.scalars ?? [Float](repeating: 1, count: v.count)
        for (a, b) in zip(v, w) { update(a, weight: b) }
    }
    public override func result() -> Float { count == 0 ? 0 : Float(total / count) }
    public override func reset() { total = 0; count = 0 }
    /// `[total, count]`.
    public override var summableState: [Double] {
        get { [total, count] }
        set { (total, count) = (newValue[0], newValue[1]) }
    }
}

/// Accumulates per-example 0/1 matches, weighted.
open class MatchRate: Metric {
    var hits: Double = 0, count: Double = 0
    func matches(yTrue: [Float], yPred: [Float], yTrueShape: [Int], yPredShape: [Int]) -> [Float] { [] }
    open override func update(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) {
        let m = matches(yTrue: yTrue.scalars, yPred: yPred.scalars, yTrueShape: yTrue.shape, yPredShape: yPred.shape)
        if let w = sampleWeight?.scalars {
            for (a, b) in zip(m, w) { hits += Double(a * b); count += Double(b) }
        } else {
            for a in m { hits += Double(a) }
            count += Double(m.count)
        }
    }
    open override func result() -> Float { count == 0 ? 0 : Float(hits / count) }
    open override func reset() { hits = 0; count = 0 }
    /// `[hits, count]`.
    open override var summableState: [Double] {
        get { [hits, count] }
        set { (hits, count) = (newValue[0], newValue[1]) }
    }
}

func argmaxRows(_ v: [Float], _ n: Int) -> [Int] {
    stride(from: 0, to: v.count, by: n).map { s in
        var best = s
        for j in s..<(s + n) where v[j] > v[best] { best = j }
        return best - s
    }
}

/// argmax(yTrue) == argmax(yPred) with one-hot targets `[batch, classes]`.
public final class CategoricalAccuracy: MatchRate {
    public override init(name: String = "categorical_accuracy") { super.init(name: name) }
    override func matches(yTrue: [Float], yPred: [Float], yTrueShape: [Int], yPredShape: [Int]) -> [Float] {
        let n = yPredShape.last!
        return zip(argmaxRows(yTrue, n), argmaxRows(yPred, n)).map { $0 == $1 ? 1 : 0 }
    }
}

/// yTrue == argmax(yPred) with integer targets `[batch]`.
public final class SparseCategoricalAccuracy: MatchRate {
    public override init(name: String = "sparse_categorical_accuracy") { super.init(name: name) }
    override func matches(yTrue: [Float], yPred: [Float], yTrueShape: [Int], yPredShape: [Int]) -> [Float] {
        zip(yTrue, argmaxRows(yPred, yPredShape.last!)).map { Int($0) == $1 ? 1 : 0 }
    }
}

/// (yPred > threshold) == yTrue per element, averaged per example.
public final class BinaryAccuracy: MatchRate {
    /// Predictions above this count as class 1.
    public let threshold: Float
    /// Creates the metric (Keras threshold 0.5).
    public init(name: String = "binary_accuracy", threshold: Float = 0.5) { self.threshold = threshold; super.init(name: name) }
    override func matches(yTrue: [Float], yPred: [Float], yTrueShape: [Int], yPredShape: [Int]) -> [Float] {
        let b = Swift.max(yPredShape.first ?? 1, 1), per = yPred.count / b
        return (0..<b).map { i in
            var s: Float = 0
            for j in (i * per)..<((i + 1) * per) { s += ((yPred[j] > threshold ? 1 : 0) == yTrue[j] ? 1 : 0) }
            return s / Float(per)
        }
    }
}

/// Keras's `"accuracy"`: picks categorical, sparse categorical or binary accuracy from the shapes
/// on the first update (one-hot targets → categorical; one fewer axis or a last axis of 1 with
/// several classes → sparse; one output unit → binary). Reported as `accuracy`.
public final class Accuracy: Metric {
    var inner: MatchRate?
    /// Creates the metric; the variant is chosen from the shapes on first update, as Keras does.
    public init() { super.init(name: "accuracy") }
    public override func update(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) {
        if inner == nil {
            let c = yPred.shape.last ?? 1
            if c == 1 {
                inner = BinaryAccuracy()
            } else if yTrue.shape == yPred.shape {
                inner = CategoricalAccuracy()
            } else {
                inner = SparseCategoricalAccuracy()
            }
        }
        inner!.update(yTrue: yTrue, yPred: yPred, sampleWeight: sampleWeight)
    }
    public override func result() -> Float { inner?.result() ?? 0 }
    public override func reset() { inner?.reset() }
    /// `[hits, count]` of the chosen variant (zeros before the first update, so a replica that has
    /// seen no rows yet still contributes a state of the same length).
    public override var summableState: [Double] {
        get { inner?.summableState ?? [0, 0] }
        set {
            // Before the first update the variant is unknown: a plain MatchRate holds a summed
            // state for reading, and is dropped again when the zero state is put back.
            if inner == nil || type(of: inner!) == MatchRate.self {
                inner = newValue.allSatisfy { $0 == 0 } ? nil : MatchRate(name: name)
            }
            inner?.summableState = newValue
        }
    }
}

/// Running mean of a loss function as a metric (e.g. `mae` next to an `mse` loss).
public final class LossMetric: Metric {
    let loss: Loss
    let mean = Mean()
    /// Tracks the sample-weighted mean of `loss`, named after it unless `name` is given.
    public init(_ loss: Loss, name: String? = nil) { self.loss = loss; super.init(name: name ?? loss.name) }
    public override func update(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) {
        let l = withNoGrad { loss.perExample(yTrue: yTrue, yPred: yPred, logits: nil) }
        mean.update(yTrue: yTrue, yPred: l, sampleWeight: sampleWeight)
    }
    public override func result() -> Float { mean.result() }
    public override func reset() { mean.reset() }
    /// The state of the running mean.
    public override var summableState: [Double] {
        get { mean.summableState }
        set { mean.summableState = newValue }
    }
}
