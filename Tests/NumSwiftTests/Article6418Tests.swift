import Foundation
import Testing
@testable import NumSwift

/// One test per checklist item of Su, "Layer-wise learning rates and free gradients"
/// (kexue.fm/archives/6418), as digested in the project's article notes §2, and the article's
/// reproducible numbers.
@Suite struct Article6418Tests {
    // MARK: The quadratic of the reproducible numbers

    static let lambda: Float = 0.3, alpha: Float = 0.01
    /// A `[8, 5]`, b `[8, 1]`, θ₀ `[5, 1]`, closed-form patterns.
    static let a = KerasOracleTests.pattern([8, 5], 0.1) * 2
    static let b = KerasOracleTests.pattern([8, 1], 0.9)
    static let theta0 = KerasOracleTests.pattern([5, 1], 2.2)

    enum Path {
        case wrapper(Float, adaptive: Bool)
        case layerMultiplier(Float)
        case variableMultiplier(Float)
        case plain
    }

    /// 50 steps of `opt` on L = ½‖Aθ − b‖² (θ the kernel of a bias-free Dense) along `path`;
    /// returns θ (the effective kernel λ′φ for the wrapper). `scale` multiplies A and b.
    static func trajectory(_ opt: Optimizer, _ path: Path, steps: Int = 50, scale: Float = 1) throws -> [Float] {
        let d = Dense(1, useBias: false, kernelInitializer: .values(theta0))
        var layer: Layer = d
        switch path {
        case let .wrapper(l, adaptive): layer = SetLearningRate(d, l, adaptive: adaptive)
        case let .layerMultiplier(m): d.lrMultiplier = m
        case .variableMultiplier, .plain: break
        }
        let (x, y) = (a * scale, b * scale)
        _ = layer(x)
        if case let .variableMultiplier(m) = path { d.kernelVariable.lrMultiplier = m }
        for _ in 0..<steps {
            let loss = (layer(x) - y).squared().sum() * 0.5
            let ps = layer.trainableParameters()
            try opt.applyGradients(optionalGradients(of: loss, wrt: ps.map(\.variable)), to: ps)
        }
        return withNoGrad { d.effectiveKernel.scalars }
    }

    static func maxDiff(_ u: [Float], _ v: [Float]) -> Float { zip(u, v).map { abs($0 - $1) }.max()! }

    // Float32 over 50 steps: θ is O(1), so the "exact" rows of the table (≈1e-15 in float64) agree
    // to a few float32 ulps per step; 2e-6 bounds that with margin.
    static let exact: Float = 2e-6

    // MARK: Checklist

    @Test func optimizerExposesAGradientTransformHookWithParametersAndTheirNames() throws {
        let x = Input(shape: [3])
        let m = Model(inputs: x, outputs: Dense(2, name: "head")(Dense(4, name: "body")(x)))
        let opt = SGD(learningRate: 0.1)
        var seen: [String] = []
        var layers: [String] = []
        opt.gradientTransforms = [
            GradientsMap { gs, ps, _ in
                seen = ps.map(\.name); layers = ps.map { $0.layer?.name ?? "?" }
                for i in gs.indices { gs[i] = gs[i] * 0 }
            }
        ]
        try m.compile(optimizer: opt, loss: MeanSquaredError())
        let before = m.getWeights()
        try m.trainOnBatch([Tensor.ones([2, 3])], [Tensor.ones([2, 2])])
        #expect(seen == ["body/kernel", "body/bias", "head/kernel", "head/bias"])
        #expect(layers == ["body", "body", "head", "head"])
        #expect(m.getWeights().map(\.scalars) == before.map(\.scalars))
    }

    @Test func builtInClipNormUsesTheGlobalNormAndClipValueIsElementwiseNormFirst() throws {
        let v1 = Variable(Tensor.zeros([2])), v2 = Variable(Tensor.zeros([1]))
        // Gradients (3, 4) and (12): global norm 13.
        let g = [Tensor([3, 4]), Tensor([12])]
        let opt = SGD(learningRate: 1, clipvalue: 0.5, globalClipnorm: 1.3)
        opt.apply(gradients: g, to: [v1, v2])
        // Norm first: (0.3, 0.4, 1.2); then value: (0.3, 0.4, 0.5). SGD with lr 1 subtracts them.
        #expect(Self.maxDiff(v1.value.scalars, [-0.3, -0.4]) < 1e-6 && Self.maxDiff(v2.value.scalars, [-0.5]) < 1e-6)
        // Keras 2's clipnorm is global: the same as the GlobalNormClip transform.
        var gs = g
        GlobalNormClip(1.3).transform(&gs, [Parameter(v1), Parameter(v2)], step: 1)
        #expect(Self.maxDiff(gs.flatMap(\.scalars), [0.3, 0.4, 1.2]) < 1e-6)
        // Keras 3's clipnorm is per variable: (0.78, 1.04) and (1.3).
        let w1 = Variable(Tensor.zeros([2])), w2 = Variable(Tensor.zeros([1]))
        SGD(learningRate: 1, clipnorm: 1.3).apply(gradients: g, to: [w1, w2])
        #expect(Self.maxDiff(w1.value.scalars + w2.value.scalars, [-0.78, -1.04, -1.3]) < 1e-6)
    }

    @Test(arguments: ["sgd", "adam"])
    func aHookThatReturnsZerosLeavesTheParametersBitIdenticalAfterFit(_ kind: String) throws {
        let x = Input(shape: [4])
        let m = Model(inputs: x, outputs: Dense(3, activation: .softmax)(Dense(5, activation: .relu)(x)))
        let opt: Optimizer = kind == "sgd" ? SGD(learningRate: 0.5, momentum: 0.9) : Adam(learningRate: 0.1)
        opt.gradientTransforms = [ZeroGradients()]
        try m.compile(optimizer: opt, loss: CategoricalCrossentropy())
        let before = m.getWeights().map(\.scalars)
        try m.fit(KerasOracleTests.x, KerasOracleTests.y, batchSize: 2, epochs: 3, verbose: 0)
        #expect(m.getWeights().map(\.scalars) == before)
    }

    @Test func aNonDifferentiablePathRaisesAClearErrorInsteadOfZeros() throws {
        let x = Input(shape: [4])
        let d = Dense(3, name: "scores")
        // argmax is not differentiable: the loss does not depend on `scores` through the tape.
        let idx = Lambda { $0[0].detached().argmax(axis: -1).reshape([-1, 1]) }(d(x))
        let m = Model(inputs: x, outputs: idx)
        try m.compile(optimizer: SGD(), loss: MeanSquaredError())
        let before = m.getWeights().map(\.scalars)
        #expect {
            try m.trainOnBatch([KerasOracleTests.x], [Tensor.ones([6, 1])])
        } throws: { e in
            guard case let .missingGradient(names)? = e as? NumSwiftError else { return false }
            return names == ["scores/kernel", "scores/bias"] && "\(e)".contains("scores/kernel")
        }
        #expect(m.getWeights().map(\.scalars) == before)
        // Frozen, the layer is no longer an error.
        d.trainable = false
        try m.trainOnBatch([KerasOracleTests.x], [Tensor.ones([6, 1])])
    }

    @Test(arguments: [
        ("sgd", 0), ("sgd", 1), ("momentum", 0), ("momentum", 1), ("adamEpsOverLambda", 0), ("adamEpsOverLambda", 1),
        ("rmspropEpsOverLambda", 0), ("rmspropEpsOverLambda", 1),
    ])
    func perParameterLearningRatesMatchTheFormulas(_ kind: String, _ multiplierKind: Int) throws {
        let (l, a) = (Self.lambda, Self.alpha)
        func make(_ lr: Float, epsScale: Float = 1) -> Optimizer {
            switch kind {
            case "sgd": return SGD(learningRate: lr)
            case "momentum": return SGD(learningRate: lr, momentum: 0.9)
            case "adamEpsOverLambda": return Adam(learningRate: lr, epsilon: 1e-7 * epsScale)
            default: return RMSprop(learningRate: lr, rho: 0.9, epsilon: 1e-7 * epsScale)
            }
        }
        let adaptive = kind.hasSuffix("EpsOverLambda")
        // Path A: φ with rate α, θ = λφ (the wrapper with λ′ = λ: λ² for SGD's √ convention).
        let pathA = try Self.trajectory(make(a), .wrapper(adaptive ? l : l * l, adaptive: adaptive))
        // Path B: θ with the rate of the table, given as a multiplier (layer or variable) or as the rate.
        let m = adaptive ? l : l * l
        let eps: Float = adaptive ? 1 / l : 1
        let pathB = try Self.trajectory(make(a, epsScale: eps), multiplierKind == 0 ? .layerMultiplier(m) : .variableMultiplier(m))
        let plain = try Self.trajectory(make(a * m, epsScale: eps), .plain)
        #expect(Self.maxDiff(pathA, pathB) < Self.exact, "\(kind): wrapper vs multiplier \(Self.maxDiff(pathA, pathB))")
        #expect(Self.maxDiff(pathB, plain) < Self.exact, "\(kind): multiplier vs rate \(Self.maxDiff(pathB, plain))")
        #expect(Self.maxDiff(pathA, Self.theta0.scalars) > 1e-2, "the trajectory moved")
    }

    @Test func adamEquivalenceIsExactOnlyWithEpsilonOverLambda() throws {
        // With gradients near ε (A and b scaled by 1e-6) the ε mismatch of the table's third row
        // becomes visible, and ε/λ removes it.
        let (l, a, s): (Float, Float, Float) = (Self.lambda, Self.alpha, 1e-4)
        let pathA = try Self.trajectory(Adam(learningRate: a), .wrapper(l, adaptive: true), scale: s)
        let sameEps = try Self.trajectory(Adam(learningRate: a), .layerMultiplier(l), scale: s)
        let epsOverL = try Self.trajectory(Adam(learningRate: a, epsilon: 1e-7 / l), .layerMultiplier(l), scale: s)
        #expect(Self.maxDiff(pathA, epsOverL) < Self.exact)
        #expect(Self.maxDiff(pathA, sameEps) > 10 * Self.maxDiff(pathA, epsOverL) + 1e-6)
    }

    @Test func sgdWithTheWrappersSquareRootConventionGivesAnEffectiveRateOfLambdaAlpha() throws {
        let (l, a) = (Self.lambda, Self.alpha)
        let pathA = try Self.trajectory(SGD(learningRate: a), .wrapper(l, adaptive: false))
        let plain = try Self.trajectory(SGD(learningRate: l * a), .plain)
        #expect(Self.maxDiff(pathA, plain) < Self.exact)
    }

    @Test func rescalingWrapperGetWeightsReturnsPhiWhileTheForwardPassUsesThetaAndStartsUnchanged() throws {
        let x = Self.a
        let plain = Dense(4, kernelInitializer: .values(Self.pattern([5, 4], 1)), biasInitializer: .values(Self.pattern([4], 2)))
        let inner = Dense(4, kernelInitializer: .values(Self.pattern([5, 4], 1)), biasInitializer: .values(Self.pattern([4], 2)))
        let wrapped = SetLearningRate(inner, 0.25)  // SGD: λ′ = 0.5
        let (y0, y1) = (plain(x), wrapped(x))
        #expect(Self.maxDiff(y0.scalars, y1.scalars) < 1e-6)
        #expect(Self.maxDiff(wrapped.getWeights()[0].scalars, (plain.getWeights()[0] / 0.5).scalars) < 1e-7)
        #expect(Self.maxDiff(wrapped.getWeights()[1].scalars, (plain.getWeights()[1] / 0.5).scalars) < 1e-7)
    }

    static func pattern(_ s: [Int], _ k: Double) -> Tensor { KerasOracleTests.pattern(s, k) }

    @Test func wrapperCoversEveryWeightKindOfTheLayer() throws {
        let ids = Tensor(shape: [2, 3], scalars: [1, 2, 3, 0, 4, 1])
        let emb = Embedding(inputDim: 5, outputDim: 4)
        let e = SetLearningRate(emb, 0.1, adaptive: true)(ids)
        #expect(emb.embeddings.readScale == 0.1)
        let ln = LayerNormalization()
        _ = SetLearningRate(ln, 0.1, adaptive: true)(e)
        let conv = Conv1D(filters: 2, kernelSize: 2)
        _ = SetLearningRate(conv, 0.1, adaptive: true)(e)
        for l in [emb, ln, conv] as [Layer] {
            #expect(!l.trainableWeights.isEmpty && l.trainableWeights.allSatisfy { $0.readScale == 0.1 }, "\(l.name)")
        }
        #expect(ln.trainableWeights.map(\.name).map { String($0.split(separator: "/").last!) } == ["gamma", "beta"])
    }

    @Test func pretrainedWeightsLoadThroughTheLayersWeightsArgumentOrBySetWeightsDividedByLambda() throws {
        let vectors = Self.pattern([6, 3], 0.4)
        let ids = Tensor(shape: [2, 2], scalars: [1, 5, 0, 3])
        let expected = vectors.gather(indices: [1, 5, 0, 3], axis: 0).reshape([2, 2, 3])
        // (a) `weights:` of the wrapped layer: the wrapper divides after loading.
        let a = SetLearningRate(Embedding(inputDim: 6, outputDim: 3, weights: [vectors]), 0.1, adaptive: true)
        #expect(Self.maxDiff(a(ids).scalars, expected.scalars) < 1e-6)
        // (b) setWeights on the built model with the arrays divided by λ′ beforehand.
        let x = Input(shape: [2])
        let w = SetLearningRate(Embedding(inputDim: 6, outputDim: 3), 0.1, adaptive: true)
        let m = Model(inputs: x, outputs: w(x))
        try m.setWeights([w.storedValue(of: vectors)])
        #expect(Self.maxDiff(m.predict(ids).scalars, expected.scalars) < 1e-6)
        #expect(Self.maxDiff(m.getWeights()[0].scalars, (vectors / 0.1).scalars) < 1e-6)
    }

    @Test func nameBasedSelectionOfParametersIsStableAndDocumented() throws {
        let x = Input(shape: [3])
        let h = Dense(4, name: "encoder_dense")(x)
        let m = Model(inputs: x, outputs: Dense(2, name: "decoder_dense")(h))
        let ps = m.trainableParameters()
        let names = { (s: ParameterSelection) in ps.filter { s.contains($0) }.map(\.name) }
        #expect(names(.namePrefixes(["encoder"])) == ["encoder_dense/kernel", "encoder_dense/bias"])
        #expect(names(.layers(["decoder_dense"])) == ["decoder_dense/kernel", "decoder_dense/bias"])
        #expect(names(.nameMatching("/bias$")) == ["encoder_dense/bias", "decoder_dense/bias"])
        #expect(names(.all).count == 4 && names(.predicate { $0.variable.shape.count == 2 }).count == 2)
        // Selection drives transforms: only the encoder is frozen by a zeroing hook.
        let opt = SGD(learningRate: 0.5)
        opt.gradientTransforms = [ZeroGradients(selection: .namePrefixes(["encoder"]))]
        try m.compile(optimizer: opt, loss: MeanSquaredError())
        let before = m.getWeights().map(\.scalars)
        try m.trainOnBatch([Tensor.ones([2, 3])], [Tensor.zeros([2, 2])])
        let after = m.getWeights().map(\.scalars)
        #expect(after[0] == before[0] && after[1] == before[1] && after[2] != before[2])
    }
}
