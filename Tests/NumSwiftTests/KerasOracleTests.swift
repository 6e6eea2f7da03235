import Foundation
import Testing
@testable import NumSwift

/// Peer oracles: small models trained for three `trainOnBatch` steps in Keras 3 (JAX backend) with
/// every weight set to a closed-form pattern; NumSwift must reproduce the per-step losses and
/// metrics and the final weights (and inference outputs where given). The values below are
/// printed by benchmarks/compare/keras_oracle.py (Keras 3.15.1, jax 0.10.2, CPU).
@Suite struct KerasOracleTests {
    /// `0.5 · sin(0.37 · i + k)` over the flattened shape (same formula as the oracle script).
    static func pattern(_ shape: [Int], _ k: Double) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<n).map { Float(0.5 * sin(0.37 * Double($0) + k)) })
    }

    /// Overwrites the model's weights (Keras order) with `pattern(shape, k + 1)`, plus 1 for moving
    /// variances (kept positive), as the oracle script does.
    static func setPattern(_ m: Model) throws {
        try m.setWeights(
            m.weights.enumerated().map { k, v in
                let p = pattern(v.shape, Double(k + 1))
                return v.name.hasSuffix("moving_variance") ? p + 1 : p
            })
    }

    static let x = pattern([6, 4], 0.3) * 2
    static let labels = [0, 2, 1, 1, 0, 2]
    static let y = Tensor.oneHot(labels, depth: 3)
    static let yRegression = pattern([6, 3], 1.5)

    static func mlp(_ outActivation: ActivationFunction) -> Model {
        let x = Input(shape: [4])
        let h = Dense(5, activation: .relu)(x)
        return Model(inputs: x, outputs: Dense(3, activation: outActivation)(h))
    }

    /// Trains three steps and compares with the oracle.
    static func check(_ m: Model, _ x: Tensor, _ y: Tensor, _ o: Oracle, checkPredictions: Bool = false) throws {
        try setPattern(m)
        for (i, expected) in o.steps.enumerated() {
            let logs = try m.trainOnBatch([x], [y])
            for (k, v) in expected {
                let got = try #require(logs[k], "step \(i): no log \(k) in \(logs)")
                #expect(abs(got - v) <= 2e-5 + 1e-4 * abs(v), "step \(i) \(k): \(got) vs Keras \(v)")
            }
        }
        expectWeights(m, o.weights)
        // Inference mode after training (BatchNormalization uses its moving statistics).
        if checkPredictions { expectClose(m.predict(x), o.extra, "inference outputs") }
    }

    /// The model's weights (Keras order) equal `expected` to 2e-5.
    static func expectWeights(_ m: Model, _ expected: [[Float]]) {
        let ws = m.getWeights()
        #expect(ws.count == expected.count)
        for (i, (w, e)) in zip(ws, expected).enumerated() { expectClose(w, e, "weight \(i) (\(m.weights[i].name))") }
    }

    /// Same count and max |Δ| < 2e-5.
    static func expectClose(_ t: Tensor, _ expected: [Float], _ what: String) {
        let d = zip(t.scalars, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(t.count == expected.count && d < 2e-5, "\(what): \(t.count) vs \(expected.count) values, max |Δ| \(d)")
    }

    @Test func adamWithCategoricalCrossentropyMatchesKeras() throws {
        let m = Self.mlp(.softmax)
        try m.compile(optimizer: Adam(learningRate: 1e-2), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        try Self.check(m, Self.x, Self.y, KerasOracle.adamCategorical)
    }

    @Test func sgdNesterovWithClipnormMatchesKeras() throws {
        let m = Self.mlp(.softmax)
        try m.compile(
            optimizer: SGD(learningRate: 0.1, momentum: 0.9, nesterov: true, clipnorm: 0.5),
            loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        try Self.check(m, Self.x, Self.y, KerasOracle.sgdNesterovClipnorm)
    }

    @Test func rmspropWithClipvalueAndSparseLabelsMatchesKeras() throws {
        let m = Self.mlp(.softmax)
        try m.compile(
            optimizer: RMSprop(learningRate: 1e-2, clipvalue: 0.1), loss: SparseCategoricalCrossentropy(),
            metrics: [SparseCategoricalAccuracy()])
        try Self.check(m, Self.x, Tensor(shape: [6], scalars: Self.labels.map(Float.init)), KerasOracle.rmspropSparseClipvalue)
    }

    @Test func adamWWithLogitsCrossentropyMatchesKeras() throws {
        let m = Self.mlp(.linear)
        try m.compile(optimizer: AdamW(learningRate: 1e-2, weightDecay: 0.1), loss: CategoricalCrossentropy(fromLogits: true))
        try Self.check(m, Self.x, Self.y, KerasOracle.adamwLogits)
    }

    @Test func sgdWithBinaryCrossentropyMatchesKeras() throws {
        let m = Self.mlp(.sigmoid)
        try m.compile(optimizer: SGD(learningRate: 0.2), loss: BinaryCrossentropy(), metrics: [BinaryAccuracy()])
        let yb = Tensor(shape: [6, 3], scalars: Self.pattern([6, 3], 2.0).scalars.map { $0 > 0 ? 1 : 0 })
        try Self.check(m, Self.x, yb, KerasOracle.sgdBinary)
    }

    @Test func adamWithMSEAndMAEMetricMatchesKeras() throws {
        let m = Self.mlp(.linear)
        try m.compile(
            optimizer: Adam(learningRate: 1e-2), loss: MeanSquaredError(),
            metrics: [LossMetric(MeanAbsoluteError(), name: "mae")])
        try Self.check(m, Self.x, Self.yRegression, KerasOracle.adamMSE)
    }

    @Test func batchNormalizationTrainingAndInferenceMatchKeras() throws {
        let x = Input(shape: [4])
        let h = BatchNormalization(momentum: 0.9)(Dense(5)(x))
        let m = Model(inputs: x, outputs: Dense(3)(h))
        try m.compile(optimizer: SGD(learningRate: 0.1), loss: MeanAbsoluteError())
        try Self.check(m, Self.x, Self.yRegression, KerasOracle.batchNormMAE, checkPredictions: true)
    }

    @Test func causalDilatedConv1DLayerNormalizationAndStridedSameConvMatchKeras() throws {
        let xs = Self.pattern([6, 7, 3], 0.7)
        let x = Input(shape: [7, 3])
        var h = Conv1D(filters: 4, kernelSize: 3, padding: .causal, dilationRate: 2, activation: .tanh)(x)
        h = LayerNormalization()(h)
        h = Conv1D(filters: 2, kernelSize: 2, strides: 2, padding: .same)(h)
        let m = Model(inputs: x, outputs: Dense(3, activation: .softmax)(Flatten()(h)))
        try m.compile(optimizer: Adam(learningRate: 1e-2), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        try Self.check(m, xs, Self.y, KerasOracle.convLayerNorm, checkPredictions: true)
    }

    @Test func embeddingMatchesKeras() throws {
        let ids = Tensor(shape: [6, 5], scalars: (0..<30).map { Float($0 * 7 % 9) })
        let x = Input(shape: [5])
        let h = Flatten()(Embedding(inputDim: 9, outputDim: 2)(x))
        let m = Model(inputs: x, outputs: Dense(3, activation: .softmax)(h))
        try m.compile(optimizer: Adam(learningRate: 1e-2), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        try Self.check(m, ids, Self.y, KerasOracle.embedding)
    }

    @Test func sgdMomentumWithSparseLogitsMatchesKeras() throws {
        let m = Self.mlp(.linear)
        try m.compile(
            optimizer: SGD(learningRate: 0.1, momentum: 0.5), loss: SparseCategoricalCrossentropy(fromLogits: true),
            metrics: [SparseCategoricalAccuracy()])
        try Self.check(m, Self.x, Tensor(shape: [6], scalars: Self.labels.map(Float.init)), KerasOracle.sgdMomentumSparseLogits)
    }

    @Test func adamWithBinaryLogitsMatchesKeras() throws {
        let m = Self.mlp(.linear)
        try m.compile(optimizer: Adam(learningRate: 1e-2), loss: BinaryCrossentropy(fromLogits: true))
        let yb = Tensor(shape: [6, 3], scalars: Self.pattern([6, 3], 2.0).scalars.map { $0 > 0 ? 1 : 0 })
        try Self.check(m, Self.x, yb, KerasOracle.adamBinaryLogits)
    }

    @Test func mergeLayersWithTwoInputsMatchKeras() throws {
        let x2 = Self.pattern([6, 4], 1.1)
        let a = Input(shape: [4]), b = Input(shape: [4])
        let da = Dense(3, activation: .tanh)(a), db = Dense(3, activation: .tanh)(b)
        let cat = Concatenate()([da, db])[0]
        let sum = Add()([da, db])[0]
        let prod = Multiply()([da, db])[0]
        let h = Flatten()(Reshape([3, 4])(Concatenate()([sum, prod, cat])[0]))
        let m = Model(inputs: [a, b], outputs: [Dense(3, activation: .softmax)(h)])
        try m.compile(optimizer: Adam(learningRate: 1e-2), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        try Self.setPattern(m)
        let o = KerasOracle.mergeLayersTwoInputs
        for (i, expected) in o.steps.enumerated() {
            let logs = try m.trainOnBatch([Self.x, x2], [Self.y])
            for (k, v) in expected {
                #expect(abs((logs[k] ?? .nan) - v) <= 2e-5 + 1e-4 * abs(v), "step \(i) \(k): \(logs) vs Keras \(v)")
            }
        }
        Self.expectWeights(m, o.weights)
        Self.expectClose(m.predict([Self.x, x2])[0], o.extra, "predictions")
    }

    /// Embedding(maskZero) → Dense on `[6, 5]` ids with padding (one example fully padded),
    /// per-step sparse CE and accuracy: the mask reaches the loss and the metric as in Keras 3's
    /// `evaluate` (Keras's JAX `train_on_batch` leaves the mask out of metrics; only its losses are
    /// compared).
    @Test func maskedSequenceLossAndAccuracyMatchKeras() throws {
        let o = KerasOracle.maskedSequence
        let ids = Tensor(shape: [6, 5], scalars: o.extra)
        let labels = Tensor(shape: [6, 5], scalars: (0..<30).map { Float($0 * 5 % 3) })
        let x = Input(shape: [5])
        let h = Embedding(inputDim: 9, outputDim: 4, maskZero: true)(x)
        let m = Model(inputs: x, outputs: Dense(3, activation: .softmax)(h))
        try m.compile(optimizer: Adam(learningRate: 1e-2), loss: SparseCategoricalCrossentropy(), metrics: [Accuracy()])
        try Self.setPattern(m)
        // Evaluation before training: masked loss (mean over the 13 valid steps) and masked accuracy.
        let ev = try m.evaluate([ids], [labels])
        for (k, v) in KerasOracle.maskedSequenceEvaluate.steps[0] {
            #expect(abs((ev[k] ?? .nan) - v) <= 2e-5 + 1e-4 * abs(v), "evaluate \(k): \(ev) vs Keras \(v)")
        }
        try Self.check(m, ids, labels, Oracle(steps: o.steps, weights: o.weights, extra: []))
    }

    @Test func modelUsedAsALayerMatchesKeras() throws {
        let a = Input(shape: [4])
        let inner = Model(inputs: a, outputs: Dense(5, activation: .relu)(a))
        let x = Input(shape: [4])
        let m = Model(inputs: x, outputs: Dense(3, activation: .softmax)(inner(x)))
        try m.compile(optimizer: Adam(learningRate: 1e-2), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        try Self.check(m, Self.x, Self.y, KerasOracle.nestedModel)
    }

    @Test func sequentialWithValidStridedConv1DMatchesKeras() throws {
        let m = Sequential(
            [
                Conv1D(filters: 3, kernelSize: 2, strides: 2, padding: .valid, activation: .relu),
                Flatten(), Dropout(0), Dense(3, activation: .softmax),
            ], inputShape: [7, 3])
        try m.compile(optimizer: RMSprop(learningRate: 1e-2), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        try Self.check(m, Self.pattern([6, 7, 3], 0.7), Self.y, KerasOracle.sequentialConvValid, checkPredictions: true)
    }

    @Test func batchNormalizationOverBatchAndTimeMatchesKeras() throws {
        let x = Input(shape: [7, 3])
        var h = Conv1D(filters: 4, kernelSize: 2, padding: .same, useBias: false)(x)
        h = BatchNormalization(momentum: 0.8)(h)
        h = Conv1D(filters: 2, kernelSize: 3, padding: .causal, activation: .relu)(h)
        let m = Model(inputs: x, outputs: Dense(3, activation: .softmax)(Flatten()(h)))
        try m.compile(optimizer: Adam(learningRate: 1e-2), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        try Self.check(m, Self.pattern([6, 7, 3], 0.7), Self.y, KerasOracle.sequenceBatchNorm, checkPredictions: true)
    }

    /// Keras 3 resolves "accuracy" from the shapes: sparse labels `[N, 1]` against `[N, 3]`
    /// probabilities give sparse categorical accuracy (1/3 here) and the sparse loss accepts them
    /// (1.1233571, the first-step loss of `adamCategorical`); `[N, 3]` 0/1 targets against `[N, 3]`
    /// sigmoid outputs give categorical accuracy (1.0 for these weights; binary would be 0.444).
    @Test func accuracyResolutionAndSparseLabelsOfShapeNByOneMatchKeras() throws {
        let m = Self.mlp(.softmax)
        try m.compile(optimizer: SGD(learningRate: 0), loss: SparseCategoricalCrossentropy(), metrics: [Accuracy()])
        try Self.setPattern(m)
        let ev = try m.evaluate([Self.x], [Tensor(shape: [6, 1], scalars: Self.labels.map(Float.init))])
        #expect(abs(ev["loss"]! - 1.1233571) < 2e-5 && abs(ev["accuracy"]! - 1.0 / 3) < 1e-6, "\(ev)")
        let b = Self.mlp(.sigmoid)
        try b.compile(optimizer: SGD(learningRate: 0), loss: BinaryCrossentropy(), metrics: [Accuracy()])
        try Self.setPattern(b)
        let yb = Tensor(shape: [6, 3], scalars: Self.pattern([6, 3], 2.0).scalars.map { $0 > 0 ? 1 : 0 })
        let evb = try b.evaluate([Self.x], [yb])
        #expect(abs(evb["loss"]! - 0.80127913) < 2e-5 && evb["accuracy"] == 1, "\(evb)")
    }

    /// Compares per-epoch `History` values and final weights with the oracle.
    static func checkHistory(_ m: Model, _ h: History, _ o: Oracle) {
        for (i, expected) in o.steps.enumerated() {
            for (k, v) in expected {
                let got = h.history[k]?[i] ?? .nan
                #expect(abs(got - v) <= 2e-5 + 1e-4 * abs(v), "epoch \(i) \(k): \(got) vs Keras \(v)")
            }
        }
        expectWeights(m, o.weights)
    }

    @Test func fitEpochLogsValidationSplitAndEvaluateMatchKeras() throws {
        let x8 = Self.pattern([8, 4], 0.9) * 2
        let y8 = Tensor.oneHot([1, 0, 2, 2, 1, 0, 1, 2], depth: 3)
        let m = Self.mlp(.softmax)
        try m.compile(optimizer: Adam(learningRate: 1e-2), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        try Self.setPattern(m)
        let h = try m.fit([x8], [y8], batchSize: 4, epochs: 3, verbose: 0, shuffle: false, validationSplit: 0.25)
        Self.checkHistory(m, h, KerasOracle.fitValidationSplit)
        // Evaluation over batches of 4 and 2: means weighted by batch size.
        let ev = try m.evaluate([Self.x], [Self.y], batchSize: 4)
        let e = KerasOracle.fitValidationSplit.extra
        #expect(abs(ev["loss"]! - e[0]) < 2e-5 && abs(ev["accuracy"]! - e[1]) < 1e-6, "\(ev) vs Keras \(e)")
    }

    @Test func fitWithSampleWeightsMatchesKeras() throws {
        let m = Self.mlp(.softmax)
        try m.compile(optimizer: SGD(learningRate: 0.1), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        try Self.setPattern(m)
        let sw = Tensor(shape: [6], scalars: [1.0, 0.5, 2.0, 0.0, 1.5, 1.0])
        let h = try m.fit([Self.x], [Self.y], batchSize: 4, epochs: 2, verbose: 0, shuffle: false, sampleWeight: sw)
        Self.checkHistory(m, h, KerasOracle.fitSampleWeight)
    }

    @Test func fitWithClassWeightsMatchesKeras() throws {
        let m = Self.mlp(.softmax)
        try m.compile(optimizer: SGD(learningRate: 0.1), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        try Self.setPattern(m)
        let h = try m.fit(
            [Self.x], [Self.y], batchSize: 4, epochs: 2, verbose: 0, shuffle: false,
            classWeight: [0: 1, 1: 2, 2: 0.5])
        Self.checkHistory(m, h, KerasOracle.fitClassWeight)
    }

    @Test func weightedMetricsUseSampleWeightsLikeKeras() throws {
        let m = Self.mlp(.softmax)
        try m.compile(optimizer: SGD(learningRate: 0.1), loss: CategoricalCrossentropy(), weightedMetrics: [Accuracy()])
        try Self.setPattern(m)
        let sw = Tensor(shape: [6], scalars: [1.0, 0.5, 2.0, 0.0, 1.5, 1.0])
        let h = try m.fit([Self.x], [Self.y], batchSize: 4, epochs: 2, verbose: 0, shuffle: false, sampleWeight: sw)
        Self.checkHistory(m, h, KerasOracle.fitWeightedMetrics)
    }

    /// Keras 3: a constant loss (learning rate 0) stops after 2, 2, 3 epochs with patience 0, 1, 2.
    @Test(arguments: [(0, 2), (1, 2), (2, 3)])
    func earlyStoppingRunsAsManyEpochsAsKeras(_ patience: Int, _ epochsRun: Int) throws {
        let x = Input(shape: [2])
        let m = Model(inputs: x, outputs: Dense(1)(x))
        try m.compile(optimizer: SGD(learningRate: 0), loss: MeanSquaredError())
        let es = EarlyStopping(monitor: "loss", patience: patience)
        let h = try m.fit([Tensor.ones([4, 2])], [Tensor.ones([4, 1])], batchSize: 32, epochs: 10, verbose: 0, callbacks: [es])
        #expect(h.epochs.count == epochsRun)
    }

    /// Records the learning rate at each epoch end (after `ReduceLROnPlateau` ran).
    final class LearningRateLog: Callback {
        var rates: [Float] = []
        override func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws { rates.append(model!.optimizer!.learningRate) }
    }

    /// Keras 3 learning rates per epoch with a constant loss, factor 0.5, minLR 0.1, for
    /// (patience, cooldown) = (1, 0), (2, 1), (0, 2).
    @Test(arguments: [
        (1, 0, [1.0, 0.5, 0.25, 0.125, 0.1, 0.1, 0.1, 0.1] as [Float]),
        (2, 1, [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125]),
        (0, 2, [1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.1]),
    ])
    func reduceLROnPlateauScheduleMatchesKeras(_ patience: Int, _ cooldown: Int, _ expected: [Float]) throws {
        let x = Input(shape: [2])
        let dense = Dense(1)
        let m = Model(inputs: x, outputs: dense(x))
        dense.trainable = false  // the loss stays constant: a plateau from the second epoch on
        try m.compile(optimizer: SGD(learningRate: 1), loss: MeanSquaredError())
        let log = LearningRateLog()
        let cb = ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: patience, cooldown: cooldown, minLR: 0.1)
        _ = try m.fit([Tensor.ones([4, 2])], [Tensor.ones([4, 1])], batchSize: 32, epochs: 8, verbose: 0, callbacks: [cb, log])
        #expect(log.rates == expected)
    }

    @Test func twoOutputsWithLossWeightsMatchKeras() throws {
        let x = Input(shape: [4])
        let h = Dense(5, activation: .relu)(x)
        let m = Model(inputs: [x], outputs: [Dense(3, activation: .softmax)(h), Dense(2)(h)])
        try m.compile(
            optimizer: Adam(learningRate: 1e-2), losses: [CategoricalCrossentropy(), MeanSquaredError()],
            lossWeights: [1, 0.5])
        try Self.setPattern(m)
        let y2 = Self.pattern([6, 2], 2.5)
        for (i, expected) in KerasOracle.twoOutputsLossWeights.steps.enumerated() {
            let got = try m.trainOnBatch([Self.x], [Self.y, y2])["loss"]!
            #expect(abs(got - expected["loss"]!) < 2e-5 + 1e-4 * expected["loss"]!, "step \(i): \(got) vs \(expected)")
        }
        Self.expectWeights(m, KerasOracle.twoOutputsLossWeights.weights)
    }
}

/// One Keras run: per-step logs, final weights (Keras order), optional inference outputs.
struct Oracle {
    let steps: [[String: Float]]
    let weights: [[Float]]
    let extra: [Float]
}

enum KerasOracle {
    static let adamCategorical: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["accuracy": 0.33333334, "loss": 1.1233571])
        steps.append(["accuracy": 0.33333334, "loss": 1.1130809])
        steps.append(["accuracy": 0.33333334, "loss": 1.1033089])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.39096785, 0.47755745, 0.52289879, 0.4590703, 0.28459984, 0.11434045, -0.010417162, -0.1867224, -0.33500093, -0.48658282, -0.47111619, -0.4384124,
            -0.34337068, -0.19914439, -0.074210845, 0.16186889, 0.3273606, 0.39257386, 0.46069777, 0.46955895,
        ]
        weights.append(w0)
        let w1: [Float] = [0.42553842, 0.31975013, 0.22528562, 0.045599788, -0.18871084]
        weights.append(w1)
        let w2: [Float] = [
            0.040762063, -0.14323156, -0.25179738, -0.44136137, -0.51659787, -0.46530533, -0.45970342, -0.34953642, -0.12876314, 0.053404331, 0.17237845,
            0.38402447, 0.48549503, 0.4718408, 0.44588503,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.40785971, -0.44096023, -0.47098175]
        weights.append(w3)
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let sgdNesterovClipnorm: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["accuracy": 0.33333334, "loss": 1.1233571])
        steps.append(["accuracy": 0.33333334, "loss": 1.1144212])
        steps.append(["accuracy": 0.33333334, "loss": 1.1026354])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.38385698, 0.49075797, 0.53264713, 0.47012728, 0.30669123, 0.12620114, -0.032628164, -0.19174024, -0.34249383, -0.46586153, -0.49578515,
            -0.45698568, -0.36650687, -0.2269097, -0.054685358, 0.15715562, 0.31200731, 0.41036251, 0.46986255, 0.48831055,
        ]
        weights.append(w0)
        let w1: [Float] = [0.44653207, 0.3465111, 0.20400175, 0.019437732, -0.17027149]
        weights.append(w1)
        let w2: [Float] = [
            0.015272764, -0.12596489, -0.21362478, -0.44123322, -0.51978987, -0.43280178, -0.43791661, -0.3658925, -0.11143462, 0.038800471, 0.17320238,
            0.36787477, 0.46997985, 0.49342445, 0.46753797,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.40810701, -0.45977622, -0.48130512]
        weights.append(w3)
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let rmspropSparseClipvalue: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["loss": 1.1233571, "sparse_categorical_accuracy": 0.33333334])
        steps.append(["loss": 1.0925237, "sparse_categorical_accuracy": 0.16666667])
        steps.append(["loss": 1.0690464, "sparse_categorical_accuracy": 0.33333334])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.36177132, 0.51163554, 0.56997722, 0.5043689, 0.28877625, 0.10569776, 0.045704912, -0.1377112, -0.28773132, -0.49372604, -0.41221589, -0.3859024,
            -0.28730857, -0.14710653, -0.082401074, 0.2096177, 0.37526864, 0.35961047, 0.42315364, 0.46112379,
        ]
        weights.append(w0)
        let w1: [Float] = [0.41561526, 0.33818519, 0.26113617, 0.10289836, -0.19720885]
        weights.append(w1)
        let w2: [Float] = [
            0.0094674686, -0.19123663, -0.21547998, -0.45107549, -0.56938761, -0.42198566, -0.41442069, -0.39734253, -0.082167387, 0.098692447, 0.12166473,
            0.43836901, 0.48932168, 0.46814442, 0.44229898,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.42535189, -0.3915211, -0.48244485]
        weights.append(w3)
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let adamwLogits: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["loss": 1.1233571])
        steps.append(["loss": 1.1130389])
        steps.append(["loss": 1.1032578])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.38973954, 0.47612944, 0.52139127, 0.45775351, 0.28372416, 0.11394399, -0.01032793, -0.186103, -0.33393753, -0.48514736, -0.46964538, -0.4370378,
            -0.34228128, -0.1984877, -0.074011266, 0.1614434, 0.32643932, 0.39133868, 0.45925888, 0.46812886,
        ]
        weights.append(w0)
        let w1: [Float] = [0.42421597, 0.31874654, 0.22466666, 0.045524456, -0.18816811]
        weights.append(w1)
        let w2: [Float] = [
            0.040583737, -0.14286204, -0.25098541, -0.44009012, -0.51510996, -0.46385229, -0.45823061, -0.34854862, -0.12831779, 0.053303536, 0.1718017,
            0.38293424, 0.48408371, 0.47038299, 0.44450501,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.40669027, -0.4395799, -0.4695209]
        weights.append(w3)
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let sgdBinary: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["binary_accuracy": 0.44444445, "loss": 0.80127913])
        steps.append(["binary_accuracy": 0.44444445, "loss": 0.76129609])
        steps.append(["binary_accuracy": 0.44444445, "loss": 0.72338748])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.41365066, 0.43435273, 0.45534825, 0.44089264, 0.32462868, 0.13071285, -0.11829224, -0.26921311, -0.34398556, -0.42579681, -0.51716602,
            -0.56031424, -0.43366811, -0.20045662, 0.0020840778, 0.11277591, 0.20499916, 0.36260289, 0.52068013, 0.55410117,
        ]
        weights.append(w0)
        let w1: [Float] = [0.44603205, 0.29173553, 0.15055898, 0.049896192, -0.095317245]
        weights.append(w1)
        let w2: [Float] = [
            0.10236746, -0.10134203, -0.26850963, -0.38889188, -0.47763789, -0.48543179, -0.41639212, -0.30815029, -0.1469643, 0.039885174, 0.21484196,
            0.36669689, 0.46314839, 0.50514156, 0.47933048,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.3196719, -0.43800086, -0.46438935]
        weights.append(w3)
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let adamMSE: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["loss": 0.7595672, "mae": 0.75678366])
        steps.append(["loss": 0.66372484, "mae": 0.70824653])
        steps.append(["loss": 0.57391882, "mae": 0.6593737])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.39107937, 0.46008366, 0.46302336, 0.45903605, 0.33538866, 0.11407635, -0.069024689, -0.24659348, -0.33505636, -0.43441129, -0.52962959,
            -0.49822059, -0.40320295, -0.19789286, -0.021660587, 0.10215645, 0.26747647, 0.39275634, 0.52058709, 0.52224588,
        ]
        weights.append(w0)
        let w1: [Float] = [0.42489707, 0.31876263, 0.16558053, 0.045761548, -0.1361267]
        weights.append(w1)
        let w2: [Float] = [
            0.10035426, -0.083409786, -0.25186124, -0.38222581, -0.4567847, -0.46550024, -0.40727887, -0.28981358, -0.12911634, 0.05344547, 0.23247211,
            0.38410148, 0.48768029, 0.52943558, 0.50358725,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.34849542, -0.44106326, -0.46989506]
        weights.append(w3)
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let batchNormMAE: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["loss": 0.41260731])
        steps.append(["loss": 0.2841101])
        steps.append(["loss": 0.19695826])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.42154646, 0.49050704, 0.4917061, 0.46409032, 0.3498922, 0.14482108, -0.037266135, -0.2160999, -0.34414926, -0.42891112, -0.49875489, -0.46538296,
            -0.37098822, -0.22395954, -0.028986562, 0.13299815, 0.30098721, 0.42636612, 0.47701901, 0.49927947,
        ]
        weights.append(w0)
        let w1: [Float] = [0.4546487, 0.34863886, 0.19544239, 0.015793715, -0.16599257]
        weights.append(w1)
        let w2: [Float] = [0.097108185, -0.083597958, -0.28191066, -0.42059845, -0.48030183]
        weights.append(w2)
        let w3: [Float] = [-0.48245192, -0.56087679, -0.4784303, -0.35497102, -0.28954038]
        weights.append(w3)
        let w4: [Float] = [-0.22142765, -0.18495065, -0.12345405, -0.045071669, 0.039708294]
        weights.append(w4)
        let w5: [Float] = [0.63803643, 0.76839554, 0.89546114, 1.0030012, 1.07648]
        weights.append(w5)
        let w6: [Float] = [
            0.35380295, 0.48025784, 0.53443873, 0.50636119, 0.44863838, 0.31527916, 0.12221248, -0.041855913, -0.21463627, -0.3692686, -0.4443883, -0.46468663,
            -0.42296103, -0.3155103, -0.16078173,
        ]
        weights.append(w6)
        let w7: [Float] = [0.43912357, 0.34600645, 0.22736165]
        weights.append(w7)
        let extra: [Float] = [
            0.22267838, 0.21148145, 0.21476364, 0.17480937, 0.18343422, 0.21103303, 0.064320385, 0.064977705, 0.099372447, 0.092152894, 0.071543604,
            0.082854092, 0.20768918, 0.19119082, 0.19151922, 0.20080832, 0.20632213, 0.22774322,
        ]
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let convLayerNorm: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["accuracy": 0.33333334, "loss": 1.1058499])
        steps.append(["accuracy": 0.33333334, "loss": 1.09645])
        steps.append(["accuracy": 0.33333334, "loss": 1.0863711])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.39122054, 0.51994634, 0.5225094, 0.3990221, 0.27757996, 0.17378427, -0.0092357937, -0.24676543, -0.39471406, -0.43385652, -0.46993193,
            -0.49824142, -0.34376958, -0.25677335, -0.079611614, 0.15765271, 0.32699412, 0.39284363, 0.46126285, 0.52181017, 0.45700228, 0.27456811, 0.11077146,
            -0.012596538, -0.18985473, -0.39704746, -0.49491721, -0.47071916, -0.43762431, -0.39920938, -0.2529529, -0.02027123, 0.10654496, 0.32078135,
            0.43756661, 0.4850392,
        ]
        weights.append(w0)
        let w1: [Float] = [0.48391578, 0.31999648, 0.16729306, 0.043613438]
        weights.append(w1)
        let w2: [Float] = [0.067124277, -0.10759102, -0.27974242, -0.40751028]
        weights.append(w2)
        let w3: [Float] = [-0.34965464, -0.44595242, -0.52932739, -0.49011359]
        weights.append(w3)
        let w4: [Float] = [
            -0.45451561, -0.36936021, -0.28177899, -0.060697466, 0.12769686, 0.28024417, 0.37299529, 0.48461652, 0.4842416, 0.44003737, 0.31601587, 0.17692676,
            -0.016190574, -0.18690564, -0.33439523, -0.47775,
        ]
        weights.append(w4)
        let w5: [Float] = [-0.11273188, 0.013897488]
        weights.append(w5)
        let w6: [Float] = [
            0.35841894, 0.44612965, 0.46671551, 0.51350224, 0.43265462, 0.2422085, 0.12352163, -0.053635765, -0.28504476, -0.42317083, -0.45076987, -0.50147575,
            -0.42657501, -0.37048903, -0.19754772, 0.004992852, 0.14429249, 0.33572486, 0.43024418, 0.52377516, 0.48459092, 0.39005294, 0.29597855, 0.099851392,
        ]
        weights.append(w6)
        let w7: [Float] = [0.46525776, 0.40584266, 0.34562942]
        weights.append(w7)
        let extra: [Float] = [
            0.34986848, 0.33351031, 0.31662127, 0.3330265, 0.32632551, 0.340648, 0.35412866, 0.33399853, 0.31187287, 0.3637121, 0.33770689, 0.29858097,
            0.35291681, 0.33587518, 0.31120798, 0.33742875, 0.32702032, 0.33555096,
        ]
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let embedding: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["accuracy": 0.33333334, "loss": 1.1205478])
        steps.append(["accuracy": 0.33333334, "loss": 1.1051422])
        steps.append(["accuracy": 0.33333334, "loss": 1.090332])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.45074669, 0.51998705, 0.46286479, 0.39919263, 0.27730328, 0.17135809, -0.0091278926, -0.19995172, -0.34794405, -0.49389097, -0.50396943,
            -0.43839332, -0.40337336, -0.2332707, -0.081478901, 0.10184341, 0.27025509, 0.39382106,
        ]
        weights.append(w0)
        let w1: [Float] = [
            0.48469037, 0.31860805, 0.22542974, 0.04375777, -0.19599824, -0.30055305, -0.4106358, -0.52618444, -0.45496941, -0.377698, -0.30531776,
            -0.075762376, 0.048046906, 0.28131679, 0.3614195, 0.50679123, 0.4695392, 0.45631289, 0.31628585, 0.22227265, -0.017657161, -0.19915439, -0.29793695,
            -0.4721697, -0.52670258, -0.4540467, -0.43513259, -0.30245271, -0.07259243, 0.051817931,
        ]
        weights.append(w1)
        let w2: [Float] = [0.04073815, -0.099241309, -0.25167388]
        weights.append(w2)
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let sgdMomentumSparseLogits: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["loss": 1.1233571, "sparse_categorical_accuracy": 0.33333334])
        steps.append(["loss": 1.1186008, "sparse_categorical_accuracy": 0.33333334])
        steps.append(["loss": 1.1117741, "sparse_categorical_accuracy": 0.33333334])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.40010169, 0.48928678, 0.51339144, 0.45077488, 0.30690584, 0.13364972, -0.036644138, -0.20408203, -0.35313809, -0.46500713, -0.49814081,
            -0.46300286, -0.37026432, -0.22740507, -0.053306766, 0.1453145, 0.30480325, 0.41569799, 0.47958305, 0.49002671,
        ]
        weights.append(w0)
        let w1: [Float] = [0.44985417, 0.34739316, 0.19999622, 0.0176562, -0.16841887]
        weights.append(w1)
        let w2: [Float] = [
            0.040492758, -0.1203697, -0.24443997, -0.42815626, -0.50389433, -0.46177432, -0.4375909, -0.34373456, -0.13391823, 0.031678684, 0.1871926,
            0.36100632, 0.46430472, 0.49623829, 0.47039923,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.39521357, -0.46532491, -0.48864979]
        weights.append(w3)
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let adamBinaryLogits: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["loss": 0.80127913])
        steps.append(["loss": 0.77765423])
        steps.append(["loss": 0.7544511])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.39119717, 0.46001455, 0.46286619, 0.45906565, 0.33529255, 0.11404164, -0.069108479, -0.24678758, -0.33501625, -0.43429086, -0.52971697,
            -0.49831602, -0.40339762, -0.19784659, -0.021594912, 0.10203803, 0.26736793, 0.39257365, 0.52063912, 0.52227974,
        ]
        weights.append(w0)
        let w1: [Float] = [0.42510805, 0.31873348, 0.1659119, 0.045808688, -0.13605726]
        weights.append(w1)
        let w2: [Float] = [
            0.10032887, -0.083910614, -0.25228274, -0.3822296, -0.45706201, -0.46574512, -0.40724725, -0.28992635, -0.12921672, 0.053428672, 0.23246714,
            0.38409632, 0.48759919, 0.52935714, 0.50350535,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.34843767, -0.44105905, -0.46988958]
        weights.append(w3)
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let mergeLayersTwoInputs: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["accuracy": 0.33333334, "loss": 0.99450636])
        steps.append(["accuracy": 0.5, "loss": 0.95836896])
        steps.append(["accuracy": 0.5, "loss": 0.92284441])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.45077336, 0.51998216, 0.46282068, 0.40150878, 0.27721655, 0.11371776, -0.0689217, -0.24676462, -0.39501309, -0.49376974, -0.52996606, -0.49831483,
        ]
        weights.append(w0)
        let w1: [Float] = [0.42469856, 0.31870541, 0.16549805]
        weights.append(w1)
        let w2: [Float] = [
            0.041614611, -0.14291896, -0.31071293, -0.41287401, -0.51624513, -0.52510375, -0.41627431, -0.34915888, -0.18877231, 0.051147424, 0.17279406,
            0.32402554,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.40541261, -0.50095296, -0.52981585]
        weights.append(w3)
        let w4: [Float] = [
            -0.50945657, -0.36568376, -0.22846992, -0.11615387, 0.12780966, 0.29836595, 0.37286067, 0.5127148, 0.5266602, 0.41546941, 0.36140373, 0.1436439,
            0.022433642, -0.15802477, -0.37275702, -0.42116138, -0.52860481, -0.50842637, -0.38113502, -0.28531954, -0.052758329, 0.071067877, 0.30126169,
            0.43484986, 0.4535509, 0.52686828, 0.4724147, 0.29904893, 0.20043227, 0.018685557, -0.22096209, -0.31519729, -0.4231444, -0.52874583, -0.44748372,
            -0.36227611,
        ]
        weights.append(w4)
        let w5: [Float] = [-0.10993222, 0.073380694, 0.190662]
        weights.append(w5)
        let extra: [Float] = [
            0.36705586, 0.29405621, 0.33888799, 0.15579058, 0.28976822, 0.55444121, 0.1495921, 0.31912538, 0.53128254, 0.32906529, 0.33553663, 0.33539805,
            0.42103225, 0.29295632, 0.28601143, 0.18312915, 0.28843871, 0.52843213,
        ]
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let maskedSequenceEvaluate: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["accuracy": 0.30769229, "loss": 1.1489424])
        var weights: [[Float]] = []
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let maskedSequence: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["loss": 1.1489424])
        steps.append(["loss": 1.1355129])
        steps.append(["loss": 1.1225532])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.42073548, 0.48995402, 0.4928596, 0.42905891, 0.27727196, 0.11387099, -0.054637402, -0.1867269, -0.33589748, -0.49380851, -0.52995288, -0.49587294,
            -0.34357265, -0.19790812, -0.021970637, 0.1018007, 0.26741278, 0.39271161, 0.47524336, 0.52231306, 0.41414693, 0.27446371, 0.11044789, -0.015132421,
            -0.19004725, -0.33740103, -0.43555403, -0.53001565, -0.46716431, -0.37110788, -0.22482373, -0.048110757, 0.16006537, 0.27003416, 0.39438963,
            0.49942434,
        ]
        weights.append(w0)
        let w1: [Float] = [
            0.42469931, 0.37866542, 0.22537115, -0.014124484, -0.19575608, -0.295358, -0.47050452, -0.52630544, -0.45479286, -0.43765679, -0.30531061,
            -0.075779311,
        ]
        weights.append(w1)
        let w2: [Float] = [0.040637694, -0.083276756, -0.25177231]
        weights.append(w2)
        let extra: [Float] = [0, 0, 0, 0, 0, 8, 6, 4, 0, 0, 0, 5, 3, 0, 0, 6, 4, 2, 0, 0, 5, 3, 1, 0, 0, 4, 2, 0, 0, 0]
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let nestedModel: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["accuracy": 0.33333334, "loss": 1.1233571])
        steps.append(["accuracy": 0.33333334, "loss": 1.1130809])
        steps.append(["accuracy": 0.33333334, "loss": 1.1033089])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.39096785, 0.47755745, 0.52289879, 0.4590703, 0.28459984, 0.11434045, -0.010417162, -0.1867224, -0.33500093, -0.48658282, -0.47111619, -0.4384124,
            -0.34337068, -0.19914439, -0.074210845, 0.16186889, 0.3273606, 0.39257386, 0.46069777, 0.46955895,
        ]
        weights.append(w0)
        let w1: [Float] = [0.42553842, 0.31975013, 0.22528562, 0.045599788, -0.18871084]
        weights.append(w1)
        let w2: [Float] = [
            0.040762063, -0.14323156, -0.25179738, -0.44136137, -0.51659787, -0.46530533, -0.45970342, -0.34953642, -0.12876314, 0.053404331, 0.17237845,
            0.38402447, 0.48549503, 0.4718408, 0.44588503,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.40785971, -0.44096023, -0.47098175]
        weights.append(w3)
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let sequentialConvValid: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["accuracy": 0.33333334, "loss": 1.1651773])
        steps.append(["accuracy": 0.33333334, "loss": 1.1031426])
        steps.append(["accuracy": 0.66666669, "loss": 1.0617514])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.35578489, 0.57914788, 0.56684053, 0.36130437, 0.39151043, 0.21411651, -0.11204574, -0.14241122, -0.30322033, -0.55151838, -0.44224083,
            -0.45568612, -0.33358967, -0.19577841, -0.13983397, 0.18625976, 0.30403203, 0.33960605,
        ]
        weights.append(w0)
        let w1: [Float] = [0.39855343, 0.30715811, 0.25577736]
        weights.append(w1)
        let w2: [Float] = [
            -0.00039339389, -0.17669159, -0.21330452, -0.46716297, -0.57185465, -0.42334226, -0.50651795, -0.32880497, -0.079785779, 0.096336998, 0.12534012,
            0.28903335, 0.53164381, 0.44540241, 0.38729206, 0.46553144, 0.16997197, 0.06350489, -0.18212585, -0.2135139, -0.4938423, -0.56382889, -0.4237268,
            -0.48656976, -0.40129429, -0.077045232, -0.045102894,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.43477887, -0.41293514, -0.44425079]
        weights.append(w3)
        let extra: [Float] = [
            0.36249375, 0.30803871, 0.32946751, 0.33345848, 0.31384051, 0.35270104, 0.31748053, 0.36165443, 0.32086506, 0.34201372, 0.3632178, 0.29476848,
            0.36424947, 0.31586689, 0.31988364, 0.34104842, 0.30662516, 0.35232642,
        ]
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let sequenceBatchNorm: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["accuracy": 0.33333334, "loss": 1.121086])
        steps.append(["accuracy": 0.33333334, "loss": 1.0982498])
        steps.append(["accuracy": 0.33333334, "loss": 1.0796422])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.42379421, 0.51134145, 0.48784196, 0.40347829, 0.29661942, 0.17133, -0.020005763, -0.24361271, -0.38643715, -0.43484893, -0.47379568, -0.44748688,
            -0.39923966, -0.19814739, -0.023867976, 0.15453056, 0.26780438, 0.45192966, 0.51944864, 0.51625246, 0.39760187, 0.33051059, 0.17000662,
            -0.017468378,
        ]
        weights.append(w0)
        let w1: [Float] = [0.48370817, 0.33847666, 0.17271253, -0.006335197]
        weights.append(w1)
        let w2: [Float] = [0.071342029, -0.13629469, -0.29978901, -0.42626125]
        weights.append(w2)
        let w3: [Float] = [-0.1894657, -0.23749477, -0.25406811, -0.23653156]
        weights.append(w3)
        let w4: [Float] = [0.27166554, 0.31677505, 0.38503921, 0.4715308]
        weights.append(w4)
        let w5: [Float] = [
            -0.1606317, 0.072203338, 0.19211863, 0.39447343, 0.43543026, 0.52561921, 0.4620868, 0.39629033, 0.19513023, 0.019053303, -0.16583872, -0.30233061,
            -0.45422187, -0.4776485, -0.49391258, -0.40105894, -0.32934213, -0.16644117, 0.01728766, 0.19365373, 0.34041092, 0.46792212, 0.49675572, 0.48938423,
        ]
        weights.append(w5)
        let w6: [Float] = [0.33112207, 0.418758]
        weights.append(w6)
        let w7: [Float] = [
            0.46540877, 0.4642092, 0.28689519, 0.18472376, -0.057329379, -0.23628624, -0.38700604, -0.42941678, -0.46970114, -0.50218803, -0.35103303,
            -0.23357113, -0.034355026, 0.090725929, 0.31757191, 0.44619274, 0.45851341, 0.52373713, 0.46321711, 0.28409001, 0.12171905, -0.00098446291,
            -0.23911054, -0.38940185, -0.49001119, -0.47009641, -0.50102103, -0.40781, -0.20536599, -0.088842578, 0.094057873, 0.32059124, 0.3882094,
            0.45949396, 0.52337885, 0.40152821, 0.28173411, 0.17824961, -0.036275379, -0.2418783, -0.33217135, -0.43296903,
        ]
        weights.append(w7)
        let w8: [Float] = [0.17634609, 0.052573916, -0.12514888]
        weights.append(w8)
        let extra: [Float] = [
            0.38186082, 0.33651459, 0.28162456, 0.37903252, 0.33793825, 0.28302929, 0.37335849, 0.3420907, 0.28455079, 0.37126511, 0.34123975, 0.28749511,
            0.38171765, 0.33700013, 0.28128225, 0.37993985, 0.33720669, 0.28285342,
        ]
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let fitValidationSplit: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["accuracy": 0.33333334, "loss": 1.0863571, "val_accuracy": 0, "val_loss": 1.1476928])
        steps.append(["accuracy": 0.33333334, "loss": 1.0653445, "val_accuracy": 0, "val_loss": 1.1337684])
        steps.append(["accuracy": 0.33333334, "loss": 1.0466949, "val_accuracy": 0, "val_loss": 1.1211668])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.48003671, 0.54974097, 0.43509331, 0.37740159, 0.36605617, 0.20199382, 0.019615661, -0.27335292, -0.41050285, -0.40610805, -0.44511685,
            -0.41588372, -0.4271901, -0.22106145, 0.0053859325, 0.15614231, 0.27131474, 0.38430834, 0.55017465, 0.54826576,
        ]
        weights.append(w0)
        let w1: [Float] = [0.44464687, 0.34090769, 0.2053898, -0.01052352, -0.10936756]
        weights.append(w1)
        let w2: [Float] = [
            0.11746474, -0.092936784, -0.30747071, -0.36451998, -0.43101531, -0.54587847, -0.39569664, -0.26575464, -0.20864232, -0.036061648, 0.26017278,
            0.29923713, 0.40424001, 0.55297554, 0.42032024,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.3955881, -0.46446514, -0.49494833]
        weights.append(w3)
        let extra: [Float] = [1.1684539, 0.33333334]
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let fitSampleWeight: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["accuracy": 0.33333334, "loss": 1.1149875])
        steps.append(["accuracy": 0.33333334, "loss": 1.1094724])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.39915106, 0.48678008, 0.51210058, 0.44975132, 0.3070935, 0.13524096, -0.037855577, -0.20684633, -0.35629311, -0.46508586, -0.49422309,
            -0.46275508, -0.37412789, -0.23226458, -0.053641237, 0.15102851, 0.30647674, 0.41125801, 0.47367677, 0.48948181,
        ]
        weights.append(w0)
        let w1: [Float] = [0.46068883, 0.35076541, 0.190384, 0.0063110706, -0.16910461]
        weights.append(w1)
        let w2: [Float] = [
            0.053754918, -0.12034117, -0.25773066, -0.41697207, -0.50332242, -0.47353041, -0.43005988, -0.34285778, -0.14232603, 0.036155067, 0.18547776,
            0.35824481, 0.46644777, 0.49509457, 0.46939987,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.33806524, -0.50778997, -0.50333309]
        weights.append(w3)
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let fitWeightedMetrics: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["accuracy": 0.41666666, "loss": 1.1149875])
        steps.append(["accuracy": 0.41666666, "loss": 1.1094724])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.39915106, 0.48678008, 0.51210058, 0.44975132, 0.3070935, 0.13524096, -0.037855577, -0.20684633, -0.35629311, -0.46508586, -0.49422309,
            -0.46275508, -0.37412789, -0.23226458, -0.053641237, 0.15102851, 0.30647674, 0.41125801, 0.47367677, 0.48948181,
        ]
        weights.append(w0)
        let w1: [Float] = [0.46068883, 0.35076541, 0.190384, 0.0063110706, -0.16910461]
        weights.append(w1)
        let w2: [Float] = [
            0.053754918, -0.12034117, -0.25773066, -0.41697207, -0.50332242, -0.47353041, -0.43005988, -0.34285778, -0.14232603, 0.036155067, 0.18547776,
            0.35824481, 0.46644777, 0.49509457, 0.46939987,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.33806524, -0.50778997, -0.50333309]
        weights.append(w3)
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let fitClassWeight: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["accuracy": 0.33333334, "loss": 1.3076348])
        steps.append(["accuracy": 0.16666667, "loss": 1.2893857])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.40932423, 0.49044076, 0.50361472, 0.44058713, 0.30704054, 0.14193134, -0.035449833, -0.21304993, -0.36253515, -0.46491417, -0.49192101,
            -0.46192989, -0.3772096, -0.23473968, -0.05326812, 0.14863071, 0.30560973, 0.4117153, 0.47530362, 0.49000582,
        ]
        weights.append(w0)
        let w1: [Float] = [0.460428, 0.34766299, 0.18871832, 0.0052560968, -0.16849376]
        weights.append(w1)
        let w2: [Float] = [
            0.050925229, -0.093588062, -0.28165412, -0.41768044, -0.48458394, -0.49156052, -0.42892402, -0.33376476, -0.15255493, 0.035044935, 0.19019346,
            0.35463923, 0.46449074, 0.49596786, 0.4704836,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.38563219, -0.4132401, -0.55031604]
        weights.append(w3)
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
    static let twoOutputsLossWeights: Oracle = {
        var steps: [[String: Float]] = []
        steps.append(["loss": 1.1764747])
        steps.append(["loss": 1.1584973])
        steps.append(["loss": 1.1427971])
        var weights: [[Float]] = []
        let w0: [Float] = [
            0.39095923, 0.46078682, 0.52287489, 0.45898047, 0.33614159, 0.11410314, -0.067783296, -0.18677263, -0.33517888, -0.43505698, -0.52913588,
            -0.49496305, -0.34352151, -0.19831504, -0.022915032, 0.11999237, 0.29696071, 0.39263898, 0.46226174, 0.5200389,
        ]
        weights.append(w0)
        let w1: [Float] = [0.42748034, 0.32013786, 0.22482085, 0.04528778, -0.14652587]
        weights.append(w1)
        let w2: [Float] = [
            0.04057914, -0.13756543, -0.25191456, -0.44195759, -0.51579177, -0.46553975, -0.4543694, -0.34953731, -0.12876566, 0.053417414, 0.17237897,
            0.38403276, 0.48761454, 0.46965963, 0.44382557,
        ]
        weights.append(w2)
        let w3: [Float] = [-0.40778649, -0.4409771, -0.47107959]
        weights.append(w3)
        let w4: [Float] = [-0.45005018, -0.42576873, -0.22905533, -0.11619461, 0.12755173, 0.23880655, 0.43272403, 0.45368671, 0.5271492, 0.41476133]
        weights.append(w4)
        let w5: [Float] = [-0.11032406, 0.013338499]
        weights.append(w5)
        let extra: [Float] = []
        return Oracle(steps: steps, weights: weights, extra: extra)
    }()
}
