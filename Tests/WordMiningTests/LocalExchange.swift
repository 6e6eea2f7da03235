import Foundation
@testable import WordMining

/// `DiscoveryExchange` between threads of one process: N ranks, each on its own thread, meet at
/// a barrier for every collective. It is the transport-free reference the MPI one must agree with.
final class LocalExchangeGroup: @unchecked Sendable {
    let size: Int
    private let cond = NSCondition()
    private var arrived = 0, generation = 0
    private var boxes: [[[UInt8]]]
    private var sums: [[Int64]]

    init(size: Int) {
        self.size = size
        boxes = Array(repeating: [], count: size)
        sums = Array(repeating: [], count: size)
    }

    private func barrier() {
        cond.lock()
        let gen = generation
        arrived += 1
        if arrived == size {
            arrived = 0
            generation += 1
            cond.broadcast()
        } else {
            while gen == generation { cond.wait() }
        }
        cond.unlock()
    }

    struct Rank: DiscoveryExchange {
        let group: LocalExchangeGroup
        let rank: Int
        var size: Int { group.size }

        func sum(_ values: inout [Int64]) throws {
            group.sums[rank] = values
            group.barrier()
            var total = [Int64](repeating: 0, count: values.count)
            for r in 0..<size {
                precondition(group.sums[r].count == values.count, "LocalExchange.sum: ranks pass different counts")
                for i in 0..<values.count { total[i] += group.sums[r][i] }
            }
            group.barrier()
            values = total
        }

        func exchange(_ parts: [[UInt8]]) throws -> [[UInt8]] {
            precondition(parts.count == size)
            group.boxes[rank] = parts
            group.barrier()
            let got = (0..<size).map { group.boxes[$0][rank] }
            group.barrier()
            return got
        }
    }

    /// Runs `body(rank)` on `size` threads at once and returns the results by rank.
    static func run<T>(ranks: Int, _ body: @escaping (Rank) throws -> T) throws -> [T] {
        let group = LocalExchangeGroup(size: ranks)
        let box = ResultBox<T>(count: ranks)
        let lock = NSLock(), done = DispatchGroup()
        for r in 0..<ranks {
            done.enter()
            let t = Thread {
                let res = Result { try body(Rank(group: group, rank: r)) }
                lock.lock()
                box.results[r] = res
                lock.unlock()
                done.leave()
            }
            t.stackSize = 8 << 20
            t.start()
        }
        done.wait()
        return try box.results.map { try $0!.get() }
    }
}

/// Results of the rank threads, written under a lock.
final class ResultBox<T>: @unchecked Sendable {
    var results: [Result<T, Error>?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
}
