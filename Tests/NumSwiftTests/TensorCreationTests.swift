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

    @Test func initializingWithWritesInPlaceAndRethrows() throws {
        let t = Tensor(shape: [2, 2]) { p in for i in 0..<4 { p[i] = Float(i) / 2 } }
        #expect(t.scalars == [0, 0.5, 1, 1.5])
        struct Stop: Error {}
        #expect(throws: Stop.self) { _ = try Tensor(shape: [3]) { _ in throw Stop() } }
    }

    @Test func validatedCreationThrowsATypedErrorNamingTheSource() throws {
        #expect(try Tensor.validated(shape: [2], scalars: [1, 2]).scalars == [1, 2])
        do {
            _ = try Tensor.validated(shape: [2, 2], scalars: [1, 2, 3], source: "weights.bin")
            Issue.record("expected a throw")
        } catch let error as NumSwiftError {
            #expect(error.description == "invalid weights.bin scalar count 3: expected 4 values for shape [2, 2]")
        }
        #expect(throws: NumSwiftError.self) { try Tensor.validated(shape: [-1], scalars: []) }
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

    @Test func mismatchedScalarCountStopsWithAMessage() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor(shape: [2, 3], scalars: [1, 2])
        }
    }
}
