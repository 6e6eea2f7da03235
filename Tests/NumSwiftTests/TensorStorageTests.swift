import Testing
@testable import NumSwift

@Suite struct TensorStorageTests {
    @Test func bufferPoolHandsAFreedLargeBufferToTheNextTensorOfItsSize() {
        // A pool of its own: the shared one is used (and can be filled to its limit) by tests
        // running in parallel, so which buffer it hands out next is not this test's to decide.
        let pool = BufferPool(limitBytes: 4 << 20)
        let size = 70_001 * 3
        let (first, bytes) = pool.allocate(floats: size)
        pool.release(first, bytes: bytes)
        #expect(pool.cachedBytes == bytes)
        let (again, bytes2) = pool.allocate(floats: size)
        #expect(again == first && bytes2 == bytes && pool.cachedBytes == 0)
        // Past the limit a released buffer is freed, not cached.
        let (big, bigBytes) = pool.allocate(floats: 2 << 20)
        pool.release(big, bytes: bigBytes)
        #expect(pool.cachedBytes == 0)
        pool.release(again, bytes: bytes2)
        pool.trim()
        #expect(pool.cachedBytes == 0)
        // Small buffers bypass the pool.
        let (small, smallBytes) = pool.allocate(floats: 16)
        #expect(smallBytes < BufferPool.minPooledBytes)
        pool.release(small, bytes: smallBytes)
        #expect(pool.cachedBytes == 0)
        // Tensors reuse pooled storage with the right contents.
        do { _ = Tensor.zeros([size]) }
        #expect(Tensor.full([size], 3).scalars.allSatisfy { $0 == 3 })
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
