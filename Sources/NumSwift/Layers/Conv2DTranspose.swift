// MARK: - Conv2DTranspose

/// Transposed 2-D convolution layer (Keras `Conv2DTranspose`) over NHWC images: the adjoint of a
/// `Conv2D` with the same kernel, strides and padding, used to upsample (the decoder of a
/// convolutional VAE). Computed by GEMM + col2im (`Tensor.conv2dTranspose`).
///
/// Shapes: kernel `[kh, kw, filters, inChannels]` (Keras layout), bias `[filters]`; output
/// `[batch, h·s, w·s, filters]` for `.same`, `[batch, h·s + max(k' − s, 0), …]` for `.valid`, with
/// `k' = d(k − 1) + 1` the kernel extent at dilation rate `d`.
///
/// References: Keras `layers.Conv2DTranspose`; Dumoulin & Visin, "A guide to convolution
/// arithmetic for deep learning" (2016).
public final class Conv2DTranspose: Layer {
    /// Output channels.
    public let filters: Int
    /// Kernel height and width, strides and dilation rate (Keras names).
    public let kernelSize: (Int, Int), strides: (Int, Int), dilationRate: (Int, Int)
    /// Padding mode (`.valid` or `.same`), activation after the bias, and whether a bias is added.
    public let padding: ConvPadding, activation: ActivationFunction, useBias: Bool
    /// The kernel `[kh, kw, filters, inChannels]` (after build).
    public private(set) var kernelVariable: Variable!
    /// The bias `[filters]` (after build, if `useBias`).
    public private(set) var biasVariable: Variable?
    /// Re-parametrisation hook used by the normalisation wrappers (see `Dense.kernelTransform`):
    /// `call` uses `kernelTransform(kernel)` when set.
    public var kernelTransform: ((Tensor) -> Tensor)?
    /// Self-Orthogonality Module on the filters: when set, every training call adds the penalty of
    /// this call's output (before bias, viewed as `[b·H'·W', filters]`: each output position a
    /// sample) and reports it as `som_reg` (article 7169).
    public var selfOrthogonality: SelfOrthogonality?
    /// True while the Self-Orthogonality Module is on: its penalty is added in `call`.
    public override var addsLossesInCall: Bool { selfOrthogonality != nil }
    let kernelInitializer: Initializer
    let kernelRegularizer: Regularizer?, biasRegularizer: Regularizer?
    let kernelConstraint: Constraint?, biasConstraint: Constraint?

    /// - Parameters: filters: output channels; kernelSize, strides, dilationRate: per axis ≥ 1,
    ///   and as in Keras not strides > 1 together with dilation > 1 (`Tensor.conv2dTranspose`
    ///   itself allows both); padding:
    ///   `.valid` or `.same`; activation: default linear; kernelInitializer: default Glorot uniform
    ///   (fans as Keras computes them from the kernel shape); kernelRegularizer, biasRegularizer,
    ///   activityRegularizer: penalties added to the objective. The kernel regulariser sees the
    ///   kernel with the filters last, `[kh, kw, in, filters]`, so an `OrthogonalRegularizer`
    ///   works on `[kh·kw·in, filters]` as for Conv2D (article 7169 §4.5).
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
            "Conv2DTranspose: filters, kernelSize, strides, dilationRate must be positive")
        precondition(
            Swift.max(strides.0, strides.1) == 1 || Swift.max(dilationRate.0, dilationRate.1) == 1,
            "Conv2DTranspose: strides \(strides) > 1 together with dilationRate \(dilationRate) > 1 (Keras refuses both)")
        precondition(padding != .causal, "Conv2DTranspose: padding must be .valid or .same")
        self.filters = filters; self.kernelSize = kernelSize; self.strides = strides; self.dilationRate = dilationRate
        self.padding = padding; self.activation = activation; self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.kernelRegularizer = kernelRegularizer; self.biasRegularizer = biasRegularizer
        self.kernelConstraint = kernelConstraint; self.biasConstraint = biasConstraint
        super.init(name: name)
        self.activityRegularizer = activityRegularizer
    }

    /// Square kernel shorthand: `Conv2DTranspose(filters: 32, kernelSize: 3, strides: 2)`.
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
            kernelInitializer: kernelInitializer, kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer,
            activityRegularizer: activityRegularizer, kernelConstraint: kernelConstraint,
            biasConstraint: biasConstraint, name: name)
    }

    public override func build(inputShapes: [[Int]]) {
        precondition(
            inputShapes[0].count == 3, "Conv2DTranspose \(name): input must be [height, width, channels], got \(inputShapes[0])")
        kernelVariable = addWeight(
            name: "kernel", shape: [kernelSize.0, kernelSize.1, filters, inputShapes[0][2]], initializer: kernelInitializer,
            constraint: kernelConstraint.map { FiltersLastConstraint(base: $0) },
            regularizer: kernelRegularizer.map { FiltersLastRegularizer(base: $0) })
        if useBias {
            biasVariable = addWeight(
                name: "bias", shape: [filters], initializer: .zeros, constraint: biasConstraint, regularizer: biasRegularizer)
        }
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] {
        let s = inputShapes[0]
        precondition(
            inputShapes.count == 1 && s.count == 3, "Conv2DTranspose \(name): input must be [height, width, channels], got \(inputShapes)")
        let size = { (n: Int?, k: Int, st: Int, d: Int) in
            n.map { Tensor.conv2dTransposeLength($0, kernel: k, stride: st, dilation: d, padding: self.padding) }
        }
        return [[size(s[0], kernelSize.0, strides.0, dilationRate.0), size(s[1], kernelSize.1, strides.1, dilationRate.1), filters]]
    }

    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer {
        let copy = Conv2DTranspose(
            filters: filters, kernelSize: kernelSize, strides: strides, padding: padding, dilationRate: dilationRate,
            activation: activation, useBias: useBias, kernelInitializer: kernelInitializer,
            kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer, activityRegularizer: activityRegularizer,
            kernelConstraint: kernelConstraint, biasConstraint: biasConstraint)
        copy.selfOrthogonality = selfOrthogonality
        return copy
    }

    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let k = effectiveKernel
        let convolve = { (x: Tensor) in x.conv2dTranspose(k, strides: self.strides, dilation: self.dilationRate, padding: self.padding) }
        var y = convolve(inputs[0])
        addConvolutionSelfOrthogonalityLoss(selfOrthogonality, training: training, input: inputs[0], output: y, convolve: convolve)
        if let b = biasVariable { y = y + b.read }
        return [activation.apply(y)]
    }
}

/// A kernel regulariser of a Conv2DTranspose applied to the kernel with its filters axis last:
/// `[kh, kw, filters, in]` → `[kh, kw, in, filters]`, the layout every other layer's kernel has.
/// Element-wise penalties (L1, L2) are unchanged; the orthogonality penalties then see one column
/// per filter.
private struct FiltersLastRegularizer: Regularizer {
    let base: Regularizer
    func penalty(_ x: Tensor) -> Tensor { base.penalty(x.permuted(filtersLast)) }
}

/// Swaps the last two kernel axes (`kernelUnitAxis` −2 and the input channels); its own inverse.
private let filtersLast = [0, 1, 3, 2]

/// A kernel constraint of a Conv2DTranspose applied with the filters axis last (see
/// `FiltersLastRegularizer`), so MaxNorm and UnitNorm act per filter, then moved back.
private struct FiltersLastConstraint: Constraint {
    let base: Constraint
    func apply(_ w: Tensor) -> Tensor { base.apply(w.permuted(filtersLast)).permuted(filtersLast) }
}
