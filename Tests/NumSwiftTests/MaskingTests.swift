import Testing
@testable import NumSwift

/// Masks from `Embedding(maskZero: true)` flow through layers that support masking into the
/// loss and metrics (Keras 3 semantics: masked steps get weight 0, the mean is over valid steps).
@Suite struct MaskingTests {
    func model() throws -> (Model, Embedding, Dense) {
        let ids = Input(shape: [4])
        let e = Embedding(inputDim: 5, outputDim: 3, maskZero: true, initializer: .values(randn([5, 3], 41)))
        let d = Dense(3, activation: .softmax, kernelInitializer: .values(randn([3, 3], 42)))
        let m = Model(inputs: ids, outputs: d(Dropout(0.1)(e(ids))))
        try m.compile(optimizer: SGD(learningRate: 0), loss: SparseCategoricalCrossentropy(), metrics: [SparseCategoricalAccuracy()])
        return (m, e, d)
    }

    @Test func maskedStepsDoNotCountInLossOrMetrics() throws {
        let (m, _, _) = try model()
        let x = Tensor(shape: [2, 4], scalars: [1, 2, 0, 0, 3, 4, 2, 0])  // 5 valid steps
        let y = Tensor(shape: [2, 4], scalars: [0, 1, 2, 2, 1, 0, 2, 1])
        let logs = try m.testOnBatch([x], [y])
        let p = m.predict(x)
        let per = SparseCategoricalCrossentropy().perExample(yTrue: y, yPred: p, logits: nil).scalars
        let valid = [0, 1, 4, 5, 6]
        let expected = valid.map { per[$0] }.reduce(0, +) / Float(valid.count)
        #expect(abs(logs["loss"]! - expected) < 1e-5)
        let pv = p.scalars, yv = y.scalars
        let hits = valid.filter { i in argmaxRows(Array(pv[(3 * i)..<(3 * i + 3)]), 3)[0] == Int(yv[i]) }.count
        #expect(abs(logs["sparse_categorical_accuracy"]! - Float(hits) / 5) < 1e-6)
    }

    @Test func maskedStepsGetNoGradient() throws {
        let (m, e, _) = try model()
        try m.compile(optimizer: SGD(learningRate: 1), loss: SparseCategoricalCrossentropy())
        let before = e.embeddings.value.scalars
        try m.trainOnBatch([Tensor(shape: [1, 4], scalars: [1, 0, 0, 0])], [Tensor(shape: [1, 4], scalars: [2, 0, 0, 0])])
        let after = e.embeddings.value.scalars
        #expect(Array(after[0..<3]) == Array(before[0..<3]))  // id 0 (padding) is untouched
        #expect(Array(after[3..<6]) != Array(before[3..<6]))  // id 1 is trained
    }

    @Test func mergeLayersCombineMasks() {
        let a = Tensor(shape: [1, 3], scalars: [1, 0, 1]), b = Tensor(shape: [1, 3], scalars: [1, 1, 0])
        #expect(Add().computeMask([a, b], masks: [a, b])!.scalars == [1, 0, 0])
        #expect(Add().computeMask([a, b], masks: [nil, nil]) == nil)
        #expect(Dense(2).computeMask([a], masks: [a])!.scalars == [1, 0, 1])
        #expect(Flatten().computeMask([a], masks: [a]) == nil)
    }
}
