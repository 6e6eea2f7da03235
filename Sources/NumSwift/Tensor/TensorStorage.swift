import Foundation

/// The heap buffer behind a `Tensor`: 64-byte aligned, allocated uninitialised, returned to
/// `BufferPool` on deinit.
///
/// Tensors share one storage until one of them mutates (copy-on-write via
/// `isKnownUniquelyReferenced`), so reshapes and copies of a tensor value are free.
final class TensorStorage {
    let base: UnsafeMutablePointer<Float>
    let count: Int
    private let bytes: Int

    /// Allocates room for `count` floats without initialising them.
    init(uninitializedCount count: Int) {
        self.count = count
        let (raw, bytes) = BufferPool.shared.allocate(floats: count)
        self.bytes = bytes
        base = raw.bindMemory(to: Float.self, capacity: Swift.max(count, 1))
    }

    deinit { BufferPool.shared.release(UnsafeMutableRawPointer(base), bytes: bytes) }

    /// A fresh storage with the same contents.
    func copy() -> TensorStorage {
        let s = TensorStorage(uninitializedCount: count)
        s.base.update(from: base, count: count)
        return s
    }
}

/// A cache of large freed buffers, reused by size.
///
/// Training loops allocate the same activation and gradient shapes every step. Buffers of
/// 16 KiB and more come from `mmap` or the top of the heap in glibc and are handed back to the
/// kernel when freed, so every step would page-fault its outputs in again (measured: about 4%
/// of an MLP step). Keeping them here avoids that. Sizes are rounded up to 4 KiB; at most
/// `limitBytes` are kept, the rest is freed.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()
    static let minPooledBytes = 16 << 10
    /// Upper bound of cached bytes.
    var limitBytes: Int

    private var lock = pthread_mutex_t()
    private var free: [Int: [UnsafeMutableRawPointer]] = [:]
    private var cached = 0

    /// Bytes currently cached.
    var cachedBytes: Int {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return cached
    }

    /// A pool keeping at most `limitBytes` of freed buffers (the shared one: 256 MiB).
    init(limitBytes: Int = 256 << 20) {
        self.limitBytes = limitBytes
        pthread_mutex_init(&lock, nil)
    }

    deinit {
        trim()
        pthread_mutex_destroy(&lock)
    }

    /// A buffer for `floats` values and the byte size to give back to `release`.
    func allocate(floats: Int) -> (UnsafeMutableRawPointer, Int) {
        let raw = Swift.max(floats, 1) * MemoryLayout<Float>.stride
        guard raw >= BufferPool.minPooledBytes else {
            return (UnsafeMutableRawPointer.allocate(byteCount: raw, alignment: 64), raw)
        }
        let bytes = (raw + 4095) & ~4095
        pthread_mutex_lock(&lock)
        if let p = free[bytes]?.popLast() {
            cached -= bytes
            pthread_mutex_unlock(&lock)
            return (p, bytes)
        }
        pthread_mutex_unlock(&lock)
        return (UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64), bytes)
    }

    func release(_ p: UnsafeMutableRawPointer, bytes: Int) {
        if bytes >= BufferPool.minPooledBytes {
            pthread_mutex_lock(&lock)
            if cached + bytes <= limitBytes {
                free[bytes, default: []].append(p)
                cached += bytes
                pthread_mutex_unlock(&lock)
                return
            }
            pthread_mutex_unlock(&lock)
        }
        p.deallocate()
    }

    /// Frees every cached buffer.
    func trim() {
        pthread_mutex_lock(&lock)
        let all = free.values.flatMap { $0 }
        free.removeAll()
        cached = 0
        pthread_mutex_unlock(&lock)
        for p in all { p.deallocate() }
    }
}

extension Tensor {
    /// Returns the cached free tensor buffers to the system allocator (NumSwift keeps up to
    /// 256 MiB of freed buffers of 16 KiB or more for reuse by later tensors of the same size).
    public static func releaseCachedMemory() { BufferPool.shared.trim() }

    /// Bytes currently held in the cache of freed tensor buffers.
    public static var cachedMemoryBytes: Int { BufferPool.shared.cachedBytes }
}
