import CKernels.Tensor
import Dispatch
import Foundation
import Testing
@testable import NumSwift

@Suite struct RandomGeneratorTests {
    @Test func sameSeedSameNumbersDifferentStreamsDiffer() {
        var g1 = RandomGenerator(seed: 42), g2 = RandomGenerator(seed: 42), g3 = RandomGenerator(seed: 42, stream: 1)
        let a = Tensor.randomNormal([100], generator: &g1), b = Tensor.randomNormal([100], generator: &g2)
        let c = Tensor.randomNormal([100], generator: &g3)
        #expect(a == b)
        #expect(a != c)
        // Successive fills continue the sequence instead of repeating it.
        let a2 = Tensor.randomNormal([100], generator: &g1)
        #expect(a2 != a)
    }

    @Test func sameSeedSameNumbersAtAnyThreadCount() {
        var g = RandomGenerator(seed: 9, stream: 3)
        let n = 10_007
        let reference = Tensor.randomUniform([n], lo: -1, hi: 1, generator: &g)
        // Refill the same counter range from 1, 2, 3 and 8 threads in unequal chunks.
        for threads in [1, 2, 3, 8] {
            let state = ck_philox_state(seed: 9, stream: 3, offset: 0)
            var out = [Float](repeating: 0, count: n)
            out.withUnsafeMutableBufferPointer { p in
                let base = p.baseAddress!
                let chunk = (n + threads - 1) / threads
                DispatchQueue.concurrentPerform(iterations: threads) { t in
                    let lo = t * chunk, hi = min(n, lo + chunk)
                    if lo < hi { ck_random_uniform(state, lo, base + lo, hi - lo, -1, 1) }
                }
            }
            #expect(out == reference.scalars, "threads \(threads)")
        }
    }

    @Test func tensorFillsAreIdenticalAtOneAndTwoThreads() {
        var fills: [[Float]] = []
        for t in [1, 2] {
            var g = RandomGenerator(seed: 4, stream: 2)
            fills.append(
                Parallel.withThreads(t) {
                    Tensor.randomUniform([200_003], generator: &g).scalars + Tensor.randomNormal([200_003], generator: &g).scalars
                        + Tensor.truncatedNormal([150_001], generator: &g).scalars + Tensor.gumbel([200_003], generator: &g).scalars
                })
        }
        #expect(fills[0] == fills[1])
    }

    @Test func distributionsHaveTheirMoments() {
        var g = RandomGenerator(seed: 5)
        let n = 200_000
        let u = Tensor.randomUniform([n], lo: 2, hi: 4, generator: &g)
        #expect(u.min().scalar > 2 && u.max().scalar < 4)
        #expect(abs(u.mean().scalar - 3) < 0.01)
        let z = Tensor.randomNormal([n], mean: 1, std: 2, generator: &g)
        #expect(abs(z.mean().scalar - 1) < 0.03)
        #expect(abs(z.variance().scalar.squareRoot() - 2) < 0.03)
        let t = Tensor.truncatedNormal([n], std: 0.5, generator: &g)
        #expect(t.abs().max().scalar <= 1.0)
        // The standard normal truncated to ±2σ has σ ≈ 0.8796.
        #expect(abs(t.variance().scalar.squareRoot() - 0.5 * 0.8796) < 0.01)
        let gu = Tensor.gumbel([n], generator: &g)
        // Gumbel(0, 1): mean = Euler–Mascheroni constant, variance π²/6.
        #expect(abs(gu.mean().scalar - 0.5772) < 0.02)
        #expect(abs(gu.variance().scalar - 1.6449) < 0.05)
    }

    @Test func permutationAndIntegersAreUniformAndReproducible() {
        var g1 = RandomGenerator(seed: 11), g2 = RandomGenerator(seed: 11)
        let p = g1.permutation(50)
        #expect(p.sorted() == Array(0..<50))
        #expect(p == g2.permutation(50))
        var counts = [Int](repeating: 0, count: 4)
        for _ in 0..<4000 { counts[g1.nextInt(below: 4)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 1000) < 120 })
    }

    @Test func splitStreamsAreReproducibleAndIndependent() {
        var a = RandomGenerator(seed: 1), b = RandomGenerator(seed: 1)
        var sa = a.split(), sb = b.split()
        #expect(sa == sb)
        var parent = a
        let x = Tensor.randomUniform([1000], generator: &sa), y = Tensor.randomUniform([1000], generator: &parent)
        #expect(x == Tensor.randomUniform([1000], generator: &sb))
        // Correlation between a split stream and its parent is at noise level.
        let cx = x - x.mean(), cy = y - y.mean()
        let corr = (cx * cy).mean().scalar / (cx.variance().scalar * cy.variance().scalar).squareRoot()
        #expect(abs(corr) < 0.1)
    }

    /// Raw Philox words of elements first..<first+n from the scalar reference generator.
    private func words(_ state: ck_philox_state, _ first: Int, _ n: Int) -> [UInt32] {
        var w = [UInt32](repeating: 0, count: n)
        ck_random_bits(state, first, &w, n)
        return w
    }

    /// The float uniform the kernels draw from a word (24 bits to the centre of a cell, rounded
    /// to float as in C), widened to double so the reference transforms add no error of their own.
    private func unit(_ w: UInt32) -> Double { Double((Float(w >> 8) + 0.5) * (1 / 16_777_216)) }

    @Test func vectorisedFillsAgreeWithTheirDefinitionOnScalarPhiloxWords() {
        let state = ck_philox_state(seed: 77, stream: 5, offset: 9)
        let first = 3, n = 1001  // odd start and length exercise the partial blocks and pairs
        let all = words(state, first - 1, n + 2)  // include the Box–Muller partner of the first element
        var u = [Float](repeating: 0, count: n), z = u, g = u
        ck_random_uniform(state, first, &u, n, 0, 1)
        ck_random_normal(state, first, &z, n, 0, 1)
        ck_random_gumbel(state, first, &g, n)
        for i in 0..<n {
            let e = first + i, w = all[i + 1]
            #expect(Double(u[i]) == unit(w))
            let gumbelRef = -Foundation.log(-Foundation.log(unit(w)))
            #expect(abs(Double(g[i]) - gumbelRef) <= 2e-6 * max(1, abs(gumbelRef)), "gumbel \(i)")
            // Box–Muller pair (e & ~1, e | 1): radius from the first word, angle from the second.
            let w1 = all[(e & ~1) - (first - 1)], w2 = all[(e | 1) - (first - 1)]
            let r = (-2 * Foundation.log(unit(w1))).squareRoot(), t = 2 * Double.pi * unit(w2)
            let zRef = e % 2 == 0 ? r * Foundation.cos(t) : r * Foundation.sin(t)
            #expect(abs(Double(z[i]) - zRef) <= 2e-6 * max(1, abs(zRef)), "normal \(i)")
        }
    }

    @Test func normalAndGumbelFollowTheirDistributionFunctions() {
        var g = RandomGenerator(seed: 21)
        let n = 400_000
        let z = Tensor.randomNormal([n], generator: &g).scalars
        for x in [-2.0, -1.0, -0.3, 0, 0.5, 1.5] {
            let empirical = Double(z.filter { Double($0) <= x }.count) / Double(n)
            let cdf = 0.5 * Foundation.erfc(-x / 2.0.squareRoot())
            #expect(abs(empirical - cdf) < 0.004, "normal CDF at \(x): \(empirical) vs \(cdf)")
        }
        // Cosine and sine halves of each pair are uncorrelated.
        var dot = 0.0
        for p in 0..<(n / 2) { dot += Double(z[2 * p]) * Double(z[2 * p + 1]) }
        #expect(abs(dot / Double(n / 2)) < 0.01)
        let gs = Tensor.gumbel([n], generator: &g).scalars
        for x in [-1.0, 0, 1, 3] {
            let empirical = Double(gs.filter { Double($0) <= x }.count) / Double(n)
            #expect(abs(empirical - Foundation.exp(-Foundation.exp(-x))) < 0.004, "gumbel CDF at \(x)")
        }
    }
}
