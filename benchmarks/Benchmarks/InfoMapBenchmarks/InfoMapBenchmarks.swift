// The InfoMap optimiser on one thread: PageRank flow, two-level and multilevel search on a
// planted-partition network generated in-process (100 groups of 100 nodes, mean degree ~12, a
// fifth of the links between groups), so the suite needs no data files. The peer comparison on
// the 1M-link LFR-like graph is benchmarks/compare/infomap.py.
import Benchmark
import InfoMap

/// A planted-partition network from a fixed 64-bit LCG: `groups` × `size` nodes, each node with
/// `degree / 2` links drawn inside its group with probability 0.8, else anywhere.
func plantedNetwork(groups: Int = 100, size: Int = 100, degree: Int = 12, seed: UInt64 = 7) -> Network {
    var state = seed
    func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }
    var net = Network()
    let n = groups * size
    for i in 0..<n {
        for _ in 0..<(degree / 2) {
            let j = next(5) < 4 ? (i / size) * size + next(size) : next(n)
            if j != i { net.addLink(i, j) }
        }
    }
    return net
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident],
        warmupIterations: 1, maxDuration: .seconds(5))
    let network = plantedNetwork()

    Benchmark("flow (PageRank) 10k nodes") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(FlowGraph(network: network)) }
    }

    for twoLevel in [true, false] {
        Benchmark("search \(twoLevel ? "two-level" : "multilevel") 10k nodes, 1 trial") { benchmark in
            let flow = FlowGraph(network: network)
            var options = InfomapOptions()
            options.twoLevel = twoLevel
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(Infomap.run(flow, options: options)) }
        }
    }
}
