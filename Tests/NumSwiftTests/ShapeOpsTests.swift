import Testing
@testable import NumSwift

@Suite struct ShapeOpsTests {
    let t = Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))

    @Test func reshapeSharesStorageAndInfersMinusOne() {
        let r = t.reshape([4, -1])
        #expect(r.shape == [4, 6])
        #expect(r.storage === t.storage)
        #expect(t.flattened().shape == [2, 12])
        #expect(t.unsqueezed(axis: -1).shape == [2, 3, 4, 1])
        #expect(t.unsqueezed(axis: 1).squeezed(axis: 1).shape == [2, 3, 4])
        #expect(Tensor.zeros([1, 3, 1]).squeezed().shape == [3])
    }

    @Test func permuteMatchesIndexArithmetic() {
        let p = t.permuted([2, 0, 1])  // [4, 2, 3]
        #expect(p.shape == [4, 2, 3])
        let v = p.scalars
        for k in 0..<4 {
            for i in 0..<2 {
                for j in 0..<3 {
                    #expect(v[(k * 2 + i) * 3 + j] == Float(i * 12 + j * 4 + k))
                }
            }
        }
        #expect(t.transposed(0, 2).shape == [4, 3, 2])
        let m = Tensor(shape: [3, 70], scalars: (0..<210).map(Float.init))
        #expect(m.transposed().transposed() == m)
        #expect(m.transposed().scalars[1] == 70)
    }

    @Test func slicingAndSubscripts() {
        #expect(t[1].shape == [3, 4])
        #expect(t[1].scalars[0] == 12)
        #expect(t[0..<1].shape == [1, 3, 4])
        let s = t.slice([0..<2, 1..<3, 2..<4])
        #expect(s.shape == [2, 2, 2])
        #expect(s.scalars == [6, 7, 10, 11, 18, 19, 22, 23])
        #expect(t.slice(axis: 2, 1..<2).scalars == [1, 5, 9, 13, 17, 21])
    }

    @Test func concatStackSplit() {
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]), b = Tensor(shape: [2, 1], scalars: [5, 6])
        #expect(Tensor.concat([a, b], axis: 1).scalars == [1, 2, 5, 3, 4, 6])
        #expect(Tensor.concat([a, a], axis: 0).shape == [4, 2])
        let s = Tensor.stack([a, a * 10], axis: 1)
        #expect(s.shape == [2, 2, 2] && s.scalars == [1, 2, 10, 20, 3, 4, 30, 40])
        let parts = Tensor.concat([a, b], axis: 1).split([2, 1], axis: 1)
        #expect(parts[0] == a && parts[1] == b)
    }

    @Test func gatherIndexSelect() {
        let m = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
        #expect(m.gather(indices: [2, 0, 2]).scalars == [5, 6, 1, 2, 5, 6])
        #expect(m.gather(indices: [1], axis: 1).scalars == [2, 4, 6])
        #expect(m.gather(indices: Tensor([1]), axis: 0).scalars == [3, 4])
    }

    @Test func takeAlongAxisPicksOneEntryPerRow() {
        let m = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
        #expect(m.take(indices: [1, 0, 1]).scalars == [2, 3, 6])
        #expect(m.take(indices: [2, 0], alongAxis: 0).scalars == [5, 2])
    }

    @Test func expandBroadcasts() {
        let c = Tensor(shape: [2, 1], scalars: [1, 2])
        let e = c.expand(to: [3, 2, 2])
        #expect(e.shape == [3, 2, 2] && e.scalars == [1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2])
    }

    @Test func unbroadcastSumsStretchedAxes() {
        let g = Tensor.ones([4, 2, 3])
        #expect(Tensor.unbroadcast(g, to: [3]).scalars == [8, 8, 8])
        #expect(Tensor.unbroadcast(g, to: [2, 1]).scalars == [12, 12])
        #expect(Tensor.unbroadcast(g, to: [1, 1, 3]).shape == [1, 1, 3])
        #expect(Tensor.unbroadcast(g, to: []).scalar == 24)
    }
}
