import Testing
@testable import NumSwift

@Suite struct LinalgTests {
    func rand(_ shape: [Int], _ seed: UInt64) -> Tensor {
        var g = RandomGenerator(seed: seed)
        return Tensor.randomNormal(shape, generator: &g)
    }

    func maxAbs(_ t: Tensor) -> Float { t.abs().max().scalar }

    @Test(arguments: [[6, 4], [4, 6], [5, 5]])
    func svdRebuildsTheInput(_ shape: [Int]) throws {
        let a = rand(shape, 1)
        let (u, s, vt) = try a.svd()
        let k = min(shape[0], shape[1])
        #expect(u.shape == [shape[0], k] && s.shape == [k] && vt.shape == [k, shape[1]])
        #expect(maxAbs(u.matmul(s.reshape([1, k]) * vt.transposed(), transposeB: true) - a) < 1e-5)
        #expect(maxAbs(u.matmul(u, transposeA: true) - Tensor.eye(k)) < 1e-5)
        #expect(maxAbs(vt.matmul(vt, transposeB: true) - Tensor.eye(k)) < 1e-5)
        let sv = s.scalars
        #expect(zip(sv, sv.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func qrRebuildsTheInputWithOrthonormalQ() throws {
        let a = rand([7, 4], 2)
        let (q, r) = try a.qr()
        #expect(maxAbs(q.matmul(r) - a) < 1e-5)
        #expect(maxAbs(q.matmul(q, transposeA: true) - Tensor.eye(4)) < 1e-5)
        let rv = r.scalars
        for i in 0..<4 { for j in 0..<i { #expect(rv[i * 4 + j] == 0) } }
    }

    @Test func symmetricEigenRebuildsTheInput() throws {
        let b = rand([5, 5], 3)
        let a = b + b.transposed()
        let (w, v) = try a.symmetricEigen()
        #expect(maxAbs((v * w.reshape([1, 5])).matmul(v, transposeB: true) - a) < 1e-4)
        #expect(maxAbs(v.matmul(v, transposeA: true) - Tensor.eye(5)) < 1e-5)
        let wv = w.scalars
        #expect(zip(wv, wv.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func solveRecoversTheRightHandSide() throws {
        let a = rand([6, 6], 4) + Tensor.eye(6) * 4
        let b = rand([6, 2], 5)
        let x = try Tensor.solve(a, b)
        #expect(maxAbs(a.matmul(x) - b) < 1e-4)
        let v = try Tensor.solve(a, Tensor([1, 2, 3, 4, 5, 6]))
        #expect(v.shape == [6])
    }

    @Test func singularSystemThrowsATypedError() {
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 2, 4])
        #expect(throws: NumSwiftError.self) { try Tensor.solve(a, Tensor([1, 1])) }
    }

    @Test func inputsAreNotModified() throws {
        let a = rand([4, 3], 6)
        let copy = a.scalars
        _ = try a.svd()
        _ = try a.qr()
        #expect(a.scalars == copy)
    }

    @Test(arguments: [[6, 4], [4, 6], [3, 2, 5], [5, 5]])
    func randomOrthogonalHasOrthonormalColumnsOrRows(_ shape: [Int]) throws {
        var g = RandomGenerator(seed: 31)
        let w = try Tensor.randomOrthogonal(shape, gain: 2, generator: &g)
        #expect(w.shape == shape)
        let m = w.reshape([-1, shape.last!])
        let (rows, cols) = (m.shape[0], m.shape[1])
        let gram = rows >= cols ? m.matmul(m, transposeA: true) : m.matmul(m, transposeB: true)
        #expect(maxAbs(gram - Tensor.eye(min(rows, cols)) * 4) < 1e-4)
        var g2 = RandomGenerator(seed: 31)
        #expect(try Tensor.randomOrthogonal(shape, gain: 2, generator: &g2) == w)
    }
}
