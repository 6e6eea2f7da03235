import Foundation
import Testing
@testable import NumSwift

/// `Layer.addLoss` from inside `call` and weight/activity regularisers: collected through nested
/// layers and models into the objective and the bar's `loss`, in training and evaluation (Keras).
@Suite struct LayerLossTests {
    /// A pass-through layer that adds `coefficient · mean(x²)` of its input during `call`.
    final class ActivityPenalty: Layer {
        let coefficient: Float
        init(_ c: Float) { coefficient = c; super.init() }
        override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
            addLoss(inputs[0].squared().mean() * coefficient)
            return inputs
        }
    }

    static let x = KerasOracleTests.x, y = KerasOracleTests.y

    @Test func addLossInsideCallReachesTheObjectiveThroughANestedModelInTrainingAndEvaluation() throws {
        let inner: Model = {
            let i = Input(shape: [5])
            return Model(inputs: i, outputs: ActivityPenalty(0.5)(i))
        }()
        let xIn = Input(shape: [4])
        let hidden = Dense(5, activation: .relu)
        let out = Dense(3, activation: .softmax)
        let m = Model(inputs: xIn, outputs: out(inner(hidden(xIn))))
        try m.compile(optimizer: SGD(learningRate: 0), loss: CategoricalCrossentropy())
        let (h, p) = withNoGrad { () -> (Tensor, Tensor) in
            let h = hidden(Self.x); return (h, out(h))
        }
        let ce = CategoricalCrossentropy().perExample(yTrue: Self.y, yPred: p, logits: nil).mean().scalar
        let penalty = h.squared().mean().scalar * 0.5
        let logs = try m.trainOnBatch([Self.x], [Self.y])
        #expect(abs(logs["loss"]! - (ce + penalty)) < 1e-5)
        #expect(abs(try m.evaluate([Self.x], [Self.y])["loss"]! - (ce + penalty)) < 1e-5)
        // The progress bar shows the same loss.
        var bar = ""
        m.progressWrite = { bar += $0 }
        m.progressIsTTY = false
        try m.fit(Self.x, Self.y, batchSize: 6, epochs: 1, verbose: 1)
        #expect(bar.contains("loss: \(String(format: "%.4f", ce + penalty))"))
    }

    @Test func theAddedLossHasAGradientAndASharedLayerAddsOncePerCall() throws {
        let pen = ActivityPenalty(1)
        let d = Dense(2, useBias: false, kernelInitializer: .values(KerasOracleTests.pattern([4, 2], 0.5)))
        let xIn = Input(shape: [4])
        let m = Model(inputs: xIn, outputs: pen(pen(d(xIn))))  // called twice: two terms
        // compile needs a loss unless the model has added ones; a zero-weighted one leaves only the layer's terms.
        try m.compile(optimizer: SGD(learningRate: 0.1), loss: MeanSquaredError(), lossWeights: [0])
        let before = d.kernelVariable.value
        let (loss, g) = try m.computeGradients(Batch(x: [Self.x], y: [Tensor.zeros([6, 2])]))
        let z = withNoGrad { d(Self.x) }
        #expect(abs(loss.scalar - 2 * z.squared().mean().scalar) < 1e-6)
        // d/dK of 2·mean((xK)²) = 4/(N·2) · xᵀ(xK)
        let expected = Self.x.matmul(z, transposeA: true) * (4 / Float(z.count))
        #expect(zip(g.values[0]!.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
        try m.applyGradients(g)
        #expect(d.kernelVariable.value.scalars != before.scalars)
    }

    @Test func collectingLossesGathersLossesOfEagerCallsAndNothingLeaksOutside() throws {
        let pen = ActivityPenalty(2)
        let (_, losses) = collectingLosses { pen(Tensor.ones([2, 3])) }
        #expect(losses.count == 1 && abs(losses[0].scalar - 2) < 1e-6)
        let (_, none) = collectingLosses {
            withNoGrad { () -> Int in
                _ = collectingLosses { pen(Tensor.ones([1, 1])) }; return 0
            }
        }
        #expect(none.isEmpty)  // an inner scope keeps its own losses
    }

    @Test func regularizerPenaltiesHaveFiniteDifferenceGradients() throws {
        let w = KerasOracleTests.pattern([3, 4], 0.7) + 0.05
        for r in [L1(0.3), L2(0.2), L1L2(l1: 0.1, l2: 0.4)] as [Regularizer] {
            #expect(gradientCheck([w]) { r.penalty($0[0]).reshape([1]) }.relativeError < 1e-2, "\(r)")
        }
        // Activity regulariser through a layer: the penalty divided by the batch size.
        let d = Dense(3, activityRegularizer: L2(0.1))
        let (out, ls) = collectingLosses { d(Self.x) }
        #expect(abs(ls[0].scalar - out.squared().sum().scalar * 0.1 / 6) < 1e-6)
    }

    @Test func aFrozenLayersWeightRegularizerIsNotAdded() throws {
        let xIn = Input(shape: [4])
        let d = Dense(3, kernelRegularizer: L2(1))
        let m = Model(inputs: xIn, outputs: d(xIn))
        #expect(m.regularizationLosses.count == 1)
        d.trainable = false
        #expect(m.regularizationLosses.isEmpty)
    }
}
