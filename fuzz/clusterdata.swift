// libFuzzer target: --cluster-data partitions (.clu and .tree) against a fixed 8-node network,
// evaluated when they parse (the evaluation checks the partition's consistency).
let fuzzNetwork: Network = {
    var net = Network()
    for (a, b) in [(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 6), (6, 4), (7, 8)] { net.addLink(a, b) }
    return net
}()
let fuzzFlow = FlowGraph(network: fuzzNetwork)

func fuzz_clusterdata(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let bytes = fuzzBytes(data, size)
    let isTree = bytes.first.map { $0 & 1 == 1 } ?? false
    if let paths = try? ClusterData.parse(bytes, file: isTree ? "fuzz.tree" : "fuzz.clu", isTree: isTree, network: fuzzNetwork) {
        _ = try? Infomap.evaluate(fuzzFlow, paths: paths)
    }
}
