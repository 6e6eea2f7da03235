import Foundation
import Testing
@testable import NumSwift

@Suite struct ReductionTests {
    let x = Tensor(shape: [2, 3, 2], scalars: [1, -2, 3, 4, -5, 6, 7, 8, -9, 10, 11, -12])

    @Test func sumOverAxesWithAndWithoutKeepDims() {
        #expect(x.sum(axes: [0]).scalars == [8, 6, -6, 14, 6, -6])
        #expect(x.sum(axes: [1]).scalars == [-1, 8, 9, 6])
        #expect(x.sum(axes: [2], keepDims: true).shape == [2, 3, 1])
        #expect(x.sum(axes: [2]).scalars == [-1, 7, 1, 15, 1, -1])
        #expect(x.sum(axes: [0, 2]).scalars == [14, 8, 0])
        #expect(x.sum(axes: [-1, 0, 1]).shape == [])
        #expect(x.sum().scalar == 22)
        #expect(x.sum(axes: []).shape == [2, 3, 2])
    }

    @Test func meanVarianceMaxMinArgmax() {
        let expectedMean: [Float] = [-1 / 3, 8 / 3, 3, 2]
        #expect(maxRelDiff(x.mean(axes: [1]).scalars, expectedMean) < 1e-6)
        #expect(Tensor([1, 2, 3, 4]).variance().scalar == 1.25)
        #expect(x.max(axes: [1]).scalars == [3, 6, 11, 10])
        #expect(x.min(axes: [0, 1]).scalars == [-9, -12])
        #expect(x.max().scalar == 11 && x.min().scalar == -12)
        #expect(x.argmax(axis: 1).scalars == [1, 2, 2, 1])
        #expect(x.argmin(axis: -1).scalars == [1, 0, 0, 0, 0, 1])
        // The first of tied maxima wins.
        #expect(Tensor([3, 5, 5, 1]).argmax().scalars == [1])
    }

    @Test func sumOfManyTermsAccumulatesInDouble() {
        let n = 1_000_000
        let t = Tensor.full([n], 0.1)
        #expect(abs(t.sum().scalar - 100_000) < 0.01)
        #expect(abs(t.reshape([1000, 1000]).sum(axes: [1]).scalars[0] - 100) < 1e-4)
    }

    @Test func logSumExpIsStableForLargeInputs() {
        let t = Tensor(shape: [2, 3], scalars: [1000, 1000, 1000, -1000, -1001, -1002])
        let l = t.logSumExp(axes: [1]).scalars
        #expect(abs(l[0] - (1000 + Float(Foundation.log(3.0)))) < 1e-3)
        #expect(abs(l[1] - (-1000 + Float(Foundation.log(1 + exp(-1.0) + exp(-2.0))))) < 1e-3)
        let both = t.logSumExp(axes: [0, 1]).scalar
        #expect(abs(both - (1000 + Float(Foundation.log(3.0)))) < 1e-3)
    }

    @Test func maxGradientIsSharedAmongTies() {
        let v = Tensor([1, 4, 4, 2]).trackingGradients()
        let g = gradients(of: v.max(), wrt: [v])[0]
        #expect(g.scalars == [0, 0.5, 0.5, 0])
    }
}
