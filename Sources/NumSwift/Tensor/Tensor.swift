
/// An n-dimensional array of `Float` in row-major order.
///
/// `Tensor` has value semantics: copies share one buffer until one of them is mutated
/// (copy-on-write). A tensor produced by a differentiable op while gradient recording is on
/// carries a tape node, so `backward()` and `gradients(of:wrt:)` can run reverse-mode
/// differentiation through it (define-by-run).
///
/// ```swift
/// let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// let y = (x * 2 + 1).sum(axes: [1])   // shape [2]
/// ```
///
/// References: the Swift for TensorFlow value/pullback design; micrograd's op-local gradients.
public struct Tensor {
    var storage: TensorStorage
    /// The extent of each axis; `[]` for a scalar.
    public internal(set) var shape: [Int]
    var node: TapeNode?

    init(storage: TensorStorage, shape: [Int], node: TapeNode? = nil) {
        self.storage = storage
        self.shape = shape
        self.node = node
    }

    /// A tensor whose values are not initialised yet; the caller must write all of them.
    init(uninitializedShape shape: [Int]) {
        self.init(storage: TensorStorage(uninitializedCount: Tensor.product(shape)), shape: shape)
    }

    /// Creates a tensor of the given shape from row-major scalars.
    ///
    /// - Precondition: `scalars.count` equals the product of `shape`; no extent is negative.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor(shape:scalars:): negative extent in \(shape)")
        precondition(
            Tensor.product(shape) == scalars.count,
            "Tensor(shape:scalars:): shape \(shape) needs \(Tensor.product(shape)) scalars, got \(scalars.count)")
        self.init(uninitializedShape: shape)
        scalars.withUnsafeBufferPointer { src in
            if let p = src.baseAddress { storage.base.update(from: p, count: src.count) }
        }
    }

    /// Creates a tensor of the given shape whose values `body` writes directly into the new
    /// buffer (no intermediate array), e.g. when decoding a file.
    ///
    /// - Parameters:
    ///   - shape: shape of the new tensor; every extent must be non-negative.
    ///   - body: receives the uninitialised row-major buffer and must write every
    ///     element; if it throws, the tensor is not created.
    public init(shape: [Int], initializingWith body: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor(shape:initializingWith:): negative extent in \(shape)")
        self.init(uninitializedShape: shape)
        try body(UnsafeMutableBufferPointer(start: storage.base, count: count))
    }

    /// Creates a tensor from data that comes from outside (files, checkpoints, user input),
    /// checking the shape instead of stopping on a mismatch.
    ///
    /// - Parameters:
    ///   - shape: the expected shape.
    ///   - scalars: row-major values; their count must be the product of `shape`.
    ///   - source: names where the data came from, for the error message.
    /// - Throws: `NumSwiftError.invalidArgument` when an extent is negative or the number of
    ///   scalars does not match the shape.
    public static func validated(shape: [Int], scalars: [Float], source: String = "tensor data") throws -> Tensor {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw NumSwiftError.invalidArgument(name: "\(source) shape", value: "\(shape)", expected: "non-negative extents")
        }
        let needed = shape.reduce(1, *)
        guard needed == scalars.count else {
            throw NumSwiftError.invalidArgument(
                name: "\(source) scalar count", value: "\(scalars.count)",
                expected: "\(needed) values for shape \(shape)")
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// A rank-0 tensor holding `value`.
    public init(_ value: Float) {
        self.init(uninitializedShape: [])
        storage.base[0] = value
    }

    /// A rank-1 tensor of the given scalars.
    public init(_ scalars: [Float]) {
        self.init(shape: [scalars.count], scalars: scalars)
    }

    /// Builds a tensor by letting `body` write every element of an uninitialised buffer.
    static func build(_ shape: [Int], _ body: (UnsafeMutablePointer<Float>) -> Void) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        body(t.storage.base)
        return t
    }

    // MARK: - Properties

    /// Number of axes.
    public var rank: Int { shape.count }

    /// Number of scalars (product of the shape).
    public var count: Int { storage.count }

    /// A row-major copy of the values.
    public var scalars: [Float] {
        Array(UnsafeBufferPointer(start: storage.base, count: count))
    }

    /// The single value of a tensor with one element.
    ///
    /// - Precondition: `count == 1`.
    public var scalar: Float {
        precondition(count == 1, "scalar: tensor of shape \(shape) has \(count) elements, expected 1")
        return storage.base[0]
    }

    /// Whether this tensor is recorded on the gradient tape.
    public var isTracked: Bool { node != nil }

    /// Whether every element is finite (no NaN, no ±infinity), e.g. to stop training on a
    /// diverged loss.
    public var isFinite: Bool {
        for i in 0..<count where !storage.base[i].isFinite { return false }
        return true
    }

    /// The element at a full multi-index (one index per axis).
    ///
    /// - Precondition: `indices.count == rank` and each index is within its axis.
    public func scalar(at indices: [Int]) -> Float {
        precondition(indices.count == rank, "scalar(at:): \(indices.count) indices for shape \(shape)")
        var flat = 0
        for (d, i) in indices.enumerated() {
            precondition(i >= 0 && i < shape[d], "scalar(at:): index \(indices) out of range for shape \(shape)")
            flat = flat * shape[d] + i
        }
        return storage.base[flat]
    }

    // MARK: - Raw access

    /// Calls `body` with the row-major values.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) {
            try body(UnsafeBufferPointer(start: storage.base, count: count))
        }
    }

    /// Calls `body` with mutable access to the values, copying the buffer first if it is shared.
    ///
    /// Mutating the values is not differentiable: the tensor leaves the gradient tape.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        makeUnique()
        node = nil
        var buffer = UnsafeMutableBufferPointer(start: storage.base, count: count)
        return try withExtendedLifetime(storage) { try body(&buffer) }
    }

    /// Internal read pointer; keep `self` alive while using it (callers hold the tensor as a parameter).
    var ptr: UnsafePointer<Float> { UnsafePointer(storage.base) }

    /// Ensures the storage is not shared, copying it if necessary.
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    // MARK: - Shape helpers

    static func product(_ shape: [Int]) -> Int {
        var p = 1
        for d in shape { p &*= d }
        return p
    }

    /// Row-major element strides of `shape`.
    static func strides(of shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            s[d] = acc
            acc &*= shape[d]
        }
        return s
    }

    /// Normalises a possibly negative axis, with a precondition naming `op`.
    func normalizedAxis(_ axis: Int, _ op: String, rank r: Int? = nil) -> Int {
        let n = r ?? rank
        let a = axis < 0 ? axis + n : axis
        precondition(a >= 0 && a < n, "\(op): axis \(axis) out of range for shape \(shape)")
        return a
    }
}

// MARK: - Sendability

/// Tensor values may cross threads like arrays: storage is never mutated while shared (copy-on-
/// write). A tensor's tape node is mutated during `backward()`, so one graph must not be
/// differentiated from two threads at once.
extension Tensor: @unchecked Sendable {}

// MARK: - Equality and printing

extension Tensor: Equatable {
    /// Exact equality of shape and values (no tape involvement).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        guard lhs.shape == rhs.shape else { return false }
        if lhs.storage === rhs.storage { return true }
        for i in 0..<lhs.count where lhs.storage.base[i] != rhs.storage.base[i] { return false }
        return true
    }
}

extension Tensor: CustomStringConvertible {
    /// Shape and values, nested by axis; long tensors are abbreviated.
    public var description: String {
        if rank == 0 { return "Tensor(\(storage.base[0]))" }
        var out = ""
        func emit(_ axis: Int, _ offset: Int) {
            let n = shape[axis]
            let inner = Tensor.product(Array(shape[(axis + 1)...]))
            out += "["
            let shown = n > 12 ? Array(0..<6) + [-1] + Array((n - 6)..<n) : Array(0..<n)
            for (k, i) in shown.enumerated() {
                if k > 0 { out += ", " }
                if i < 0 { out += "..."; continue }
                if axis == rank - 1 { out += "\(storage.base[offset + i])" } else { emit(axis + 1, offset + i * inner) }
            }
            out += "]"
        }
        emit(0, 0)
        return "Tensor(shape: \(shape), \(out))"
    }
}
