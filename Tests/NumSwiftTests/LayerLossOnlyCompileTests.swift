import Testing

@testable import NumSwift

/// Keras 3 compiles a model without a loss when its layers add the objective themselves
/// (regularisers, `add_loss` in `call`); a model that adds nothing anywhere is still refused.
@Suite struct LayerLossOnlyCompileTests {
    /// A layer whose `call` adds the mean square of its input as a loss.
    final class SquarePenalty: Layer {
        override var addsLossesInCall: Bool { true }
        override func computeOutputShape(_ inputShapes: [[Int?]]) -> [[Int?]] { inputShapes }
        override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
            addLoss(inputs[0].squared().mean())
            return inputs
        }
    }

    @Test func aModelWhoseOnlyObjectiveIsLayerLossesCompilesAndTrains() throws {
        let x = Input(shape: [4])
        let dense = Dense(3, kernelInitializer: .glorotUniform)
        let m = Model(inputs: x, outputs: SquarePenalty()(dense(x)))
        try m.compile(optimizer: SGD(learningRate: 0.1))
        let xs = Tensor(shape: [2, 4], scalars: [1, 2, 3, 4, -1, 0.5, 2, 1])
        let first = try m.trainOnBatch([xs])["loss"]!
        for _ in 0..<20 { _ = try m.trainOnBatch([xs]) }
        #expect(try m.testOnBatch([xs])["loss"]! < first)
    }

    @Test func aWeightRegularizerAloneIsAnObjective() throws {
        let x = Input(shape: [4])
        let m = Model(inputs: x, outputs: Dense(3, useBias: false, kernelRegularizer: L2(0.1))(x))
        try m.compile(optimizer: SGD(learningRate: 0.5))
        let xs = Tensor(shape: [1, 4], scalars: [1, 2, 3, 4])
        let first = try m.trainOnBatch([xs])["loss"]!
        #expect(first > 0)
        for _ in 0..<10 { _ = try m.trainOnBatch([xs]) }
        #expect(try m.testOnBatch([xs])["loss"]! < first)
    }

    @Test func aModelThatAddsNoLossAnywhereIsStillRefused() {
        let x = Input(shape: [4])
        let m = Model(inputs: x, outputs: Dense(3)(x))
        #expect(throws: NumSwiftError.self) { try m.compile(optimizer: Adam()) }
    }
}
