import CMPI

#if canImport(Glibc)
    import Glibc
#endif

/// A group of processes that run collectives together: `MPI_COMM_WORLD` for now.
///
/// Every collective must be called by every rank in the same order with matching arguments, or
/// the job hangs or fails; the methods say what must match. Errors come back as `MPIError`.
///
/// ```swift
/// let world = try Communicator.world()
/// var grads: [Float] = ...
/// try world.allReduce(&grads)                       // sum over ranks, in place
/// let all = try world.allGatherV([UInt32(world.rank)])  // one block per rank
/// ```
/// References: MPI 4.0 standard ch. 6 (collective communication).
public final class Communicator: @unchecked Sendable {
    let handle: MPI_Comm
    /// This process's rank, `0..<size`.
    public let rank: Int
    /// Number of ranks.
    public let size: Int

    /// Largest number of bytes one rank passes to or takes from one MPI call (MPI counts and
    /// displacements are 32-bit `int`s); larger exchanges run in several rounds. Lowered by tests.
    public var callByteLimit = Int(Int32.max)

    init(handle: MPI_Comm) throws {
        self.handle = handle
        var r: Int32 = 0, s: Int32 = 0
        try check(MPI_Comm_rank(handle, &r), "MPI_Comm_rank")
        try check(MPI_Comm_size(handle, &s), "MPI_Comm_size")
        rank = Int(r)
        size = Int(s)
    }

    /// All processes of the job (initialising MPI when needed; a process not started by `mpirun`
    /// is a job of one rank).
    /// - Throws: `MPIError` when MPI cannot be initialised or was finalised.
    public static func world() throws -> Communicator {
        try MPIRuntime.initialize()
        return try Communicator(handle: cmpi_comm_world())
    }

    /// Whether this is rank 0, the one that prints and writes.
    public var isRoot: Bool { rank == 0 }

    /// Waits until every rank has called it.
    public func barrier() throws {
        try check(MPI_Barrier(handle), "MPI_Barrier")
    }

    /// Ends the whole job now (every rank, through `mpirun`), with `code` as its exit status: what
    /// a rank does after an error that the others cannot know about, so they do not wait forever.
    public func abort(code: Int32 = 1) -> Never {
        MPI_Abort(handle, code)
        exit(code)
    }

    // MARK: - Broadcast

    /// Copies `root`'s `values` into `values` on every rank. Every rank must pass the same count.
    /// - Throws: `MPIError.mismatch` when a rank's count differs from the root's.
    public func broadcast<T: MPIScalar>(_ values: inout [T], root: Int = 0) throws {
        try checkRoot(root, "broadcast")
        var n = Int64(values.count)
        try check(MPI_Bcast(&n, 1, Int64.mpiDatatype, Int32(root), handle), "MPI_Bcast")
        // Every rank compares against the root's count, but only ranks that differ know: agree on
        // the outcome so that either all ranks continue or all throw.
        var bad: Int64 = n == Int64(values.count) ? 0 : 1
        try check(MPI_Allreduce(cmpi_in_place(), &bad, 1, Int64.mpiDatatype, cmpi_op_max(), handle), "MPI_Allreduce")
        if bad != 0 {
            throw MPIError.mismatch(what: "a broadcast's length", detail: "rank \(root) sends \(n) values, rank \(rank) expects \(values.count)")
        }
        try values.withUnsafeMutableBytes { try broadcastBytes($0, root: root) }
    }

    /// Returns `root`'s `values` on every rank; the other ranks' arguments are ignored, so their
    /// lengths need not match.
    public func broadcastArray<T: MPIScalar>(_ values: [T], root: Int = 0) throws -> [T] {
        try checkRoot(root, "broadcastArray")
        var n = Int64(values.count)
        try check(MPI_Bcast(&n, 1, Int64.mpiDatatype, Int32(root), handle), "MPI_Bcast")
        var out = rank == root ? values : [T](unsafeUninitializedCapacity: Int(n)) { _, c in c = Int(n) }
        try out.withUnsafeMutableBytes { try broadcastBytes($0, root: root) }
        return out
    }

    /// Broadcasts raw bytes in calls of at most `callByteLimit` bytes.
    func broadcastBytes(_ buf: UnsafeMutableRawBufferPointer, root: Int) throws {
        var off = 0
        while off < buf.count {
            let n = min(callByteLimit, buf.count - off)
            try check(MPI_Bcast(buf.baseAddress! + off, Int32(n), cmpi_byte(), Int32(root), handle), "MPI_Bcast")
            off += n
        }
    }

    func checkRoot(_ root: Int, _ op: String) throws {
        guard root >= 0 && root < size else {
            throw MPIError.invalidArgument(operation: op, reason: "root \(root) is not a rank of this \(size)-rank communicator")
        }
    }
}
