import Testing
@testable import NumSwift

/// The `Initializer.orthogonal(gain:)` kernels against the structure of Keras 3's `Orthogonal`.
@Suite struct OrthogonalInitializerTests {
    /// Printed by benchmarks/compare/keras_orthogonal_oracle.py (keras 3.15.1, JAX backend):
    /// shape, gain, whether the flattened kernel has orthonormal (×gain) columns, rows, and ‖W‖²_F.
    static let keras: [([Int], Float, Bool, Bool, Float)] = [
        ([20, 8], 1.0, true, false, 8.0000),
        ([8, 20], 1.0, false, true, 8.0000),
        ([784, 100], 1.0, true, false, 100.0000),
        ([3, 3, 4, 8], 1.5, true, false, 18.0000),
        ([3, 2, 5], 2.0, true, false, 20.0000),
        ([2, 3, 16], 1.0, false, true, 6.0000),
        ([5, 5], 0.5, true, true, 1.2500),
    ]

    /// Largest |A − gain²·I| entry.
    func deviation(_ gram: Tensor, _ gain: Float) -> Float {
        (gram - gain * gain * Tensor.eye(gram.shape[0])).abs().max().scalar
    }

    @Test(arguments: keras.indices)
    func orthogonalMatchesKerasStructure(_ i: Int) {
        let (shape, gain, cols, rows, fro) = Self.keras[i]
        let w = KerasRandom.withSeed(UInt64(10 + i)) { Initializer.orthogonal(gain: gain).make(shape) }
        #expect(w.shape == shape)
        let m = w.kernelMatrix()
        let tolerance: Float = 2e-5 * max(1, gain * gain)
        #expect((deviation(m.matmul(m, transposeA: true), gain) < tolerance) == cols)
        #expect((deviation(m.matmul(m, transposeB: true), gain) < tolerance) == rows)
        #expect(abs(m.squared().sum().scalar - fro) < 1e-4 * fro)
    }

    @Test func orthogonalIsReproducibleUnderASeedAndDifferentAcrossSeeds() {
        let a = KerasRandom.withSeed(5) { Initializer.orthogonal(gain: 1).make([12, 4]) }
        let b = KerasRandom.withSeed(5) { Initializer.orthogonal(gain: 1).make([12, 4]) }
        let c = KerasRandom.withSeed(6) { Initializer.orthogonal(gain: 1).make([12, 4]) }
        #expect(a == b)
        #expect(a != c)
    }

    @Test func denseAndConvLayersAcceptTheOrthogonalInitializer() {
        KerasRandom.withSeed(3) {
            let dense = Dense(16, kernelInitializer: .orthogonal(gain: 1))
            _ = dense(Tensor.zeros([2, 64]))
            let wd = dense.kernelVariable.value
            #expect(deviation(wd.matmul(wd, transposeA: true), 1) < 2e-5)
            #expect(orthogonalityPenalty(wd, mode: .full).scalar < 1e-8)

            let conv = Conv1D(filters: 6, kernelSize: 3, kernelInitializer: .orthogonal(gain: 1))
            _ = conv(Tensor.zeros([1, 5, 4]))
            let wc = conv.kernelVariable.value.kernelMatrix()  // [3·4, 6]
            #expect(wc.shape == [12, 6])
            #expect(deviation(wc.matmul(wc, transposeA: true), 1) < 2e-5)
        }
    }

    @Test func wideOrthogonalKernelReachesTheRankBoundOfTheFullPenalty() {
        // k > d: WᵀW has rank d, so ‖WᵀW − I‖²_F ≥ k − d; orthonormal rows attain it exactly.
        let w = KerasRandom.withSeed(8) { Initializer.orthogonal(gain: 1).make([6, 15]) }
        #expect(abs(orthogonalityPenalty(w, mode: .full).scalar - 9) < 1e-4)
        var g = RandomGenerator(seed: 9)
        for _ in 0..<5 {
            let r = Tensor.randomNormal([6, 15], std: 0.4, generator: &g)
            #expect(orthogonalityPenalty(r, mode: .full).scalar > 9)
        }
    }
}
