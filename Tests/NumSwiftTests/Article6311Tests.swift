import Foundation
import Testing
@testable import NumSwift

/// One test per checklist item of Su, "Outputs are optional, and flexible normalisation"
/// (kexue.fm/archives/6311), as digested in the project's article notes §1.
@Suite struct Article6311Tests {
    /// Su's autoencoder: Input(784) → Dense(100, relu) → Dense(784, sigmoid), loss mean((x − x_in)²).
    func autoencoder(_ dim: Int = 784, hidden: Int = 100) throws -> (Model, SymbolicTensor, SymbolicTensor, SymbolicTensor) {
        let x = Input(shape: [dim])
        let h = Dense(hidden, activation: .relu)(x)
        let xr = Dense(dim, activation: .sigmoid)(h)
        let model = Model(inputs: x, outputs: xr)
        let loss = (xr - x).squared().mean()
        return (model, x, h, loss)
    }

    func mnistSubset(_ n: Int) throws -> Tensor {
        let m = try MNIST(directory: mnistDirectory())
        return m.trainImages.slice(axis: 0, 0..<n)
    }

    @Test func addLossAcceptsAnyScalarOfTheGraphAndSumsSeveral() throws {
        let (model, x, h, loss) = try autoencoder(6, hidden: 3)
        let hNorm = h.squared().sum(axes: [1]).mean()  // depends on an intermediate layer only
        let inputOnly = x.squared().mean()  // depends on the input only (no gradient)
        try model.addLoss(loss)
        try model.addLoss(hNorm)
        try model.addLoss(inputOnly)
        try model.compile(optimizer: SGD(learningRate: 0))
        let data = randn([4, 6], 1).sigmoid()
        let shown = try model.testOnBatch([data])["loss"]!
        let direct = withNoGrad { () -> Float in
            let hv = model.layers[0](data), xr = model.layers[1](hv)
            return ((xr - data).squared().mean() + hv.squared().sum(axes: [1]).mean() + data.squared().mean()).scalar
        }
        #expect(abs(shown - direct) < 1e-5)
    }

    @Test func compileWithoutLossIsLegalOnlyWithAddedLosses() throws {
        let (model, _, _, loss) = try autoencoder(6, hidden: 3)
        #expect(throws: NumSwiftError.self) { try model.compile(optimizer: Adam()) }
        try model.addLoss(loss)
        try model.compile(optimizer: Adam())
    }

    @Test func fitWithNilTargetsTrainsAndShowsTheAddedLoss() throws {
        let (model, _, _, loss) = try autoencoder(6, hidden: 3)
        try model.addLoss(loss)
        try model.compile(optimizer: Adam(learningRate: 0.01))
        let data = randn([64, 6], 2).sigmoid()
        let before = try model.evaluate([data])["loss"]!
        let h = try model.fit([data], nil, batchSize: 16, epochs: 3, verbose: 0)
        let after = try model.evaluate([data])["loss"]!
        #expect(after < before)
        #expect(h.history["loss"]!.count == 3)
        // The shown loss is the added loss itself: evaluate's loss equals mean((x̂ − x)²) directly.
        let xr = model.predict(data)
        #expect(abs(after - (xr - data).squared().mean().scalar) < 1e-5)
    }

    @Test func autoencoderLossDecreasesOverFiveEpochsOnMNIST() throws {
        let data = try mnistSubset(3000)
        KerasRandom.setSeed(1)
        let (model, _, _, loss) = try autoencoder()
        try model.addLoss(loss)
        try model.compile(optimizer: Adam())
        let h = try model.fit([data], nil, batchSize: 128, epochs: 5, verbose: 0, seed: 1)
        let l = h.history["loss"]!
        #expect(zip(l, l.dropFirst()).allSatisfy { $1 < $0 }, "\(l)")
        #expect(l.last! < 0.5 * l.first!, "\(l)")
    }

    @Test func addMetricShowsAnyScalarInTheProgressBarAndHistory() throws {
        let x = Input(shape: [4])
        let h = Dense(5, activation: .relu)(x)
        let model = Model(inputs: x, outputs: Dense(2, activation: .softmax)(h))
        try model.addMetric(h.squared().sum(axes: [1]).mean(), name: "x_h_norm")
        try model.compile(optimizer: Adam(), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        let (bx, by, _) = blobs(32, seed: 3)
        let hist = try model.fit(bx, by, batchSize: 32, epochs: 2, verbose: 0, shuffle: false)
        #expect(Set(hist.history.keys) == ["loss", "accuracy", "x_h_norm"])
        // The epoch value (one batch) is the mean squared norm of the hidden activation before the step.
        #expect(hist.history["x_h_norm"]![0] > 0)
        let line = try captureBar(model: model, x: bx, y: by)
        #expect(line.contains("x_h_norm: "))
    }

    func captureBar(model: Model, x: Tensor, y: Tensor) throws -> String {
        let logs = try model.testOnBatch([x], [y])
        var out = ""
        let p = Progbar(target: 1, isTTY: false, write: { out += $0 })
        p.updateStateful(1, logs)
        return out
    }

    @Test func addingAMetricDoesNotChangeGradientsOrLoss() throws {
        func run(withMetric: Bool) throws -> ([Float], [Float]) {
            let x = Input(shape: [4])
            let d1 = Dense(5, activation: .relu, kernelInitializer: .values(randn([4, 5], 7)))
            let h = d1(x)
            let model = Model(inputs: x, outputs: Dense(2, activation: .softmax, kernelInitializer: .values(randn([5, 2], 8)))(h))
            if withMetric { try model.addMetric(h.squared().sum(axes: [1]).mean(), name: "x_h_norm") }
            try model.compile(optimizer: SGD(learningRate: 0.1), loss: CategoricalCrossentropy())
            let (bx, by, _) = blobs(32, seed: 4)
            let h1 = try model.fit(bx, by, batchSize: 8, epochs: 2, verbose: 0, shuffle: false)
            return (h1.history["loss"]!, model.getWeights().flatMap(\.scalars))
        }
        let (l0, w0) = try run(withMetric: false), (l1, w1) = try run(withMetric: true)
        #expect(l0 == l1)
        #expect(w0 == w1)
    }

    @Test func onlyScalarsAreAcceptedAsMetricsAndLosses() throws {
        let x = Input(shape: [4])
        let h = Dense(5)(x)
        let model = Model(inputs: x, outputs: h)
        #expect(throws: NumSwiftError.self) { try model.addMetric(h, name: "h") }
        #expect(throws: NumSwiftError.self) { try model.addLoss(h) }
        try model.addMetric(h.mean(), name: "h_mean")
        #expect(throws: NumSwiftError.self) { try model.addMetric(h.mean(), name: "h_mean") }
    }

    @Test func layerLifecycleBuildCreatesCallComputesAndInitialWeightsApplyAfterBuild() throws {
        let k = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]), b = Tensor([10, 20])
        let d = Dense(2, weights: [k, b])
        #expect(!d.built && d.weights.isEmpty)
        let y = d(Tensor(shape: [1, 2], scalars: [1, 1]))
        #expect(d.built)
        #expect(y.scalars == [14, 26])
        #expect(d.getWeights()[0].scalars == k.scalars)
        // The same holds when a wrapper builds the layer by hand (the article's pitfall).
        let inner = Dense(2, weights: [k, b])
        let sn = SpectralNormalization(inner)
        _ = sn(Tensor.zeros([1, 2]))
        #expect(inner.getWeights()[0].scalars == k.scalars)
    }

    @Test func reparametrisingWrapperKeepsTheStoredVariableRawAndGradientsFlowThroughSigma() throws {
        let k = randn([5, 3], 9)
        let inner = Dense(3, useBias: false, weights: [k])
        let sn = SpectralNormalization(inner)
        let x = randn([4, 5], 10)
        let y = sn(x)
        #expect(sn.getWeights()[0].scalars == k.scalars)  // raw W stored
        let sigma = spectralNormEstimate(k).scalar
        #expect(maxRelDiff(y.scalars, x.matmul(k / sigma).scalars) < 1e-5)  // forward uses W/σ
        // Gradient through σ: differs from the gradient with σ held constant.
        let g = gradients(of: sn(x).sum(), wrt: [inner.kernelVariable])[0]
        let gConst = x.transposed().matmul(Tensor.ones([4, 3])) / sigma
        #expect(maxRelDiff(g.scalars, gConst.scalars) > 1e-2)
        #expect(variableGradientError([inner.kernelVariable]) { sn(x) } < 2e-2)
    }

    /// `layer` built on `x` with the given weights.
    func built<L: Layer>(_ layer: L, on x: Tensor, weights: [Tensor]) throws -> L {
        _ = layer(x)
        try layer.setWeights(weights)
        return layer
    }

    /// Spectral and weight normalisation of a convolution-like layer built by `make` (with kernel
    /// `k` and a bias): SN gives `convolve(k / σ(k)) + b` with the stored kernel left raw, WN starts
    /// unchanged, and both pass finite-difference gradient checks. Returns the WN wrapper and its
    /// inner layer for layer-specific checks.
    func checkKernelNormalizations<L: KernelReparametrizable>(
        _ make: () throws -> L, x: Tensor, k: Tensor, convolve: (Tensor) -> Tensor
    ) throws -> (WeightNormalization, L) {
        let plain = try make()
        let sigma = spectralNormEstimate(k).scalar
        let inner = try make()
        let sn = SpectralNormalization(inner)
        let y = sn(x)
        #expect(sn.getWeights()[0].scalars == k.scalars)  // the stored kernel stays raw
        let withBias = plain(x) - convolve(k)  // the bias term alone, broadcast
        #expect(maxRelDiff(y.scalars, (convolve(k / sigma) + withBias).scalars) < 1e-5)
        #expect(maxRelDiff(y.scalars, plain(x).scalars) > 1e-2)
        #expect(variableGradientError([inner.kernelVariable], step: 1e-3) { sn(x) } < 2e-2)
        let wnInner = try make()
        let wn = WeightNormalization(wnInner)
        #expect(maxRelDiff(wn(x).scalars, plain(x).scalars) < 1e-5)
        #expect(wn.weights.count == 3)
        #expect(variableGradientError(wn.weights) { wn(x) } < 2e-2)
        return (wn, wnInner)
    }

    /// Spectral and weight normalisation reach Conv2D kernels (a GAN's usual layers): W/σ(W) with
    /// σ of the kernel viewed as [kh·kw·in, filters], and g·v/‖v‖ per filter starting unchanged.
    /// Before, SpectralNormalization(Conv2D) silently left the kernel raw.
    @Test func spectralAndWeightNormalizationReparametriseConv2DKernels() throws {
        let x = randn([2, 6, 5, 2], 31)
        let k = randn([3, 3, 2, 4], 32), b = randn([4], 33)
        let (wn, _) = try checkKernelNormalizations(
            { try built(Conv2D(filters: 4, kernelSize: 3, strides: 2, padding: .same), on: x, weights: [k, b]) },
            x: x, k: k, convolve: { x.conv2d($0, strides: (2, 2), padding: .same) })
        #expect(wn.g.shape == [4])
    }

    /// The same for Conv2DTranspose (a GAN generator's or the VAE decoder's layer), whose kernel
    /// is `[kh, kw, filters, in]`: spectral normalisation uses σ of the kernel viewed as
    /// [kh·kw·filters, in] (Keras 3's reshape to the last axis), and weight normalisation keeps one
    /// scale per filter, the second-to-last axis.
    @Test func spectralAndWeightNormalizationReparametriseConv2DTransposeKernels() throws {
        let x = randn([2, 3, 4, 3], 41)
        let k = randn([3, 3, 2, 3], 42), b = randn([2], 43)
        let (wn, wnInner) = try checkKernelNormalizations(
            { try built(Conv2DTranspose(filters: 2, kernelSize: 3, strides: 2, padding: .same), on: x, weights: [k, b]) },
            x: x, k: k, convolve: { x.conv2dTranspose($0, strides: (2, 2), padding: .same) })
        #expect(wn.g.shape == [2])
        // Per filter: the norm over (kh, kw, in) of the effective kernel is g, and its direction
        // is the stored kernel's, filter by filter.
        let g = Tensor([0.5, 3])
        wn.g.value = g
        let eff = wnInner.effectiveKernel
        #expect(maxRelDiff(eff.squared().sum(axes: [0, 1, 3]).sqrt().scalars, g.scalars) < 1e-5)
        let perFilter = k.squared().sum(axes: [0, 1, 3], keepDims: true).sqrt()
        #expect(maxRelDiff(eff.scalars, (k / perFilter * g.reshape([2, 1])).scalars) < 1e-5)
    }

    /// Kernel constraints on the conv layers act per filter after every optimiser step: the
    /// units axis is the last one for Conv1D and Conv2D and the second-to-last for
    /// Conv2DTranspose (`[kh, kw, filters, in]`). A bias constraint acts on the bias.
    @Test func convKernelConstraintsHoldPerFilterAfterEachStep() throws {
        let cases: [(Layer, Tensor, [Int])] = [
            (Conv1D(filters: 3, kernelSize: 2, kernelConstraint: MaxNorm(0.5), biasConstraint: NonNeg()), randn([4, 5, 2], 51), [0, 1]),
            (Conv2D(filters: 3, kernelSize: 2, kernelConstraint: MaxNorm(0.5), biasConstraint: NonNeg()), randn([4, 4, 4, 2], 52), [0, 1, 2]),
            (Conv2DTranspose(filters: 3, kernelSize: 2, kernelConstraint: MaxNorm(0.5), biasConstraint: NonNeg()), randn([4, 3, 3, 2], 53), [0, 1, 3]),
        ]
        for (layer, x, filterAxes) in cases {
            let m = try KerasRandom.withSeed(54) { () throws -> Model in
                let input = Input(shape: Array(x.shape.dropFirst()))
                let m = Model(inputs: input, outputs: layer(input))
                _ = m(x)
                return m
            }
            try m.compile(optimizer: SGD(learningRate: 1), loss: MeanSquaredError())
            let target = m.predict(x) * 10  // reached by scaling the kernel up, past the bound
            try m.fit(x, target, batchSize: 4, epochs: 2, verbose: 0)
            let w = layer.getWeights()
            let norms = w[0].squared().sum(axes: filterAxes).sqrt().scalars
            #expect(norms.count == 3 && norms.allSatisfy { $0 <= 0.5 + 1e-5 }, "\(type(of: layer)): \(norms)")
            #expect(norms.contains { $0 > 0.49 }, "\(type(of: layer)): \(norms)")  // some filter reached the bound
            #expect(w[1].scalars.allSatisfy { $0 >= 0 })
        }
    }

    @Test func spectralNormalizationAppliedTwiceNormalisesOnce() {
        let k = randn([5, 3], 11)
        let inner = Dense(3, useBias: false, weights: [k])
        let once = SpectralNormalization(inner)
        let x = randn([2, 5], 12)
        let y1 = once(x)
        let twice = SpectralNormalization(inner)
        let y2 = twice(x)
        let y3 = SpectralNormalization(once)(x)
        #expect(y1.scalars == y2.scalars)
        #expect(y1.scalars == y3.scalars)
    }

    @Test func powerIterationEstimateIsALowerBoundThatGrowsWithIterations() throws {
        let w = randn([64, 32], 13)
        let sigmaMax = try w.svd().s.scalars.max()!
        let r1 = spectralNormEstimate(w, iterations: 1).scalar
        let r5 = spectralNormEstimate(w, iterations: 5).scalar
        let r100 = spectralNormEstimate(w, iterations: 100).scalar
        #expect(r1 <= r5 + 1e-4 && r5 <= r100 + 1e-4)
        #expect(r100 <= sigmaMax * (1 + 1e-5))
        #expect(abs(r100 - sigmaMax) / sigmaMax < 1e-3)
        #expect(abs(r5 - sigmaMax) / sigmaMax < 0.05)  // the article: about 1% at r = 5
    }

    @Test func constraintAndReparametrisationGiveDifferentTrajectoriesAndTheConstraintHoldsOnTheStoredWeight() throws {
        let (bx, by, _) = blobs(32, seed: 14)
        let k0 = randn([4, 2], 15), b0 = Tensor.zeros([2])
        func train(_ make: (Dense) -> Layer) throws -> (Dense, [Float]) {
            let d = Dense(2, activation: .softmax, weights: [k0, b0])
            let d2 = make(d)
            let m = Sequential([d2], inputShape: [4])
            try m.compile(optimizer: SGD(learningRate: 0.5), loss: CategoricalCrossentropy())
            let h = try m.fit(bx, by, batchSize: 8, epochs: 2, verbose: 0, shuffle: false)
            return (d, h.history["loss"]!)
        }
        let constrainedDense = Dense(2, activation: .softmax, kernelConstraint: UnitNorm(), weights: [k0, b0])
        let cm = Sequential([constrainedDense], inputShape: [4])
        try cm.compile(optimizer: SGD(learningRate: 0.5), loss: CategoricalCrossentropy())
        let ch = try cm.fit(bx, by, batchSize: 8, epochs: 2, verbose: 0, shuffle: false)
        let norms = perUnitNorms(constrainedDense.kernelVariable.value).scalars
        #expect(norms.allSatisfy { abs($0 - 1) < 1e-4 })  // stored weight satisfies it
        let (wnDense, wnLoss) = try train { d in
            d.kernelTransform = { v in v / perUnitNorms(v) }  // same constraint, pre-call
            return d
        }
        #expect(ch.history["loss"]! != wnLoss)
        #expect(!perUnitNorms(wnDense.kernelVariable.value).scalars.allSatisfy { abs($0 - 1) < 1e-4 })
    }

    @Test func progbarTargetUpdateValuesAndStatefulMetrics() {
        var out = ""
        let p = Progbar(target: 3, isTTY: false, write: { out += $0 })
        p.update(1, values: [("a", 2)]); p.update(3, values: [("a", 5)])
        #expect(p.value("a") == 4)
        let s = Progbar(target: 3, statefulMetrics: ["a"], isTTY: false, write: { out += $0 })
        s.update(1, values: [("a", 2)]); s.update(3, values: [("a", 5)])
        #expect(s.value("a") == 5)
    }
}
