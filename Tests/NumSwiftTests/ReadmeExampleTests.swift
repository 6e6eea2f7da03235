import Testing
import NumSwift

/// The README's Tensor example, compiled and run as written.
@Suite struct ReadmeExampleTests {
    @Test func readmeTensorExampleRunsAndFillsTheGradient() {
        var rng = RandomGenerator(seed: 42)
        let w = Variable(Tensor.randomNormal([784, 10], std: 0.01, generator: &rng), name: "w")
        let x = Tensor.randomUniform([128, 784], generator: &rng)
        let labels = Tensor(shape: [128], scalars: (0..<128).map { Float($0 % 10) })
        let loss = Tensor.sparseSoftmaxCrossEntropy(logits: x.matmul(w.read), labels: labels).mean()
        loss.backward()
        #expect(w.grad?.shape == [784, 10])
        // Ten balanced classes and near-zero logits: the loss starts near ln 10.
        #expect(abs(loss.scalar - 2.3026) < 0.05)
    }
}

/// The README's Keras examples, as written there but with one quiet epoch.
@Suite struct ReadmeKerasExampleTests {
    @Test func readmeClassifierAndAddLossAutoencoderRun() throws {
        try KerasRandom.withSeed(42) {
            let data = try MNIST(directory: mnistDirectory())
            let x = Input(shape: [784])
            let h = Dense(100, activation: .relu)(x)
            let y = Dense(10, activation: .softmax)(h)
            let model = Model(inputs: x, outputs: y)
            try model.compile(optimizer: Adam(learningRate: 1e-3), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
            let hist = try model.fit(
                [data.trainImages], [Tensor.oneHot(data.trainLabels, depth: 10)],
                batchSize: 128, epochs: 1, verbose: 0, seed: 42)
            #expect(hist.history["accuracy"]![0] > 0.85)

            let xr = Dense(784, activation: .sigmoid)(h)
            let ae = Model(inputs: x, outputs: xr)
            try ae.addLoss(Lambda { t in (t[0] - t[1]).squared().mean() }([x, xr])[0])
            try ae.addMetric(Lambda.unary { $0.squared().sum(axes: [1]).mean() }(h), name: "x_h_norm")
            try ae.compile(optimizer: Adam())
            let aeHist = try ae.fit([data.trainImages], nil, batchSize: 128, epochs: 1, verbose: 0)
            #expect(aeHist.history["x_h_norm"] != nil)
            #expect(aeHist.history["loss"]![0] < 0.1)
        }
    }
}
