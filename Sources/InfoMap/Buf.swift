/// A fixed-size heap buffer with a stable address, so several can be handed to one C call.
/// Swift owns the memory; it is freed with the buffer.
final class Buf<T> {
    let p: UnsafeMutablePointer<T>
    let count: Int
    init(_ count: Int, _ value: T) {
        self.count = count
        p = .allocate(capacity: max(count, 1))
        p.initialize(repeating: value, count: max(count, 1))
    }
    init(_ array: [T]) {
        count = array.count
        p = .allocate(capacity: max(count, 1))
        array.withUnsafeBufferPointer { src in
            if let b = src.baseAddress { p.initialize(from: b, count: count) }
        }
    }
    deinit { p.deallocate() }
    subscript(i: Int) -> T {
        get { p[i] }
        set { p[i] = newValue }
    }
    var array: [T] { Array(UnsafeBufferPointer(start: p, count: count)) }
}
