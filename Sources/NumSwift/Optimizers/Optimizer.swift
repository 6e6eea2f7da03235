import Foundation

// MARK: - Optimizer base

/// Base optimiser. It owns the pipeline every update goes through:
///
/// 1. gradients in (`applyGradients`); a missing gradient of a trainable, non-frozen variable is an
///    error naming it (Keras);
/// 2. gradient accumulation over `gradientAccumulationSteps` calls (Keras 3), averaged;
/// 3. `gradientTransforms`, in order, then the built-in clipping (`globalClipnorm`, `clipnorm`,
///    `clipvalue`, in that order: norm before value as in Keras 2's `get_gradients`);
/// 4. the learning rate of this step (from `schedule` when set) times each parameter's
///    `lrMultiplier` (a multiplier of 0 skips the variable entirely);
/// 5. the subclass's update rule, `update(_:gradient:learningRate:)`.
///
/// Subclass and override `update` (and `resetState` when the rule keeps per-variable slots) for a
/// new rule; append to `gradientTransforms` to change gradients without touching the rule.
/// References: Su, kexue.fm/archives/6418 (layer-wise LR; free gradient manipulation); Keras 3
/// `BaseOptimizer.apply`.
open class Optimizer {
    /// Learning rate of the current step. With a `schedule` it is recomputed before every step
    /// (callbacks that change it then have no lasting effect).
    public var learningRate: Float
    /// Per-step learning-rate schedule (nil: constant `learningRate`).
    public var schedule: LearningRateSchedule?
    /// Per-variable gradient norm cap (Keras 3 `clipnorm`).
    public var clipnorm: Float?
    /// Cap on the global L2 norm over all gradients (Keras 3 `global_clipnorm`; Keras 2's `clipnorm`).
    public var globalClipnorm: Float?
    /// Elementwise gradient cap (Keras `clipvalue`).
    public var clipvalue: Float?
    /// Transforms applied in order to every step's gradients, before the built-in clipping.
    public var gradientTransforms: [GradientTransform] = []
    /// Number of calls whose gradients are averaged into one update (Keras 3
    /// `gradient_accumulation_steps`; 1 = update every call).
    public var gradientAccumulationSteps: Int = 1 {
        didSet { precondition(gradientAccumulationSteps >= 1, "Optimizer: gradientAccumulationSteps must be ≥ 1") }
    }
    /// Number of `applyGradients` calls so far (Keras `iterations`; counts accumulation calls too).
    public internal(set) var iterations = 0
    var accumulated: [Variable: Tensor] = [:]

    /// - Parameters: learningRate; clipnorm: per-variable norm cap; clipvalue: elementwise cap;
    ///   globalClipnorm: cap on the norm over all gradients; schedule: per-step learning rate.
    public init(
        learningRate: Float, clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil,
        schedule: LearningRateSchedule? = nil
    ) {
        self.learningRate = learningRate; self.clipnorm = clipnorm; self.clipvalue = clipvalue
        self.globalClipnorm = globalClipnorm; self.schedule = schedule
        if let s = schedule { self.learningRate = s.learningRate(step: 0) }
    }

    /// Applies one step of gradients to plain variables (each with its own `lrMultiplier`).
    public func apply(gradients: [Tensor], to variables: [Variable]) {
        precondition(gradients.count == variables.count, "Optimizer.apply: \(gradients.count) gradients for \(variables.count) variables")
        applyChecked(gradients, variables.map { Parameter($0) })
    }

    /// Runs the pipeline (see the type's documentation) for one step.
    ///
    /// - Parameters:
    ///   - gradients: one per parameter, nil where the loss does not depend on it.
    ///   - parameters: from `Layer.trainableParameters()` (or `Parameter(variable)`).
    /// - Throws: `NumSwiftError.missingGradient` naming every trainable variable with a nil
    ///   gradient and a non-zero multiplier; nothing is updated then.
    public func applyGradients(_ gradients: [Tensor?], to parameters: [Parameter]) throws {
        precondition(gradients.count == parameters.count, "Optimizer.applyGradients: \(gradients.count) gradients for \(parameters.count) parameters")
        var gs: [Tensor] = []
        gs.reserveCapacity(gradients.count)
        var missing: [String] = []
        for (g, p) in zip(gradients, parameters) {
            if let g {
                gs.append(g)
            } else if !p.variable.trainable || p.lrMultiplier == 0 {
                gs.append(Tensor.zeros(p.variable.shape))
            } else {
                missing.append(p.name)
            }
        }
        guard missing.isEmpty else { throw NumSwiftError.missingGradient(variables: missing) }
        applyChecked(gs, parameters)
    }

    func applyChecked(_ gradients: [Tensor], _ parameters: [Parameter]) {
        iterations += 1
        var gs = gradients
        if gradientAccumulationSteps > 1 {
            guard accumulate(&gs, parameters) else { return }
        }
        transform(&gs, parameters)
        if let s = schedule { learningRate = s.learningRate(step: iterations - 1) }
        for (g, p) in zip(gs, parameters) where p.lrMultiplier != 0 {
            update(p.variable, gradient: g, learningRate: learningRate * p.lrMultiplier)
        }
    }

    /// Adds `gs` to the running sums; on every k-th call replaces `gs` by the mean of the last k
    /// and returns true (Keras 3 averages `(g + acc) / k`).
    func accumulate(_ gs: inout [Tensor], _ parameters: [Parameter]) -> Bool {
        let k = gradientAccumulationSteps
        let isUpdate = iterations % k == 0
        for (i, p) in parameters.enumerated() {
            var acc = accumulated.removeValue(forKey: p.variable) ?? Tensor.zeros(p.variable.shape)
            acc.addScaled(gs[i])
            if isUpdate { gs[i] = acc * (1 / Float(k)) } else { accumulated[p.variable] = acc }
        }
        return isUpdate
    }

    /// The user transforms, then the built-in clipping.
    func transform(_ gs: inout [Tensor], _ parameters: [Parameter]) {
        for t in gradientTransforms { t.transform(&gs, parameters, step: iterations) }
        if let c = globalClipnorm { GlobalNormClip(c).transform(&gs, parameters, step: iterations) }
        if let c = clipnorm { NormClip(c).transform(&gs, parameters, step: iterations) }
        if let c = clipvalue { ValueClip(c).transform(&gs, parameters, step: iterations) }
    }

    /// One update of one variable; `iterations` is already the new step.
    ///
    /// - Parameters: v: the variable, updated in place; g: its transformed gradient;
    ///   learningRate: this step's rate times the variable's multiplier.
    open func update(_ v: Variable, gradient g: Tensor, learningRate: Float) {
        fatalError("\(type(of: self)).update(_:gradient:learningRate:) must be overridden")
    }

    /// Forgets the per-variable slots of the update rule (moments, velocities). Subclasses with
    /// slots override it and call `super`.
    open func resetState() { accumulated = [:] }

    /// Restarts the optimiser as if new, without re-compiling the model: slots, gradient
    /// accumulators and `iterations` (so bias corrections and schedules start again) are reset.
    /// The DGCNN recipe re-warms the optimiser this way between stages.
    public func reset() {
        resetState()
        iterations = 0
        if let s = schedule { learningRate = s.learningRate(step: 0) }
    }
}
