import Foundation
import Testing
@testable import NumSwift

@Suite struct TrainingTests {
    func classifier(_ seed: UInt64 = 1) -> Model {
        let x = Input(shape: [4])
        let h = Dense(8, activation: .relu, kernelInitializer: .values(randn([4, 8], seed, std: 0.5)))(x)
        return Model(inputs: x, outputs: Dense(2, activation: .softmax, kernelInitializer: .values(randn([8, 2], seed + 1, std: 0.5)))(h))
    }

    @Test func fitLearnsBlobsWithValidationAndReturnsHistory() throws {
        let (x, y, _) = blobs(256, seed: 1)
        let m = classifier()
        try m.compile(optimizer: Adam(learningRate: 0.01), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        let h = try m.fit(x, y, batchSize: 32, epochs: 5, verbose: 0, seed: 3, validationSplit: 0.25)
        #expect(h.epochs == [0, 1, 2, 3, 4])
        #expect(Set(h.history.keys) == ["loss", "accuracy", "val_loss", "val_accuracy"])
        #expect(h.history["val_accuracy"]!.last! > 0.95)
        let e = try m.evaluate(x, y, batchSize: 64)
        #expect(e["accuracy"]! > 0.95)
        #expect(m.predict(x).shape == [256, 2])
    }

    @Test func sameSeedGivesTheSameTrainingAndShuffleChangesIt() throws {
        let (x, y, _) = blobs(64, seed: 2)
        func run(_ seed: UInt64, shuffle: Bool = true) throws -> [Float] {
            let m = classifier()
            try m.compile(optimizer: SGD(learningRate: 0.1), loss: CategoricalCrossentropy())
            return try m.fit(x, y, batchSize: 8, epochs: 2, verbose: 0, shuffle: shuffle, seed: seed).history["loss"]!
        }
        #expect(try run(1) == run(1))
        #expect(try run(1) != run(2))
    }

    @Test func shownEpochLossIsTheSampleWeightedMeanOfBatchLosses() throws {
        let (x, y, _) = blobs(10, seed: 3)
        let m = classifier()
        try m.compile(optimizer: SGD(learningRate: 0), loss: CategoricalCrossentropy())
        let h = try m.fit(x, y, batchSize: 4, epochs: 1, verbose: 0, shuffle: false)
        // With lr 0 the weights never change: batches of 4, 4, 2 weighted by size = full-data mean.
        let full = CategoricalCrossentropy()(y, m.predict(x)).scalar
        #expect(abs(h.history["loss"]![0] - full) < 1e-5)
    }

    @Test func sampleWeightsScaleTheLoss() throws {
        let (x, y, _) = blobs(8, seed: 4)
        let m = classifier()
        try m.compile(optimizer: SGD(learningRate: 0), loss: CategoricalCrossentropy())
        let w = Tensor([1, 0, 1, 0, 1, 0, 1, 0])
        let l = try m.evaluate([x], [y], batchSize: 8, sampleWeight: w)["loss"]!
        let per = CategoricalCrossentropy().perExample(yTrue: y, yPred: m.predict(x), logits: nil).scalars
        let expect = (per[0] + per[2] + per[4] + per[6]) / 8
        #expect(abs(l - expect) < 1e-5)
    }

    @Test func fitAcceptsABatchGenerator() throws {
        let (x, y, _) = blobs(128, seed: 5)
        let m = classifier()
        try m.compile(optimizer: Adam(learningRate: 0.02), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        let h = try m.fit(
            batches: { epoch in
                let mb = Minibatches(count: 128, batchSize: 16, shuffle: true, seed: 9, epoch: epoch)
                return AnyIterator(mb.lazy.map { Batch(x: [selectRows(x, $0)], y: [selectRows(y, $0)]) }.makeIterator())
            }, stepsPerEpoch: 8, epochs: 4, verbose: 0)
        #expect(h.history["accuracy"]!.last! > 0.95)
    }

    @Test func onBatchMethods() throws {
        let (x, y, _) = blobs(16, seed: 6)
        let m = classifier()
        try m.compile(optimizer: SGD(learningRate: 0.5), loss: CategoricalCrossentropy())
        let before = try m.testOnBatch([x], [y])["loss"]!
        for _ in 0..<20 { try m.trainOnBatch([x], [y]) }
        #expect(try m.testOnBatch([x], [y])["loss"]! < before)
        #expect(m.predictOnBatch([x])[0].shape == [16, 2])
    }

    @Test func multipleInputsAndOutputsAndModelAsLayer() throws {
        let a = Input(shape: [3]), b = Input(shape: [2])
        let merged = Concatenate()([Dense(4)(a), Dense(4)(b)])[0]
        let o1 = Dense(1, name: "reg")(merged)
        let o2 = Dense(2, activation: .softmax, name: "cls")(merged)
        let inner = Model(inputs: [a, b], outputs: [o1, o2])
        #expect(inner.layers.count == 5)
        let xa = randn([6, 3], 1), xb = randn([6, 2], 2)
        let eager = inner([xa, xb])
        #expect(eager.map(\.shape) == [[6, 1], [6, 2]])
        // Used as a layer on new symbolic inputs: shares its weights.
        let a2 = Input(shape: [3]), b2 = Input(shape: [2])
        let outs = inner([a2, b2])
        let outer = Model(inputs: [a2, b2], outputs: [Add()([outs[0], outs[0]])[0]])
        #expect(outer.countParams() == inner.countParams())
        #expect(maxRelDiff(outer([xa, xb])[0].scalars, (eager[0] * 2).scalars) < 1e-6)
        try inner.compile(optimizer: Adam(), losses: [MeanSquaredError(), CategoricalCrossentropy()], lossWeights: [1, 0.5])
        let h = try inner.fit([xa, xb], [randn([6, 1], 3), Tensor.oneHot([0, 1, 0, 1, 1, 0], depth: 2)], batchSize: 3, epochs: 1, verbose: 0)
        #expect(h.history["reg_loss"] != nil && h.history["cls_loss"] != nil)
        let total = h.history["loss"]![0], parts = h.history["reg_loss"]![0] + 0.5 * h.history["cls_loss"]![0]
        #expect(abs(total - parts) < 1e-5)
        #expect(outer.summaryText().contains("(InputLayer)"))
    }

    @Test func summaryTableMatchesKerasLayout() {
        let x = Input(shape: [784], name: "in")
        let h = Dense(100, activation: .relu, name: "hidden")(x)
        let m = Model(inputs: x, outputs: Dense(10, activation: .softmax, name: "probs")(h), name: "baseline")
        let s = m.summaryText()
        #expect(s.hasPrefix("Model: \"baseline\"\n┏"))
        #expect(s.contains("│ hidden (Dense)                  │ (None, 100)            │        78,500 │"))
        #expect(s.contains(" Total params: 79,510 (310.59 KB)"))
        #expect(s.contains(" Trainable params: 79,510 (310.59 KB)"))
        #expect(s.contains(" Non-trainable params: 0 (0.00 B)"))
    }

    @Test func mismatchedDataThrows() throws {
        let m = classifier()
        try m.compile(optimizer: Adam(), loss: CategoricalCrossentropy())
        #expect(throws: NumSwiftError.self) { try m.fit(Tensor.zeros([4, 4]), Tensor.zeros([3, 2]), verbose: 0) }
        #expect(throws: NumSwiftError.self) { try m.fit(Tensor.zeros([4, 4]), nil, verbose: 0) }
        #expect(throws: NumSwiftError.self) { try m.fit(Tensor.zeros([4, 4]), Tensor.zeros([4, 2]), batchSize: 0, verbose: 0) }
        #expect(throws: NumSwiftError.self) { try m.fit(Tensor.zeros([0, 4]), Tensor.zeros([0, 2]), verbose: 0) }
        #expect(throws: NumSwiftError.self) { try m.evaluate(Tensor.zeros([0, 4]), Tensor.zeros([0, 2])) }
    }

    /// Test accuracy of Su's baseline in Keras 3.15.1 + JAX 0.10.2 after 5 epochs, seeds 42–49,
    /// one thread (`benchmarks/compare/keras_mnist.py --keras-worker --epochs 5 --seed S`, run
    /// 2026-12-02): mean 0.97080, standard deviation 0.0012 over the seeds.
    static let kerasBaselineAccuracy: [UInt64: Float] = [
        42: 0.9722, 43: 0.9694, 44: 0.9720, 45: 0.9705, 46: 0.9693, 47: 0.9719, 48: 0.9698, 49: 0.9713,
    ]

    /// Su's baseline on full MNIST, exactly the `numswift mnist` recipe (5 epochs, batch 128, Adam),
    /// trained once per seed of the Keras runs above (≈ 1.3 s each in release). The seed is
    /// task-scoped so tests running in parallel cannot perturb the initial weights.
    ///
    /// One seed cannot carry the comparison: seed to seed the accuracy moves by 0.0012 (Keras) and
    /// 0.0017 (NumSwift), and the OpenBLAS thread count alone moves seed 42 between 0.9718 (1
    /// thread) and 0.9720 (2 or more). The mean over the eight seeds has a standard error of about
    /// 0.0007 for the difference of the two means (against about 0.002 for one seed), so the test
    /// asks for NumSwift's mean to be at least Keras's minus 0.001. Measured: 0.97078 on 1 thread
    /// and 0.97080 on 2, against Keras's 0.97080.
    @Test func baselineMatchesKerasMeanAccuracyOnMNISTOverEightSeeds() throws {
        let d = try MNIST(directory: mnistDirectory())
        let yTrain = Tensor.oneHot(d.trainLabels, depth: 10), yTest = Tensor.oneHot(d.testLabels, depth: 10)
        var ours: [Float] = []
        for seed in Self.kerasBaselineAccuracy.keys.sorted() {
            let m = KerasRandom.withSeed(seed) { () -> Model in
                let x = Input(shape: [784])
                let h = Dense(100, activation: .relu)(x)
                let m = Model(inputs: x, outputs: Dense(10, activation: .softmax)(h))
                _ = m(Tensor.zeros([1, 784]))  // builds (draws the initial weights) inside the scope
                return m
            }
            try m.compile(optimizer: Adam(), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
            try m.fit(d.trainImages, yTrain, batchSize: 128, epochs: 5, verbose: 0, seed: seed)
            ours.append(try m.evaluate(d.testImages, yTest, batchSize: 1000)["accuracy"]!)
        }
        let mean = ours.reduce(0, +) / Float(ours.count)
        let keras = Self.kerasBaselineAccuracy.values.reduce(0, +) / Float(Self.kerasBaselineAccuracy.count)
        print("MNIST baseline test accuracy by seed: \(ours), mean \(mean) (Keras \(keras))")
        #expect(mean >= keras - 0.001, "mean accuracy \(mean) over seeds 42–49 against Keras's \(keras): \(ours)")
    }
}

@Suite struct FitSequenceTests {
    @Test func fitOverAnArrayOfBatchesRepeatsItEachEpoch() throws {
        let (x, y, _) = blobs(96, seed: 31)
        let batches: [(Tensor, Tensor?)] = (0..<6).map { i in
            (x.slice(axis: 0, (16 * i)..<(16 * i + 16)), y.slice(axis: 0, (16 * i)..<(16 * i + 16)))
        }
        let m = Sequential([Dense(2, activation: .softmax, kernelInitializer: .values(randn([4, 2], 32, std: 0.3)))], inputShape: [4])
        try m.compile(optimizer: Adam(learningRate: 0.05), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        let h = try m.fit(batches: batches, epochs: 3, verbose: 0)
        #expect(h.epochs == [0, 1, 2])
        #expect(m.optimizer!.iterations == 18)
        #expect(h.history["accuracy"]!.last! > 0.9)
    }
}

@Suite struct ClassWeightTests {
    @Test func classWeightsMultiplyIntoTheLoss() throws {
        let (x, y, labels) = blobs(16, seed: 51)
        let m = Sequential([Dense(2, activation: .softmax, kernelInitializer: .values(randn([4, 2], 52)))], inputShape: [4])
        try m.compile(optimizer: SGD(learningRate: 0), loss: CategoricalCrossentropy())
        let h = try m.fit(x, y, batchSize: 16, epochs: 1, verbose: 0, shuffle: false, classWeight: [0: 2, 1: 0.5])
        let per = CategoricalCrossentropy().perExample(yTrue: y, yPred: m.predict(x), logits: nil).scalars
        let expected = zip(per, labels).map { $0 * ($1 == 0 ? 2 : 0.5) }.reduce(0, +) / 16
        #expect(abs(h.history["loss"]![0] - expected) < 1e-5)
        #expect(throws: NumSwiftError.self) { try m.fit(x, nil, verbose: 0, classWeight: [0: 1]) }
        // Integer targets give the same weights as one-hot ones.
        let sparse = try classSampleWeights(Tensor(labels.map(Float.init)), [0: 2, 1: 0.5], nil)
        #expect(sparse.scalars == (try classSampleWeights(y, [0: 2, 1: 0.5], nil)).scalars)
    }
}
