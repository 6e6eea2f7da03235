import Testing
@testable import NumSwift

/// The gated dilated residual block (article 6671 §2.3 step 4 and checklist §2.8).
@Suite struct DGCNNBlockTests {
    @Test func dgcnnBlockKeepsTheShapeAndIsAGatedResidual() throws {
        let block = DGCNNBlock(dilationRate: 2)
        let x = randn([2, 6, 4], 1)
        let y = block(x)
        #expect(y.shape == x.shape)
        // Y = X + (C − X) ⊗ σ(G) with [G | C] = conv(X) + b.
        let h = x.conv1d(block.kernel.value, dilation: 2, padding: .same) + block.bias.value
        let parts = h.split([4, 4], axis: 2)
        #expect(maxRelDiff(y.scalars, (x + (parts[1] - x) * parts[0].sigmoid()).scalars) < 1e-5)
    }

    @Test func receptiveFieldOfTheArticleStackIs55() {
        // Dilations [1,2,5]×3 + [1,1,1], kernel 3: 1 + 2·(1+2+5)·3 + 2·3 = 55 positions.
        KerasRandom.setSeed(3)
        let blocks = [1, 2, 5, 1, 2, 5, 1, 2, 5, 1, 1, 1].map { DGCNNBlock(dilationRate: $0) }
        let n = 81, center = 40
        let base = randn([1, n, 4], 2)
        var impulse = base
        impulse.withUnsafeMutableBufferPointer { p in for c in 0..<4 { p[center * 4 + c] += 1 } }
        func run(_ x: Tensor) -> Tensor { blocks.reduce(x) { $1($0) } }
        // Outside the field the outputs are computed from identical inputs, so they are equal
        // bit for bit; inside, the impulse changes them.
        let d = (run(impulse) - run(base)).abs().sum(axes: [2]).scalars
        let reached = d.indices.filter { d[$0] != 0 }
        #expect(reached.count == 55)
        #expect(reached.first == center - 27 && reached.last == center + 27)
    }

    @Test func paddedPositionsAreZeroAfterEveryBlock() {
        let block = DGCNNBlock(dilationRate: 1)
        let mask = Tensor(shape: [2, 5], scalars: [1, 1, 1, 1, 1, 1, 1, 1, 0, 0])
        let y = block([randn([2, 5, 3], 4), mask], training: true)[0]
        #expect(y.scalars[(5 + 3) * 3..<(10 * 3)].allSatisfy { $0 == 0 })
        #expect(y.scalars[0..<15].allSatisfy { $0 != 0 })
    }

    @Test func gateDropoutIsOnlyActiveInTraining() {
        let block = DGCNNBlock(dilationRate: 1, gateDropout: 0.5, seed: 9)
        let x = randn([2, 8, 3], 5)
        #expect(block(x) == block(x))
        #expect(block(x, training: true) != block(x))
    }

    @Test func dgcnnBlockGradients() {
        let block = DGCNNBlock(dilationRate: 2)
        let x = randn([2, 7, 3], 6), mask = Tensor(shape: [2, 7, 1], scalars: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0])
        _ = block([x, mask])
        #expect(variableGradientError(block.weights) { block([x, mask])[0] } < 1e-2)
        #expect(gradientCheck([x]) { block([$0[0], mask])[0] }.relativeError < 1e-2)
    }
}
