// MARK: - Evaluating a fixed hierarchical partition

extension Infomap {
    /// The multilevel codelength and module flows of a fixed hierarchical partition, without
    /// searching (official Infomap: a `.tree` given with `--cluster-data` and `--no-infomap`).
    ///
    /// `paths[i]` is the module path of node i, top module first, e.g. `[2, 0]` = sub-module 0 of
    /// top module 2 (any non-negative labels; they need not be dense). All paths of length 1 give
    /// a two-level partition. The codelength is the multilevel map equation: the root index
    /// codebook over the top modules' enter flows, each intermediate module's codebook over its
    /// sub-modules' enter flows and its exit, and each leaf module's codebook over its nodes.
    ///
    /// The result numbers modules as Infomap writes them: siblings by decreasing flow, equal
    /// flows in increasing label order; `result.paths` holds these numbers (nil when two-level).
    /// - Parameters:
    ///   - flow: the flow network.
    ///   - paths: one module path per node (`flow.numNodes` paths).
    /// - Returns: the codelength breakdown (`indexCodelength` = root codebook), top-module flows,
    ///   `levels` = 1 + the longest path.
    /// - Throws: `InfoMapError.invalidPartition` naming the node when the number of paths is not
    ///   `flow.numNodes`, a path is empty or has a negative label, or a module holds both nodes
    ///   and sub-modules (one node's path ends where another's goes deeper).
    /// References: articles digest §4.5; Rosvall & Bergstrom, PLoS ONE 6 (2011) e18209.
    public static func evaluate(_ flow: FlowGraph, paths: [[Int]]) throws -> InfomapResult {
        let n = flow.numNodes
        guard paths.count == n else {
            let node = min(paths.count, n)
            throw InfoMapError.invalidPartition(
                node: node, path: node < paths.count ? paths[node] : [],
                expected: "one module path per node: \(n) paths, got \(paths.count)")
        }
        for (i, p) in paths.enumerated() {
            guard !p.isEmpty else { throw InfoMapError.invalidPartition(node: i, path: p, expected: "a non-empty module path") }
            guard p.allSatisfy({ $0 >= 0 }) else {
                throw InfoMapError.invalidPartition(node: i, path: p, expected: "non-negative module labels")
            }
        }
        let canonical = try rankedPaths(flow, paths)
        let tree = ModuleTree(flow: flow, path: { canonical[$0] })
        func build(_ k: Int) -> TreeModule {
            let m = tree.modules[k]
            return m.children.isEmpty ? TreeModule(leaves: m.nodes.map { Int32($0) }) : TreeModule(children: m.children.map(build))
        }
        let codelength = SearchTree.codelength(
            net: flow.net, top: tree.top.map(build), enf: 0,
            nodeFlowLogFlow: flow.nodeFlowLogFlow, teleTotal: flow.teleTotal)
        let top = tree.top.map { tree.modules[$0] }
        return InfomapResult(
            modules: canonical.map { $0[0] }, numTopModules: top.count,
            codelength: codelength, indexCodelength: tree.rootCodelength,
            moduleCodelength: codelength - tree.rootCodelength,
            oneLevelCodelength: flow.oneLevelCodelength, levels: tree.maxDepth + 1,
            moduleFlow: top.map { $0.flow }, moduleEnter: top.map { $0.enter }, moduleExit: top.map { $0.exit },
            trialCodelengths: [], paths: tree.maxDepth > 1 ? canonical : nil)
    }

    /// Renumbers sibling modules 0, 1, ... by decreasing flow (ties by label), checking that no
    /// module holds both nodes and sub-modules. A module's flow is summed over its sorted node
    /// flows, so modules with the same node flows tie exactly.
    static func rankedPaths(_ flow: FlowGraph, _ paths: [[Int]]) throws -> [[Int32]] {
        var out = [[Int32]](repeating: [], count: paths.count)
        func place(_ members: [Int], depth d: Int) throws {
            var groups: [Int: [Int]] = [:]
            for i in members { groups[paths[i][d], default: []].append(i) }
            typealias Group = (label: Int, nodes: [Int], flow: Double)
            var ranked: [Group] = []
            for (label, nodes) in groups {
                let f: Double = nodes.map { flow.nodeFlow[$0] }.sorted().reduce(0, +)
                ranked.append((label, nodes, f))
            }
            ranked.sort { (a: Group, b: Group) -> Bool in a.flow != b.flow ? a.flow > b.flow : a.label < b.label }
            for (r, g) in ranked.enumerated() {
                for i in g.nodes { out[i].append(Int32(r)) }
                let ending = g.nodes.filter { paths[$0].count == d + 1 }
                if ending.count == g.nodes.count { continue }
                if let a = ending.first, let b = g.nodes.first(where: { paths[$0].count > d + 1 }) {
                    throw InfoMapError.invalidPartition(
                        node: a, path: paths[a],
                        expected: "a path as deep as node \(b)'s \(paths[b]): module \(Array(paths[a].prefix(d + 1))) "
                            + "cannot hold both nodes and sub-modules")
                }
                try place(g.nodes, depth: d + 1)
            }
        }
        try place(Array(paths.indices), depth: 0)
        return out
    }
}
