import CKernels
import Dispatch
import Testing
@testable import NumSwift

@Suite struct TensorCreationTests {
    @Test func constantFillsAndShapes() {
        #expect(Tensor.zeros([2, 3]).scalars == [Float](repeating: 0, count: 6))
        #expect(Tensor.ones([4]).scalars == [1, 1, 1, 1])
        let f = Tensor.full([2, 2], 2.5)
        #expect(f.shape == [2, 2] && f.rank == 2 && f.count == 4 && f.scalars == [2.5, 2.5, 2.5, 2.5])
        #expect(Tensor.arange(5).scalars == [0, 1, 2, 3, 4])
        #expect(Tensor.arange(from: 1, to: 2, step: 0.25).scalars == [1, 1.25, 1.5, 1.75])
        #expect(Tensor.eye(3).scalars == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(Tensor(3).shape == [] && Tensor(3).scalar == 3)
        #expect(Tensor.zeros([0, 3]).count == 0)
    }

    @Test func fromSwiftArraysIsRowMajor() {
        let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(t[1].scalars == [4, 5, 6])
        #expect(t.transposed().scalars == [1, 4, 2, 5, 3, 6])
    }

    @Test func oneHotRows() {
        #expect(Tensor.oneHot([2, 0], depth: 3).scalars == [0, 0, 1, 1, 0, 0])
        let labels = Tensor([1, 1, 0])
        #expect(labels.oneHot(depth: 2).shape == [3, 2])
        #expect(labels.oneHot(depth: 2).scalars == [0, 1, 0, 1, 1, 0])
    }

    @Test func valueSemanticsCopyOnWrite() {
        let a = Tensor([1, 2, 3])
        var b = a.reshape([3, 1])
        b.withUnsafeMutableBufferPointer { $0[2] = 7 }
        #expect(a.scalars == [1, 2, 3])
        #expect(b.scalars == [1, 2, 7])
    }

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

    @Test func mismatchedScalarCountStopsWithAMessage() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor(shape: [2, 3], scalars: [1, 2])
        }
    }
}

@Suite struct RandomGeneratorTests {
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

    @Test func bufferPoolHandsAFreedLargeBufferToTheNextTensorOfItsSize() {
        let size = 70_001 * 3   // a size no other test uses
        var first: UnsafeMutablePointer<Float>? = nil
        do {
            let t = Tensor.zeros([size])
            first = t.storage.base
        }
        let again = Tensor.full([size], 3)
        #expect(again.storage.base == first)
        #expect(again.scalars.allSatisfy { $0 == 3 })
        // Small buffers bypass the pool.
        let (small, bytes) = BufferPool.shared.allocate(floats: 16)
        #expect(bytes < BufferPool.minPooledBytes)
        BufferPool.shared.release(small, bytes: bytes)
    }
}
