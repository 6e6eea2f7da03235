import Testing
@testable import NumSwift

@Suite struct TensorStorageTests {
    @Test func bufferPoolHandsAFreedLargeBufferToTheNextTensorOfItsSize() {
        let size = 70_001 * 3  // a size no other test uses
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

    @Test func copiesShareStorageUntilMutation() {
        let a = Tensor.ones([5000])
        var b = a
        #expect(a.storage === b.storage)
        b.scale(by: 2)
        #expect(a.storage !== b.storage)
        #expect(a.scalars[0] == 1 && b.scalars[0] == 2)
    }
}
