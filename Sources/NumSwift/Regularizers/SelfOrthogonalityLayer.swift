// MARK: - The Self-Orthogonality Module inside layers

/// A layer with a kernel that can carry a Self-Orthogonality Module (`Dense`, `Conv1D`, `Conv2D`): set
/// `selfOrthogonality` and every training call adds the penalty of its own pre-activation.
///
/// ```swift
/// let hidden = Dense(100, activation: .relu)
/// hidden.selfOrthogonality = SelfOrthogonality()          // γ 10, λ₁ 100, λ₂ 1
/// ```
/// References: Su, kexue.fm/archives/7169.
public protocol SelfOrthogonalizable: Layer {
    /// The module, or nil for none.
    var selfOrthogonality: SelfOrthogonality? { get set }
}

extension Dense: SelfOrthogonalizable {}
extension Conv1D: SelfOrthogonalizable {}
extension Conv2D: SelfOrthogonalizable {}
extension Conv2DTranspose: SelfOrthogonalizable {}

extension Layer {
    /// Adds `som.penalty(preActivation())` to the objective through `addLoss` and reports it as the
    /// `som_reg` metric, when a loss-collecting pass (`fit`, `evaluate`, `collectingLosses`) runs;
    /// otherwise the pre-activation is not even formed. Layers call it in training mode only.
    ///
    /// - Parameters:
    ///   - som: the module's settings.
    ///   - preActivation: the layer's `XW` of this call (without bias), `[…, k]`.
    public func addSelfOrthogonalityLoss(_ som: SelfOrthogonality, preActivation: () -> Tensor) {
        guard isCollectingLosses else { return }
        let r = som.penalty(preActivation())
        addLoss(r)
        addMetric(r, name: SelfOrthogonality.metricName)
    }

    /// The module's penalty for a convolution layer whose pre-activation is `convolve(input)`:
    /// nothing unless `som` is set and `training`; otherwise the pre-activation is this call's
    /// `output`, or, when the module stops the gradient into the input, `convolve` re-run on the
    /// detached input (one more forward convolution).
    func addConvolutionSelfOrthogonalityLoss(
        _ som: SelfOrthogonality?, training: Bool, input: Tensor, output: Tensor, convolve: (Tensor) -> Tensor
    ) {
        guard training, let som else { return }
        addSelfOrthogonalityLoss(som) { som.stopInputGradient ? convolve(input.detached()) : output }
    }
}
