import CKernels
import Foundation
import Testing

/// The Gumbel kernels have two code paths: AVX-512 intrinsics (used where the CPU has AVX-512F)
/// and portable C. They draw the same Philox words and apply the same formulas, so they must agree
/// to float rounding, and pick the same samples. On a CPU without AVX-512 both calls run the
/// portable path and these tests compare it with itself.
@Suite struct GumbelKernelPathTests {
    static let state = ck_philox_state(seed: 0x5EED_1234, stream: 77, offset: 3)

    /// Logits of `rows` rows of `n` classes, spread over a few units like trained logits.
    static func logits(rows: Int, n: Int) -> [Float] {
        (0..<rows * n).map { i in Float((i &* 2_654_435_761) % 1_000) / 250 - 2 }
    }

    /// Rows whose length is not a multiple of 4 or 16 start at every Philox lane and end in
    /// masked tails; n = 1000 is the benchmark's shape. Small and large temperatures stretch the
    /// exponentials' arguments; a -inf logit (a masked class) must give exactly 0 on both paths.
    @Test(arguments: [1, 3, 17, 250, 1000, 1001], [Float(0.05), 0.5, 2])
    func avx512AndPortablePathsAgreeOnSoftHardAndMaxSamples(n: Int, tau: Float) {
        let rows = 37, eps: Float = 1e-7
        var x = Self.logits(rows: rows, n: n)
        if n > 1 { x[1] = -.infinity }
        var soft = [[Float]](repeating: [Float](repeating: 0, count: rows * n), count: 2)
        var hard = soft
        var argmax = [[Int32]](repeating: [Int32](repeating: -1, count: rows), count: 2)
        var maxSample = argmax
        for (k, path) in [CK_GUMBEL_AUTO, CK_GUMBEL_PORTABLE].enumerated() {
            ck_gumbel_softmax_on(path, Self.state, 5, rows, n, x, tau, eps, &soft[k], &argmax[k], &hard[k])
            ck_gumbel_max_on(path, Self.state, 5, rows, n, x, eps, &maxSample[k])
        }
        // Each path's Gumbel-Max sample is the argmax of its own noisy logits.
        #expect(argmax[0] == maxSample[0] && argmax[1] == maxSample[1])
        // Same samples on both paths, hence the same one-hots.
        #expect(argmax[0] == argmax[1])
        #expect(hard[0] == hard[1])
        if n > 1 { #expect(soft[0][1] == 0 && soft[1][1] == 0) }
        // The noise is identical (below). Each path rounds the exponential's argument to float,
        // a relative error of up to about 3 float ulps (2^-24 each) of |ln y| in y, so the two may
        // differ by 7 ulps of |ln y|, plus a few ulps from the polynomials and from summing the
        // row in another order. Measured: at most 0.62 of this bound (tau 0.5, n 250).
        var worst: Float = 0
        for i in 0..<rows * n {
            let y = max(soft[0][i], soft[1][i])
            // Below e^-87.5 the portable exponential returns 0 and the AVX-512 one the subnormal.
            guard y >= 1e-37 else {
                #expect(abs(soft[0][i] - soft[1][i]) < 1e-37)
                continue
            }
            let bound = 6e-7 + 7 * 0x1p-24 * abs(Foundation.log(y))
            worst = max(worst, abs(soft[0][i] - soft[1][i]) / y / bound)
        }
        #expect(worst <= 1, "largest difference \(worst) of its bound")
        for r in 0..<rows {
            let total = soft[0][r * n..<(r + 1) * n].reduce(0, +)
            #expect(abs(total - 1) < 1e-5)
        }
    }

    @Test func avx512AndPortableNoiseAgreeOnEveryUniformToFloatRounding() {
        let n = 1 << 24
        let words = (0..<UInt32(n)).map { $0 << 8 | 0xA5 }
        var fast = [Float](repeating: 0, count: n), portable = fast
        ck_gumbel_from_words_on(CK_GUMBEL_AUTO, words, &fast, n, 1e-7)
        ck_gumbel_from_words_on(CK_GUMBEL_PORTABLE, words, &portable, n, 1e-7)
        var worst: Float = 0
        for i in 0..<n { worst = max(worst, abs(fast[i] - portable[i]) / (1 + abs(portable[i]))) }
        // The intrinsics repeat the portable steps with the same multiply-add contractions, so
        // the two agree bit for bit (measured: 0); the bound allows one float ulp of the scaled
        // value should a compiler contract the portable code differently.
        #expect(worst <= 1.2e-7, "largest scaled difference \(worst)")
    }
}
