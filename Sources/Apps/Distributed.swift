import Foundation
import NumSwiftMPI
import WordMining

/// MPI is the transport of a distributed word discovery.
extension Communicator: DiscoveryExchange {
    public func sum(_ values: inout [Int64]) throws { try allReduce(&values) }
    public func exchange(_ parts: [[UInt8]]) throws -> [[UInt8]] { try allToAllV(parts) }
}

/// Runs `body` on every rank of the MPI job (one rank when not started by `mpirun`). An error on
/// any rank is printed with its rank and ends the whole job at once (MPI_Abort): the other ranks
/// cannot know about it and would otherwise wait for this one in their next collective.
func runDistributed(_ body: (Communicator) throws -> Void) throws {
    let world = try Communicator.world()
    do {
        try body(world)
    } catch {
        guard world.size > 1 else { throw error }
        FileHandle.standardError.write("numswift: rank \(world.rank) of \(world.size): \(error)\n".data(using: .utf8)!)
        world.abort(code: 1)
    }
    try MPIRuntime.finalize()
}

/// Peak RSS of every rank in MB, by rank (a collective).
func peakRSSPerRank(_ world: Communicator) throws -> [Double] {
    try world.allGather([peakRSSMegabytes()])
}
