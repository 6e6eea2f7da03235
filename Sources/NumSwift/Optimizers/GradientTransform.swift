import Foundation

// MARK: - Gradient transforms

/// A change of the gradients between differentiation and the optimiser's update rule (Su's
/// override of `get_gradients`). It sees every parameter of the step at once, so it can act on one
/// variable, on a selection, or on all together (a global norm).
///
/// Built in: `GlobalNormClip`, `NormClip`, `ValueClip`, `L1NormClip`, `GradientNoise`,
/// `ZeroGradients`, and `GradientMap` / `GradientsMap` for any closure.
/// References: Su, kexue.fm/archives/6418 §2.2; Keras 3 `BaseOptimizer._clip_gradients`.
public protocol GradientTransform {
    /// Rewrites `gradients[i]` (the gradient of `parameters[i]`) in place.
    /// - Parameters: step: the optimiser's `iterations` (1 on the first step).
    func transform(_ gradients: inout [Tensor], _ parameters: [Parameter], step: Int)
}

/// √(Σ g²) over the given gradients.
func globalNorm(_ gs: [Tensor]) -> Float {
    var s: Double = 0
    for g in gs { s += Double(g.squared().sum().scalar) }
    return Float(s.squareRoot())
}

/// Rescales each selected gradient whose `norm` exceeds `maxNorm` down to `maxNorm`.
func clipEach(
    _ gradients: inout [Tensor], _ parameters: [Parameter], _ selection: ParameterSelection, _ maxNorm: Float,
    norm: (Tensor) -> Float
) {
    for i in parameters.indices where selection.contains(parameters[i]) {
        let n = norm(gradients[i])
        if n > maxNorm { gradients[i] = gradients[i] * (maxNorm / n) }
    }
}

/// Rescales the selected gradients together so that their global L2 norm is at most `maxNorm`
/// (Keras 3 `global_clipnorm`; Keras 2's `clipnorm`, which the article describes).
public struct GlobalNormClip: GradientTransform {
    /// The cap and the parameters it covers.
    public let maxNorm: Float, selection: ParameterSelection
    /// - Parameters: maxNorm: cap on √(Σᵢ‖gᵢ‖²); selection: default all parameters.
    public init(_ maxNorm: Float, selection: ParameterSelection = .all) { self.maxNorm = maxNorm; self.selection = selection }
    public func transform(_ gradients: inout [Tensor], _ parameters: [Parameter], step: Int) {
        let idx = parameters.indices.filter { selection.contains(parameters[$0]) }
        let n = globalNorm(idx.map { gradients[$0] })
        // Keras: g · clip / max(‖g‖, clip), i.e. unchanged while the norm is within the cap.
        guard n > maxNorm else { return }
        for i in idx { gradients[i] = gradients[i] * (maxNorm / n) }
    }
}

/// Rescales each selected gradient to L2 norm at most `maxNorm` (Keras 3 `clipnorm`).
public struct NormClip: GradientTransform {
    /// The cap and the parameters it covers.
    public let maxNorm: Float, selection: ParameterSelection
    /// - Parameters: maxNorm: cap on each ‖gᵢ‖; selection: default all.
    public init(_ maxNorm: Float, selection: ParameterSelection = .all) { self.maxNorm = maxNorm; self.selection = selection }
    public func transform(_ gradients: inout [Tensor], _ parameters: [Parameter], step: Int) {
        clipEach(&gradients, parameters, selection, maxNorm) { $0.squared().sum().scalar.squareRoot() }
    }
}

/// Rescales each selected gradient to L1 norm (Σ|g|) at most `maxNorm` (the article's variant).
public struct L1NormClip: GradientTransform {
    /// The cap and the parameters it covers.
    public let maxNorm: Float, selection: ParameterSelection
    /// - Parameters: maxNorm: cap on each Σ|gᵢ|; selection: default all.
    public init(_ maxNorm: Float, selection: ParameterSelection = .all) { self.maxNorm = maxNorm; self.selection = selection }
    public func transform(_ gradients: inout [Tensor], _ parameters: [Parameter], step: Int) {
        clipEach(&gradients, parameters, selection, maxNorm) { $0.abs().sum().scalar }
    }
}

/// Clips each selected gradient elementwise to `[-maxValue, maxValue]` (Keras `clipvalue`).
public struct ValueClip: GradientTransform {
    /// The cap and the parameters it covers.
    public let maxValue: Float, selection: ParameterSelection
    /// - Parameters: maxValue: elementwise cap; selection: default all.
    public init(_ maxValue: Float, selection: ParameterSelection = .all) { self.maxValue = maxValue; self.selection = selection }
    public func transform(_ gradients: inout [Tensor], _ parameters: [Parameter], step: Int) {
        for i in parameters.indices where selection.contains(parameters[i]) {
            gradients[i] = gradients[i].clamp(min: -maxValue, max: maxValue)
        }
    }
}

/// Replaces the selected gradients by zeros: the article's "prank" (the model never moves; with
/// SGD or Adam the weights stay bit-identical), or a way to freeze by name.
public struct ZeroGradients: GradientTransform {
    /// The parameters whose gradients are zeroed.
    public let selection: ParameterSelection
    /// - Parameter selection: default all.
    public init(selection: ParameterSelection = .all) { self.selection = selection }
    public func transform(_ gradients: inout [Tensor], _ parameters: [Parameter], step: Int) {
        for i in parameters.indices where selection.contains(parameters[i]) { gradients[i] = Tensor.zeros(gradients[i].shape) }
    }
}

/// Adds annealed Gaussian noise N(0, η/(1+t)^γ) to the selected gradients at step t.
///
/// The noise is drawn from a counter-based generator seeded by (`seed`, step), so a run is
/// reproducible whatever the thread count.
/// References: Neelakantan et al., "Adding Gradient Noise Improves Learning for Very Deep Networks" (2015).
public struct GradientNoise: GradientTransform {
    /// Noise scale η, decay γ, seed and the parameters covered.
    public let eta: Float, gamma: Float, seed: UInt64, selection: ParameterSelection
    /// - Parameters: eta: variance at step 0 (paper: 0.01–1); gamma: decay (paper 0.55); seed; selection.
    public init(eta: Float = 0.01, gamma: Float = 0.55, seed: UInt64 = 0, selection: ParameterSelection = .all) {
        self.eta = eta; self.gamma = gamma; self.seed = seed; self.selection = selection
    }
    public func transform(_ gradients: inout [Tensor], _ parameters: [Parameter], step: Int) {
        let std = (eta / powf(1 + Float(step), gamma)).squareRoot()
        var gen = RandomGenerator(seed: seed, stream: UInt64(step))
        for i in parameters.indices where selection.contains(parameters[i]) {
            gradients[i] = gradients[i] + Tensor.randomNormal(gradients[i].shape, std: std, generator: &gen)
        }
    }
}

/// Any per-variable closure `(parameter, gradient) -> gradient` over the selected parameters.
///
/// Example: halve the gradients of every bias: `GradientMap(selection: .nameMatching("/bias$")) { _, g in g * 0.5 }`.
public struct GradientMap: GradientTransform {
    let f: (Parameter, Tensor) -> Tensor
    /// The parameters it applies to.
    public let selection: ParameterSelection
    /// - Parameters: selection: default all; f: the new gradient of one parameter.
    public init(selection: ParameterSelection = .all, _ f: @escaping (Parameter, Tensor) -> Tensor) {
        self.selection = selection; self.f = f
    }
    public func transform(_ gradients: inout [Tensor], _ parameters: [Parameter], step: Int) {
        for i in parameters.indices where selection.contains(parameters[i]) { gradients[i] = f(parameters[i], gradients[i]) }
    }
}

/// Any closure over the whole list (the direct analogue of overriding Keras 2's `get_gradients`;
/// also the place to all-reduce gradients across processes before clipping).
public struct GradientsMap: GradientTransform {
    let f: (inout [Tensor], [Parameter], Int) -> Void
    /// - Parameter f: rewrites the gradients in place, given the parameters and the step.
    public init(_ f: @escaping (inout [Tensor], [Parameter], Int) -> Void) { self.f = f }
    public func transform(_ gradients: inout [Tensor], _ parameters: [Parameter], step: Int) { f(&gradients, parameters, step) }
}
