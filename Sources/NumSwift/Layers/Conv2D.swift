// MARK: - Conv2D

/// 2-D convolution layer over NHWC images `[batch, height, width, channels]` with Keras semantics
/// (strides, dilation, `valid` / `same` padding), on the im2col + GEMM kernel `Tensor.conv2d`.
///
/// Shapes: kernel `[kh, kw, inChannels, filters]`, bias `[filters]`; output
/// `[batch, outHeight, outWidth, filters]` with `ceil(n / s)` per axis for `.same` and
/// `(n − d(k − 1) − 1) / s + 1` for `.valid`.
///
/// ```swift
/// let h = Conv2D(filters: 32, kernelSize: (3, 3), strides: (2, 2), padding: .same, activation: .relu)(x)
/// ```
/// References: Keras `layers.Conv2D`.
public final class Conv2D: Layer {
    /// Output channels.
    public let filters: Int
    /// Kernel height and width, strides and dilation rate (Keras names).
    public let kernelSize: (Int, Int), strides: (Int, Int), dilationRate: (Int, Int)
    /// Padding mode (`.valid` or `.same`), activation after the bias, and whether a bias is added.
    public let padding: ConvPadding, activation: ActivationFunction, useBias: Bool
    /// The kernel `[kh, kw, inChannels, filters]` (after build).
    public private(set) var kernelVariable: Variable!
    /// The bias `[filters]` (after build, if `useBias`).
    public private(set) var biasVariable: Variable?
    /// Re-parametrisation hook used by `SpectralNormalization` and `WeightNormalization` (see
    /// `Dense.kernelTransform`): `call` convolves with `kernelTransform(kernel)` when set.
    public var kernelTransform: ((Tensor) -> Tensor)?
    let kernelInitializer: Initializer
    let kernelRegularizer: Regularizer?, biasRegularizer: Regularizer?
    let kernelConstraint: Constraint?, biasConstraint: Constraint?
    /// Self-Orthogonality Module on the kernel `[kh·kw·inChannels, filters]`: when set, every
    /// training call adds the penalty of this call's convolution output (before bias, viewed as
    /// `[b·H'·W', filters]`: each output position a sample) and reports it as `som_reg`
    /// (article 7169).
    public var selfOrthogonality: SelfOrthogonality?
    /// True while the Self-Orthogonality Module is on: its penalty is added in `call`.
    public override var addsLossesInCall: Bool { selfOrthogonality != nil }

    /// - Parameters: filters: output channels; kernelSize, strides, dilationRate: per axis ≥ 1;
    ///   padding: `.valid` or `.same`; activation: default linear; kernelInitializer: default
    ///   Glorot uniform (Keras); kernelRegularizer, biasRegularizer, activityRegularizer: penalties
    ///   added to the objective (e.g. `OrthogonalRegularizer`).
    ///   kernelConstraint, biasConstraint: projections applied after each optimiser step (Keras
    ///   `kernel_constraint`, `bias_constraint`); MaxNorm and UnitNorm act per filter.
    public init(
        filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: ConvPadding = .valid,
        dilationRate: (Int, Int) = (1, 1), activation: ActivationFunction = .linear, useBias: Bool = true,
        kernelInitializer: Initializer = .glorotUniform, kernelRegularizer: Regularizer? = nil,
        biasRegularizer: Regularizer? = nil, activityRegularizer: Regularizer? = nil,
        kernelConstraint: Constraint? = nil, biasConstraint: Constraint? = nil, name: String? = nil
    ) {
        precondition(
            filters > 0 && kernelSize.0 > 0 && kernelSize.1 > 0 && strides.0 > 0 && strides.1 > 0
                && dilationRate.0 > 0 && dilationRate.1 > 0,
            "Conv2D: filters, kernelSize, strides, dilationRate must be positive")
        precondition(padding != .causal, "Conv2D: padding must be .valid or .same")
        self.filters = filters; self.kernelSize = kernelSize; self.strides = strides
        self.dilationRate = dilationRate; self.padding = padding; self.activation = activation
        self.useBias = useBias; self.kernelInitializer = kernelInitializer
        self.kernelRegularizer = kernelRegularizer; self.biasRegularizer = biasRegularizer
        self.kernelConstraint = kernelConstraint; self.biasConstraint = biasConstraint
        super.init(name: name)
        self.activityRegularizer = activityRegularizer
    }

    /// Square kernel shorthand: `Conv2D(filters: 32, kernelSize: 3, strides: 2)`.
    public convenience init(
        filters: Int, kernelSize: Int, strides: Int = 1, padding: ConvPadding = .valid, dilationRate: Int = 1,
        activation: ActivationFunction = .linear, useBias: Bool = true, kernelInitializer: Initializer = .glorotUniform,
        kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
        activityRegularizer: Regularizer? = nil,
        kernelConstraint: Constraint? = nil, biasConstraint: Constraint? = nil, name: String? = nil
    ) {
        self.init(
            filters: filters, kernelSize: (kernelSize, kernelSize), strides: (strides, strides), padding: padding,
            dilationRate: (dilationRate, dilationRate), activation: activation, useBias: useBias,
            kernelInitializer: kernelInitializer, kernelRegularizer: kernelRegularizer,
            biasRegularizer: biasRegularizer, activityRegularizer: activityRegularizer, kernelConstraint: kernelConstraint,
            biasConstraint: biasConstraint, name: name)
    }

    public override func build(inputShapes: [[Int]]) {
        precondition(inputShapes[0].count == 3, "Conv2D \(name): input must be [height, width, channels], got \(inputShapes[0])")
        kernelVariable = addWeight(
            name: "kernel", shape: [kernelSize.0, kernelSize.1, inputShapes[0][2], filters], initializer: kernelInitializer,
            constraint: kernelConstraint, regularizer: kernelRegularizer)
        if useBias {
            biasVariable = addWeight(
                name: "bias", shape: [filters], initializer: .zeros, constraint: biasConstraint, regularizer: biasRegularizer)
        }
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] {
        let s = inputShapes[0]
        precondition(inputShapes.count == 1 && s.count == 3, "Conv2D \(name): input must be [height, width, channels], got \(inputShapes)")
        return [
            [
                slidingOutputLength(s[0], width: kernelSize.0, stride: strides.0, dilation: dilationRate.0, padding: padding),
                slidingOutputLength(s[1], width: kernelSize.1, stride: strides.1, dilation: dilationRate.1, padding: padding),
                filters,
            ]
        ]
    }

    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer {
        let copy = Conv2D(
            filters: filters, kernelSize: kernelSize, strides: strides, padding: padding, dilationRate: dilationRate,
            activation: activation, useBias: useBias, kernelInitializer: kernelInitializer,
            kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer, activityRegularizer: activityRegularizer,
            kernelConstraint: kernelConstraint, biasConstraint: biasConstraint)
        copy.selfOrthogonality = selfOrthogonality
        return copy
    }

    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let k = effectiveKernel
        let convolve = { (x: Tensor) in x.conv2d(k, strides: self.strides, dilation: self.dilationRate, padding: self.padding) }
        var y = convolve(inputs[0])
        addConvolutionSelfOrthogonalityLoss(selfOrthogonality, training: training, input: inputs[0], output: y, convolve: convolve)
        if let b = biasVariable { y = y + b.read }
        return [activation.apply(y)]
    }
}
