import Foundation

/// Search options, named after the official Infomap 2.x flags.
public struct InfomapOptions: Sendable {
    /// `--two-level`: a flat partition. The default (false) is the multilevel search, as in
    /// official Infomap.
    public var twoLevel = false
    /// `--num-trials`: independent searches; the one with the smallest codelength is kept.
    public var numTrials = 1
    /// `--seed`: trial t uses the random stream (seed, t), so results are exactly reproducible.
    public var seed: UInt64 = 123
    /// `--core-loop-limit` (10; aggregated levels and coarse tuning use twice this).
    public var coreLoopLimit = 10
    /// `--tune-iteration-limit` (0 = until no improvement).
    public var tuneIterationLimit = 0
    /// `--prefer-modular-solution`: keep modules even if one module codes shorter.
    public var preferModularSolution = false
    /// Creates options with the official defaults (multilevel, 1 trial, seed 123).
    public init() {}
}

/// The outcome of `Infomap.run`.
public struct InfomapResult: Sendable {
    /// Top module of each node (0-based; module 0 has the largest flow).
    public let modules: [Int32]
    /// Number of top-level modules.
    public let numTopModules: Int
    /// Codelength breakdown in bits.
    public let codelength: Double, indexCodelength: Double, moduleCodelength: Double
    /// Codelength of the one-module solution, H(node flow), in bits.
    public let oneLevelCodelength: Double
    /// Number of levels in the tree (2 for a two-level partition).
    public let levels: Int
    /// Per module (indexed like `modules`): flow, enter flow, exit flow.
    public let moduleFlow: [Double], moduleEnter: [Double], moduleExit: [Double]
    /// Codelength of every trial, in order.
    public let trialCodelengths: [Double]
    /// Multilevel trees with more than two levels: the module path of each node, top module first
    /// (equal to `modules[i]`), then one sub-module index per deeper level down to the node's leaf
    /// module; sub-modules are numbered 0..<k among siblings by decreasing flow. Paths can have
    /// different lengths. Nil for a two-level result (the path is then `[modules[i]]`).
    public var paths: [[Int32]]? = nil
    /// 1 − L / L₁.
    public var relativeCodelengthSavings: Double { oneLevelCodelength > 0 ? 1 - codelength / oneLevelCodelength : 0 }
}

/// Entry points of the InfoMap module.
///
/// ```swift
/// let net = try Network.read(path: "karate.txt")
/// let flow = FlowGraph(network: net)
/// let result = Infomap.run(flow)
/// ```
/// References: articles digest §4 (kexue.fm/archives/7006; Rosvall & Bergstrom 2008, 2009).
public enum Infomap {
    /// Runs the map-equation search on `flow` (multilevel unless `options.twoLevel`).
    /// - Parameters:
    ///   - progress: receives plain progress lines (per trial and per phase) when not nil.
    public static func run(
        _ flow: FlowGraph, options: InfomapOptions = InfomapOptions(),
        progress: ((String) -> Void)? = nil
    ) -> InfomapResult {
        var best: [Int32]? = nil
        var bestL = Double.infinity
        var trials: [Double] = []
        if !options.twoLevel { return runHierarchical(flow, options: options, progress: progress) }
        for t in 0..<max(1, options.numTrials) {
            let search = makeSearch(flow, options, trial: t)
            search.progress = progress
            search.run(tuneIterationLimit: options.tuneIterationLimit)
            var assign = search.assign
            // Report the exact recompute, so trial values and the final result agree bit for bit.
            var l = search.recomputedCodelength()
            if !options.preferModularSolution && l > flow.oneLevelCodelength && search.numModules > 1 {
                assign = [Int32](repeating: 0, count: flow.numNodes)
                l = flow.oneLevelCodelength
            }
            trials.append(l)
            progress?("trial \(t + 1)/\(options.numTrials): codelength \(l), \(Set(assign).count) modules")
            if l < bestL { bestL = l; best = assign }
        }
        return result(flow, assign: best!, trials: trials)
    }

    static func runHierarchical(_ flow: FlowGraph, options: InfomapOptions, progress: ((String) -> Void)?) -> InfomapResult {
        var best: [TreeModule] = [], bestL = Double.infinity
        var trials: [Double] = []
        for t in 0..<max(1, options.numTrials) {
            let h = HierarchicalSearch(flow: flow, options: options, rng: RNG(seed: options.seed, stream: UInt64(t)))
            h.progress = progress
            let top = h.run()
            let l = SearchTree.codelength(
                net: flow.net, top: top, enf: 0, nodeFlowLogFlow: flow.nodeFlowLogFlow,
                teleTotal: flow.teleTotal)
            trials.append(l)
            progress?("trial \(t + 1)/\(options.numTrials): multilevel codelength \(l), \(top.count) top modules")
            if l < bestL { bestL = l; best = top }
        }
        var assign = [Int32](repeating: 0, count: flow.numNodes)
        for (k, m) in best.enumerated() { for i in m.allLeaves { assign[Int(i)] = Int32(k) } }
        let two = result(flow, assign: assign, trials: trials)
        // Paths: top module (ranked by flow like `modules`), then sub-modules by decreasing flow.
        var paths = [[Int32]](repeating: [], count: flow.numNodes)
        func flowOf(_ m: TreeModule) -> Double { m.allLeaves.reduce(0) { $0 + flow.nodeFlow[Int($1)] } }
        func walk(_ m: TreeModule, _ prefix: [Int32]) {
            if m.children.isEmpty { for i in m.leaves { paths[Int(i)] = prefix }; return }
            let kids = m.children.sorted { flowOf($0) > flowOf($1) }
            for (k, c) in kids.enumerated() { walk(c, prefix + [Int32(k)]) }
        }
        for m in best { walk(m, [two.modules[Int(m.allLeaves[0])]]) }
        let levels = 1 + (best.map { $0.depth }.max() ?? 1)
        let isMulti = levels > 2
        return InfomapResult(
            modules: two.modules, numTopModules: two.numTopModules,
            codelength: bestL,
            indexCodelength: two.indexCodelength, moduleCodelength: bestL - two.indexCodelength,
            oneLevelCodelength: two.oneLevelCodelength, levels: levels,
            moduleFlow: two.moduleFlow, moduleEnter: two.moduleEnter, moduleExit: two.moduleExit,
            trialCodelengths: trials, paths: isMulti ? paths : nil)
    }

    /// The codelength breakdown of a fixed partition (`modules[i]` = module of node i, any
    /// non-negative labels), without searching.
    public static func evaluate(_ flow: FlowGraph, modules: [Int]) -> InfomapResult {
        precondition(modules.count == flow.numNodes, "Infomap.evaluate: \(modules.count) labels for \(flow.numNodes) nodes")
        var map: [Int: Int32] = [:]
        let assign = modules.map { l -> Int32 in
            if let v = map[l] { return v }
            let v = Int32(map.count); map[l] = v; return v
        }
        return result(flow, assign: assign, trials: [])
    }

    static func makeSearch(_ flow: FlowGraph, _ options: InfomapOptions, trial: Int) -> TwoLevelSearch {
        TwoLevelSearch(
            leaf: flow.net, nodeFlowLogFlow: flow.nodeFlowLogFlow, teleTotal: flow.teleTotal,
            exitNetworkFlow: 0, coreLoopLimit: options.coreLoopLimit,
            rng: RNG(seed: options.seed, stream: UInt64(trial)))
    }

    /// Recomputes the codelength terms of `assign` and orders modules by flow.
    static func result(_ flow: FlowGraph, assign: [Int32], trials: [Double]) -> InfomapResult {
        let st = PartitionState(
            net: flow.net, modules: assign, exitNetworkFlow: 0,
            nodeFlowLogFlow: flow.nodeFlowLogFlow, teleTotal: flow.teleTotal)
        let used = Array(Set(assign)).sorted { (a, b) in
            let fa = st.mflow[Int(a)], fb = st.mflow[Int(b)]
            return fa != fb ? fa > fb : a < b
        }
        var rank = [Int32](repeating: 0, count: flow.numNodes)
        for (r, m) in used.enumerated() { rank[Int(m)] = Int32(r) }
        let single = used.count == 1
        return InfomapResult(
            modules: assign.map { rank[Int($0)] }, numTopModules: used.count,
            codelength: single ? flow.oneLevelCodelength : st.st.codelength,
            indexCodelength: single ? 0 : st.st.index_codelength,
            moduleCodelength: single ? flow.oneLevelCodelength : st.st.module_codelength,
            oneLevelCodelength: flow.oneLevelCodelength, levels: 2,
            moduleFlow: used.map { st.mflow[Int($0)] }, moduleEnter: used.map { single ? 0 : st.menter[Int($0)] },
            moduleExit: used.map { single ? 0 : st.mexit[Int($0)] }, trialCodelengths: trials)
    }
}
