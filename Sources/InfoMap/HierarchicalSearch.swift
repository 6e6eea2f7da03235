import CKernels.Infomap

/// The multilevel map-equation search (official default): a two-level partition, a search for
/// super-modules over the modules, then recursive sub-module searches inside every module,
/// each level accepted only when it shortens the hierarchical codelength.
///
/// References: articles digest §4.5 (HIERARCHICAL_PARTITION); Rosvall & Bergstrom, PLoS ONE 6
/// (2011) "Multilevel compression of random walks on networks" (arXiv 1010.0431).
final class HierarchicalSearch {
    let flow: FlowGraph
    let options: InfomapOptions
    var rng: RNG
    /// Receives plain progress lines (refinement results) when not nil.
    var progress: ((String) -> Void)?
    init(flow: FlowGraph, options: InfomapOptions, rng: RNG) {
        self.flow = flow; self.options = options; self.rng = rng
    }

    /// Runs the search on the whole network, then refines the tree (`refine`); returns the top
    /// modules.
    func run() -> [TreeModule] {
        var top = partition(net: flow.net, nodeFlowLogFlow: flow.nodeFlowLogFlow, enf: 0, isTop: true)
        for m in top { recurse(m) }
        refine(&top)
        return top
    }

    /// Fresh multilevel codelength of a tree over the whole network.
    func codelength(_ top: [TreeModule]) -> Double {
        SearchTree.codelength(net: flow.net, top: top, enf: 0, nodeFlowLogFlow: flow.nodeFlowLogFlow, teleTotal: flow.teleTotal)
    }

    /// Two-level search plus super-module levels on a (sub-)network; returns top modules with
    /// leaves in the network's local indices, flattened (finer levels are re-found recursively).
    func partition(net: LevelNet, nodeFlowLogFlow: Double, enf: Double, isTop: Bool) -> [TreeModule] {
        let s = TwoLevelSearch(
            leaf: net, nodeFlowLogFlow: nodeFlowLogFlow, teleTotal: flow.teleTotal,
            exitNetworkFlow: enf, coreLoopLimit: options.coreLoopLimit, rng: rng)
        s.run(tuneIterationLimit: options.tuneIterationLimit)
        rng = s.rng
        var assign = s.assign
        var m = s.numModules
        if isTop && !options.preferModularSolution && s.recomputedCodelength() > -nodeFlowLogFlow && m > 1 {
            assign = [Int32](repeating: 0, count: net.n); m = 1
        }
        var groups = [[Int32]](repeating: [], count: m)
        for i in 0..<net.n { groups[Int(assign[i])].append(Int32(i)) }
        if m <= 1 || m >= net.n { return groups.map { TreeModule(leaves: $0) } }
        // Super-modules: modules become nodes whose "flow" is their enter flow (the index
        // codebook's symbols); keep a coarser level while it shortens the index codelength.
        var level = assign, numLevel = m
        var coarsest = assign, numCoarsest = m
        var levels = [assign]
        while numLevel > 1 {
            let st = s.state(net, level)
            let (comp, k) = st.compacted()
            let modNet = s.aggregate(net, st, comp, k)
            let (sup, enterLog, enterSum) = superModuleSearch(modNet, k, enf: enf)
            let index = ck_im_plogp(enterSum + enf) - enterLog - ck_im_plogp(enf)
            let superL = sup.recomputedCodelength()
            guard sup.numModules > 1 && sup.numModules < k && superL < index - 1e-10 else { break }
            for i in 0..<net.n { level[i] = sup.assign[Int(comp[i])] }
            numLevel = sup.numModules
            coarsest = level; numCoarsest = numLevel
            levels.append(level)
        }
        lastFullTree = SearchTree.build(levels, n: net.n)
        var top = [[Int32]](repeating: [], count: numCoarsest)
        for i in 0..<net.n { top[Int(coarsest[i])].append(Int32(i)) }
        return top.map { TreeModule(leaves: $0) }
    }

    /// Super-module search: the `k` modules of the aggregated network `agg` become nodes whose
    /// flow is their enter flow (the index codebook's symbols), and a two-level search groups
    /// them. Advances `rng`. Returns the finished search with Σ plogp(enter) and Σ enter.
    func superModuleSearch(_ agg: LevelNet, _ k: Int, enf: Double) -> (TwoLevelSearch, enterLog: Double, enterSum: Double) {
        var enterLog = 0.0, enterSum = 0.0
        for j in 0..<k {
            enterLog += ck_im_plogp(agg.enter[j])
            enterSum += agg.enter[j]
        }
        let superNet = LevelNet(
            flow: agg.enter, enter: agg.enter, exit: agg.exit, tele: agg.tele, teleU: agg.teleU,
            outStart: agg.outStart, outIdx: agg.outIdx, outFlow: agg.outFlow)
        let sup = TwoLevelSearch(
            leaf: superNet, nodeFlowLogFlow: enterLog, teleTotal: flow.teleTotal,
            exitNetworkFlow: enf, coreLoopLimit: options.coreLoopLimit, rng: rng)
        sup.run(tuneIterationLimit: options.tuneIterationLimit)
        rng = sup.rng
        return (sup, enterLog, enterSum)
    }

    /// The tree of the last `partition` call with its super-module levels kept.
    var lastFullTree: [TreeModule] = []

    /// Sub-module search inside `module` (global leaf indices); accepted when non-trivial and
    /// shorter than coding the module's nodes directly. Recurses into accepted sub-modules.
    func recurse(_ module: TreeModule) {
        let leaves = module.leaves
        guard leaves.count > 2 else { return }
        let (sub, flowLog, exitFlow, moduleFlow) = subNetwork(leaves)
        let moduleCL = ck_im_plogp(exitFlow + moduleFlow) - ck_im_plogp(exitFlow) - flowLog
        let parts = partition(net: sub, nodeFlowLogFlow: flowLog, enf: exitFlow, isTop: false)
        guard parts.count > 1 && parts.count < leaves.count else { return }
        let subL = SearchTree.codelength(
            net: sub, top: lastFullTree, enf: exitFlow, nodeFlowLogFlow: flowLog,
            teleTotal: flow.teleTotal)
        guard subL < moduleCL - 1e-10 else { return }
        module.children = parts.map { p in TreeModule(leaves: p.leaves.map { leaves[Int($0)] }) }
        module.leaves = []
        for c in module.children { recurse(c) }
    }

    /// The sub-network of `leaves` (node data kept, internal links only), with Σ plogp(p), the
    /// module's exit flow and its flow (from the sub-network as one module: O(module size)).
    func subNetwork(_ leaves: [Int32]) -> (LevelNet, Double, Double, Double) {
        if local.count != flow.net.n { local = [Int32](repeating: -1, count: flow.net.n) }
        let (net, flowLog) = makeSubNetwork(flow.net, leaves, &local)
        let st = PartitionState(
            net: net, modules: [Int32](repeating: 0, count: net.n), exitNetworkFlow: 0,
            nodeFlowLogFlow: flowLog, teleTotal: flow.teleTotal)
        return (net, flowLog, st.mexit[0], st.mflow[0])
    }
    var local: [Int32] = []
}
