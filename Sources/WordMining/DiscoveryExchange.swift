/// The collectives a distributed `WordFinder` run needs from its transport (MPI in the
/// `numswift` tool, threads in the tests): the ranks of one job, an element-wise sum and a
/// personalised all-to-all of byte blocks. WordMining itself does not link any transport.
///
/// Every rank must make the same calls in the same order. A rank that fails between calls cannot
/// tell the others, so a transport should end the whole job then (MPI: `MPI_Abort`).
public protocol DiscoveryExchange {
    /// This rank, `0..<size`.
    var rank: Int { get }
    /// Number of ranks.
    var size: Int { get }
    /// Element-wise sum over all ranks, in place; every rank passes the same count.
    func sum(_ values: inout [Int64]) throws
    /// Sends `parts[d]` to rank d (`parts.count == size`; blocks may be empty) and returns the
    /// blocks the ranks sent to this one, indexed by source rank.
    func exchange(_ parts: [[UInt8]]) throws -> [[UInt8]]
}

extension DiscoveryExchange {
    /// Every rank's `bytes`, indexed by rank.
    func allGather(_ bytes: [UInt8]) throws -> [[UInt8]] {
        try exchange([[UInt8]](repeating: bytes, count: size))
    }
}

/// Records of fixed-size scalars and code-unit strings packed into bytes, for the exchanges.
struct RecordWriter {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(units p: UnsafePointer<UInt16>, count: Int) {
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: p, count: count * 2))
    }
}

/// Reads what a `RecordWriter` wrote, in the same order.
struct RecordReader {
    let base: UnsafeRawPointer
    let end: Int
    var pos = 0

    init(_ b: UnsafeRawBufferPointer) {
        base = b.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        end = b.count
    }

    var atEnd: Bool { pos >= end }

    mutating func read<T: FixedWidthInteger>(_: T.Type) -> T {
        precondition(pos + MemoryLayout<T>.size <= end, "RecordReader: record cut short at byte \(pos) of \(end)")
        let v = T(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: T.self))
        pos += MemoryLayout<T>.size
        return v
    }

    /// `count` code units, in place (records keep them 2-byte aligned).
    mutating func units(_ count: Int) -> UnsafePointer<UInt16> {
        precondition(pos + 2 * count <= end && pos % 2 == 0, "RecordReader: units cut short at byte \(pos) of \(end)")
        let p = (base + pos).assumingMemoryBound(to: UInt16.self)
        pos += 2 * count
        return p
    }
}
