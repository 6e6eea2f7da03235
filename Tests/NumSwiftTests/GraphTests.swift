import Foundation
import Testing
@testable import NumSwift

/// The functional graph: free dimensions, shapes from `computeOutputShape`, masks through the
/// graph, per-model names and weight-name checks.
@Suite struct GraphTests {
    func textModel() -> Model {
        let ids = Input(shape: [nil])
        let e = Embedding(inputDim: 20, outputDim: 4, maskZero: true)(ids)
        let c = Conv1D(filters: 6, kernelSize: 3, padding: .same, activation: .relu)(e)
        let p = GlobalAveragePooling1D()(MaxPooling1D(poolSize: 2, strides: 1, padding: .same)(c))
        return Model(inputs: ids, outputs: Dense(2, activation: .softmax)(p))
    }

    @Test func oneModelTrainsOnBatchesOfDifferentLengths() throws {
        let m = textModel()
        #expect(m.inputs[0].shapeDescription == "(None, None)")
        #expect(m.layers[1].inboundNodes[0].outputs[0].shapeDescription == "(None, None, 6)")
        try m.compile(optimizer: SGD(learningRate: 0.5), loss: CategoricalCrossentropy())
        let short = Tensor(shape: [2, 5], scalars: [1, 2, 3, 0, 0, 4, 5, 6, 7, 8])
        let long = Tensor(shape: [2, 9], scalars: (0..<18).map { Float($0 % 19 + 1) })
        let y = Tensor.oneHot([0, 1], depth: 2)
        let first = try m.trainOnBatch([short], [y])["loss"]!
        _ = try m.trainOnBatch([long], [y])
        for _ in 0..<20 { _ = try m.trainOnBatch([short], [y]); _ = try m.trainOnBatch([long], [y]) }
        #expect(try m.testOnBatch([short], [y])["loss"]! < first)
        #expect(m.predict(short).shape == [2, 2] && m.predict(long).shape == [2, 2])
        #expect(m.summaryText().contains("(None, None, 4)"))
    }

    @Test func outputShapesComeFromEachLayersComputeOutputShape() {
        let cases: [(Layer, [Int])] = [
            (Dense(5), [3, 4]), (Conv1D(filters: 2, kernelSize: 3), [9, 4]),
            (Conv1D(filters: 2, kernelSize: 3, strides: 2, padding: .same), [9, 4]),
            (Conv1D(filters: 2, kernelSize: 2, padding: .causal, dilationRate: 3), [9, 4]),
            (Conv1D(filters: 2, kernelSize: 3, strides: 3, dilationRate: 2), [13, 4]),
            (Embedding(inputDim: 5, outputDim: 3), [6]), (Flatten(), [3, 4]), (Reshape([2, -1]), [3, 4]),
            (Dropout(0.3), [3, 4]), (Activation(.relu), [3, 4]), (LayerNormalization(), [3, 4]),
            (BatchNormalization(), [3, 4]), (GlobalAveragePooling1D(), [5, 4]), (GlobalMaxPooling1D(keepDims: true), [5, 4]),
            (MaxPooling1D(poolSize: 3, strides: 2, padding: .same), [9, 4]), (AveragePooling1D(poolSize: 3), [10, 4]),
            (SpectralNormalization(Dense(3)), [4]),
        ]
        for (layer, shape) in cases {
            let symbolic = layer(Input(shape: shape.map { $0 }))
            let eager = layer(Tensor.zeros([2] + shape))
            #expect(symbolic.shape == eager.shape.dropFirst().map { Optional($0) }, "\(type(of: layer))")
        }
        #expect(Concatenate()([Input(shape: [nil, 3]), Input(shape: [nil, 2])])[0].shape == [nil, 5])
        #expect(Concatenate(axis: 1)([Input(shape: [4, 3]), Input(shape: [nil, 3])])[0].shape == [nil, 3])
        #expect(Add()([Input(shape: [nil, 3]), Input(shape: [1, 3])])[0].shape == [nil, 3])
        #expect(Flatten()(Input(shape: [nil, 3])).shape == [nil])
        #expect(Lambda(outputShape: { [$0[0][0], 1] }) { $0[0].sum(axes: [2], keepDims: true) }(Input(shape: [nil, 3])).shape == [nil, 1])
        // The dry-run fallback finds which dimensions follow a free input dimension.
        #expect(Lambda { $0[0].slice(axis: 2, 0..<2) }(Input(shape: [nil, 3])).shape == [nil, 2])
    }

    @Test func theDryRunFallbackNeverAdvancesARandomGenerator() {
        let drawAfterGraph: Int = KerasRandom.withSeed(5) {
            let noisy = Lambda { xs in
                var g = KerasRandom.next()
                return xs[0] + Tensor.randomNormal(xs[0].shape, std: 1, generator: &g)
            }
            _ = noisy(Input(shape: [3]))
            var g = KerasRandom.next()
            return g.nextInt(below: 1 << 30)
        }
        let reference: Int = KerasRandom.withSeed(5) {
            _ = Lambda { $0[0] }
            var g = KerasRandom.next()
            return g.nextInt(below: 1 << 30)
        }
        #expect(drawAfterGraph == reference)
        let used = Dropout(0.5, seed: 3), fresh = Dropout(0.5, seed: 3)
        let i = Input(shape: [50])
        _ = Model(inputs: i, outputs: used(i))
        #expect(used(Tensor.ones([4, 50]), training: true).scalars == fresh(Tensor.ones([4, 50]), training: true).scalars)
    }

    @Test func masksFlowThroughConv1DLambdaConcatenateAndNestedModels() {
        let ids = Input(shape: [nil])
        let emb = Embedding(inputDim: 9, outputDim: 3, maskZero: true)
        let e = emb(ids)
        let c = Conv1D(filters: 2, kernelSize: 3, padding: .causal)(e)
        let valid = Conv1D(filters: 2, kernelSize: 3)(e)
        let keep = Lambda(mask: { _, m in m[0] }) { $0[0] * 2 }(c)
        let drop = Lambda { $0[0] * 2 }(c)
        let cat = Concatenate()([keep, Input(shape: [nil, 2])])[0]
        let innerIn = Input(shape: [nil, 2])
        let inner = Model(inputs: innerIn, outputs: Dense(2)(innerIn))
        let nested = inner(keep)
        let all = [c, valid, keep, drop, cat, nested]
        let m = Model(inputs: [ids, cat.node!.inputs[1]], outputs: all)
        let x = Tensor(shape: [2, 4], scalars: [3, 1, 0, 0, 5, 6, 7, 0])
        let r = m.run([x, Tensor.ones([2, 4, 2])], training: false, extra: [])
        let expected: [Float] = [1, 1, 0, 0, 1, 1, 1, 0]
        #expect(r.masks[0]?.scalars == expected)  // causal conv keeps the steps
        #expect(r.masks[1] == nil)  // a valid conv shortens the sequence: no mask
        #expect(r.masks[2]?.scalars == expected)  // Lambda with a mask function
        #expect(r.masks[3] == nil)  // Lambda without one stops the mask (Keras)
        #expect(r.masks[4]?.scalars == [1, 1, 1, 1, 1, 1, 1, 1])  // Keras: unmasked input counts as valid, OR over features
        #expect(r.masks[5]?.scalars == expected)  // through the nested model
        let twoMasked = Concatenate(axis: 1).computeMask(
            [Tensor.zeros([1, 2, 3]), Tensor.zeros([1, 3, 3])],
            masks: [Tensor(shape: [1, 2], scalars: [1, 0]), Tensor(shape: [1, 3], scalars: [0, 1, 1])])
        #expect(twoMasked?.scalars == [1, 0, 0, 1, 1])  // along time the masks are concatenated
    }

    @Test func maskedTrainingThroughANestedModelMatchesTheFlatModel() throws {
        func build(nested: Bool) -> Model {
            KerasRandom.withSeed(9) {
                let ids = Input(shape: [4])
                let e = Embedding(inputDim: 6, outputDim: 3, maskZero: true)(ids)
                let d = Dense(3, activation: .softmax)
                if !nested { return Model(inputs: ids, outputs: d(e)) }
                let i = Input(shape: [4, 3])
                return Model(inputs: ids, outputs: Model(inputs: i, outputs: d(i))(e))
            }
        }
        let flat = build(nested: false), nested = build(nested: true)
        let x = Tensor(shape: [2, 4], scalars: [1, 2, 0, 0, 3, 4, 5, 0]), y = Tensor(shape: [2, 4], scalars: [0, 1, 2, 2, 1, 0, 2, 1])
        for m in [flat, nested] { try m.compile(optimizer: SGD(learningRate: 0), loss: SparseCategoricalCrossentropy()) }
        #expect(try flat.testOnBatch([x], [y])["loss"]! == nested.testOnBatch([x], [y])["loss"]!)
    }

    @Test func namesAreUniquePerModelScope() {
        func build() -> Model {
            let x = Input(shape: [3])
            let h = Dense(4)(Dense(4)(x))
            return Model(inputs: x, outputs: Dense(2)(LayerNormalization()(h)))
        }
        let a = build(), b = build()
        #expect(a.layers.map(\.name) == ["dense", "dense_1", "layer_normalization", "dense_2"])
        #expect(b.layers.map(\.name) == a.layers.map(\.name))
        #expect(b.weights.map(\.name) == a.weights.map(\.name))
        #expect(a.inputs[0].name == "input_layer")
        // A model nested in another keeps its names; the outer model's new layers avoid them.
        let x = Input(shape: [3])
        let outer = Model(inputs: x, outputs: Dense(2)(a(x)))
        #expect(outer.layers.map(\.name) == ["functional", "dense_3"])
        #expect(Set(outer.weights.map(\.name)).count == outer.weights.count)
        // Sequential names its layers when its graph is built.
        let s = Sequential([Dense(3), Dense(1)], inputShape: [2])
        #expect(s.layers.map(\.name) == ["dense", "dense_1"])
    }

    @Test func saveWeightsRefusesDuplicateNamesInsteadOfLosingATensor() throws {
        let a = Sequential([Dense(2)], inputShape: [3]), b = Sequential([Dense(2)], inputShape: [3])
        let x = Input(shape: [3])
        let both = Model(inputs: x, outputs: Add()([a(x), b(x)])[0])
        #expect(both.weights.map(\.name).filter { $0 == "dense/kernel" }.count == 2)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dup-\(getpid()).safetensors").path
        #expect(throws: NumSwiftError.self) { try both.saveWeights(path) }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: NumSwiftError.self) { try both.loadWeights(path) }
    }

    @Test func getLayerFindsLayersByNameAndIndex() throws {
        let m = textModel()
        #expect(try m.getLayer(named: "conv1d") === m.layers[1])
        #expect(try m.getLayer(at: 0) is Embedding)
        #expect(throws: NumSwiftError.self) { try m.getLayer(named: "nope") }
        #expect(throws: NumSwiftError.self) { try m.getLayer(at: 99) }
    }
    @Test func lossesAddedToANestedModelReachTheOuterModel() throws {
        let i = Input(shape: [3])
        let h = Dense(3)(i)
        let inner = Model(inputs: i, outputs: h)
        try inner.addLoss(Lambda.unary { $0.squared().mean() }(h))
        let x = Input(shape: [3])
        let outer = Model(inputs: x, outputs: Dense(1)(inner(x)))
        #expect(outer.addedLosses.count == 1)
        try outer.compile(optimizer: SGD(learningRate: 0), loss: MeanSquaredError())
        let xs = randn([4, 3], 12), ys = Tensor.zeros([4, 1])
        let innerTerm = inner.predictOnBatch([xs])[0].squared().mean().scalar
        let mse = outer.predictOnBatch([xs])[0].squared().mean().scalar
        #expect(try abs(outer.testOnBatch([xs], [ys])["loss"]! - (mse + innerTerm)) < 1e-5)
    }
}
