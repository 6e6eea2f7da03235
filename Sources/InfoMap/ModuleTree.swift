import CKernels.Infomap

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
                if parent < 0 {
                    top.append(index)
                } else {
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

    /// Flow, enter and exit of every module, then every codebook's codelength. Enter and exit
    /// are sums over the links crossing the module's boundary (plus recorded teleportation:
    /// exit T(1 − U), enter (T_total − T) U with T, U the module's teleport flow and target
    /// weight), so a module without crossing links has exactly zero enter or exit flow, as
    /// when official Infomap evaluates a given partition.
    private mutating func computeFlows(_ flow: FlowGraph) {
        let net = flow.net
        var tele = [Double](repeating: 0, count: modules.count), teleU = tele
        for i in order {
            var m = leafModule[i]
            while m >= 0 {
                modules[m].flow += flow.nodeFlow[i]
                if let t = net.tele, let u = net.teleU { tele[m] += t[i]; teleU[m] += u[i] }
                m = modules[m].parent
            }
        }
        let depth = modules.map { $0.path.count }
        for i in 0..<net.n {
            for k in Int(net.outStart[i])..<Int(net.outStart[i + 1]) {
                var a = leafModule[i], b = leafModule[Int(net.outIdx[k])]
                let f = net.outFlow[k]
                // Every module holding i but not j exits f; every one holding j but not i enters f.
                while a != b {
                    if depth[a] >= depth[b] { modules[a].exit += f; a = modules[a].parent } else { modules[b].enter += f; b = modules[b].parent }
                    if a < 0 || b < 0 {
                        while a >= 0 { modules[a].exit += f; a = modules[a].parent }
                        while b >= 0 { modules[b].enter += f; b = modules[b].parent }
                        break
                    }
                }
            }
        }
        if net.tele != nil {
            for m in modules.indices {
                modules[m].exit += tele[m] * (1 - teleU[m])
                modules[m].enter += (flow.teleTotal - tele[m]) * teleU[m]
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
                if parent < 0 {
                    root[key(childIndex(a), childIndex(b)), default: 0] += f
                } else {
                    inner[parent][key(childIndex(a), childIndex(b)), default: 0] += f
                }
            }
        }
        func rows(_ d: [Int64: Double]) -> [(Int, Int, Double)] {
            d.keys.sorted().map { (Int($0 >> 32), Int($0 & 0xffff_ffff), d[$0]!) }
        }
        return (rows(root), inner.map(rows))
    }
}
