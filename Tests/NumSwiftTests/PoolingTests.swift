import Foundation
import Testing
@testable import NumSwift

/// The 1-D pooling layers against Keras 3 (outputs and input gradients from
/// benchmarks/compare/keras_pooling.py, stored in data/keras/pooling1d.json), finite-difference
/// gradient checks, masks and shapes.
@Suite struct PoolingTests {
    struct Case: Decodable {
        let name: String, steps: Int, mask: [Float]?
        let y_shape: [Int], y: [Float], grad: [Float]
    }
    struct Fixture: Decodable { let keras: String, cases: [Case] }

    static let fixture: Fixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data/keras/pooling1d.json")
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    /// The layer each fixture case was computed with (same configuration as the script).
    static func layer(_ name: String) -> Layer {
        switch name {
        case "global_average", "global_average_masked": return GlobalAveragePooling1D()
        case "global_average_masked_keepdims": return GlobalAveragePooling1D(keepDims: true)
        case "global_max", "global_max_masked": return GlobalMaxPooling1D()
        case "max_p2": return MaxPooling1D(poolSize: 2)
        case "max_p3_s2_same": return MaxPooling1D(poolSize: 3, strides: 2, padding: .same)
        case "max_p2_s1_same": return MaxPooling1D(poolSize: 2, strides: 1, padding: .same)
        case "max_p3_s2_valid": return MaxPooling1D(poolSize: 3, strides: 2)
        case "average_p2": return AveragePooling1D(poolSize: 2)
        case "average_p3_s2_same": return AveragePooling1D(poolSize: 3, strides: 2, padding: .same)
        case "average_p4_s1_same": return AveragePooling1D(poolSize: 4, strides: 1, padding: .same)
        case "average_p3_s2_valid": return AveragePooling1D(poolSize: 3, strides: 2)
        default: preconditionFailure("unknown case \(name)")
        }
    }

    @Test(arguments: PoolingTests.fixture.cases.map(\.name))
    func poolingMatchesKeras3OutputsAndGradients(_ name: String) {
        let c = Self.fixture.cases.first { $0.name == name }!
        let layer = Self.layer(name)
        let x = Variable(KerasOracleTests.pattern([2, c.steps, 3], 1))
        let mask = c.mask.map { Tensor(shape: [2, c.steps], scalars: $0) }
        // Through the graph entry point, so the mask reaches the layer exactly as in a model.
        let (outs, _, outMask) = layer.graphCall([x.read], masks: [mask], training: false)
        #expect(outs[0].shape == c.y_shape)
        #expect(maxRelDiff(outs[0].scalars, c.y) < 1e-6)
        #expect(outMask == nil)  // Keras 3: pooling outputs carry no mask
        let w = KerasOracleTests.pattern(c.y_shape, 2)
        let g = gradients(of: (outs[0] * w).sum(), wrt: [x])[0]
        #expect(maxRelDiff(g.scalars, c.grad) < 1e-6)
        // The symbolic shape agrees with the computed one, also with a free length.
        let s = layer.computeOutputShape([[c.steps, 3]])[0]
        #expect(s == c.y_shape.dropFirst().map { Optional($0) })
    }

    @Test(arguments: ["max_p3_s2_same", "average_p3_s2_same", "average_p4_s1_same", "max_p2", "global_average", "global_max"])
    func poolingGradientsMatchFiniteDifferences(_ name: String) {
        let layer = Self.layer(name)
        // Distinct values 0.05 apart, so the ±1e-2 probes never swap a window's maximum.
        var g = RandomGenerator(seed: 71)
        let x = Tensor(shape: [2, 7, 3], scalars: g.permutation(42).map { Float($0) * 0.05 - 1 })
        #expect(gradientCheck([x]) { layer($0[0]) }.relativeError < 1e-2)
    }

    @Test func maskedGlobalAverageGradientMatchesFiniteDifferences() {
        let layer = GlobalAveragePooling1D()
        let m = Tensor(shape: [2, 5], scalars: [1, 1, 0, 1, 0, 0, 1, 1, 1, 1])
        #expect(gradientCheck([randn([2, 5, 3], 72)]) { layer.call($0, masks: [m], training: false)[0] }.relativeError < 1e-2)
    }

    @Test func poolingShapesWithAFreeLength() {
        #expect(MaxPooling1D(poolSize: 3, strides: 2, padding: .same).computeOutputShape([[nil, 4]]) == [[nil, 4]])
        #expect(AveragePooling1D().computeOutputShape([[9, 4]]) == [[4, 4]])
        #expect(GlobalMaxPooling1D(keepDims: true).computeOutputShape([[nil, 4]]) == [[1, 4]])
        #expect(GlobalAveragePooling1D().computeOutputShape([[nil, 4]]) == [[4]])
    }
}
