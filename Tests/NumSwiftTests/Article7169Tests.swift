import Foundation
import Testing
@testable import NumSwift

/// One test per checklist item and reproducible number of Su, "Self-Orthogonality Module: a
/// plug-and-play kernel orthogonalisation module" (kexue.fm/archives/7169), as digested in the
/// project's article notes §4. Random draws use fixed seeds; statistical checks state their
/// tolerance in standard errors.
@Suite struct Article7169Tests {
    /// Two unit vectors in R^d at angle `theta`, in a random orientation.
    func pair(d: Int, theta: Double, seed: UInt64) throws -> Tensor {
        var g = RandomGenerator(seed: seed)
        let q = try Tensor.randomOrthogonal([d, 2], generator: &g).scalars  // orthonormal u, v
        let (c, s) = (Float(cos(theta)), Float(sin(theta)))
        var v = [Float](repeating: 0, count: 2 * d)
        for r in 0..<d {
            let (u, w) = (q[2 * r], q[2 * r + 1])
            v[2 * r] = u
            v[2 * r + 1] = c * u + s * w
        }
        return Tensor(shape: [d, 2], scalars: v)
    }

    /// The kernels of the article's ordering table (d = 64, k = 16).
    func tableKernels() throws -> (orth: Tensor, random: Tensor, dup: Tensor, shared: Tensor) {
        var g = RandomGenerator(seed: 7169)
        let orth = try Tensor.randomOrthogonal([64, 16], generator: &g)
        let random = Tensor.randomNormal([64, 16], std: 1 / 8, generator: &g)
        var dupValues = random.scalars
        for r in 0..<64 { dupValues[r * 16 + 1] = dupValues[r * 16] }
        let dup = Tensor(shape: [64, 16], scalars: dupValues)
        let common = Tensor.randomNormal([64, 1], std: 1 / 8, generator: &g)
        let shared = random + common  // every column gets the same extra direction
        return (orth, random, dup, shared)
    }

    func gaussianBatch(_ n: Int, _ d: Int, seed: UInt64) -> Tensor {
        var g = RandomGenerator(seed: seed)
        return Tensor.randomNormal([n, d], generator: &g)
    }

    // MARK: - Reproducible numbers

    @Test(arguments: [Double.pi / 6, Double.pi / 2, 2 * Double.pi / 3])
    func lshLemmaHoldsByMonteCarlo(_ theta: Double) throws {
        // E[sgn(xᵀw_i) sgn(xᵀw_j)] = 1 − 2θ/π; N = 200k Gaussian x in d = 16 (directions uniform).
        let n = 200_000
        let w = try pair(d: 16, theta: theta, seed: 11)
        let y = gaussianBatch(n, 16, seed: 12).matmul(w)
        let estimate = SelfOrthogonality().theta(y, estimator: .sign).scalar(at: [0, 1])
        let exact = 1 - 2 * theta / Double.pi
        #expect(abs(Double(estimate) - exact) < 3 / Double(n).squareRoot(), "MC \(estimate) vs \(exact)")
    }

    @Test(arguments: [16, 128, 1024])
    func randomCosinesHaveMeanZeroAndVarianceOneOverD(_ d: Int) {
        // s = cos of two isotropic vectors: E s = 0, Var s = 1/d. 20k pairs; the variance estimate
        // has relative standard error ≈ √(2/N) = 1%, so 5% is five standard errors; the mean has
        // standard error 1/√(dN), checked at four.
        let pairs = 20_000
        let a = gaussianBatch(pairs, d, seed: UInt64(d)), b = gaussianBatch(pairs, d, seed: UInt64(d) + 1)
        let dot = (a * b).sum(axes: [1]), na = a.squared().sum(axes: [1]), nb = b.squared().sum(axes: [1])
        let cosines = (dot * (na * nb).rsqrt()).scalars.map(Double.init)
        let mean = cosines.reduce(0, +) / Double(pairs)
        let variance = cosines.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(pairs)
        #expect(abs(mean) < 4 / Double(d * pairs).squareRoot(), "mean \(mean)")
        #expect(abs(variance * Double(d) - 1) < 0.05, "variance \(variance) vs \(1 / Double(d))")
    }

    @Test func regulariserOrdersOrthogonalBelowRandomBelowDuplicated() throws {
        let (orth, random, dup, shared) = try tableKernels()
        let x = gaussianBatch(4096, 64, seed: 13)
        let som = SelfOrthogonality()
        for estimator in [SelfOrthogonality.Estimator.tanh, .sign] {
            let r = [orth, random, dup, shared].map { som.penalty(x.matmul($0), estimator: estimator).scalar }
            #expect(r[0] < r[1] && r[1] < r[2], "\(estimator): orth \(r[0]), random \(r[1]), dup \(r[2])")
            // A direction common to every column makes Σϑ large, and its square dominates.
            #expect(r[3] > 100 * r[2], "\(estimator): shared component \(r[3]) vs dup \(r[2])")
        }
    }

    @Test func thetaIsOneForDuplicatedColumns() throws {
        let (_, _, dup, _) = try tableKernels()
        let x = gaussianBatch(4096, 64, seed: 14)
        for estimator in [SelfOrthogonality.Estimator.tanh, .sign] {
            // Exactly 1 in exact arithmetic; in Float the 4096-term normalisation and dot product
            // leave rounding of order √b·ε ≈ 4e-6.
            let theta = SelfOrthogonality().theta(x.matmul(dup), estimator: estimator)
            #expect(abs(theta.scalar(at: [0, 1]) - 1) < 1e-5)
            #expect(abs(theta.scalar(at: [1, 0]) - 1) < 1e-5)
            #expect(theta.scalar(at: [0, 1]) == theta.scalar(at: [0, 0]))
        }
    }

    @Test func signEstimateOfARandomPairMatchesOneMinusTwoThetaOverPi() throws {
        // Every pair of the Gaussian kernel: |ϑ̂ − (1 − 2θ/π)| within four standard errors 4/√b.
        let (_, random, _, _) = try tableKernels()
        let b = 4096
        let theta = SelfOrthogonality().theta(gaussianBatch(b, 64, seed: 15).matmul(random), estimator: .sign)
        let m = random.scalars
        for i in 0..<16 {
            for j in (i + 1)..<16 {
                var dot = 0.0, ni = 0.0, nj = 0.0
                for r in 0..<64 {
                    let (a, c) = (Double(m[r * 16 + i]), Double(m[r * 16 + j]))
                    dot += a * c; ni += a * a; nj += c * c
                }
                let exact = 1 - 2 * acos(dot / (ni * nj).squareRoot()) / Double.pi
                #expect(abs(Double(theta.scalar(at: [i, j])) - exact) < 4 / Double(b).squareRoot())
            }
        }
    }

    @Test func thetaIsOneMinusTwoThetaOverPiNotTheCosine() throws {
        // Pitfall: at cos = 0.5 (θ = 60°) ϑ = 1/3, far from the cosine.
        let w = try pair(d: 16, theta: Double.pi / 3, seed: 16)
        let estimate = SelfOrthogonality().theta(gaussianBatch(50_000, 16, seed: 17).matmul(w), estimator: .sign)
        #expect(abs(estimate.scalar(at: [0, 1]) - 1 / 3) < 0.02)
        #expect(abs(estimate.scalar(at: [0, 1]) - 0.5) > 0.1)
    }

    @Test func randomWideLayersAreAlmostOrthogonalAlready() {
        // Var cos = 1/d: a Glorot-uniform 784×100 kernel has angles 90° ± about 2°.
        let w = KerasRandom.withSeed(1) { Initializer.glorotUniform.make([784, 100]) }
        let stats = KernelAngleStatistics(kernel: w)
        #expect(stats.pairs == 4950)
        #expect(abs(stats.meanDegrees - 90) < 0.2)
        #expect(abs(stats.stdDegrees - 180 / Double.pi / 784.0.squareRoot()) < 0.2)
    }

    // MARK: - Checklist

    @Test func orthogonalRegularizerFullAndOffDiagonalModes() {
        // R₀ = ‖WᵀW − I‖²_F pushes norms to 1 too; R₀₀ masks the diagonal (BigGAN). Column-scaled
        // orthonormal columns: R₀₀ = 0 while R₀ = Σ(s_i² − 1)².
        var g = RandomGenerator(seed: 18)
        let q = try! Tensor.randomOrthogonal([10, 3], generator: &g)
        let scaled = q * Tensor([1, 2, 3]).reshape([1, 3])
        #expect(orthogonalityPenalty(scaled, mode: .offDiagonal).scalar < 1e-9)
        #expect(abs(orthogonalityPenalty(scaled, mode: .full).scalar - (0 + 9 + 64)) < 1e-3)
        #expect(orthogonalityPenalty(q, mode: .full).scalar < 1e-9)
    }

    @Test func signInsteadOfTanhGivesZeroGradient() {
        let x = gaussianBatch(64, 8, seed: 19)
        let w = Variable(randn([8, 4], 20, std: 0.3))
        let som = SelfOrthogonality()
        let hard = som.penalty(x.matmul(w.read), estimator: .sign)
        #expect(hard.scalar > 0)
        #expect(gradients(of: hard, wrt: [w])[0].abs().max().scalar == 0)
        let smooth = som.penalty(x.matmul(w.read))
        #expect(gradients(of: smooth, wrt: [w])[0].abs().max().scalar > 0)
    }

    @Test func somGradientFlowsIntoKernelAndInputUnlessStopped() {
        let x = randn([32, 6], 21).trackingGradients()
        let w = randn([6, 4], 22, std: 0.3).trackingGradients()
        let free = SelfOrthogonality(gamma: 3)
        let stopped = SelfOrthogonality(gamma: 3, stopInputGradient: true)
        let y = x.matmul(w)
        let g1 = gradients(of: free.penalty(free.penaltyInput(product: y, input: x, kernel: w)), wrt: [x, w])
        let g2 = gradients(of: stopped.penalty(stopped.penaltyInput(product: y, input: x, kernel: w)), wrt: [x, w])
        #expect(g1[0].abs().max().scalar > 0)
        #expect(g1[1].abs().max().scalar > 0)
        #expect(g2[0].abs().max().scalar == 0)
        // dR/dW = Xᵀ dR/dY either way: stopping X leaves the kernel's gradient unchanged.
        #expect(maxRelDiff(g2[1].scalars, g1[1].scalars) < 1e-5)
    }

    @Test func meanZeroTermIsReachableWhenKExceedsD() {
        // Σ_{i≠j} cos_ij = ‖Σ u_i‖² − k for unit columns. With k = d + 1 columns e_1 … e_d and
        // (e_1 − e_2)/√2, ‖Σu‖² = k, so the λ₁ (mean) term vanishes, while the λ₂ (all-zero) term
        // cannot: k > d columns are never pairwise orthogonal.
        let d = 4, k = 5
        var v = [Float](repeating: 0, count: d * k)
        for r in 0..<d { v[r * k + r] = 1 }
        v[0 * k + 4] = 1 / Float(2).squareRoot()
        v[1 * k + 4] = -1 / Float(2).squareRoot()
        let w = Tensor(shape: [d, k], scalars: v)
        let off = w.matmul(w, transposeA: true) * (1 - Tensor.eye(k))
        #expect(abs(off.sum().scalar - (w.sum(axes: [1]).squared().sum().scalar - Float(k))) < 1e-6)
        #expect(abs(off.sum().scalar) < 1e-6)
        #expect(off.squared().sum().scalar > 0.5)
    }
}
