import CKernels.Infomap

/// The two-level map-equation search of official Infomap: repeated core loops of randomised
/// single-node moves with aggregation of modules into super-nodes, then alternating fine and
/// coarse tuning until the codelength stops improving.
///
/// References: articles digest §4.5 (PARTITION, FIND_TOP_MODULES_REPEATEDLY, FINE_TUNE,
/// COARSE_TUNE); Rosvall, Axelsson & Bergstrom, EPJ ST 178 (2009).
final class TwoLevelSearch {
    let leaf: LevelNet
    let nodeFlowLogFlow: Double
    let teleTotal: Double
    let exitNetworkFlow: Double
    let coreLoopLimit: Int
    var rng: RNG
    /// Leaf -> module (compacted, 0..<numModules).
    var assign: [Int32]
    var numModules: Int
    /// Codelength of `assign`, tracked through every phase.
    var codelength: Double
    /// Called after each phase with (phase name, codelength) — tests verify it against a recompute.
    var phaseHook: ((String, TwoLevelSearch) -> Void)?
    var progress: ((String) -> Void)?

    init(
        leaf: LevelNet, nodeFlowLogFlow: Double, teleTotal: Double, exitNetworkFlow: Double,
        coreLoopLimit: Int, rng: RNG
    ) {
        self.leaf = leaf; self.nodeFlowLogFlow = nodeFlowLogFlow; self.teleTotal = teleTotal
        self.exitNetworkFlow = exitNetworkFlow; self.coreLoopLimit = coreLoopLimit; self.rng = rng
        assign = (0..<Int32(leaf.n)).map { $0 }
        numModules = leaf.n
        codelength = 0
    }

    func state(_ net: LevelNet, _ modules: [Int32]) -> PartitionState {
        PartitionState(
            net: net, modules: modules, exitNetworkFlow: exitNetworkFlow,
            nodeFlowLogFlow: nodeFlowLogFlow, teleTotal: teleTotal)
    }

    /// A fresh codelength of the current assignment (for checks).
    func recomputedCodelength() -> Double { state(leaf, assign).codelength }

    // MARK: - Search

    /// Runs the search. `tuneIterationLimit` 1 stops after the first aggregation pass (as the
    /// sub-searches of coarse tuning do); 0 means unlimited.
    func run(tuneIterationLimit: Int = 0) {
        assign = (0..<Int32(leaf.n)).map { $0 }
        codelength = state(leaf, assign).codelength
        findTopModulesRepeatedly(from: leaf, coarse: false)
        phaseHook?("findTopModules", self)
        if tuneIterationLimit == 1 { return }
        let initial = -nodeFlowLogFlow
        var old = codelength
        var doFine = true, coarseTuned = false, k = 0
        while numModules > 1 && (tuneIterationLimit == 0 || k + 1 != tuneIterationLimit) {
            k += 1
            if doFine {
                fineTune(); phaseHook?("fineTune", self)
            } else {
                coarseTuned = true
                coarseTune(); phaseHook?("coarseTune", self)
            }
            progress?("  tune \(k) (\(doFine ? "fine" : "coarse")): \(numModules) modules, codelength \(codelength)")
            let improved = codelength <= old - 1e-10 && codelength < old - initial * 1e-5
            if improved { old = codelength } else if coarseTuned { break }
            doFine.toggle()
        }
    }

    /// Moves the active nodes of `start` (whose node i is module i of `assign`), aggregates the
    /// modules found into super-nodes and repeats until no level improves.
    func findTopModulesRepeatedly(from start: LevelNet, coarse: Bool) {
        var active = start
        var level = 0
        while active.n > 1 {
            let st = state(active, (0..<Int32(active.n)).map { $0 })
            let before = st.codelength
            let limit = (level == 0 && active === leaf && !coarse) ? coreLoopLimit : 2 * coreLoopLimit
            _ = st.coreLoop(limit: limit, skipMultiFirst: false, rng: &rng)
            if !(st.codelength < before - 1e-10) { break }
            let (comp, m) = st.compacted()
            for i in 0..<assign.count { assign[i] = comp[Int(assign[i])] }
            codelength = st.codelength
            active = aggregate(active, st, comp, m)
            level += 1
            progress?("  level \(level): \(m) modules, codelength \(codelength)")
        }
        numModules = active.n
    }

    /// The network whose nodes are the modules of `st` (compacted ids `comp`, `m` of them).
    func aggregate(_ net: LevelNet, _ st: PartitionState, _ comp: [Int32], _ m: Int) -> LevelNet {
        let flow = Buf<Double>(m, 0), enter = Buf<Double>(m, 0), exit = Buf<Double>(m, 0)
        let rec = net.tele != nil
        let tele: Buf<Double>? = rec ? Buf(m, 0) : nil, teleU: Buf<Double>? = rec ? Buf(m, 0) : nil
        for i in 0..<net.n {
            let a = Int(comp[i]), o = Int(st.module[i])
            flow[a] = st.mflow[o]; enter[a] = st.menter[o]; exit[a] = st.mexit[o]
            if rec { tele![a] = st.mtele![o]; teleU![a] = st.mteleU![o] }
        }
        let e = net.numLinks
        let outStart = Buf<Int64>(m + 1, 0), outIdx = Buf<Int32>(e, 0), outFlow = Buf<Double>(e, 0)
        let acc = Buf<Double>(m, 0), mark = Buf<Int32>(m, 0), ms = Buf<Int32>(m + 1, 0), mem = Buf<Int32>(net.n, 0)
        var cn = net.c
        let compBuf = Buf(comp)
        _ = ck_im_aggregate(&cn, compBuf.p, Int32(m), outStart.p, outIdx.p, outFlow.p, acc.p, mark.p, ms.p, mem.p)
        return LevelNet(
            flow: flow, enter: enter, exit: exit, tele: tele, teleU: teleU,
            outStart: outStart, outIdx: outIdx, outFlow: outFlow)
    }

    // MARK: - Tuning

    /// Re-activates the leaves in their current modules; on improvement re-aggregates.
    @discardableResult
    func fineTune() -> Bool {
        let st = state(leaf, assign)
        let before = st.codelength
        let eff = st.coreLoop(limit: coreLoopLimit, skipMultiFirst: false, rng: &rng)
        guard eff > 0 && st.codelength < before - 1e-10 else { return false }
        let (comp, m) = st.compacted()
        assign = comp
        codelength = st.codelength
        findTopModulesRepeatedly(from: aggregate(leaf, st, comp, m), coarse: true)
        return true
    }

    /// Splits every module into sub-modules with a sub-search, moves the sub-modules between
    /// modules as units, and re-aggregates on improvement.
    @discardableResult
    func coarseTune() -> Bool {
        let n = leaf.n
        let top = state(leaf, assign)
        // Members of each module.
        var start = [Int](repeating: 0, count: numModules + 1)
        for a in assign { start[Int(a) + 1] += 1 }
        for i in 0..<numModules { start[i + 1] += start[i] }
        var cur = start, members = [Int32](repeating: 0, count: n)
        for i in 0..<n { let a = Int(assign[i]); members[cur[a]] = Int32(i); cur[a] += 1 }
        var sub = [Int32](repeating: 0, count: n), parent: [Int32] = []
        var local = [Int32](repeating: -1, count: n)
        for mm in 0..<numModules {
            let mem = members[start[mm]..<start[mm + 1]]
            if mem.count <= 2 {
                for i in mem { sub[Int(i)] = Int32(parent.count) }
                parent.append(Int32(mm)); continue
            }
            let (subNet, flowLog) = subNetwork(Array(mem), &local)
            let s = TwoLevelSearch(
                leaf: subNet, nodeFlowLogFlow: flowLog, teleTotal: teleTotal,
                exitNetworkFlow: top.mexit[Int(top.module[Int(mem.first!)])],
                coreLoopLimit: coreLoopLimit, rng: rng)
            s.run(tuneIterationLimit: 1)
            rng = s.rng
            let base = Int32(parent.count)
            for (q, i) in mem.enumerated() { sub[Int(i)] = base + s.assign[q] }
            for _ in 0..<s.numModules { parent.append(Int32(mm)) }
        }
        let subState = state(leaf, sub)
        let subNet = aggregate(leaf, subState, sub, parent.count)
        let st = state(subNet, parent)
        let before = st.codelength
        let eff = st.coreLoop(limit: 2 * coreLoopLimit, skipMultiFirst: false, rng: &rng)
        guard eff > 0 && st.codelength < before - 1e-10 else { return false }
        let (comp, m) = st.compacted()
        for i in 0..<n { assign[i] = comp[Int(sub[i])] }
        codelength = st.codelength
        let again = state(leaf, assign)
        findTopModulesRepeatedly(from: aggregate(leaf, again, assign, m), coarse: true)
        return true
    }

    func subNetwork(_ mem: [Int32], _ local: inout [Int32]) -> (LevelNet, Double) {
        makeSubNetwork(leaf, mem, &local)
    }
}

/// The sub-network of `leaf` induced by `mem` (node indices): node data kept, internal links
/// only. `local` (leaf.n entries, all -1) is scratch and is restored. Returns Σ plogp(flow).
func makeSubNetwork(_ leaf: LevelNet, _ mem: [Int32], _ local: inout [Int32]) -> (LevelNet, Double) {
    do {
        let k = mem.count
        for (q, i) in mem.enumerated() { local[Int(i)] = Int32(q) }
        let flow = Buf<Double>(k, 0), enter = Buf<Double>(k, 0), exit = Buf<Double>(k, 0)
        let rec = leaf.tele != nil
        let tele: Buf<Double>? = rec ? Buf(k, 0) : nil, teleU: Buf<Double>? = rec ? Buf(k, 0) : nil
        var starts = [Int64](repeating: 0, count: k + 1)
        var idx: [Int32] = [], fl: [Double] = []
        var flowLog = 0.0
        for (q, i32) in mem.enumerated() {
            let i = Int(i32)
            flow[q] = leaf.flow[i]; enter[q] = leaf.enter[i]; exit[q] = leaf.exit[i]
            flowLog += ck_im_plogp(leaf.flow[i])
            if rec { tele![q] = leaf.tele![i]; teleU![q] = leaf.teleU![i] }
            for e in Int(leaf.outStart[i])..<Int(leaf.outStart[i + 1]) {
                let t = local[Int(leaf.outIdx[e])]
                if t >= 0 { idx.append(t); fl.append(leaf.outFlow[e]) }
            }
            starts[q + 1] = Int64(idx.count)
        }
        for i in mem { local[Int(i)] = -1 }
        return (
            LevelNet(
                flow: flow, enter: enter, exit: exit, tele: tele, teleU: teleU,
                outStart: Buf(starts), outIdx: Buf(idx), outFlow: Buf(fl)), flowLog
        )
    }
}
