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
    let kernelInitializer: Initializer

    /// - Parameters: filters: output channels; kernelSize, strides, dilationRate: per axis ≥ 1,
    ///   and as in Keras not strides > 1 together with dilation > 1 (`Tensor.conv2dTranspose`
    ///   itself allows both); padding:
    ///   `.valid` or `.same`; activation: default linear; kernelInitializer: default Glorot uniform
    ///   (fans as Keras computes them from the kernel shape).
    public init(
        filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: ConvPadding = .valid,
        dilationRate: (Int, Int) = (1, 1), activation: ActivationFunction = .linear, useBias: Bool = true,
        kernelInitializer: Initializer = .glorotUniform, name: String? = nil
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
        super.init(name: name)
    }

    /// Square kernel shorthand: `Conv2DTranspose(filters: 32, kernelSize: 3, strides: 2)`.
    public convenience init(
        filters: Int, kernelSize: Int, strides: Int = 1, padding: ConvPadding = .valid, dilationRate: Int = 1,
        activation: ActivationFunction = .linear, useBias: Bool = true, kernelInitializer: Initializer = .glorotUniform,
        name: String? = nil
    ) {
        self.init(
            filters: filters, kernelSize: (kernelSize, kernelSize), strides: (strides, strides), padding: padding,
            dilationRate: (dilationRate, dilationRate), activation: activation, useBias: useBias,
            kernelInitializer: kernelInitializer, name: name)
    }

    public override func build(inputShapes: [[Int]]) {
        precondition(
            inputShapes[0].count == 3, "Conv2DTranspose \(name): input must be [height, width, channels], got \(inputShapes[0])")
        kernelVariable = addWeight(
            name: "kernel", shape: [kernelSize.0, kernelSize.1, filters, inputShapes[0][2]], initializer: kernelInitializer)
        if useBias { biasVariable = addWeight(name: "bias", shape: [filters], initializer: .zeros) }
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
        Conv2DTranspose(
            filters: filters, kernelSize: kernelSize, strides: strides, padding: padding, dilationRate: dilationRate,
            activation: activation, useBias: useBias, kernelInitializer: kernelInitializer)
    }

    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        var y = inputs[0].conv2dTranspose(effectiveKernel, strides: strides, dilation: dilationRate, padding: padding)
        if let b = biasVariable { y = y + b.read }
        return [activation.apply(y)]
    }
}
