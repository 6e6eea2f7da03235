
/// Refinements of a finished multilevel tree that official Infomap 2.16 does not make: they only
/// reorganise existing modules, and each is kept only when the exact hierarchical codelength
/// (a fresh recompute) gets shorter, so the search can only improve on its unrefined result.
///
/// References: articles digest §4.5 (HIERARCHICAL_PARTITION and the multi-level codelength).
extension HierarchicalSearch {
    /// Promotes sub-modules, alternates top-level regrouping and promotion while that shortens
    /// the code, then moves nodes between leaf modules and re-tunes every codebook's leaf modules.
    func refine(_ top: inout [TreeModule]) {
        // A flat tree means the super-module search and every sub-module search already found
        // no shorter level; leave it (and its cost) alone.
        guard top.count > 1 && top.contains(where: { !$0.children.isEmpty }) else { return }
        var best = codelength(top)
        let start = best
        defer { progress?("  refined tree: codelength \(start) -> \(best), \(top.count) top modules") }
        promote(&top, &best)
        for _ in 0..<maxRefineRounds {
            guard let groups = regroupedTop(top) else { break }
            var cand = groups.map { $0.count == 1 ? $0[0] : TreeModule(children: $0) }
            var l = codelength(cand)
            promote(&cand, &l)
            if l < best - 1e-10 { top = cand; best = l; continue }
            // All groups together do not pay off: try them one at a time (largest first), each
            // kept if it shortens the code on its own.
            let multi = groups.filter { $0.count > 1 }
            guard multi.count > 1 && multi.count <= maxSingleGroupTrials else { break }
            var improved = false
            for g in multi.sorted(by: { $0.count > $1.count }) {
                let ids = Set(g.map { ObjectIdentifier($0) })
                guard top.filter({ ids.contains(ObjectIdentifier($0)) }).count == g.count else { continue }
                var one = top.filter { !ids.contains(ObjectIdentifier($0)) } + [TreeModule(children: g)]
                var lo = codelength(one)
                promote(&one, &lo)
                if lo < best - 1e-10 { top = one; best = lo; improved = true }
            }
            if !improved { break }
        }
        while mergeTopPair(&top, &best) {}
        let moved = moveNodes(&top, &best)
        if fineTuneLeaves(&top, &best) || moved { promote(&top, &best) }
    }

    /// Single-node moves between any leaf modules of the tree (`TreeNodeMoves`); kept if the
    /// fresh codelength beats `best` (updated). Not for recorded teleportation or flat trees.
    @discardableResult
    func moveNodes(_ top: inout [TreeModule], _ best: inout Double) -> Bool {
        guard top.contains(where: { !$0.children.isEmpty }),
            let mv = TreeNodeMoves(net: flow.net, top: top)
        else { return false }
        guard mv.run(maxSweeps: options.coreLoopLimit) < -1e-10 else { return false }
        let cand = mv.tree()
        let l = codelength(cand)
        guard l < best - 1e-10 else { return false }
        top = cand; best = l
        return true
    }

    var maxRefineRounds: Int { 8 }
    /// Up to this many proposed groups are also tried one by one (each costs a recompute).
    var maxSingleGroupTrials: Int { 32 }

    /// Sub-module promotion (`SearchTree.promoteSubModules`) top first and bottom up; keeps the
    /// shorter of the two trees if it beats `best` (updated).
    func promote(_ top: inout [TreeModule], _ best: inout Double) {
        guard top.contains(where: { !$0.children.isEmpty }) else { return }
        var f = SearchTree.flows(
            net: flow.net, top: top, enf: 0, nodeFlowLogFlow: flow.nodeFlowLogFlow,
            teleTotal: flow.teleTotal)
        var down = SearchTree.copy(top, &f), up = SearchTree.copy(top, &f)
        let nDown = SearchTree.promoteSubModules(&down, parentExit: 0, f)
        let nUp = SearchTree.promoteSubModules(&up, parentExit: 0, f, bottomUp: true)
        let lDown = nDown > 0 ? codelength(down) : .infinity, lUp = nUp > 0 ? codelength(up) : .infinity
        if lDown <= lUp && lDown < best { top = down; best = lDown } else if lUp < best { top = up; best = lUp }
    }

    /// A super-module search over the current top modules (nodes carry their enter flow, as in
    /// the official super-module search): the groups of top modules it finds (groups of two or
    /// more become children of a new module; lone ones stay top modules). Nil when the search
    /// finds no non-trivial grouping.
    func regroupedTop(_ top: [TreeModule]) -> [[TreeModule]]? {
        let net = flow.net
        var labels = [Int32](repeating: 0, count: net.n)
        for (k, m) in top.enumerated() { for i in m.allLeaves { labels[Int(i)] = Int32(k) } }
        let s = TwoLevelSearch(
            leaf: net, nodeFlowLogFlow: flow.nodeFlowLogFlow, teleTotal: flow.teleTotal,
            exitNetworkFlow: 0, coreLoopLimit: options.coreLoopLimit, rng: rng)
        let st = s.state(net, labels)
        let modNet = s.aggregate(net, st, labels, top.count)
        let sup = superModuleSearch(modNet, top.count, enf: 0).0
        guard sup.numModules > 1 && sup.numModules < top.count else { return nil }
        var groups = [[TreeModule]](repeating: [], count: sup.numModules)
        for (k, m) in top.enumerated() { groups[Int(sup.assign[k])].append(m) }
        return groups
    }

    /// Moves single nodes, then whole leaf modules, between sibling leaf modules: in every
    /// codebook (root and modules) the leaf-module children get a core loop on their sub-network,
    /// started from the current modules, and one on those modules as nodes (merging siblings that a
    /// deeper sub-search split and promotion then lifted). Such moves change only that codebook and
    /// the moved-between modules' codebooks, so the loops' exact deltas are deltas of the whole
    /// tree. Kept if the fresh codelength beats `best` (updated). A flat (two-level) tree is left
    /// alone (the two-level search has tuned it already).
    @discardableResult
    func fineTuneLeaves(_ top: inout [TreeModule], _ best: inout Double) -> Bool {
        guard top.contains(where: { !$0.children.isEmpty }) else { return false }
        var f = SearchTree.flows(
            net: flow.net, top: top, enf: 0, nodeFlowLogFlow: flow.nodeFlowLogFlow,
            teleTotal: flow.teleTotal)
        let cand = SearchTree.copy(top, &f)
        var changed = false
        // One codebook (the root or a module) with exit flow `exit`: its leaf-module children are
        // re-tuned together; the enter flow of its other children only enters the codebook's
        // sum, so it is added to the sub-network's exit flow (a constant under these moves).
        func visit(_ kidsIn: inout [TreeModule], exit: Double) {
            for c in kidsIn where !c.children.isEmpty { visit(&c.children, exit: f[ObjectIdentifier(c)]!.exit) }
            let kids = kidsIn.filter { $0.children.isEmpty }
            guard kids.count >= 2 else { return }
            let others = kidsIn.filter { !$0.children.isEmpty }
            let enf = others.reduce(exit) { $0 + f[ObjectIdentifier($1)]!.enter }
            let leaves = kids.flatMap { $0.leaves }
            if local.count != flow.net.n { local = [Int32](repeating: -1, count: flow.net.n) }
            let (sub, flowLog) = makeSubNetwork(flow.net, leaves, &local)
            var labels: [Int32] = []
            for (k, c) in kids.enumerated() { labels += [Int32](repeating: Int32(k), count: c.leaves.count) }
            let st = PartitionState(
                net: sub, modules: labels, exitNetworkFlow: enf,
                nodeFlowLogFlow: flowLog, teleTotal: flow.teleTotal)
            let before = st.codelength
            _ = st.coreLoop(limit: options.coreLoopLimit, skipMultiFirst: false, rng: &rng)
            var (comp, k) = st.compacted()
            var l = st.codelength
            if k > 2 {
                // Then whole sub-modules move (merge) between siblings, as in coarse tuning.
                let s = TwoLevelSearch(
                    leaf: sub, nodeFlowLogFlow: flowLog, teleTotal: flow.teleTotal,
                    exitNetworkFlow: enf, coreLoopLimit: options.coreLoopLimit, rng: rng)
                let agg = s.aggregate(sub, st, comp, k)
                let st2 = PartitionState(
                    net: agg, modules: (0..<Int32(k)).map { $0 }, exitNetworkFlow: enf,
                    nodeFlowLogFlow: flowLog, teleTotal: flow.teleTotal)
                let before2 = st2.codelength
                _ = st2.coreLoop(limit: 2 * options.coreLoopLimit, skipMultiFirst: false, rng: &rng)
                if st2.codelength < before2 - 1e-10 {
                    let (c2, k2) = st2.compacted()
                    comp = comp.map { c2[Int($0)] }; k = k2; l = st2.codelength
                }
            }
            if k > 2 { collapseGroups(sub, flowLog, enf, &comp, &k, &l) }
            // A fresh two-level search of the same nodes, from singletons, may find a better
            // optimum than the tuned modules (which came from deeper searches and promotions).
            let fresh = TwoLevelSearch(
                leaf: sub, nodeFlowLogFlow: flowLog, teleTotal: flow.teleTotal,
                exitNetworkFlow: enf, coreLoopLimit: options.coreLoopLimit, rng: rng)
            fresh.run(tuneIterationLimit: options.tuneIterationLimit)
            rng = fresh.rng
            let lf = fresh.recomputedCodelength()
            if lf < l - 1e-10 { comp = fresh.assign; k = fresh.numModules; l = lf }
            guard l < before - 1e-10 else { return }
            var groups = [[Int32]](repeating: [], count: k)
            for (q, i) in leaves.enumerated() { groups[Int(comp[q])].append(i) }
            kidsIn = others + groups.map { TreeModule(leaves: $0) }
            changed = true
        }
        var root = cand
        visit(&root, exit: 0)
        guard changed else { return false }
        let l = codelength(root)
        guard l < best - 1e-10 else { return false }
        top = root; best = l
        return true
    }

    /// Merges groups of sibling modules that only pay off together (a split module whose parts
    /// are each better apart pairwise): a super-module search over the modules `comp` of `sub`
    /// proposes groups, and each group is merged into one module if that alone shortens the
    /// sub-network codelength `l` (updated with `comp` and `k`).
    func collapseGroups(
        _ sub: LevelNet, _ flowLog: Double, _ enf: Double,
        _ comp: inout [Int32], _ k: inout Int, _ l: inout Double
    ) {
        let s = TwoLevelSearch(
            leaf: sub, nodeFlowLogFlow: flowLog, teleTotal: flow.teleTotal,
            exitNetworkFlow: enf, coreLoopLimit: options.coreLoopLimit, rng: rng)
        let st = s.state(sub, comp)
        let agg = s.aggregate(sub, st, comp, k)
        let sup = superModuleSearch(agg, k, enf: enf).0
        guard sup.numModules < k else { return }
        var members = [[Int32]](repeating: [], count: sup.numModules)
        for j in 0..<k { members[Int(sup.assign[j])].append(Int32(j)) }
        for g in members where g.count >= 2 {
            let target = g[0]
            let inG = Set(g)
            let trial = comp.map { inG.contains($0) ? target : $0 }
            let t = PartitionState(
                net: sub, modules: trial, exitNetworkFlow: enf, nodeFlowLogFlow: flowLog,
                teleTotal: flow.teleTotal
            ).codelength
            if t < l - 1e-10 { comp = trial; l = t }
        }
        let (c, m) = s.state(sub, comp).compacted()
        comp = c; k = m
    }

    /// Groups the pair of linked top modules whose grouping (then promotion) shortens the code
    /// most; true if one was grouped. Pairs can pay off where the super-module search proposes
    /// nothing (its objective charges every lone module an exit codeword). Each pair costs a few
    /// recomputes, so this runs only while (pairs × (nodes + links)) stays within a budget.
    func mergeTopPair(_ top: inout [TreeModule], _ best: inout Double) -> Bool {
        let net = flow.net
        guard top.count > 2 else { return false }
        var labels = [Int32](repeating: 0, count: net.n)
        for (k, m) in top.enumerated() { for i in m.allLeaves { labels[Int(i)] = Int32(k) } }
        var pairs = Set<Int>()
        for i in 0..<net.n {
            for e in Int(net.outStart[i])..<Int(net.outStart[i + 1]) {
                let a = Int(labels[i]), b = Int(labels[Int(net.outIdx[e])])
                if a != b { pairs.insert(min(a, b) * top.count + max(a, b)) }
            }
        }
        guard Double(pairs.count) * Double(net.n + net.numLinks) <= pairMergeBudget else { return false }
        var bestCand: [TreeModule]? = nil, bestL = best
        for key in pairs.sorted() {
            let a = key / top.count, b = key % top.count
            var cand = top.indices.filter { $0 != a && $0 != b }.map { top[$0] } + [TreeModule(children: [top[a], top[b]])]
            var l = codelength(cand)
            promote(&cand, &l)
            if l < bestL - 1e-10 { bestL = l; bestCand = cand }
        }
        guard let c = bestCand else { return false }
        top = c; best = bestL
        return true
    }

    var pairMergeBudget: Double { 5e7 }
}
