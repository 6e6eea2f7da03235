import Testing
@testable import NumSwift

@Suite struct LayerTests {
    @Test func namesAreUniqueAndAutoNumbered() {
        let a = Dense(3, name: nil), b = Dense(3)
        #expect(a.name.hasPrefix("dense") && b.name.hasPrefix("dense") && a.name != b.name)
        #expect(BatchNormalization().name.hasPrefix("batch_normalization"))
        #expect(LayerNaming.snakeCase("LayerNormalization") == "layer_normalization")
    }

    @Test func weightsAreCreatedOnFirstCallFromTheInputShape() {
        let d = Dense(5)
        #expect(!d.built && d.weights.isEmpty)
        _ = d(Tensor.zeros([2, 7]))
        #expect(d.built)
        #expect(d.weights.map(\.shape) == [[7, 5], [5]])
        #expect(d.weights.map(\.name) == ["\(d.name)/kernel", "\(d.name)/bias"])
    }

    @Test func denseComputesXWPlusB() throws {
        let d = Dense(2, activation: .relu)
        _ = d(Tensor.zeros([1, 3]))
        try d.setWeights([Tensor(shape: [3, 2], scalars: [1, -1, 2, 0, 0, 3]), Tensor([0.5, -10])])
        let y = d(Tensor(shape: [1, 3], scalars: [1, 1, 1]))
        #expect(y.scalars == [3.5, 0])
    }

    @Test func freezingMovesWeightsToNonTrainable() {
        let m = Sequential([Dense(4), Dense(2)], inputShape: [3])
        m.layers[0].trainable = false
        #expect(m.trainableWeights.count == 2)
        #expect(m.nonTrainableWeights.count == 2)
        #expect(m.weights.count == 4)
        #expect(m.summaryText().contains("Non-trainable params: 16"))
    }

    @Test func frozenLayerIsNotUpdatedByFit() throws {
        let (x, y, _) = blobs(64, seed: 1)
        let m = Sequential([Dense(4, activation: .relu), Dense(2, activation: .softmax)], inputShape: [4])
        m.layers[0].trainable = false
        let before = m.layers[0].getWeights().map(\.scalars), other = m.layers[1].getWeights()[0].scalars
        try m.compile(optimizer: SGD(learningRate: 0.1), loss: CategoricalCrossentropy())
        try m.fit(x, y, batchSize: 16, epochs: 1, verbose: 0)
        #expect(m.layers[0].getWeights().map(\.scalars) == before)
        #expect(m.layers[1].getWeights()[0].scalars != other)
    }

    @Test func dropoutOnlyInTraining() {
        let d = Dropout(0.5, seed: 1)
        let x = Tensor.ones([100, 100])
        #expect(d(x, training: false).scalars == x.scalars)
        let y = d(x, training: true).scalars
        let zeros = y.filter { $0 == 0 }.count
        #expect(zeros > 4500 && zeros < 5500)
        #expect(y.allSatisfy { $0 == 0 || $0 == 2 })
    }

    @Test func embeddingLooksUpRowsAndMasksZero() throws {
        let e = Embedding(inputDim: 4, outputDim: 2, maskZero: true)
        let ids = Tensor(shape: [2, 2], scalars: [0, 3, 1, 0])
        _ = e(ids)
        try e.setWeights([Tensor(shape: [4, 2], scalars: [0, 0, 1, 1, 2, 2, 3, 3])])
        let y = e(ids)
        #expect(y.shape == [2, 2, 2])
        #expect(y.scalars == [0, 0, 3, 3, 1, 1, 0, 0])
        #expect(e.computeMask(ids)!.scalars == [0, 1, 1, 0])
        let g = variableGradientError([e.embeddings]) { e(ids) }
        #expect(g < 1e-2)
    }

    @Test func mergeAndShapeLayers() {
        let a = Tensor(shape: [1, 2], scalars: [1, 2]), b = Tensor(shape: [1, 2], scalars: [3, 4])
        #expect(Concatenate()([a, b])[0].scalars == [1, 2, 3, 4])
        #expect(Add()([a, b])[0].scalars == [4, 6])
        #expect(Multiply()([a, b])[0].scalars == [3, 8])
        #expect(Flatten()(Tensor.zeros([2, 3, 4])).shape == [2, 12])
        #expect(Reshape([3, -1])(Tensor.zeros([2, 12])).shape == [2, 3, 4])
        #expect(Lambda.unary { $0 * 2 }(a).scalars == [2, 4])
    }

    @Test func batchNormUsesMovingStatisticsInInference() {
        let bn = BatchNormalization(momentum: 0.5)
        let x = Tensor(shape: [4, 1], scalars: [1, 2, 3, 6])  // mean 3, variance 3.5
        let yt = bn(x, training: true)
        #expect(abs(yt.mean().scalar) < 1e-5)
        #expect(abs(bn.movingMean.value.scalars[0] - 1.5) < 1e-6)
        #expect(abs(bn.movingVariance.value.scalars[0] - 2.25) < 1e-6)
        let yi = bn(x, training: false)
        #expect(abs(yi.scalars[0] - (1 - 1.5) / (2.25 + 1e-3).squareRoot()) < 1e-5)
        #expect(bn.trainableWeights.count == 2 && bn.nonTrainableWeights.count == 2)
    }

    @Test func conv1DLayerShapesForEachPadding() {
        let x = randn([2, 10, 3], 1)
        #expect(Conv1D(filters: 4, kernelSize: 3)(x).shape == [2, 8, 4])
        #expect(Conv1D(filters: 4, kernelSize: 3, padding: .same)(x).shape == [2, 10, 4])
        #expect(Conv1D(filters: 4, kernelSize: 3, padding: .causal, dilationRate: 2)(x).shape == [2, 10, 4])
        #expect(Conv1D(filters: 4, kernelSize: 3, strides: 2, padding: .same)(x).shape == [2, 5, 4])
    }

    @Test func causalConv1DDoesNotSeeTheFuture() {
        let c = Conv1D(filters: 2, kernelSize: 3, padding: .causal, dilationRate: 2)
        let x = randn([1, 8, 2], 3)
        let y0 = c(x).scalars
        var x2 = x
        x2.withUnsafeMutableBufferPointer { $0[7 * 2] += 5 }  // change the last time step only
        let y1 = c(x2).scalars
        #expect(Array(y0.prefix(14)) == Array(y1.prefix(14)))
        #expect(y0[14...] != y1[14...])
    }
}

@Suite struct SpectralGammaTests {
    /// The article applies spectral normalisation to `gamma` of normalisation layers too: a
    /// `[features]` gamma viewed as a 1 × features matrix has σ = ‖γ‖.
    @Test func spectralNormalizationAlsoNormalisesGamma() throws {
        let ln = LayerNormalization()
        let sn = SpectralNormalization(ln)
        let x = randn([3, 4], 61)
        _ = sn(x)
        let gamma = Tensor([1, 2, 2, 4])
        try ln.setWeights([gamma, Tensor.zeros([4])])
        let plain = LayerNormalization()
        _ = plain(x)
        try plain.setWeights([gamma / 5, Tensor.zeros([4])])
        #expect(maxRelDiff(sn(x).scalars, plain(x).scalars) < 1e-5)
        #expect(ln.getWeights()[0].scalars == gamma.scalars)
    }
}
