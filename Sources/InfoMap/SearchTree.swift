import CKernels.Infomap

/// A module of the hierarchical (multilevel) partition: either sub-modules or leaf nodes.
final class TreeModule {
    var children: [TreeModule] = []
    var leaves: [Int32] = []
    init(leaves: [Int32]) { self.leaves = leaves }
    init(children: [TreeModule]) { self.children = children }
    /// All leaf nodes below this module.
    var allLeaves: [Int32] { children.isEmpty ? leaves : children.flatMap { $0.allLeaves } }
    var depth: Int { children.isEmpty ? 1 : 1 + children.map { $0.depth }.max()! }
}

/// Exit, enter and total flow of one module of a tree.
struct ModuleFlows { var exit: Double, enter: Double, flow: Double }

/// The hierarchical map equation on a module tree, and tree refinements that only need it.
///
/// Per module (digest §4.5, "Multi-level codelength"): the root codebook
/// plogp(E + ΣN_j) − Σ plogp(N_j) − plogp(E) (E = exit flow of the (sub-)network, 0 at the top),
/// every intermediate module i with children j: plogp(X_i + ΣN_j) − plogp(X_i) − Σ plogp(N_j),
/// every leaf module: plogp(X_i + F_i) − plogp(X_i) − Σ plogp(p_α).
///
/// References: articles digest §4.5; Rosvall & Bergstrom, PLoS ONE 6 (2011), arXiv 1010.0431.
enum SearchTree {
    /// Builds a tree from nested assignments, finest first (each coarser one groups finer modules).
    static func build(_ levels: [[Int32]], n: Int) -> [TreeModule] {
        func build(_ depth: Int, _ nodes: [Int32]) -> [TreeModule] {
            var order: [Int32] = [], groups: [Int32: [Int32]] = [:]
            for i in nodes {
                let g = levels[depth][Int(i)]
                if groups[g] == nil { order.append(g) }
                groups[g, default: []].append(i)
            }
            return order.map { g in
                let mem = groups[g]!
                return depth == 0 ? TreeModule(leaves: mem) : TreeModule(children: build(depth - 1, mem))
            }
        }
        return build(levels.count - 1, (0..<Int32(n)).map { $0 })
    }

    /// Flows of every module of `top` (a tree over `net`'s nodes). The modules at one depth are
    /// disjoint, so one partition state per depth gives them all: O(depth · (n + links)).
    static func flows(
        net: LevelNet, top: [TreeModule], enf: Double, nodeFlowLogFlow: Double,
        teleTotal: Double
    ) -> [ObjectIdentifier: ModuleFlows] {
        var out: [ObjectIdentifier: ModuleFlows] = [:]
        var level = top
        while !level.isEmpty {
            var labels = (0..<Int32(net.n)).map { $0 }
            var reps: [Int32] = []
            for m in level {
                let lv = m.allLeaves
                for i in lv { labels[Int(i)] = lv[0] }
                reps.append(lv[0])
            }
            let st = PartitionState(
                net: net, modules: labels, exitNetworkFlow: enf,
                nodeFlowLogFlow: nodeFlowLogFlow, teleTotal: teleTotal)
            for (m, r) in zip(level, reps) {
                out[ObjectIdentifier(m)] = ModuleFlows(exit: st.mexit[Int(r)], enter: st.menter[Int(r)], flow: st.mflow[Int(r)])
            }
            level = level.flatMap { $0.children }
        }
        return out
    }

    /// Exact multilevel codelength of `top` in bits (fresh recompute from the network).
    static func codelength(net: LevelNet, top: [TreeModule], enf: Double, nodeFlowLogFlow: Double, teleTotal: Double) -> Double {
        let f = flows(net: net, top: top, enf: enf, nodeFlowLogFlow: nodeFlowLogFlow, teleTotal: teleTotal)
        let ns = top.map { f[ObjectIdentifier($0)]!.enter }
        var total = ck_im_plogp(ns.reduce(0, +) + enf) - ns.reduce(0) { $0 + ck_im_plogp($1) } - ck_im_plogp(enf)
        func visit(_ m: TreeModule) {
            let s = f[ObjectIdentifier(m)]!
            if m.children.isEmpty {
                total += ck_im_plogp(s.exit + s.flow) - ck_im_plogp(s.exit) - m.leaves.reduce(0) { $0 + ck_im_plogp(net.flow[Int($1)]) }
            } else {
                let ns = m.children.map { f[ObjectIdentifier($0)]!.enter }
                total += ck_im_plogp(s.exit + ns.reduce(0, +)) - ck_im_plogp(s.exit) - ns.reduce(0) { $0 + ck_im_plogp($1) }
                m.children.forEach(visit)
            }
        }
        top.forEach(visit)
        return total
    }

    // MARK: - Promoting sub-modules

    /// The codelength change of replacing module `m` (a child of a codebook with exit flow
    /// `parentExit` and children enter sum `sum`) by its own children: the parent codebook gets
    /// m's children instead of m, and m's codebook disappears. Every other codebook is unchanged,
    /// because no module's node set changes.
    static func promotionDelta(
        _ m: TreeModule, parentExit: Double, sum: Double,
        _ f: [ObjectIdentifier: ModuleFlows]
    ) -> Double {
        let s = f[ObjectIdentifier(m)]!
        let kids = m.children.reduce(0) { $0 + f[ObjectIdentifier($1)]!.enter }
        return ck_im_plogp(parentExit + sum - s.enter + kids) - ck_im_plogp(parentExit + sum)
            + ck_im_plogp(s.enter) - ck_im_plogp(s.exit + kids) + ck_im_plogp(s.exit)
    }

    /// Greedily replaces modules by their sub-modules while that shortens the codelength, in every
    /// codebook of the tree (top first). The super-module search of official Infomap can only add
    /// a level for all modules or none; this lets some modules keep an intermediate level while
    /// their siblings are coded directly in the parent codebook (e.g. ninetriangles: 2 groups of
    /// 3 triangles plus 3 lone triangles beats 3 groups of 3). Returns the number of promotions.
    /// With `bottomUp`, the codebooks of the children are refined before their parent's (this
    /// changes which sub-modules a module offers for promotion); otherwise top first.
    @discardableResult
    static func promoteSubModules(
        _ top: inout [TreeModule], parentExit: Double, _ f: [ObjectIdentifier: ModuleFlows],
        bottomUp: Bool = false, minImprovement: Double = 1e-10
    ) -> Int {
        var count = 0
        if bottomUp {
            for m in top where !m.children.isEmpty {
                count += promoteSubModules(
                    &m.children, parentExit: f[ObjectIdentifier(m)]!.exit, f,
                    bottomUp: true, minImprovement: minImprovement)
            }
        }
        var sum = top.reduce(0) { $0 + f[ObjectIdentifier($1)]!.enter }
        var changed = true
        while changed {
            changed = false
            // One pass in order of the best first-estimate; each delta is re-evaluated with the
            // current sum before it is applied, so every applied promotion is an improvement.
            let cands = top.indices.filter { !top[$0].children.isEmpty }
                .map { ($0, promotionDelta(top[$0], parentExit: parentExit, sum: sum, f)) }
                .filter { $0.1 < -minImprovement }
                .sorted { $0.1 < $1.1 }
            guard !cands.isEmpty else { break }
            var promoted = Set<Int>()
            for (i, _) in cands {
                let d = promotionDelta(top[i], parentExit: parentExit, sum: sum, f)
                guard d < -minImprovement else { continue }
                let kids = top[i].children.reduce(0) { $0 + f[ObjectIdentifier($1)]!.enter }
                sum += kids - f[ObjectIdentifier(top[i])]!.enter
                promoted.insert(i)
                count += 1
                changed = true
            }
            top = top.indices.flatMap { promoted.contains($0) ? top[$0].children : [top[$0]] }
        }
        if !bottomUp {
            for m in top where !m.children.isEmpty {
                count += promoteSubModules(
                    &m.children, parentExit: f[ObjectIdentifier(m)]!.exit, f,
                    minImprovement: minImprovement)
            }
        }
        return count
    }

    /// A structural copy of `top` (same leaves, new module objects), with the flows re-keyed.
    static func copy(_ top: [TreeModule], _ f: inout [ObjectIdentifier: ModuleFlows]) -> [TreeModule] {
        top.map { m in
            let c = m.children.isEmpty ? TreeModule(leaves: m.leaves) : TreeModule(children: copy(m.children, &f))
            f[ObjectIdentifier(c)] = f[ObjectIdentifier(m)]
            return c
        }
    }
}
