import Testing
@testable import NumSwift

/// Finite-difference gradient checks for the layers, losses and re-parametrised kernels.
@Suite struct LayerGradientTests {
    @Test(arguments: [ConvPadding.valid, .same, .causal])
    func conv1DLayerGradients(_ padding: ConvPadding) {
        let c = Conv1D(filters: 3, kernelSize: 3, padding: padding, dilationRate: 2, activation: .tanh)
        let x = randn([2, 7, 2], 1)
        _ = c(x)
        #expect(variableGradientError(c.weights) { c(x) } < 1e-2)
        #expect(gradientCheck([x]) { c($0[0]) }.relativeError < 1e-2)
    }

    @Test func layerNormalizationGradients() throws {
        let ln = LayerNormalization()
        let x = randn([3, 5], 2)
        _ = ln(x)
        try ln.setWeights([randn([5], 3), randn([5], 4)])
        #expect(variableGradientError(ln.weights) { ln(x) } < 1e-2)
        #expect(gradientCheck([x]) { ln($0[0]) }.relativeError < 1e-2)
    }

    @Test func batchNormalizationGradientsInTraining() throws {
        let bn = BatchNormalization()
        let x = randn([6, 3], 5)
        _ = bn(x)
        try bn.setWeights([randn([3], 6), randn([3], 7), Tensor.zeros([3]), Tensor.ones([3])])
        #expect(variableGradientError(bn.trainableWeights) { bn(x, training: true) } < 1e-2)
        #expect(gradientCheck([x]) { bn($0[0], training: true) }.relativeError < 1e-2)
    }

    @Test func lossGradients() {
        let p = randn([4, 3], 8).softmax()
        let y = Tensor.oneHot([0, 2, 1, 1], depth: 3)
        let losses: [(Loss, Tensor, Tensor)] = [
            (CategoricalCrossentropy(), p, y),
            (CategoricalCrossentropy(fromLogits: true), randn([4, 3], 9), y),
            (SparseCategoricalCrossentropy(), p, Tensor([0, 2, 1, 1])),
            (SparseCategoricalCrossentropy(fromLogits: true), randn([4, 3], 10), Tensor([0, 2, 1, 1])),
            (BinaryCrossentropy(), randn([4, 2], 11).sigmoid(), Tensor(shape: [4, 2], scalars: [0, 1, 1, 0, 1, 1, 0, 0])),
            (BinaryCrossentropy(fromLogits: true), randn([4, 2], 12), Tensor(shape: [4, 2], scalars: [0, 1, 1, 0, 1, 1, 0, 0])),
            (MeanSquaredError(), randn([4, 2], 13), randn([4, 2], 14)),
            (MeanAbsoluteError(), randn([4, 2], 15), randn([4, 2], 16)),
        ]
        for (l, pred, t) in losses {
            let r = gradientCheck([pred], step: 1e-3) { l(t, $0[0]) }
            #expect(r.relativeError < 2e-2, "\(l.name) \(r)")
        }
    }

    @Test func lossValuesMatchKeras() {
        // keras.losses.CategoricalCrossentropy()([[0,1,0],[0,0,1]], [[0.05,0.95,0],[0.1,0.8,0.1]]) = 1.1769392
        let yt = Tensor(shape: [2, 3], scalars: [0, 1, 0, 0, 0, 1])
        let yp = Tensor(shape: [2, 3], scalars: [0.05, 0.95, 0, 0.1, 0.8, 0.1])
        #expect(abs(CategoricalCrossentropy()(yt, yp).scalar - 1.1769392) < 1e-5)
        #expect(abs(SparseCategoricalCrossentropy()(Tensor([1, 2]), yp).scalar - 1.1769392) < 1e-5)
        // keras.losses.BinaryCrossentropy()([[0,1],[0,0]], [[0.6,0.4],[0.4,0.6]]) = 0.81492424
        let bt = Tensor(shape: [2, 2], scalars: [0, 1, 0, 0]), bp = Tensor(shape: [2, 2], scalars: [0.6, 0.4, 0.4, 0.6])
        #expect(abs(BinaryCrossentropy()(bt, bp).scalar - 0.81492424) < 1e-5)
        // Sample weights: Σ wᵢ ℓᵢ / batch (Keras sum_over_batch_size): MSE [[0,1],[0,0]] vs [[1,1],[1,0]], w [0.8, 0.2] → 0.25
        let m = MeanSquaredError()(
            Tensor(shape: [2, 2], scalars: [0, 1, 0, 0]), Tensor(shape: [2, 2], scalars: [1, 1, 1, 0]),
            sampleWeight: Tensor([0.8, 0.2]))
        #expect(abs(m.scalar - 0.25) < 1e-6)
    }

    @Test func weightNormalizationKernelGradients() {
        let d = Dense(3)
        let wn = WeightNormalization(d)
        let x = randn([4, 5], 17)
        _ = wn(x)
        #expect(wn.weights.count == 3)
        #expect(variableGradientError(wn.weights) { wn(x) } < 1e-2)
    }

    @Test func spectralNormalizationKernelGradients() {
        // The kernel and the power-iteration vector are drawn from a seeded scope, not from the
        // process-wide generator that tests running in parallel advance in any order.
        let x = randn([4, 5], 18)
        let sn = KerasRandom.withSeed(18) { () -> SpectralNormalization in
            let sn = SpectralNormalization(Dense(3))
            _ = sn(x)
            return sn
        }
        // w / σ(w) through 5 power-iteration steps curves sharply when the top singular values are
        // close, so the central difference uses a smaller step than the default 1e-2 (its
        // truncation error, not the autodiff, is what a step of 1e-2 measured for this kernel).
        #expect(variableGradientError(sn.weights, step: 1e-3) { sn(x) } < 2e-2)
        let w = randn([5, 3], 19)
        #expect(gradientCheck([w]) { spectralNormEstimate($0[0]).reshape([1]) }.relativeError < 2e-2)
    }
}
