import Foundation

/// The heap buffer behind a `Tensor`: 64-byte aligned, allocated uninitialised, freed on deinit.
///
/// Tensors share one storage until one of them mutates (copy-on-write via
/// `isKnownUniquelyReferenced`), so reshapes and copies of a tensor value are free.
final class TensorStorage {
    let base: UnsafeMutablePointer<Float>
    let count: Int

    /// Allocates room for `count` floats without initialising them.
    init(uninitializedCount count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }

    /// A fresh storage with the same contents.
    func copy() -> TensorStorage {
        let s = TensorStorage(uninitializedCount: count)
        s.base.update(from: base, count: count)
        return s
    }
}
