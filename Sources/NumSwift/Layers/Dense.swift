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
    let kernelRegularizer: Regularizer?, biasRegularizer: Regularizer?
    /// The kernel variable (after build).
    public private(set) var kernelVariable: Variable!
    /// The bias variable (after build, if `useBias`).
    public private(set) var biasVariable: Variable?
    /// Re-parametrisation hook: when set, `call` uses `kernelTransform(kernel.read)` as the kernel
    /// (weight/spectral normalisation wrappers).
    public var kernelTransform: ((Tensor) -> Tensor)?
    /// Self-Orthogonality Module on the kernel: when set, every training call adds
    /// `selfOrthogonality.penalty(x · kernel)` of that very call (pre-activation, no bias) to the
    /// objective and reports it as the `som_reg` metric (article 7169).
    public var selfOrthogonality: SelfOrthogonality?
    /// True while the Self-Orthogonality Module is on: its penalty is added in `call`.
    public override var addsLossesInCall: Bool { selfOrthogonality != nil }

    /// - Parameters:
    ///   - units: output features.
    ///   - activation: default linear.
    ///   - useBias: whether to add a bias vector (default true).
    ///   - kernelInitializer: initialiser of the `[inputs, units]` kernel (default Glorot uniform).
    ///   - biasInitializer: initialiser of the bias (default zeros).
    ///   - kernelConstraint: projection applied to the kernel after each step (Keras `kernel_constraint`).
    ///   - biasConstraint: projection applied to the bias after each step.
    ///   - kernelRegularizer: penalty on the kernel added to the objective.
    ///   - biasRegularizer: penalty on the bias added to the objective.
    ///   - activityRegularizer: penalty on the output, divided by the batch size (Keras 3).
    ///   - weights: initial `[kernel, bias]` (or `[kernel]` without bias) instead of the initialisers.
    ///   - name: layer name; default a generated one (`dense`, `dense_1`, …).
    public init(
        _ units: Int, activation: ActivationFunction = .linear, useBias: Bool = true,
        kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
        kernelConstraint: Constraint? = nil, biasConstraint: Constraint? = nil,
        kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
        activityRegularizer: Regularizer? = nil, weights: [Tensor]? = nil, name: String? = nil
    ) {
        precondition(units > 0, "Dense: units must be positive, got \(units)")
        self.units = units; self.activation = activation; self.useBias = useBias
        self.kernelInitializer = kernelInitializer; self.biasInitializer = biasInitializer
        self.kernelConstraint = kernelConstraint; self.biasConstraint = biasConstraint
        self.kernelRegularizer = kernelRegularizer; self.biasRegularizer = biasRegularizer
        super.init(name: name)
        self.activityRegularizer = activityRegularizer
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
        let copy = Dense(
            units, activation: activation, useBias: useBias, kernelInitializer: kernelInitializer,
            biasInitializer: biasInitializer, kernelConstraint: kernelConstraint, biasConstraint: biasConstraint,
            kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer, activityRegularizer: activityRegularizer)
        copy.selfOrthogonality = selfOrthogonality
        return copy
    }

    public override func build(inputShapes: [[Int]]) {
        precondition(inputShapes.count == 1 && !inputShapes[0].isEmpty, "Dense \(name): needs one input of rank ≥ 1, got \(inputShapes)")
        let inF = inputShapes[0].last!
        precondition(inF > 0, "Dense \(name): the last input dimension must be known, got \(inputShapes[0])")
        kernelVariable = addWeight(
            name: "kernel", shape: [inF, units], initializer: kernelInitializer, constraint: kernelConstraint,
            regularizer: kernelRegularizer)
        if useBias {
            biasVariable = addWeight(
                name: "bias", shape: [units], initializer: biasInitializer, constraint: biasConstraint,
                regularizer: biasRegularizer)
        }
    }


    func preActivation(_ x: Tensor, training: Bool) -> Tensor {
        let k = effectiveKernel
        let inF = k.shape[0]
        precondition(x.shape.last == inF, "Dense \(name): input \(x.shape) vs kernel \(k.shape)")
        let x2 = x.rank == 2 ? x : x.reshape([-1, inF])
        var y = x2.matmul(k)
        if training, let som = selfOrthogonality {
            addSelfOrthogonalityLoss(som) { som.penaltyInput(product: y, input: x2, kernel: k) }
        }
        if x.rank != 2 { y = y.reshape(Array(x.shape.dropLast()) + [units]) }
        if let b = biasVariable { y = y + b.read }
        return y
    }

    public override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        [activation.apply(preActivation(inputs[0], training: training))]
    }

    public override func callWithLogits(_ inputs: [Tensor], training: Bool) -> ([Tensor], Tensor?) {
        let z = preActivation(inputs[0], training: training)
        return ([activation.apply(z)], activation.isSoftmax ? z : nil)
    }
}
