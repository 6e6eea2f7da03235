import CKernels.Infomap

/// Single-node moves between any two leaf modules of a multilevel tree, with the exact change
/// of the hierarchical codelength: moving node v from leaf module A to leaf module B changes the
/// exit and enter flows of every module on the paths from A and from B up to (not including)
/// their lowest common ancestor, so it changes the codebooks of those modules and of the common
/// ancestor, and nothing else. Used after the multilevel search, where sibling-only moves and the
/// sub-searches cannot move a node between modules of different parents.
///
/// Flows are link flows (undirected and unrecorded directed models); recorded teleportation adds
/// terms that depend on whole modules and is not handled here.
///
/// References: articles digest §4.4 (delta codelength of a node move), §4.5 (multi-level codelength).
final class TreeNodeMoves {
    let net: LevelNet
    /// Modules 0..<m; index `root` (= m) is the root codebook.
    var parent: [Int] = [], depth: [Int] = [], isLeaf: [Bool] = []
    var exitF: [Double] = [], enterF: [Double] = [], flowF: [Double] = []
    /// Per codebook (modules and root): Σ enter and Σ plogp(enter) over its children.
    var sumN: [Double] = [], sumPlogpN: [Double] = []
    var leafOf: [Int] = []
    var root = 0
    /// Scratch: link flow from v into / from each module (indexed by module), and touched list.
    var accOut: [Double] = [], accIn: [Double] = [], touched: [Int] = [], mark: [Bool] = []

    /// Returns nil for recorded teleportation (not modelled by link flows alone).
    init?(net: LevelNet, top: [TreeModule]) {
        guard net.tele == nil else { return nil }
        self.net = net
        leafOf = [Int](repeating: -1, count: net.n)
        func add(_ m: TreeModule, _ p: Int, _ d: Int) {
            let k = parent.count
            parent.append(p); depth.append(d); isLeaf.append(m.children.isEmpty)
            if m.children.isEmpty { for i in m.leaves { leafOf[Int(i)] = k } }
            for c in m.children { add(c, k, d + 1) }
        }
        for m in top { add(m, -1, 1) }
        root = parent.count
        for k in 0..<root where parent[k] < 0 { parent[k] = root }
        parent.append(-1); depth.append(0); isLeaf.append(false)
        let mCount = root + 1
        exitF = [Double](repeating: 0, count: mCount); enterF = exitF; flowF = exitF
        accOut = exitF; accIn = exitF; mark = [Bool](repeating: false, count: mCount)
        for v in 0..<net.n {
            var a = leafOf[v]
            while a != root { flowF[a] += net.flow[v]; a = parent[a] }
            for e in Int(net.outStart[v])..<Int(net.outStart[v + 1]) {
                let w = Int(net.outIdx[e]), f = net.outFlow[e]
                var x = leafOf[v], y = leafOf[w]
                while x != y {
                    if depth[x] >= depth[y] { exitF[x] += f; x = parent[x] } else { enterF[y] += f; y = parent[y] }
                }
            }
        }
        sumN = [Double](repeating: 0, count: mCount); sumPlogpN = sumN
        for k in 0..<root { sumN[parent[k]] += enterF[k]; sumPlogpN[parent[k]] += ck_im_plogp(enterF[k]) }
    }

    /// Codebook length of module k (the node term of leaf modules is left out: it is constant).
    func term(_ k: Int, x: Double, sumN s: Double, sumPlogp sp: Double, flow: Double) -> Double {
        if isLeaf[k] { return ck_im_plogp(x + flow) - ck_im_plogp(x) }
        return ck_im_plogp(x + s) - ck_im_plogp(x) - sp
    }

    /// Sweeps the nodes in index order, moving each to the leaf module (of its neighbours) with
    /// the most negative exact delta. Returns the total codelength change of all moves.
    func run(maxSweeps: Int, minImprovement: Double = 1e-10) -> Double {
        var total = 0.0
        for _ in 0..<maxSweeps {
            var sweep = 0.0
            for v in 0..<net.n { sweep += tryMove(v, minImprovement) }
            total += sweep
            if sweep > -minImprovement { break }
        }
        return total
    }

    private func accumulate(_ v: Int) -> (outTot: Double, inTot: Double) {
        var outTot = 0.0, inTot = 0.0
        func up(_ w: Int, _ f: Double, _ out: Bool) {
            var a = leafOf[w]
            while a != root {
                if !mark[a] { mark[a] = true; touched.append(a) }
                if out { accOut[a] += f } else { accIn[a] += f }
                a = parent[a]
            }
        }
        for e in Int(net.outStart[v])..<Int(net.outStart[v + 1]) where Int(net.outIdx[e]) != v {
            outTot += net.outFlow[e]; up(Int(net.outIdx[e]), net.outFlow[e], true)
        }
        for e in Int(net.inStart[v])..<Int(net.inStart[v + 1]) where Int(net.inIdx[e]) != v {
            inTot += net.inFlow[e]; up(Int(net.inIdx[e]), net.inFlow[e], false)
        }
        return (outTot, inTot)
    }

    private func clearScratch() {
        for a in touched { accOut[a] = 0; accIn[a] = 0; mark[a] = false }
        touched.removeAll(keepingCapacity: true)
    }

    /// The modules whose flows change (from A and from B up to the common ancestor, excluded),
    /// and that ancestor.
    private func chains(_ a0: Int, _ b0: Int) -> ([Int], [Int], Int) {
        var a = a0, b = b0, ca: [Int] = [], cb: [Int] = []
        while a != b {
            if depth[a] >= depth[b] { ca.append(a); a = parent[a] } else { cb.append(b); b = parent[b] }
        }
        return (ca, cb, a)
    }

    /// New (exit, enter) of each chain module, and the delta codelength of moving v from A to B.
    private func evaluate(_ v: Int, _ b: Int, _ tot: (outTot: Double, inTot: Double))
        -> (delta: Double, ca: [Int], cb: [Int], lca: Int, nx: [Int: (Double, Double)])
    {
        let a = leafOf[v]
        let (ca, cb, lca) = chains(a, b)
        var nx: [Int: (Double, Double)] = [:]
        for m in ca {  // v leaves m (accumulators hold v's links into m, v itself excluded)
            nx[m] = (exitF[m] - (tot.outTot - accOut[m]) + accIn[m], enterF[m] - (tot.inTot - accIn[m]) + accOut[m])
        }
        for m in cb {  // v joins m
            nx[m] = (exitF[m] + (tot.outTot - accOut[m]) - accIn[m], enterF[m] + (tot.inTot - accIn[m]) - accOut[m])
        }
        let p = net.flow[v]
        var delta = 0.0
        // Codebooks of chain modules and of the common ancestor.
        for k in ca + cb + [lca] {
            let x = k == root ? 0 : exitF[k]
            let f = flowF[k]
            let old = term(k, x: x, sumN: sumN[k], sumPlogp: sumPlogpN[k], flow: f)
            var s = sumN[k], sp = sumPlogpN[k]
            for c in [ca, cb] {
                // The chain child of k, if any: the element just below k in the chain.
                if let i = c.firstIndex(of: k), i > 0 { let ch = c[i - 1]; s += nx[ch]!.1 - enterF[ch]; sp += ck_im_plogp(nx[ch]!.1) - ck_im_plogp(enterF[ch]) }
                if k == lca, let ch = c.last { s += nx[ch]!.1 - enterF[ch]; sp += ck_im_plogp(nx[ch]!.1) - ck_im_plogp(enterF[ch]) }
            }
            let nf = k == a ? f - p : (k == b ? f + p : f)
            delta += term(k, x: k == root ? 0 : (nx[k]?.0 ?? x), sumN: s, sumPlogp: sp, flow: nf) - old
        }
        return (delta, ca, cb, lca, nx)
    }

    private func tryMove(_ v: Int, _ minImprovement: Double) -> Double {
        let a = leafOf[v]
        let tot = accumulate(v)
        defer { clearScratch() }
        var best: (delta: Double, ca: [Int], cb: [Int], lca: Int, nx: [Int: (Double, Double)])? = nil
        var bestB = -1
        var seen = Set<Int>()
        for b in touched where isLeaf[b] && b != a && seen.insert(b).inserted {
            let r = evaluate(v, b, tot)
            if r.delta < -minImprovement && (best == nil || r.delta < best!.delta) { best = r; bestB = b }
        }
        guard let m = best else { return 0 }
        // Apply: parents' child sums first (they use the old enter flows), then module flows.
        for k in m.ca + m.cb {
            let (x, n) = m.nx[k]!
            let pk = parent[k]
            sumN[pk] += n - enterF[k]; sumPlogpN[pk] += ck_im_plogp(n) - ck_im_plogp(enterF[k])
            exitF[k] = x; enterF[k] = n
        }
        let p = net.flow[v]
        for k in m.ca { flowF[k] -= p }
        for k in m.cb { flowF[k] += p }
        leafOf[v] = bestB
        return m.delta
    }

    /// The tree after the moves: same module nesting, emptied modules removed.
    func tree() -> [TreeModule] {
        var members = [[Int32]](repeating: [], count: root)
        for v in 0..<net.n { members[leafOf[v]].append(Int32(v)) }
        var kids = [[Int]](repeating: [], count: root + 1)
        for k in 0..<root { kids[parent[k]].append(k) }
        func build(_ k: Int) -> TreeModule? {
            if isLeaf[k] { return members[k].isEmpty ? nil : TreeModule(leaves: members[k]) }
            let c = kids[k].compactMap(build)
            return c.isEmpty ? nil : TreeModule(children: c)
        }
        return kids[root].compactMap(build)
    }
}
