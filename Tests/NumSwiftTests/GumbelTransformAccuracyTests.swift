import CKernels
import Foundation
import Testing

/// The Gumbel kernels turn each 24-bit uniform u into g = -log(-log(u + eps) + eps) with a fast
/// logarithm (about 5e-7 relative). These tests compare that transform with libm, in double
/// precision, on every one of the 2^24 values u can take, so the whole open interval (0, 1) and
/// both ends of the eps guard are covered exactly, not by sampling.
@Suite struct GumbelTransformAccuracyTests {
    /// The kernel's float steps (u + eps and -L + eps rounded to float, as in Su's formula) with
    /// exact logarithms: what the kernel would return with a correctly rounded log.
    static func reference(_ k: UInt32, eps: Float) -> Double {
        // The top cell's centre rounds to 1.0 in float; the kernels clamp it to 1 - 2^-24.
        let u = min((Float(k) + 0.5) * (1.0 / 16_777_216.0), 0.999_999_94)
        let inner = Float(-Foundation.log(Double(u + eps)))
        return -Foundation.log(Double(inner + eps))
    }

    /// Both code paths: the default one (AVX-512 intrinsics where the CPU has them) and the
    /// portable C one, so a machine with AVX-512 still checks what a machine without it runs.
    static let paths: [ck_gumbel_path] = [CK_GUMBEL_AUTO, CK_GUMBEL_PORTABLE]

    func maxErrors(eps: Float, path: ck_gumbel_path) -> (absolute: Double, scaled: Double, worstU: Double) {
        let n = 1 << 24
        let words = (0..<UInt32(n)).map { $0 << 8 | 0x5A }  // the low 8 bits are discarded
        var out = [Float](repeating: 0, count: n)
        ck_gumbel_from_words_on(path, words, &out, n, eps)
        var (absolute, scaled, worst) = (0.0, 0.0, 0.0)
        for k in 0..<n {
            let r = Self.reference(UInt32(k), eps: eps)
            let e = abs(Double(out[k]) - r)
            absolute = max(absolute, e)
            // Relative to the size of the two logarithms involved: |g| for the outer one, 1 for the
            // inner one (its relative error becomes an absolute error of g).
            let s = e / (1 + abs(r))
            if s > scaled { (scaled, worst) = (s, (Double(k) + 0.5) / 16_777_216) }
        }
        return (absolute, scaled, worst)
    }

    @Test(arguments: paths) func topUniformCellIsClampedBelowOneSoTheGuardedNoiseStaysFinite(path: ck_gumbel_path) {
        // Before the clamp u = 1.0 made -log(u + eps) + eps negative and g came out as -159.7.
        var out = [Float](repeating: 0, count: 2)
        ck_gumbel_from_words_on(path, [0xFFFF_FFFF, 0xFFFF_FE00], &out, 2, 1e-7)
        #expect(abs(out[0] - 16.118_1) < 1e-3 && out[0] == out[1])
    }

    @Test(arguments: paths) func fastGumbelTransformMatchesLibmOnEveryUniformWithSusEpsilon(path: ck_gumbel_path) {
        let (absolute, scaled, worst) = maxErrors(eps: 1e-7, path: path)
        // Measured: absolute 5.4e-7 (at g ≈ 8.2, about one float ulp there), scaled 1.8e-7.
        #expect(scaled < 1e-6, "worst at u = \(worst)")
        #expect(absolute < 2e-6)
    }

    @Test(arguments: paths) func fastGumbelTransformMatchesLibmOnEveryUniformWithoutEpsilon(path: ck_gumbel_path) {
        // eps = 0 reaches the largest |g|: u = 1 - 2^-24 gives -log(-log u) ≈ 16.6.
        // Measured: absolute 5.8e-7, scaled 1.7e-7.
        let (absolute, scaled, worst) = maxErrors(eps: 0, path: path)
        #expect(scaled < 1e-6, "worst at u = \(worst)")
        #expect(absolute < 2e-6)
    }
}
