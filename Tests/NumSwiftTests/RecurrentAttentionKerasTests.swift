import Foundation
import Testing
@testable import NumSwift

/// GRU, LSTM, Bidirectional and multi-head self-attention against Keras 3 on fixed weights:
/// outputs and the gradients of `sum(output · probe)` with respect to every weight and the input
/// (fixture from benchmarks/compare/keras_rnn_attention_oracle.py).
@Suite struct RecurrentAttentionKerasTests {
    struct Case {
        let x: Tensor, mask: Tensor, weights: [Tensor], output: Tensor, probe: Tensor
        let weightGrads: [[Float]], xGrad: [Float]
    }

    static let cases: [String: Any] = {
        guard let url = Bundle.module.url(forResource: "Fixtures/keras_rnn_attention", withExtension: "json"),
            let data = try? Data(contentsOf: url), let top = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = top["cases"] as? [String: Any]
        else { return [:] }
        return cases
    }()

    func load(_ name: String) throws -> Case {
        let c = try #require(Self.cases[name] as? [String: Any], "fixture case \(name)")
        func floats(_ k: String, _ d: [String: Any] = [:]) -> [Float] { ((d.isEmpty ? c : d)[k] as! [Double]).map(Float.init) }
        let xShape = c["x_shape"] as! [Int]
        let ws = (c["weights"] as! [[String: Any]]).map { Tensor(shape: $0["shape"] as! [Int], scalars: floats("values", $0)) }
        let out = Tensor(shape: c["output_shape"] as! [Int], scalars: floats("output"))
        return Case(
            x: Tensor(shape: xShape, scalars: floats("x")), mask: Tensor(shape: [xShape[0], xShape[1]], scalars: floats("mask")),
            weights: ws, output: out, probe: Tensor(shape: out.shape, scalars: floats("probe")),
            weightGrads: (c["weight_grads"] as! [[Double]]).map { $0.map(Float.init) }, xGrad: floats("x_grad"))
    }

    /// Runs `layer` on the case with its weights set (reshaped to the layer's shapes), compares the
    /// output and the gradients.
    func check(_ name: String, _ layer: Layer, weightCount: Int? = nil) throws {
        let c = try load(name)
        _ = layer([c.x, c.mask])
        let vars = layer.weights
        let n = weightCount ?? c.weights.count
        try #require(vars.count == n, "\(name): \(vars.count) weights vs \(n)")
        for (v, w) in zip(vars, c.weights) { v.value = w.reshape(v.shape) }
        let x = c.x.trackingGradients()
        let y = layer([x, c.mask])[0]
        #expect(y.shape == c.output.shape, "\(name) shape")
        #expect(maxRelDiff(y.scalars, c.output.scalars) < 2e-5, "\(name) output")
        let loss = (y * c.probe).sum()
        let gw = gradients(of: loss, wrt: vars)
        for (i, g) in gw.enumerated() { #expect(maxRelDiff(g.scalars, c.weightGrads[i]) < 1e-4, "\(name) weight \(i) (\(vars[i].name)) gradient") }
        let gx = gradients(of: loss, wrt: [x])[0]
        #expect(maxRelDiff(gx.scalars, c.xGrad) < 1e-4, "\(name) input gradient")
    }

    @Test func gruSequencesWithMaskMatchKeras() throws { try check("gru_seq", GRU(units: 4, returnSequences: true)) }
    @Test func gruWithResetBeforeMatchesKeras() throws { try check("gru_last", GRU(units: 4, resetAfter: false)) }
    @Test func bidirectionalGRUFinalStatesMatchKeras() throws { try check("bigru", Bidirectional(GRU(units: 4))) }
    @Test func bidirectionalGRUSequencesZeroAtPaddingMatchKeras() throws {
        try check("bigru_seq", Bidirectional(GRU(units: 3, returnSequences: true)))
    }
    @Test func lstmMatchesKeras() throws { try check("lstm_last", LSTM(units: 3)) }

    @Test func attentionMatchesKerasMultiHeadAttentionWithIdentityProjection() throws {
        // Keras' output projection is fixed to the identity, so its fourth weight has no counterpart.
        let c = try load("attention")
        let att = MultiHeadSelfAttention(heads: 2, headSize: 3)
        _ = att([c.x, c.mask])
        for (v, w) in zip(att.weights, c.weights.prefix(3)) { v.value = w.reshape(v.shape) }
        let x = c.x.trackingGradients()
        let y = att([x, c.mask])[0]
        #expect(maxRelDiff(y.scalars, c.output.scalars) < 2e-5)
        let loss = (y * c.probe).sum()
        let gw = gradients(of: loss, wrt: att.weights)
        for i in 0..<3 { #expect(maxRelDiff(gw[i].scalars, c.weightGrads[i]) < 1e-4, "attention weight \(i)") }
        #expect(maxRelDiff(gradients(of: loss, wrt: [x])[0].scalars, c.xGrad) < 1e-4)
    }
}
