// MARK: - Dense

/// Fully connected layer `activation(x · kernel + bias)`.
///
/// Shapes: `[batch, …, inFeatures]` → `[batch, …, units]`; kernel `[inFeatures, units]`, bias `[units]`.
///
/// References: Keras `layers.Dense`; Su, kexue.fm/archives/6311 (the MNIST baseline).
public final class Dense: Layer {
    /// Output features.
    public let units: Int
    /// Applied after the affine map.
    public let activation: ActivationFunction
    /// Whether a bias is added.
    public let useBias: Bool
    let kernelInitializer: Initializer, biasInitializer: Initializer
    let kernelConstraint: Constraint?, biasConstraint: Constraint?
    /// The kernel variable (after build).
    public private(set) var kernelVariable: Variable!
    /// The bias variable (after build, if `useBias`).
    public private(set) var biasVariable: Variable?
    /// Re-parametrisation hook: when set, `call` uses `kernelTransform(kernel.read)` as the kernel
    /// (weight/spectral normalisation wrappers).
    public var kernelTransform: ((Tensor) -> Tensor)?

    /// - Parameters:
    ///   - units: output features.
    ///   - activation: default linear.
    ///   - kernelConstraint, biasConstraint: post-step projections (Keras `kernel_constraint`).
    public init(
        _ units: Int, activation: ActivationFunction = .linear, useBias: Bool = true,
        kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
        kernelConstraint: Constraint? = nil, biasConstraint: Constraint? = nil,
        weights: [Tensor]? = nil, name: String? = nil
    ) {
        precondition(units > 0, "Dense: units must be positive, got \(units)")
        self.units = units; self.activation = activation; self.useBias = useBias
        self.kernelInitializer = kernelInitializer; self.biasInitializer = biasInitializer
        self.kernelConstraint = kernelConstraint; self.biasConstraint = biasConstraint
        super.init(name: name)
        initialWeights = weights
    }

    public override var supportsMasking: Bool { true }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] {
        precondition(inputShapes.count == 1 && !inputShapes[0].isEmpty, "Dense \(name): needs one input of rank ≥ 1, got \(inputShapes)")
        if let k = kernelVariable, let f = inputShapes[0].last ?? nil {
            precondition(f == k.shape[0], "Dense \(name): input features \(f) vs kernel \(k.shape)")
        }
        return [Array(inputShapes[0].dropLast()) + [units]]
    }

    public override func configuredCopy(_ cloner: LayerCloner) throws -> Layer {
        Dense(
            units, activation: activation, useBias: useBias, kernelInitializer: kernelInitializer,
            biasInitializer: biasInitializer, kernelConstraint: kernelConstraint, biasConstraint: biasConstraint)
    }

    public override func build(inputShapes: [[Int]]) {
        precondition(inputShapes.count == 1 && !inputShapes[0].isEmpty, "Dense \(name): needs one input of rank ≥ 1, got \(inputShapes)")
        let inF = inputShapes[0].last!
        precondition(inF > 0, "Dense \(name): the last input dimension must be known, got \(inputShapes[0])")
        kernelVariable = addWeight(name: "kernel", shape: [inF, units], initializer: kernelInitializer, constraint: kernelConstraint)
        if useBias { biasVariable = addWeight(name: "bias", shape: [units], initializer: biasInitializer, constraint: biasConstraint) }
    }

    /// The kernel as used by `call` (after any re-parametrisation).
    public var effectiveKernel: Tensor {
        let k = kernelVariable.read
        return kernelTransform.map { $0(k) } ?? k
    }

    func preActivation(_ x: Tensor) -> Tensor {
        let k = effectiveKernel
        let inF = k.shape[0]
        precondition(x.shape.last == inF, "Dense \(name): input \(x.shape) vs kernel \(k.shape)")
        var y: Tensor
        if x.rank == 2 {
            y = x.matmul(k)
        } else {
            let lead = Array(x.shape.dropLast())
            y = x.reshape([-1, inF]).matmul(k).reshape(lead + [units])
        }
        if let b = biasVariable { y = y + b.read }
        return y
    }

    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        [activation.apply(preActivation(inputs[0]))]
    }

    public override func callWithLogits(_ inputs: [Tensor], training: Bool) -> ([Tensor], Tensor?) {
        let z = preActivation(inputs[0])
        return ([activation.apply(z)], activation.isSoftmax ? z : nil)
    }
}
