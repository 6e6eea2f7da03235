import CKernels.Infomap

/// How the random walker's flow is computed (official Infomap 2.x semantics).
///
/// - `directed == false`: node flow ∝ weighted degree, each link carries w/Σs each way.
/// - `directed == true`: PageRank with teleportation probability `teleportationProbability`
///   (default 0.15). Teleportation goes to nodes ∝ out-weight ("to links") unless `toNodes`
///   (uniform). Unrecorded by default: the map equation sees one teleport-free step of the walk;
///   `recordedTeleportation` encodes teleport steps too (then "to links" is ∝ in-weight).
///
/// References: articles digest §4.3; Rosvall & Bergstrom, PNAS 105 (2008).
public struct FlowOptions: Sendable, Equatable {
    /// Directed links: PageRank flow with teleportation (else undirected, flow ∝ strength).
    public var directed = false
    /// Encode teleportation steps in the map equation (`--recorded-teleportation`).
    public var recordedTeleportation = false
    /// Teleport to nodes uniformly instead of to links ∝ weight (`--to-nodes`).
    public var toNodes = false
    /// Probability of a teleport step in directed flow (`--teleportation-probability`, default 0.15).
    public var teleportationProbability = 0.15
    /// Creates flow options; the defaults are the official Infomap 2.x defaults.
    public init(
        directed: Bool = false, recordedTeleportation: Bool = false, toNodes: Bool = false,
        teleportationProbability: Double = 0.15
    ) {
        self.directed = directed; self.recordedTeleportation = recordedTeleportation
        self.toNodes = toNodes; self.teleportationProbability = teleportationProbability
    }
    /// The official name of the flow model ("undirected" or "directed").
    public var name: String { directed ? "directed" : "undirected" }
}

/// The leaf-level flow network the optimiser works on.
public final class FlowGraph {
    /// Node flows (stationary visit rates), summing to 1.
    public let nodeFlow: [Double]
    /// Node enter and exit flows (self-links excluded; teleportation included when recorded).
    public let nodeEnter: [Double], nodeExit: [Double]
    /// Σ plogp(node flow) and the one-level codelength H(p) in bits.
    public let nodeFlowLogFlow: Double
    /// The one-level codelength H(p) in bits: all nodes in one module.
    public var oneLevelCodelength: Double { -nodeFlowLogFlow }
    /// Total teleport flow (recorded teleportation only, else 0).
    let teleTotal: Double
    let net: LevelNet
    /// Number of PageRank iterations (0 for undirected flow).
    public let pageRankIterations: Int
    /// Number of nodes in the network.
    public var numNodes: Int { net.n }
    /// Total flow on links (self-links excluded).
    public var linkFlowSum: Double { (0..<net.numLinks).reduce(0) { $0 + net.outFlow[$1] } }

    /// Computes flows for `network` under `options`.
    public init(network: Network, options: FlowOptions = FlowOptions()) {
        let n = network.numNodes
        let src = network.linkSources, dst = network.linkTargets, wts = network.linkWeights
        let m = wts.count
        var flow = [Double](repeating: 0, count: n)
        var tele: [Double]? = nil, teleU: [Double]? = nil
        var teleTotal = 0.0
        var iterations = 0
        // Out-link CSR (self-links dropped), flows filled per model.
        var deg = [Int64](repeating: 0, count: n + 1)
        let useDirected = options.directed
        for k in 0..<m where src[k] != dst[k] {
            deg[Int(src[k]) + 1] += 1
            if !useDirected { deg[Int(dst[k]) + 1] += 1 }
        }
        for i in 0..<n { deg[i + 1] += deg[i] }
        let e = Int(deg[n])
        let outStart = Buf(deg)
        let outIdx = Buf<Int32>(e, 0), outFlow = Buf<Double>(e, 0)
        var cursor = Array(deg[0..<n])
        func put(_ s: Int32, _ t: Int32, _ f: Double) {
            let pos = Int(cursor[Int(s)]); cursor[Int(s)] += 1
            outIdx[pos] = t; outFlow[pos] = f
        }
        if !useDirected {
            var strength = [Double](repeating: 0, count: n)
            for k in 0..<m {
                strength[Int(src[k])] += wts[k]
                if src[k] != dst[k] { strength[Int(dst[k])] += wts[k] }
            }
            let total = strength.reduce(0, +)
            for i in 0..<n { flow[i] = total > 0 ? strength[i] / total : 1.0 / Double(n) }
            for k in 0..<m where src[k] != dst[k] {
                let f = total > 0 ? wts[k] / total : 0
                put(src[k], dst[k], f); put(dst[k], src[k], f)
            }
        } else {
            var outW = [Double](repeating: 0, count: n), inW = [Double](repeating: 0, count: n)
            for k in 0..<m { outW[Int(src[k])] += wts[k]; inW[Int(dst[k])] += wts[k] }
            // Transition CSR including self-links, for PageRank.
            var tdeg = [Int64](repeating: 0, count: n + 1)
            for k in 0..<m { tdeg[Int(src[k]) + 1] += 1 }
            for i in 0..<n { tdeg[i + 1] += tdeg[i] }
            let tIdx = Buf<Int32>(m, 0), tP = Buf<Double>(m, 0)
            var tcur = Array(tdeg[0..<n])
            for k in 0..<m {
                let s = Int(src[k]); let pos = Int(tcur[s]); tcur[s] += 1
                tIdx[pos] = dst[k]; tP[pos] = outW[s] > 0 ? wts[k] / outW[s] : 0
            }
            let dangling = Buf<UInt8>(n, 0)
            for i in 0..<n where outW[i] <= 0 { dangling[i] = 1 }
            var u = [Double](repeating: 1.0 / Double(n), count: n)
            if !options.toNodes {
                let basis = options.recordedTeleportation ? inW : outW
                let tot = basis.reduce(0, +)
                if tot > 0 { for i in 0..<n { u[i] = basis[i] / tot } }
            }
            let uBuf = Buf(u), p = Buf<Double>(n, 0), scratch = Buf<Double>(n, 0)
            let tStart = Buf(tdeg)
            let alpha = options.teleportationProbability
            iterations = Int(ck_im_pagerank(Int32(n), tStart.p, tIdx.p, tP.p, dangling.p, uBuf.p, alpha, p.p, scratch.p))
            var dmass = 0.0
            for i in 0..<n where dangling[i] != 0 { dmass += p[i] }
            if !options.recordedTeleportation {
                // One teleport-free step: link flow p_u P(u→v) / (1 − D).
                let norm = 1 - dmass
                for i in 0..<n {
                    for k in Int(tdeg[i])..<Int(tdeg[i + 1]) {
                        let f = norm > 0 ? p[i] * tP[k] / norm : 0
                        let t = tIdx[k]
                        flow[Int(t)] += f
                        if t != Int32(i) { put(Int32(i), t, f) }
                    }
                }
            } else {
                let beta = 1 - alpha
                var tl = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    flow[i] = p[i]
                    tl[i] = dangling[i] != 0 ? p[i] : alpha * p[i]
                    for k in Int(tdeg[i])..<Int(tdeg[i + 1]) where tIdx[k] != Int32(i) {
                        put(Int32(i), tIdx[k], beta * p[i] * tP[k])
                    }
                }
                teleTotal = tl.reduce(0, +)
                tele = tl; teleU = u
            }
        }
        var enter = [Double](repeating: 0, count: n), exit = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for k in Int(outStart[i])..<Int(outStart[i + 1]) {
                exit[i] += outFlow[k]; enter[Int(outIdx[k])] += outFlow[k]
            }
        }
        if let tl = tele, let u = teleU {
            for i in 0..<n { exit[i] += tl[i] * (1 - u[i]); enter[i] += (teleTotal - tl[i]) * u[i] }
        }
        nodeFlow = flow; nodeEnter = enter; nodeExit = exit
        nodeFlowLogFlow = flow.reduce(0) { $0 + ck_im_plogp($1) }
        self.teleTotal = teleTotal
        pageRankIterations = iterations
        net = LevelNet(
            flow: Buf(flow), enter: Buf(enter), exit: Buf(exit),
            tele: tele.map { Buf($0) }, teleU: teleU.map { Buf($0) },
            outStart: outStart, outIdx: outIdx, outFlow: outFlow)
    }
}
