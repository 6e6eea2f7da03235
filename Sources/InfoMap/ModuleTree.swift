import CKernels

/// The module tree of a partition as Infomap writes it: every module at every depth in
/// pre-order, with its flow, enter and exit flow and the codelength of its own codebook, and the
/// nodes in output order (by module path, then decreasing flow, then id).
///
/// A module holds either sub-modules or nodes (a leaf module), never both. Codebooks follow the
/// multilevel map equation: the root and every intermediate module code the enter flows of
/// their children (plus their own exit), a leaf module codes its nodes' flows (plus its exit).
///
/// References: articles digest §4.5 (HIERARCHICAL_PARTITION); Rosvall & Bergstrom, PLoS ONE 6
/// (2011) "Multilevel compression of random walks on networks".
struct ModuleTree {
    struct Module {
        /// Position of the module among its siblings at each depth (0-based, top module first).
        var path: [Int32]
        /// Index of the parent in `modules`, -1 for a top module.
        var parent: Int
        /// Sub-modules (indices in `modules`), empty for a leaf module.
        var children: [Int] = []
        /// Leaf module: its nodes in output order.
        var nodes: [Int] = []
        var flow = 0.0, enter = 0.0, exit = 0.0
        /// Codelength of this module's codebook in bits (children's codebooks excluded).
        var codelength = 0.0
        var numChildren: Int { children.isEmpty ? nodes.count : children.count }
    }

    /// All modules in pre-order.
    private(set) var modules: [Module] = []
    /// The top modules (indices in `modules`), in order.
    private(set) var top: [Int] = []
    /// Nodes in output order.
    let order: [Int]
    /// Leaf module of each node, and its 1-based rank inside it.
    private(set) var leafModule: [Int], rank: [Int]
    /// Codelength of the root (index) codebook in bits.
    private(set) var rootCodelength = 0.0
    /// Deepest module path (1 for a two-level partition).
    private(set) var maxDepth = 1

    /// Total multilevel codelength: the root codebook plus every module's codebook.
    var codelength: Double { modules.reduce(rootCodelength) { $0 + $1.codelength } }

    /// Builds the tree of `path(i)` (module path of node i, top first; sibling labels already
    /// numbered as they should be written) over `flow`; ties in node flow are broken by `ids`.
    /// - Precondition: every path is non-empty and no module mixes nodes and sub-modules
    ///   (`Infomap.evaluate(_:paths:)` checks this and throws instead).
    init(flow: FlowGraph, ids: [Int]? = nil, path: (Int) -> [Int32]) {
        let n = flow.numNodes
        let paths = (0..<n).map(path)
        let nf = flow.nodeFlow
        order = (0..<n).sorted { a, b in
            if paths[a] != paths[b] { return paths[a].lexicographicallyPrecedes(paths[b]) }
            if nf[a] != nf[b] { return nf[a] > nf[b] }
            return (ids?[a] ?? a) < (ids?[b] ?? b)
        }
        leafModule = [Int](repeating: 0, count: n); rank = leafModule
        // Walk nodes in path order, opening a module whenever the path leaves the current chain.
        var chain: [Int] = []
        var lastPath: [Int32] = []
        for i in order {
            let p = paths[i]
            precondition(!p.isEmpty, "ModuleTree: node \(i) has an empty module path")
            var keep = 0
            while keep < chain.count && keep < p.count && lastPath[keep] == p[keep] { keep += 1 }
            chain.removeLast(chain.count - keep)
            for _ in keep..<p.count {
                let parent = chain.last ?? -1
                let index = modules.count
                let siblings = parent < 0 ? top.count : modules[parent].children.count
                let prefix = parent < 0 ? [] : modules[parent].path
                modules.append(Module(path: prefix + [Int32(siblings)], parent: parent))
                if parent < 0 { top.append(index) } else {
                    precondition(modules[parent].nodes.isEmpty, "ModuleTree: module path \(p) below a leaf module")
                    modules[parent].children.append(index)
                }
                chain.append(index)
            }
            let leaf = chain[chain.count - 1]
            precondition(modules[leaf].children.isEmpty, "ModuleTree: node \(i) placed in a module with sub-modules")
            modules[leaf].nodes.append(i)
            leafModule[i] = leaf; rank[i] = modules[leaf].nodes.count
            maxDepth = max(maxDepth, p.count)
            lastPath = p
        }
        computeFlows(flow)
    }

    /// Flow, enter and exit of every module from one partition state per depth (modules at one
    /// depth are disjoint), then every codebook's codelength.
    private mutating func computeFlows(_ flow: FlowGraph) {
        let n = flow.numNodes
        var ancestorAtDepth = leafModule  // walks up from the leaves, deepest depth first
        var depthOf = [Int](repeating: 0, count: modules.count)
        for (k, m) in modules.enumerated() { depthOf[k] = m.path.count }
        for d in stride(from: maxDepth, through: 1, by: -1) {
            // Label each node by a representative node of its depth-d module, else by itself.
            var labels = (0..<Int32(n)).map { $0 }
            var rep = [Int: Int32]()
            for i in order {
                while depthOf[ancestorAtDepth[i]] > d { ancestorAtDepth[i] = modules[ancestorAtDepth[i]].parent }
                let m = ancestorAtDepth[i]
                guard depthOf[m] == d else { continue }
                if rep[m] == nil { rep[m] = Int32(i) }
                labels[i] = rep[m]!
            }
            let st = PartitionState(net: flow.net, modules: labels, exitNetworkFlow: 0,
                                    nodeFlowLogFlow: flow.nodeFlowLogFlow, teleTotal: flow.teleTotal)
            for (m, r) in rep {
                modules[m].flow = st.mflow[Int(r)]; modules[m].enter = st.menter[Int(r)]; modules[m].exit = st.mexit[Int(r)]
            }
        }
        func codebook(exit: Double, symbols: [Double]) -> Double {
            ck_im_plogp(exit + symbols.reduce(0, +)) - ck_im_plogp(exit) - symbols.reduce(0) { $0 + ck_im_plogp($1) }
        }
        rootCodelength = codebook(exit: 0, symbols: top.map { modules[$0].enter })
        for k in modules.indices {
            let m = modules[k]
            let symbols = m.children.isEmpty ? m.nodes.map { flow.nodeFlow[$0] } : m.children.map { modules[$0].enter }
            modules[k].codelength = codebook(exit: m.exit, symbols: symbols)
        }
    }

    // MARK: - Links

    /// Links between the children of the root (`root`) and of every module (`inner[k]`), as
    /// (from, to, flow) with 1-based child indices (node ranks inside a leaf module), sorted.
    /// A link is listed in the deepest module holding both ends; for `undirected` the two
    /// directions are summed into one (min, max) row.
    func links(_ flow: FlowGraph, undirected: Bool) -> (root: [(Int, Int, Double)], inner: [[(Int, Int, Double)]]) {
        let net = flow.net
        var root: [Int64: Double] = [:]
        var inner = [[Int64: Double]](repeating: [:], count: modules.count)
        func key(_ a: Int, _ b: Int) -> Int64 {
            let (x, y) = undirected && b < a ? (b, a) : (a, b)
            return Int64(x) << 32 | Int64(y)
        }
        func childIndex(_ m: Int) -> Int { Int(modules[m].path[modules[m].path.count - 1]) + 1 }
        for i in 0..<net.n {
            for k in Int(net.outStart[i])..<Int(net.outStart[i + 1]) {
                let j = Int(net.outIdx[k]), f = net.outFlow[k]
                var a = leafModule[i], b = leafModule[j]
                if a == b { inner[a][key(rank[i], rank[j]), default: 0] += f; continue }
                // Climb to the two children of the lowest common ancestor.
                while modules[a].path.count > modules[b].path.count { a = modules[a].parent }
                while modules[b].path.count > modules[a].path.count { b = modules[b].parent }
                while modules[a].parent != modules[b].parent { a = modules[a].parent; b = modules[b].parent }
                let parent = modules[a].parent
                if parent < 0 { root[key(childIndex(a), childIndex(b)), default: 0] += f }
                else { inner[parent][key(childIndex(a), childIndex(b)), default: 0] += f }
            }
        }
        func rows(_ d: [Int64: Double]) -> [(Int, Int, Double)] {
            d.keys.sorted().map { (Int($0 >> 32), Int($0 & 0xffff_ffff), d[$0]!) }
        }
        return (rows(root), inner.map(rows))
    }
}
