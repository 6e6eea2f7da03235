import NumSwiftMPI
import Testing

/// The binding inside the test process: MPI_COMM_WORLD of one rank through Open MPI's singleton
/// init (no mpirun), where every collective is the identity.
@Suite(.serialized) struct SingleRankTests {
    @Test func singletonInitNeedsNoLauncher() throws {
        let w = try Communicator.world()
        #expect(w.rank == 0 && w.size == 1 && w.isRoot)
        #expect(MPIRuntime.isActive)
        try MPIRuntime.initialize()  // a second call is harmless
        try w.barrier()
    }

    @Test func collectivesAreTheIdentityOnOneRank() throws {
        let w = try Communicator.world()
        var f: [Float] = [1, -2.5, 3e-8]
        try w.allReduce(&f)
        #expect(f == [1, -2.5, 3e-8])
        var d: [Double] = [0.1, 0.2]
        try w.allReduce(&d, op: .max)
        #expect(d == [0.1, 0.2])
        var i: [Int64] = [Int64.max, Int64.min]
        try w.allReduce(&i, op: .min)
        #expect(i == [Int64.max, Int64.min])
        var b: [Int32] = [7, 8]
        try w.broadcast(&b)
        #expect(b == [7, 8])
        #expect(try w.broadcastArray([UInt8]("abc".utf8)) == [UInt8]("abc".utf8))
        #expect(try w.allGather([UInt32(5), 6]) == [5, 6])
        #expect(try w.allGatherV([UInt64(9)]) == [[9]])
        #expect(try w.allToAll([Int64(4), 5, 6], blockCount: 3) == [4, 5, 6])
        #expect(try w.allToAllV([[Float(1), 2]]) == [[1, 2]])
        #expect(try w.allToAllV([[UInt8]()]) == [[]])
    }

    @Test func exchangesLargerThanOneCallRunInRounds() throws {
        let w = try Communicator.world()
        w.callByteLimit = 16
        defer { w.callByteLimit = Int(Int32.max) }
        let block = (0..<1001).map { UInt32($0 * 7) }
        #expect(try w.allToAllV([block]) == [block])
        var sums = (0..<77).map { Double($0) / 3 }
        try w.allReduce(&sums)
        #expect(sums == (0..<77).map { Double($0) / 3 })
        #expect(try w.broadcastArray(block) == block)
        #expect(throws: MPIError.messageTooLarge(operation: "allGatherV", bytes: 4004, limit: 16)) { try w.allGatherV(block) }
    }

    @Test func badArgumentsThrowWithoutCallingMPI() throws {
        let w = try Communicator.world()
        #expect(throws: MPIError.invalidArgument(operation: "allToAllV", reason: "2 blocks for 1 ranks")) {
            try w.allToAllV([[Int64(1)], [2]])
        }
        #expect(throws: MPIError.invalidArgument(operation: "allToAll", reason: "3 values are not 1 blocks of 2")) {
            try w.allToAll([Int64(1), 2, 3], blockCount: 2)
        }
        var v: [Float] = [1]
        #expect(throws: MPIError.invalidArgument(operation: "broadcast", reason: "root 3 is not a rank of this 1-rank communicator")) {
            try w.broadcast(&v, root: 3)
        }
        #expect(MPIError.mismatch(what: "x", detail: "y").description.contains("every rank must run the same command"))
    }
}
