import Foundation
import Testing
@testable import NumSwift

/// `spectralNormEstimate` against a float64 NumPy transcription of Su's power iteration
/// (kexue.fm/archives/6311 §1.3: u = ones(1, in), v = uW/‖uW‖, u = vWᵀ/‖vWᵀ‖, σ = uWvᵀ) on a fixed
/// 64 × 32 matrix, for r = 1, 2, 5, 20; NumPy's largest singular value is 11.6903415.
@Suite struct SpectralNormReferenceTests {
    /// W[i] = 0.5·sin(0.37·i + 1) + 0.1·cos(1.3·i), row-major 64 × 32.
    static let w: Tensor = {
        var values: [Float] = []
        for i in 0..<(64 * 32) {
            let x = Double(i)
            let a: Float = Float(0.5 * sin(0.37 * x + 1))
            let b: Float = Float(0.1 * cos(x * 1.3))
            values.append(Float(Double(a) + Double(b)))
        }
        return Tensor(shape: [64, 32], scalars: values)
    }()

    @Test(arguments: [(1, 11.5911435), (2, 11.627321), (5, 11.6606529), (20, 11.6897741)])
    func powerIterationMatchesTheArticleRecipe(_ r: Int, _ expected: Double) {
        let sigma = Double(spectralNormEstimate(Self.w, iterations: r).scalar)
        #expect(abs(sigma - expected) / expected < 2e-6, "r = \(r): \(sigma) vs \(expected)")
        #expect(sigma <= 11.6903415 * (1 + 1e-6))
    }
}
