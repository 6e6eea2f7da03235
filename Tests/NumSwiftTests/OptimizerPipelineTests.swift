import Foundation
import Testing
@testable import NumSwift

/// The optimiser pipeline: ordered transforms, clipping variants, noise, multipliers, schedules,
/// reset, and the public training-step seams (custom `trainStep`, hand-written loop with callbacks).
@Suite struct OptimizerPipelineTests {
    typealias K = KerasOracleTests

    @Test func transformsRunInOrderAndSeeTheStep() throws {
        let v = Variable(Tensor.zeros([2]))
        let opt = SGD(learningRate: 1)
        var steps: [Int] = []
        opt.gradientTransforms = [
            GradientMap { _, g in g + 1 },
            GradientMap { _, g in g * 2 },
            GradientsMap { _, _, step in steps.append(step) },
        ]
        opt.apply(gradients: [Tensor([1, -1])], to: [v])
        opt.apply(gradients: [Tensor([1, -1])], to: [v])
        #expect(v.value.scalars == [-8, 0])  // ((g + 1) · 2) twice
        #expect(steps == [1, 2])
    }

    @Test func l1NormClipAndValueClipAndNoise() throws {
        let p = [Parameter(Variable(Tensor.zeros([3]), name: "a/kernel")), Parameter(Variable(Tensor.zeros([1]), name: "b/bias"))]
        var gs = [Tensor([1, -2, 3]), Tensor([4])]
        L1NormClip(3).transform(&gs, p, step: 1)
        #expect(zip(gs[0].scalars, [0.5, -1, 1.5]).allSatisfy { abs($0 - $1) < 1e-6 } && gs[1].scalars == [3])
        ValueClip(1, selection: .nameMatching("kernel")).transform(&gs, p, step: 1)
        #expect(gs[0].scalars == [0.5, -1, 1] && gs[1].scalars == [3])
        var n1 = [Tensor.zeros([1000])], n2 = [Tensor.zeros([1000])]
        GradientNoise(eta: 0.3, gamma: 0.55, seed: 4).transform(&n1, [Parameter(Variable(Tensor.zeros([1000])))], step: 3)
        GradientNoise(eta: 0.3, gamma: 0.55, seed: 4).transform(&n2, [Parameter(Variable(Tensor.zeros([1000])))], step: 3)
        let std = n1[0].squared().mean().scalar.squareRoot(), expected = (0.3 / powf(4, 0.55)).squareRoot()
        #expect(n1[0].scalars == n2[0].scalars && abs(std - expected) < 0.05 * expected)
    }

    @Test func lrMultiplierZeroFreezesBitIdenticallyAndOtherMultipliersScaleTheStep() throws {
        let xIn = Input(shape: [4])
        let a = Dense(5, activation: .relu), b = Dense(3, activation: .softmax)
        let m = Model(inputs: xIn, outputs: b(a(xIn)))
        try K.setPattern(m)
        a.lrMultiplier = 0
        b.biasVariable!.lrMultiplier = 0.5
        try m.compile(optimizer: SGD(learningRate: 0.1), loss: CategoricalCrossentropy())
        let before = m.getWeights()
        let (_, g) = try m.computeGradients(Batch(x: [K.x], y: [K.y]))
        try m.applyGradients(g)
        let after = m.getWeights()
        #expect(after[0].scalars == before[0].scalars && after[1].scalars == before[1].scalars)
        #expect(zip(after[2].scalars, (before[2] - g.values[2]! * 0.1).scalars).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(zip(after[3].scalars, (before[3] - g.values[3]! * 0.05).scalars).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func schedulesGiveTheirKerasValues() throws {
        let e = ExponentialDecay(initial: 0.1, decaySteps: 10, decayRate: 0.5)
        #expect(abs(e.learningRate(step: 5) - 0.1 * powf(0.5, 0.5)) < 1e-7)
        #expect(ExponentialDecay(initial: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true).learningRate(step: 19) == 0.05)
        let c = CosineDecay(initial: 0, decaySteps: 100, alpha: 0.1, warmupTarget: 1, warmupSteps: 10)
        #expect(abs(c.learningRate(step: 5) - 0.5) < 1e-6 && abs(c.learningRate(step: 60) - (0.9 * 0.5 + 0.1)) < 1e-6)
        #expect(abs(c.learningRate(step: 500) - 0.1) < 1e-6)
        // Su's first-epoch warm-up: linear from 0 to lr over the epoch's steps, then constant.
        let su = PiecewiseLinear(base: 1e-3, points: [(step: 100, factor: 1)])
        #expect(su.learningRate(step: 0) == 0 && abs(su.learningRate(step: 50) - 5e-4) < 1e-9 && su.learningRate(step: 1000) == 1e-3)
        let two = PiecewiseLinear(base: 1, points: [(step: 10, factor: 1), (step: 20, factor: 0.1)])
        #expect(abs(two.learningRate(step: 15) - 0.55) < 1e-6 && abs(two.learningRate(step: 30) - 0.1) < 1e-6)
        #expect(LinearWarmup(warmupSteps: 4, then: ConstantRate(2)).learningRate(step: 1) == 0.5)
    }

    final class RateLog: Callback {
        var rates: [Float] = []
        override func onBatchEnd(_ batch: Int, logs: [String: Float]) throws { rates.append(model!.optimizer!.learningRate) }
    }

    @Test func aScheduleChangesTheRateEveryStepAndResetRestartsTheOptimiserWithoutRecompiling() throws {
        let m = K.mlp(.softmax)
        let opt = Adam(schedule: PiecewiseLinear(base: 0.01, points: [(step: 3, factor: 1)]))
        try m.compile(optimizer: opt, loss: CategoricalCrossentropy())
        try K.setPattern(m)
        let log = RateLog()
        try m.fit(K.x, K.y, batchSize: 2, epochs: 2, verbose: 0, shuffle: false, callbacks: [log])
        #expect(zip(log.rates, [0, 0.01 / 3, 0.02 / 3, 0.01, 0.01, 0.01]).allSatisfy { abs($0 - $1) < 1e-8 })
        let first = m.getWeights()
        // Reset: the same run from the same weights reproduces the trajectory.
        opt.reset()
        #expect(opt.iterations == 0 && opt.moments.isEmpty && opt.learningRate == 0)
        try K.setPattern(m)
        try m.fit(K.x, K.y, batchSize: 2, epochs: 2, verbose: 0, shuffle: false)
        #expect(m.getWeights().map(\.scalars) == first.map(\.scalars))
    }

    /// A model whose step counts its calls and then runs the default step.
    final class CountingModel: Model {
        var steps = 0
        override func trainStep(_ batch: Batch) throws -> [String: Float] {
            steps += 1
            return try super.trainStep(batch)
        }
    }

    @Test func fitCallsAnOverriddenTrainStep() throws {
        let xIn = Input(shape: [4])
        let m = CountingModel(inputs: [xIn], outputs: [Dense(3, activation: .softmax)(xIn)])
        try m.compile(optimizer: SGD(), loss: CategoricalCrossentropy())
        try m.fit(K.x, K.y, batchSize: 4, epochs: 3, verbose: 0)
        #expect(m.steps == 6)
    }

    @Test func aHandWrittenLoopWithCallbacksMatchesFit() throws {
        func make() throws -> Model {
            let m = K.mlp(.softmax)
            try m.compile(optimizer: Adam(learningRate: 0.01), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
            try K.setPattern(m)
            return m
        }
        let a = try make(), b = try make()
        let hA = try a.fit(K.x, K.y, batchSize: 3, epochs: 2, verbose: 0, shuffle: false)
        let hB = History()
        let cbs = CallbackList([hB], model: b)
        try cbs.onTrainBegin()
        for epoch in 0..<2 {
            b.resetMetrics()
            try cbs.onEpochBegin(epoch)
            for (i, r) in [0..<3, 3..<6].enumerated() {
                try cbs.onBatchBegin(i)
                // The gradients are values between the two calls: scale them by 1 here (a data-parallel
                // step would all-reduce them at this point).
                var (_, g) = try b.computeGradients(Batch(x: [K.x.slice(axis: 0, r)], y: [K.y.slice(axis: 0, r)]))
                g.values = g.values.map { $0.map { $0 * 1 } }
                try b.applyGradients(g)
                try cbs.onBatchEnd(i, logs: b.metricsResult)
            }
            try cbs.onEpochEnd(epoch, logs: b.metricsResult)
        }
        try cbs.onTrainEnd()
        #expect(hA.history == hB.history)
        #expect(a.getWeights().map(\.scalars) == b.getWeights().map(\.scalars))
    }
}
