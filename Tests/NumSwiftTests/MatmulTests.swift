import Testing
@testable import NumSwift

@Suite struct MatmulTests {
    func rand(_ shape: [Int], _ seed: UInt64) -> Tensor {
        var g = RandomGenerator(seed: seed)
        return Tensor.randomNormal(shape, generator: &g)
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func transposeFlagsMatchExplicitTransposes(_ ta: Bool, _ tb: Bool) {
        let a = rand(ta ? [37, 19] : [19, 37], 1), b = rand(tb ? [23, 37] : [37, 23], 2)
        let c = a.matmul(b, transposeA: ta, transposeB: tb)
        let ref = naiveMatmul(ta ? a.transposed() : a, tb ? b.transposed() : b)
        #expect(c.shape == [19, 23])
        #expect(maxRelDiff(c.scalars, ref.scalars) < 1e-5)
    }

    @Test func batchedAndSharedOperands() {
        let a = rand([3, 5, 4], 3), b = rand([3, 4, 6], 4), w = rand([4, 6], 5)
        let c = a.matmul(b)
        #expect(c.shape == [3, 5, 6])
        for i in 0..<3 { #expect(maxRelDiff(c[i].scalars, naiveMatmul(a[i], b[i]).scalars) < 1e-5) }
        let s = a.matmul(w)
        for i in 0..<3 { #expect(maxRelDiff(s[i].scalars, naiveMatmul(a[i], w).scalars) < 1e-5) }
        let at = a.matmul(rand([3, 6, 4], 6), transposeB: true)
        #expect(at.shape == [3, 5, 6])
        let l = rand([5, 4], 7).matmul(b)
        #expect(l.shape == [3, 5, 6])
    }

    @Test func rank4FoldsLeadingAxesIntoTheBatch() {
        let a = rand([2, 3, 4, 5], 8), b = rand([2, 3, 5, 6], 9)
        let c = a.matmul(b)
        #expect(c.shape == [2, 3, 4, 6])
        #expect(maxRelDiff(c[1][2].scalars, naiveMatmul(a[1][2], b[1][2]).scalars) < 1e-5)
        #expect(a.matmul(rand([5, 6], 10)).shape == [2, 3, 4, 6])
    }

    @Test func emptyInnerDimensionGivesZeros() {
        #expect(Tensor.zeros([2, 0]).matmul(Tensor.zeros([0, 3])) == Tensor.zeros([2, 3]))
    }
}
