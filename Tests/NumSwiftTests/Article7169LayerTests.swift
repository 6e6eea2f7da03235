import Foundation
import Testing
@testable import NumSwift

/// The checklist items of article 7169 that need layers, models and `fit` (see Article7169Tests).
extension Article7169Tests {
    final class Text { var value = "" }

    @Test func orthogonalRegularizerAttachesAsKernelRegularizerOnDenseAndConv() throws {
        // Its value is one of the model's losses and part of the printed loss.
        let reg = OrthogonalRegularizer(mode: .full, factor: 0.5)
        let x = Input(shape: [6, 3])
        let conv = Conv1D(filters: 4, kernelSize: 2, kernelRegularizer: OrthogonalRegularizer(mode: .offDiagonal, factor: 0.25))
        let dense = Dense(2, activation: .softmax, kernelRegularizer: reg)
        let y = dense(Flatten()(conv(x)))
        let model = Model(inputs: x, outputs: y)
        try model.compile(optimizer: SGD(learningRate: 0), loss: CategoricalCrossentropy())
        let data = randn([5, 6, 3], 30), target = Tensor.oneHot([0, 1, 1, 0, 1], depth: 2)
        let penalties = withNoGrad {
            [
                0.25 * orthogonalityPenalty(conv.kernelVariable.value, mode: .offDiagonal).scalar,
                0.5 * orthogonalityPenalty(dense.kernelVariable.value, mode: .full).scalar,
            ]
        }
        let shown = model.regularizationLosses.map(\.scalar).sorted()
        #expect(maxRelDiff(shown, penalties.sorted()) < 1e-6)
        let ce = withNoGrad { CategoricalCrossentropy().perExample(yTrue: target, yPred: model(data), logits: nil).mean().scalar }
        let loss = try model.testOnBatch([data], [target])["loss"]!
        #expect(abs(loss - (ce + penalties[0] + penalties[1])) < 1e-4 * max(1, loss))
    }

    @Test func selfOrthogonalityUsesThePreActivationOfTheSameForwardPassInTrainingOnly() throws {
        let dense = Dense(4, activation: .relu)
        dense.selfOrthogonality = SelfOrthogonality(gamma: 3)
        let x = randn([16, 5], 31)
        _ = dense(x)
        try dense.setWeights([randn([5, 4], 32, std: 0.4), randn([4], 33)])  // a bias that the term ignores
        let (_, trainLosses) = collectingLosses { dense(x, training: true) }
        let (_, testLosses) = collectingLosses { dense(x, training: false) }
        #expect(trainLosses.count == 1)
        #expect(testLosses.isEmpty)
        let expected = withNoGrad { SelfOrthogonality(gamma: 3).penalty(x.matmul(dense.kernelVariable.value)).scalar }
        #expect(abs(trainLosses[0].scalar - expected) < 1e-5 * max(1, expected))
    }

    @Test func selfOrthogonalityOnConvUsesEveryOutputPositionAsASample() throws {
        let conv = Conv1D(filters: 3, kernelSize: 2, activation: .tanh)
        conv.selfOrthogonality = SelfOrthogonality(gamma: 2, lambda1: 1, lambda2: 1)
        let x = randn([4, 7, 2], 34)
        KerasRandom.withSeed(41) { _ = conv(x) }  // weights are drawn at build
        let (_, losses) = collectingLosses { conv(x, training: true) }
        #expect(losses.count == 1)
        let expected = withNoGrad {
            SelfOrthogonality(gamma: 2, lambda1: 1, lambda2: 1).penalty(x.conv1d(conv.kernelVariable.value).reshape([-1, 3])).scalar
        }
        #expect(abs(losses[0].scalar - expected) < 1e-5 * max(1, expected))
        #expect(variableGradientError([conv.kernelVariable], step: 1e-3) { collectingLosses { conv(x, training: true) }.1[0] } < 1e-2)
    }

    @Test func conv2DTakesTheOrthogonalRegularizerAndTheSelfOrthogonalityModule() throws {
        // §4.5: the kernel [kh, kw, cin, cout] is viewed as [kh·kw·cin, cout], the output
        // [b, H', W', cout] as [b·H'·W', cout].
        let conv = Conv2D(filters: 3, kernelSize: 2, kernelRegularizer: OrthogonalRegularizer(mode: .full, factor: 0.5))
        conv.selfOrthogonality = SelfOrthogonality(gamma: 2, lambda1: 1, lambda2: 1)
        let x = randn([2, 4, 4, 2], 39)
        KerasRandom.withSeed(43) { _ = conv(x) }
        let w = conv.kernelVariable.value
        #expect(abs(conv.regularizationLosses[0].scalar - 0.5 * orthogonalityPenalty(w, mode: .full).scalar) < 1e-6)
        let (_, losses) = collectingLosses { conv(x, training: true) }
        #expect(losses.count == 1)
        let expected = withNoGrad {
            SelfOrthogonality(gamma: 2, lambda1: 1, lambda2: 1).penalty(x.conv2d(w).reshape([-1, 3])).scalar
        }
        #expect(abs(losses[0].scalar - expected) < 1e-5 * max(1, expected))
        #expect(collectingLosses { conv(x, training: false) }.1.isEmpty)
        #expect(variableGradientError([conv.kernelVariable], step: 1e-3) { collectingLosses { conv(x, training: true) }.1[0] } < 1e-2)
    }

    @Test func conv2DTransposeTakesTheOrthogonalRegularizerAndTheSelfOrthogonalityModule() throws {
        // The transposed kernel [kh, kw, filters, cin] is viewed with its filters last,
        // [kh·kw·cin, filters], the output [b, H', W', filters] as [b·H'·W', filters].
        let conv = Conv2DTranspose(
            filters: 3, kernelSize: 2, strides: 2, kernelRegularizer: OrthogonalRegularizer(mode: .full, factor: 0.5),
            biasRegularizer: L2(0.1), activityRegularizer: L1(0.01))
        conv.selfOrthogonality = SelfOrthogonality(gamma: 2, lambda1: 1, lambda2: 1)
        let x = randn([2, 3, 3, 2], 45)
        KerasRandom.withSeed(47) { _ = conv(x) }
        let w = conv.kernelVariable.value
        let filtersLast = w.permuted([0, 1, 3, 2])
        #expect(conv.regularizationLosses.count == 2)
        #expect(abs(conv.regularizationLosses[0].scalar - 0.5 * orthogonalityPenalty(filtersLast, mode: .full).scalar) < 1e-6)
        // Not the penalty of the raw layout, which would make the input channels the columns.
        #expect(abs(orthogonalityPenalty(filtersLast, mode: .full).scalar - orthogonalityPenalty(w, mode: .full).scalar) > 1e-3)
        let (y, losses) = collectingLosses { conv(x, training: true) }
        #expect(losses.count == 2)  // the module's penalty and the activity regulariser
        let expected = withNoGrad {
            SelfOrthogonality(gamma: 2, lambda1: 1, lambda2: 1).penalty(x.conv2dTranspose(w, strides: (2, 2)).reshape([-1, 3])).scalar
        }
        #expect(losses.contains { abs($0.scalar - expected) < 1e-5 * max(1, expected) })
        #expect(losses.contains { abs($0.scalar - 0.01 * y.abs().sum().scalar / 2) < 1e-5 })  // per sample, as Keras 3
        #expect(collectingLosses { conv(x, training: false) }.1.count == 1)  // the activity term only
        #expect(variableGradientError([conv.kernelVariable], step: 1e-3) { conv.regularizationLosses[0] } < 1e-2)
        conv.activityRegularizer = nil
        #expect(variableGradientError([conv.kernelVariable], step: 1e-3) { collectingLosses { conv(x, training: true) }.1[0] } < 1e-2)
    }

    @Test func somGradientReachesUpstreamLayersUnlessStopped() {
        for stop in [false, true] {
            let (first, second) = (Dense(6, activation: .tanh), Dense(3))
            second.selfOrthogonality = SelfOrthogonality(gamma: 3, stopInputGradient: stop)
            let x = randn([20, 4], 35)
            KerasRandom.withSeed(42) { _ = second(first(x)) }
            let (_, losses) = collectingLosses { second(first(x, training: true), training: true) }
            let g = gradients(of: losses[0], wrt: [first.kernelVariable, second.kernelVariable])
            #expect((g[0].abs().max().scalar > 0) == !stop)
            #expect(g[1].abs().max().scalar > 0)
        }
        // The layer's gradient matches finite differences with and without the stop. λ₁ = λ₂ = 1
        // keeps R of order 1, so Float central differences resolve it (λ₁ = 100 makes R ~ 10³ and
        // the differences drown in its rounding); the default λs are checked in double precision in
        // OrthogonalityGradientTests.
        for stop in [false, true] {
            let dense = Dense(3)
            dense.selfOrthogonality = SelfOrthogonality(gamma: 3, lambda1: 1, lambda2: 1, stopInputGradient: stop)
            let x = randn([12, 4], 36)
            KerasRandom.withSeed(40) { _ = dense(x) }
            #expect(
                variableGradientError(dense.trainableWeights, step: 1e-3) { collectingLosses { dense(x, training: true) }.1[0] }
                    < 1e-2)
        }
    }

    @Test func somTermIsTrackedAsItsOwnMetricSomReg() throws {
        let x = Input(shape: [8])
        let hidden = Dense(6, activation: .relu)
        hidden.selfOrthogonality = SelfOrthogonality()
        let model = KerasRandom.withSeed(37) { Model(inputs: x, outputs: Dense(2, activation: .softmax)(hidden(x))) }
        try model.compile(optimizer: Adam(learningRate: 1e-3), loss: CategoricalCrossentropy())
        let text = Text()
        model.progressWrite = { text.value += $0 }
        model.progressIsTTY = false
        let data = randn([32, 8], 38), target = Tensor.oneHot((0..<32).map { $0 % 2 }, depth: 2)
        let history = try model.fit([data], [target], batchSize: 8, epochs: 2, verbose: 1, seed: 1)
        #expect(text.value.contains("som_reg: "))
        let som = try #require(history.history["som_reg"])
        #expect(som.count == 2 && som.allSatisfy { $0 > 0 })
        // The term is part of the loss: with it, loss exceeds the cross-entropy alone by som_reg
        // (both are epoch means of the same batches).
        #expect(history.history["loss"]![0] > som[0])
        // Inference does not add it.
        #expect(try model.evaluate([data], [target])["som_reg"] == nil)
    }
}
