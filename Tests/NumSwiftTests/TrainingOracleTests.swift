import Foundation
import Testing
@testable import NumSwift

/// Keras 3 runs of regularised models, `global_clipnorm` and `gradient_accumulation_steps`
/// (fixtures from benchmarks/compare/keras_oracle_training.py in TrainingOracleFixtures.swift):
/// per-step losses, final weights and the `test_on_batch` loss afterwards (evaluation includes
/// the regularisation terms, as in Keras).
@Suite struct TrainingOracleTests {
    typealias K = KerasOracleTests

    static func check(_ m: Model, _ x: Tensor, _ o: Oracle) throws {
        try K.setPattern(m)
        for (i, expected) in o.steps.enumerated() {
            let logs = try m.trainOnBatch([x], [K.y])
            let got = try #require(logs["loss"]), v = expected["loss"]!
            #expect(abs(got - v) <= 2e-5 + 1e-4 * abs(v), "step \(i): loss \(got) vs Keras \(v)")
        }
        K.expectWeights(m, o.weights)
        let ev = try m.testOnBatch([x], [K.y])["loss"]!
        #expect(abs(ev - o.extra[0]) <= 2e-5 + 1e-4 * o.extra[0], "test_on_batch loss \(ev) vs Keras \(o.extra[0])")
    }

    static func mlp(hidden: Dense, out: Dense) -> Model {
        let x = Input(shape: [4])
        return Model(inputs: x, outputs: out(hidden(x)))
    }

    @Test func l2KernelL1BiasAndL2ActivityRegularizersMatchKeras() throws {
        let m = Self.mlp(
            hidden: Dense(5, activation: .relu, kernelRegularizer: L2(0.01), biasRegularizer: L1(0.02)),
            out: Dense(3, activation: .softmax, kernelRegularizer: L1(0.01), activityRegularizer: L2(0.05)))
        try m.compile(optimizer: SGD(learningRate: 0.1), loss: CategoricalCrossentropy())
        try Self.check(m, K.x, TrainingOracle.l2KernelL1BiasL2Activity)
    }

    @Test func l1l2KernelAndL1ActivityRegularizersWithAdamMatchKeras() throws {
        let m = Self.mlp(
            hidden: Dense(5, activation: .relu, kernelRegularizer: L1L2(l1: 0.01, l2: 0.02), activityRegularizer: L1(0.03)),
            out: Dense(3, activation: .softmax))
        try m.compile(optimizer: Adam(learningRate: 1e-2), loss: CategoricalCrossentropy())
        try Self.check(m, K.x, TrainingOracle.l1l2KernelL1ActivityAdam)
    }

    @Test func globalClipnormWithSGDMomentumMatchesKeras() throws {
        let m = K.mlp(.softmax)
        try m.compile(optimizer: SGD(learningRate: 0.5, momentum: 0.9, globalClipnorm: 0.3), loss: CategoricalCrossentropy())
        try Self.check(m, K.x, TrainingOracle.globalClipnormSGD)
    }

    @Test func globalClipnormWithAdamMatchesKeras() throws {
        let m = K.mlp(.softmax)
        try m.compile(optimizer: Adam(learningRate: 1e-2, globalClipnorm: 0.2), loss: CategoricalCrossentropy())
        try Self.check(m, K.x, TrainingOracle.globalClipnormAdam)
    }

    @Test func gradientAccumulationWithAdamMatchesKeras() throws {
        let m = K.mlp(.softmax)
        let opt = Adam(learningRate: 1e-2)
        opt.gradientAccumulationSteps = 2
        try m.compile(optimizer: opt, loss: CategoricalCrossentropy())
        try Self.check(m, K.x, TrainingOracle.accumulationAdam)
        #expect(opt.iterations == 2 && opt.calls == 4)
    }

    @Test func gradientAccumulationWithSGDMomentumMatchesKeras() throws {
        let m = K.mlp(.softmax)
        let opt = SGD(learningRate: 0.1, momentum: 0.9)
        opt.gradientAccumulationSteps = 3
        try m.compile(optimizer: opt, loss: CategoricalCrossentropy())
        try Self.check(m, K.x, TrainingOracle.accumulationSGDMomentum)
    }

    @Test func embeddingAndConv1DRegularizersMatchKeras() throws {
        let ids = Tensor(shape: [6, 5], scalars: (0..<30).map { Float($0 * 7 % 9) })
        let x = Input(shape: [5])
        var h = Embedding(inputDim: 9, outputDim: 4, embeddingsRegularizer: L2(0.01), activityRegularizer: L1(0.01))(x)
        h = Conv1D(
            filters: 3, kernelSize: 2, activation: .tanh, kernelRegularizer: L2(0.02), biasRegularizer: L2(0.1),
            activityRegularizer: L2(0.01))(h)
        let m = Model(inputs: x, outputs: Dense(3, activation: .softmax)(Flatten()(h)))
        try m.compile(optimizer: Adam(learningRate: 1e-2), loss: CategoricalCrossentropy())
        try Self.check(m, ids, TrainingOracle.embeddingConvRegularizers)
    }
}
