import CMPI

extension Communicator {
    // MARK: - All-reduce

    /// Reduces `values` element-wise over all ranks, in place (`MPI_IN_PLACE`): afterwards every
    /// rank holds the same result. Every rank must pass the same count (the binding checks).
    ///
    /// Floating-point sums depend on the order MPI adds the ranks' values in, so they may differ
    /// from a one-process sum in the last bits; every rank gets the same bits.
    /// - Throws: `MPIError.mismatch` when the counts differ, `MPIError.call`.
    public func allReduce<T: MPIReducible>(_ values: inout [T], op: ReduceOp = .sum) throws {
        try values.withUnsafeMutableBufferPointer { try allReduce($0, op: op) }
    }

    /// `allReduce` over a caller-owned buffer (e.g. a tensor's storage).
    public func allReduce<T: MPIReducible>(_ values: UnsafeMutableBufferPointer<T>, op: ReduceOp = .sum) throws {
        try agreeOnCount(values.count, "allReduce")
        let step = max(1, callByteLimit / MemoryLayout<T>.stride)
        var off = 0
        while off < values.count {
            let n = min(step, values.count - off)
            try check(MPI_Allreduce(cmpi_in_place(), values.baseAddress! + off, Int32(n), T.mpiDatatype, op.handle, handle), "MPI_Allreduce")
            off += n
        }
    }

    /// Checks that every rank passes `count` (one small all-reduce): a rank with another count
    /// would make the collective fail or hang.
    func agreeOnCount(_ count: Int, _ op: String) throws {
        var mm: [Int64] = [Int64(count), -Int64(count)]
        try check(MPI_Allreduce(cmpi_in_place(), &mm, 2, Int64.mpiDatatype, cmpi_op_max(), handle), "MPI_Allreduce")
        if mm[0] != -mm[1] {
            throw MPIError.mismatch(what: "the length of \(op)", detail: "counts range from \(-mm[1]) to \(mm[0]) (rank \(rank) has \(count))")
        }
    }

    // MARK: - All-gather

    /// Concatenates every rank's `values` in rank order; every rank passes the same count.
    /// - Returns: `size * values.count` values, rank r's at `r * values.count`.
    public func allGather<T: MPIScalar>(_ values: [T]) throws -> [T] {
        try agreeOnCount(values.count, "allGather")
        return try allGatherV(values).flatMap { $0 }
    }

    /// Every rank's `values`, which may differ in length, indexed by rank.
    /// - Throws: `MPIError.messageTooLarge` when the gathered bytes exceed `callByteLimit`.
    public func allGatherV<T: MPIScalar>(_ values: [T]) throws -> [[T]] {
        var counts = [Int64](repeating: 0, count: size)
        var mine = Int64(values.count)
        try check(MPI_Allgather(&mine, 1, Int64.mpiDatatype, &counts, 1, Int64.mpiDatatype, handle), "MPI_Allgather")
        let total = counts.reduce(0, +)
        let bytes = Int(total) * MemoryLayout<T>.stride
        // Every rank has every count, so all of them throw here or none does.
        guard bytes <= callByteLimit else { throw MPIError.messageTooLarge(operation: "allGatherV", bytes: bytes, limit: callByteLimit) }
        var displs = [Int32](repeating: 0, count: size)
        for r in 1..<max(size, 1) { displs[r] = displs[r - 1] + Int32(counts[r - 1]) }
        let counts32 = counts.map { Int32($0) }
        var flat = [T](unsafeUninitializedCapacity: Int(total)) { _, c in c = Int(total) }
        try values.withUnsafeBufferPointer { s in
            try flat.withUnsafeMutableBufferPointer { d in
                try check(
                    MPI_Allgatherv(s.baseAddress, Int32(values.count), T.mpiDatatype, d.baseAddress, counts32, displs, T.mpiDatatype, handle),
                    "MPI_Allgatherv")
            }
        }
        return (0..<size).map { r in Array(flat[Int(displs[r])..<Int(displs[r]) + Int(counts[r])]) }
    }

    // MARK: - All-to-all

    /// Sends `values[d * blockCount ..< (d + 1) * blockCount]` to rank d; returns the blocks received,
    /// in source-rank order. Every rank passes `size * blockCount` values.
    public func allToAll<T: MPIScalar>(_ values: [T], blockCount: Int) throws -> [T] {
        guard blockCount >= 0, values.count == blockCount * size else {
            throw MPIError.invalidArgument(operation: "allToAll", reason: "\(values.count) values are not \(size) blocks of \(blockCount)")
        }
        try agreeOnCount(blockCount, "allToAll")
        return try allToAllV(values, counts: [Int](repeating: blockCount, count: size)).values
    }

    /// Sends `parts[d]` to rank d and returns what each rank sent to this one, by source rank.
    /// Blocks may differ in length and be empty; `parts.count` must equal `size`. Exchanges larger
    /// than `callByteLimit` run in several rounds.
    public func allToAllV<T: MPIScalar>(_ parts: [[T]]) throws -> [[T]] {
        guard parts.count == size else {
            throw MPIError.invalidArgument(operation: "allToAllV", reason: "\(parts.count) blocks for \(size) ranks")
        }
        let flat = parts.flatMap { $0 }
        let (recv, counts) = try allToAllV(flat, counts: parts.map(\.count))
        var out: [[T]] = []
        var off = 0
        for c in counts {
            out.append(Array(recv[off..<off + c]))
            off += c
        }
        return out
    }

    /// Flat form of `allToAllV`: `values` holds the block for rank 0, then rank 1, ... with
    /// `counts[d]` values for rank d. Returns the received values in source-rank order and how many
    /// came from each rank.
    public func allToAllV<T: MPIScalar>(_ values: [T], counts: [Int]) throws -> (values: [T], counts: [Int]) {
        guard counts.count == size, counts.allSatisfy({ $0 >= 0 }), counts.reduce(0, +) == values.count else {
            throw MPIError.invalidArgument(
                operation: "allToAllV", reason: "\(counts.count) counts summing to \(counts.reduce(0, +)) for \(values.count) values and \(size) ranks")
        }
        let w = MemoryLayout<T>.stride
        var sendCounts = counts.map { Int64($0 * w) }
        var recvCounts = [Int64](repeating: 0, count: size)
        try check(MPI_Alltoall(&sendCounts, 1, Int64.mpiDatatype, &recvCounts, 1, Int64.mpiDatatype, handle), "MPI_Alltoall")
        let total = Int(recvCounts.reduce(0, +)) / w
        var out = [T](unsafeUninitializedCapacity: total) { _, c in c = total }
        try values.withUnsafeBytes { s in
            try out.withUnsafeMutableBytes { d in
                try allToAllBytes(send: s, sendCounts: sendCounts.map { Int($0) }, recv: d, recvCounts: recvCounts.map { Int($0) })
            }
        }
        return (out, recvCounts.map { Int($0) / w })
    }

    /// Byte all-to-all in as many rounds as `callByteLimit` needs (all ranks agree on the number):
    /// in round k a rank sends each destination the k-th of `rounds` equal slices of its block, so
    /// the receiver can compute every slice's length from the block length alone.
    func allToAllBytes(send: UnsafeRawBufferPointer, sendCounts: [Int], recv: UnsafeMutableRawBufferPointer, recvCounts: [Int]) throws {
        let sendTotal = sendCounts.reduce(0, +), recvTotal = recvCounts.reduce(0, +)
        // One slice per peer can round up by a byte, hence the `size` of headroom.
        let room = max(1, callByteLimit - size)
        var rounds = Int64((max(sendTotal, recvTotal) + room - 1) / room)
        try check(MPI_Allreduce(cmpi_in_place(), &rounds, 1, Int64.mpiDatatype, cmpi_op_max(), handle), "MPI_Allreduce")
        let k = max(1, Int(rounds))
        func slice(_ count: Int, _ round: Int) -> Range<Int> {
            let q = (count + k - 1) / k
            return min(count, round * q)..<min(count, (round + 1) * q)
        }
        var sOff = [Int](repeating: 0, count: size), rOff = [Int](repeating: 0, count: size)
        for r in 1..<max(size, 1) {
            sOff[r] = sOff[r - 1] + sendCounts[r - 1]
            rOff[r] = rOff[r - 1] + recvCounts[r - 1]
        }
        if k == 1 {
            try check(
                MPI_Alltoallv(
                    send.baseAddress, sendCounts.map { Int32($0) }, sOff.map { Int32($0) }, cmpi_byte(),
                    recv.baseAddress, recvCounts.map { Int32($0) }, rOff.map { Int32($0) }, cmpi_byte(), handle), "MPI_Alltoallv")
            return
        }
        // Several rounds: pack each round's slices contiguously so 32-bit displacements suffice.
        var sBuf = [UInt8](repeating: 0, count: min(callByteLimit, sendTotal) + size)
        var rBuf = [UInt8](repeating: 0, count: min(callByteLimit, recvTotal) + size)
        for round in 0..<k {
            var sc = [Int32](repeating: 0, count: size), sd = sc, rc = sc, rd = sc
            var sp = 0, rp = 0
            for d in 0..<size {
                let s = slice(sendCounts[d], round), r = slice(recvCounts[d], round)
                sBuf.withUnsafeMutableBytes { b in
                    if !s.isEmpty { b.baseAddress!.advanced(by: sp).copyMemory(from: send.baseAddress! + sOff[d] + s.lowerBound, byteCount: s.count) }
                }
                sc[d] = Int32(s.count); sd[d] = Int32(sp); sp += s.count
                rc[d] = Int32(r.count); rd[d] = Int32(rp); rp += r.count
            }
            try sBuf.withUnsafeBytes { sb in
                try rBuf.withUnsafeMutableBytes { rb in
                    try check(MPI_Alltoallv(sb.baseAddress, sc, sd, cmpi_byte(), rb.baseAddress, rc, rd, cmpi_byte(), handle), "MPI_Alltoallv")
                }
            }
            rBuf.withUnsafeBytes { rb in
                for d in 0..<size {
                    let r = slice(recvCounts[d], round)
                    if !r.isEmpty { (recv.baseAddress! + rOff[d] + r.lowerBound).copyMemory(from: rb.baseAddress! + Int(rd[d]), byteCount: r.count) }
                }
            }
        }
    }
}
