// MARK: - Conv1D

/// 1-D convolution layer over `[batch, length, channels]` with Keras semantics (stride, dilation,
/// `valid` / `same` / `causal` padding), using the strided-GEMM `Tensor.conv1d` kernel.
///
/// Shapes: kernel `[kernelSize, inChannels, filters]`, bias `[filters]`; output
/// `[batch, outLength, filters]`.
/// References: Keras `layers.Conv1D`.
public final class Conv1D: Layer {
    /// Configuration (Keras names).
    public let filters: Int, kernelSize: Int, strides: Int, dilationRate: Int
    /// Padding mode, activation applied after the bias, and whether a bias is added.
    public let padding: ConvPadding, activation: ActivationFunction, useBias: Bool
    /// The kernel `[kernelSize, inChannels, filters]` (after build).
    public private(set) var kernelVariable: Variable!
    /// The bias `[filters]` (after build, if `useBias`).
    public private(set) var biasVariable: Variable?
    /// Re-parametrisation hook used by the normalisation wrappers (see `Dense.kernelTransform`).
    public var kernelTransform: ((Tensor) -> Tensor)?
    /// Self-Orthogonality Module on the kernel `[kernelSize·inChannels, filters]`: when set, every
    /// training call adds the penalty of this call's convolution output (before bias; each output
    /// position a sample) and reports it as `som_reg` (article 7169).
    public var selfOrthogonality: SelfOrthogonality?
    /// True while the Self-Orthogonality Module is on: its penalty is added in `call`.
    public override var addsLossesInCall: Bool { selfOrthogonality != nil }
    let kernelInitializer: Initializer
    let kernelRegularizer: Regularizer?, biasRegularizer: Regularizer?
    let kernelConstraint: Constraint?, biasConstraint: Constraint?
    /// - Parameters: filters: output channels; kernelSize: taps; strides, dilationRate ≥ 1;
    ///   padding: `.valid`, `.same` or `.causal` (stride 1); activation: default linear;
    ///   kernelRegularizer, biasRegularizer, activityRegularizer: penalties added to the objective.
    ///   kernelConstraint, biasConstraint: projections applied after each optimiser step (Keras
    ///   `kernel_constraint`, `bias_constraint`); MaxNorm and UnitNorm act per filter.
    public init(
        filters: Int, kernelSize: Int, strides: Int = 1, padding: ConvPadding = .valid,
        dilationRate: Int = 1, activation: ActivationFunction = .linear, useBias: Bool = true,
        kernelInitializer: Initializer = .glorotUniform, kernelRegularizer: Regularizer? = nil,
        biasRegularizer: Regularizer? = nil, activityRegularizer: Regularizer? = nil,
        kernelConstraint: Constraint? = nil, biasConstraint: Constraint? = nil, name: String? = nil
    ) {
        precondition(
            filters > 0 && kernelSize > 0 && strides > 0 && dilationRate > 0,
            "Conv1D: filters, kernelSize, strides, dilationRate must be positive")
        self.filters = filters; self.kernelSize = kernelSize; self.strides = strides
        self.dilationRate = dilationRate; self.padding = padding; self.activation = activation
        self.useBias = useBias; self.kernelInitializer = kernelInitializer
        self.kernelRegularizer = kernelRegularizer; self.biasRegularizer = biasRegularizer
        self.kernelConstraint = kernelConstraint; self.biasConstraint = biasConstraint
        super.init(name: name)
        self.activityRegularizer = activityRegularizer
    }
    public override func build(inputShapes: [[Int]]) {
        precondition(
            inputShapes[0].count == 2 && inputShapes[0][1] > 0,
            "Conv1D \(name): input must be [length, channels] with known channels, got \(inputShapes[0])")
        kernelVariable = addWeight(
            name: "kernel", shape: [kernelSize, inputShapes[0][1], filters], initializer: kernelInitializer,
            constraint: kernelConstraint, regularizer: kernelRegularizer)
        if useBias {
            biasVariable = addWeight(
                name: "bias", shape: [filters], initializer: .zeros, constraint: biasConstraint, regularizer: biasRegularizer)
        }
    }
    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] {
        let s = inputShapes[0]
        precondition(inputShapes.count == 1 && s.count == 2, "Conv1D \(name): input must be [length, channels], got \(inputShapes)")
        if let k = kernelVariable, let c = s[1] { precondition(c == k.shape[1], "Conv1D \(name): input channels \(c) vs kernel \(k.shape)") }
        return [[slidingOutputLength(s[0], width: kernelSize, stride: strides, dilation: dilationRate, padding: padding), filters]]
    }
    /// The input mask passes on when every output step sits over its input step (stride 1 with
    /// `same` or `causal` padding); otherwise the steps no longer correspond and there is none.
    /// (Keras 3 drops the mask in every case.)
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? {
        strides == 1 && padding != .valid ? (masks.first ?? nil) : nil
    }
    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer {
        let copy = Conv1D(
            filters: filters, kernelSize: kernelSize, strides: strides, padding: padding, dilationRate: dilationRate,
            activation: activation, useBias: useBias, kernelInitializer: kernelInitializer,
            kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer, activityRegularizer: activityRegularizer,
            kernelConstraint: kernelConstraint, biasConstraint: biasConstraint)
        copy.selfOrthogonality = selfOrthogonality
        return copy
    }
    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let k = effectiveKernel
        let convolve = { (x: Tensor) in x.conv1d(k, stride: self.strides, dilation: self.dilationRate, padding: self.padding) }
        var y = convolve(inputs[0])
        addConvolutionSelfOrthogonalityLoss(selfOrthogonality, training: training, input: inputs[0], output: y, convolve: convolve)
        if let b = biasVariable { y = y + b.read }
        return [activation.apply(y)]
    }
}
