// MARK: - Score-function (REINFORCE) estimator

/// The surrogate loss of the score-function estimator: a scalar whose gradient is the
/// single-sample estimate of `∇_θ E_{z∼p_θ}[f(z)]`,
/// `mean((f − b) · ∇_θ log p_θ(z))`.
///
/// Only `log p_θ(z)` of the drawn samples must be differentiable; `f` (the reward or cost of each
/// sample, which need not be differentiable) and the baseline `b` are treated as constants
/// (stop-gradient). The value of the surrogate itself is not an estimate of the objective.
///
/// Shapes: `logProb [n]` (one per sample; any shape works, it is averaged), `f` of the same shape
/// or broadcastable to it, `baseline` broadcastable (e.g. a scalar running mean of `f`). A baseline
/// that does not depend on the sample leaves the estimator unbiased and usually lowers its
/// variance.
///
/// ```swift
/// let k = Tensor.categorical(logits: theta, generator: &rng)          // samples, no gradient
/// let logp = (theta.logSoftmax() * k.oneHot(depth: 10)).sum(axes: [-1])
/// let loss = scoreFunctionSurrogate(logProb: logp, f: reward(k), baseline: Tensor(0.5))
/// ```
///
/// References: Su, kexue.fm/archives/6705 §"Score function"; Williams, "Simple statistical
/// gradient-following algorithms" (REINFORCE, 1992).
public func scoreFunctionSurrogate(logProb: Tensor, f: Tensor, baseline: Tensor? = nil) -> Tensor {
    let weight = (baseline.map { f - $0 } ?? f).detached()
    return (weight * logProb).mean()
}
