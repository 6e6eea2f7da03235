import Testing
@testable import NumSwift

/// Su, "Reuse techniques for layers and models" (kexue.fm/archives/6985): one test per item of
/// the digest's checklist and its reproducible numbers.
@Suite struct Article6985Tests {
    // MARK: 3.1 Basics

    @Test func callingOneLayerThreeTimesSharesOneVariableSet() {
        let x = Input(shape: [784])
        let layer = Dense(784, activation: .relu)
        let m = Model(inputs: x, outputs: layer(layer(layer(x))))
        #expect(m.countParams() == 615_440)
        #expect(m.weights.count == 2 && m.layers.count == 1)
        #expect(layer.inboundNodes.count == 3)
    }

    @Test func threeSeparateInstancesHaveThreeVariableSets() {
        let x = Input(shape: [784])
        let m = Model(inputs: x, outputs: Dense(784, activation: .relu)(Dense(784, activation: .relu)(Dense(784, activation: .relu)(x))))
        #expect(m.countParams() == 1_846_320)
        #expect(m.weights.count == 6 && Set(m.weights.map(ObjectIdentifier.init)).count == 6)
    }

    @Test func gradientOfASharedLayerIsTheSumOverItsCalls() {
        let d = Dense(3, activation: .tanh)
        let a = randn([2, 3], 1), b = randn([2, 3], 2)
        _ = d(a)
        let both = gradients(of: (d(d(a)) + d(b)).sum(), wrt: [d.kernelVariable])[0]
        // d(d(a)) as a function of two separate kernels K1 (outer) and K2 (inner), plus d(b):
        let k = d.kernelVariable.value, bias = d.biasVariable!.value
        let k1 = Variable(k), k2 = Variable(k), k3 = Variable(k)
        func f(_ x: Tensor, _ kv: Variable) -> Tensor { (x.matmul(kv.read) + bias).tanh() }
        let parts = gradients(of: (f(f(a, k2), k1) + f(b, k3)).sum(), wrt: [k1, k2, k3])
        #expect(maxRelDiff(both.scalars, (parts[0] + parts[1] + parts[2]).scalars) < 1e-6)
        #expect(variableGradientError([d.kernelVariable]) { d(d(a)) + d(b) } < 1e-2)
    }

    @Test func aSharedLayerKeepsPerCallNodesAndItsOutputIsAmbiguous() throws {
        let x = Input(shape: [4])
        let d = Dense(4)
        let h1 = d(x), h2 = d(h1)
        #expect(d.inboundNodes.count == 2)
        #expect(try d.output(at: 0) === h1 && d.output(at: 1) === h2)
        #expect(try d.input(at: 1) === h1)
        #expect(throws: NumSwiftError.self) { _ = try d.output }
        #expect(throws: NumSwiftError.self) { _ = try d.output(at: 2) }
        let once = Dense(2)
        let y = once(h2)
        #expect(try once.output === y)
    }

    @Test func aModelIsALayerWhoseWeightsAreSharedWithTheOuterModel() throws {
        let inner = Input(shape: [784])
        let model = Model(inputs: inner, outputs: Dense(10, activation: .softmax)(inner))
        let x = Input(shape: [100])
        let model2 = Model(inputs: x, outputs: model(Dense(784, activation: .relu)(x)))
        #expect(model2.countParams() == 100 * 784 + 784 + 7850)
        #expect(model.weights.allSatisfy { w in model2.weights.contains { $0 === w } })
        let before = model.getWeights().map(\.scalars)
        try model2.compile(optimizer: SGD(learningRate: 0.1), loss: CategoricalCrossentropy())
        let xs = randn([8, 100], 3)
        _ = try model2.trainOnBatch([xs], [Tensor.oneHot((0..<8).map { $0 % 10 }, depth: 10)])
        #expect(model.getWeights().map(\.scalars) != before)  // training the outer model trains the original
        let h = model2.layers[0](xs)
        #expect(model.predict(h).scalars == model2.predict(xs).scalars)
    }

    @Test func cloneModelHasFreshWeightsAndPredictsDifferentlyUntilWeightsAreCopied() throws {
        let x = Input(shape: [6])
        let h = Dense(8, activation: .relu)(x)
        let m = Model(inputs: x, outputs: Dense(3, activation: .softmax)(Add()([Dense(8)(h), h])[0]))
        let c = try cloneModel(m)
        #expect(c.layers.map(\.name) == m.layers.map(\.name))
        #expect(c.layers.map { String(describing: type(of: $0)) } == m.layers.map { String(describing: type(of: $0)) })
        #expect(c.weights.map(\.shape) == m.weights.map(\.shape))
        #expect(!c.weights.contains { w in m.weights.contains { $0 === w } })  // new variables
        let xs = randn([4, 6], 4)
        #expect(c.predict(xs).scalars != m.predict(xs).scalars)
        try c.setWeights(m.getWeights())
        #expect(c.predict(xs).scalars == m.predict(xs).scalars)
        let copied = try cloneModel(m, copyWeights: true)
        #expect(copied.predict(xs).scalars == m.predict(xs).scalars)
    }

    @Test func getWeightsOrderIsDeterministicAndSetWeightsChecksShapes() throws {
        func build() -> Model {
            let x = Input(shape: [3])
            return Model(inputs: x, outputs: Dense(2)(LayerNormalization()(Dense(4)(x))))
        }
        let a = build(), b = build()
        #expect(
            a.weights.map(\.name) == ["dense/kernel", "dense/bias", "layer_normalization/gamma", "layer_normalization/beta", "dense_1/kernel", "dense_1/bias"])
        #expect(a.weights.map(\.name) == b.weights.map(\.name))
        var w = a.getWeights()
        w[0] = Tensor.zeros([4, 3])
        #expect(throws: NumSwiftError.self) { try b.setWeights(w) }
        #expect(throws: NumSwiftError.self) { try b.setWeights(Array(w.dropLast())) }
    }

    // MARK: 3.2 Advanced

    @Test func tiedEmbeddingDenseCountsTheTableOnceAndItGetsGradientFromBothUses() throws {
        let ids = Input(shape: [5])
        let emb = Embedding(inputDim: 10000, outputDim: 128)
        let h = emb(ids)
        let p = EmbeddingDense(emb, activation: .softmax)
        let m = Model(inputs: ids, outputs: p(h))
        #expect(m.countParams() == 1_290_000)
        #expect(p.weights.count == 1 && p.countParams() == 10_000)
        #expect(m.weights.count == 2)
        // Gradient of the table = lookup use + projection use (small sizes, finite differences).
        let e = Embedding(inputDim: 7, outputDim: 3, initializer: .values(randn([7, 3], 5)))
        let tied = EmbeddingDense(e)
        let x = Tensor(shape: [2, 2], scalars: [1, 4, 6, 1])
        _ = tied(e(x))
        #expect(variableGradientError([e.embeddings, tied.biasVariable]) { tied(e(x)) } < 1e-2)
        let total = gradients(of: tied(e(x)).sum(), wrt: [e.embeddings])[0]
        let lookupOnly = gradients(of: tied(e(x).detached()).sum(), wrt: [e.embeddings])[0]
        #expect(total.scalars != lookupOnly.scalars)  // the lookup also contributes
    }

    @Test func subModelFromIntermediateOutputsSharesVariables() throws {
        let x = Input(shape: [5])
        let h1 = Dense(6, activation: .relu, name: "res5a_branch1")(x)
        let h2 = Activation(.tanh, name: "activation_47")(Dense(6)(h1))
        let m = Model(inputs: x, outputs: Dense(2)(h2))
        let features = Model(
            inputs: m.inputs,
            outputs: [try m.getLayer(named: "res5a_branch1").output, try m.getLayer(named: "activation_47").output])
        #expect(features.weights.allSatisfy { w in m.weights.contains { $0 === w } })
        let xs = randn([3, 5], 6)
        let f = features.predictOnBatch([xs])
        #expect(try f[0].scalars == m.getLayer(named: "res5a_branch1")(xs).scalars)
        #expect(f.map(\.shape) == [[3, 6], [3, 6]])
    }

    /// A small residual net x → h1 → h2 → [h3 = f(h2)] + h2 → h4 → out, split at h2.
    func residualNet() -> (Model, SymbolicTensor) {
        let x = Input(shape: [5])
        let h1 = Dense(8, activation: .relu)(x)
        let h2 = Dense(8, activation: .tanh)(h1)
        let h3 = Dense(8, activation: .relu)(Dense(8, activation: .relu)(h2))
        let h4 = LayerNormalization()(Add()([h3, h2])[0])
        return (Model(inputs: x, outputs: Dense(3, activation: .softmax)(h4)), h2)
    }

    @Test func subModelFromTheMiddleReproducesTheOutputBitIdentically() throws {
        let (m, h2) = residualNet()
        let split = Model(inputs: [h2], outputs: m.outputs)
        let xs = randn([4, 5], 7)
        let a = Model(inputs: m.inputs, outputs: [h2]).predictOnBatch([xs])[0]
        #expect(split.predictOnBatch([a])[0].scalars == m.predictOnBatch([xs])[0].scalars)
        // Also through a new Input at that point, as in Su's get_outputs_of.
        let fresh = Input(shape: [8])
        let viaCall = Model(inputs: fresh, outputs: split(fresh))
        #expect(viaCall.predictOnBatch([a])[0].scalars == m.predictOnBatch([xs])[0].scalars)
    }

    @Test func subModelFromTheMiddleCountsOnlyTheLayersDownstream() throws {
        let (m, h2) = residualNet()
        let split = Model(inputs: [h2], outputs: m.outputs)
        #expect(m.countParams() == (5 * 8 + 8) + 3 * (8 * 8 + 8) + 16 + (8 * 3 + 3))
        #expect(split.countParams() == 2 * (8 * 8 + 8) + 16 + (8 * 3 + 3))
        #expect(split.layers.count == 5)
        let s = split.summaryText()
        #expect(s.contains("Total params: \(grouped(split.countParams()))"))
        #expect(!s.contains(m.layers[0].name + " "))
    }

    @Test func layerInsertionAndReplacementByGraphReplay() throws {
        let (m, _) = residualNet()
        let target = m.layers[1].name  // the Dense producing h2
        let inserted = try m.insertingLayer(Dense(8, activation: .relu, name: "inserted"), after: target)
        #expect(inserted.layers.count == m.layers.count + 1)
        #expect(inserted.countParams() == m.countParams() + 72)
        // Untouched layers carry their weights over (same variables).
        #expect(m.weights.allSatisfy { w in inserted.weights.contains { $0 === w } })
        let xs = randn([2, 5], 8)
        let replaced = try m.replacingLayer(target, with: Dense(8, activation: .tanh, name: "replacement"))
        #expect(replaced.layers.map(\.name).contains("replacement") && !replaced.layers.map(\.name).contains(target))
        #expect(replaced.countParams() == m.countParams())
        // Replacing with a layer holding the same weights reproduces the original.
        let same = Dense(8, activation: .tanh, name: "same")
        _ = same(Tensor.zeros([1, 8]))
        try same.setWeights(try m.getLayer(named: target).getWeights())
        let again = try m.replacingLayer(target, with: same)
        #expect(again.predictOnBatch([xs])[0].scalars == m.predictOnBatch([xs])[0].scalars)
    }
}
