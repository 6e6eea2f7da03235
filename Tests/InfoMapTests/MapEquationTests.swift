import Foundation
import Testing
@testable import InfoMap

/// twotriangles.net from mapequation/infomap examples: A-B, A-C, B-C, C-D, D-E, D-F, E-F.
func twoTriangles(directed: Bool) -> Network {
    var net = Network(directed: directed)
    for (s, t) in [(1, 2), (1, 3), (2, 3), (3, 4), (4, 5), (4, 6), (5, 6)] { net.addLink(s, t) }
    return net
}

@Suite struct MapEquationTests {
    @Test func codelengthOfFixedPartitionEqualsHandWorkedTwoTriangles() {
        // p = (2,2,3,3,2,2)/14, X = N = 1/14 per module (digest §4.8 hand check).
        let flow = FlowGraph(network: twoTriangles(directed: false))
        let r = Infomap.evaluate(flow, modules: [0, 0, 0, 1, 1, 1])
        func plogp(_ p: Double) -> Double { p * log2(p) }
        let p = [2.0, 2, 3, 3, 2, 2].map { $0 / 14 }
        let hand =
            (plogp(2.0 / 14) - 2 * plogp(1.0 / 14))
            + (-2 * plogp(1.0 / 14) + 2 * plogp(8.0 / 14) - p.reduce(0) { $0 + plogp($1) })
        #expect(abs(r.codelength - hand) < 1e-12)
        #expect(abs(r.codelength - 2.3207303568) < 1e-9)
        #expect(abs(r.indexCodelength - 0.1428571429) < 1e-9)
        #expect(abs(r.oneLevelCodelength - 2.5566567075) < 1e-9)
    }

    @Test func oneLevelCodelengthIsEntropyOfNodeFlowAndSingletonsCostMore() throws {
        let net = try Network.read(path: fixture("karate.txt.gz"))
        let flow = FlowGraph(network: net)
        let h = -flow.nodeFlow.reduce(0) { $0 + ($1 > 0 ? $1 * log2($1) : 0) }
        #expect(abs(flow.oneLevelCodelength - h) < 1e-12)
        #expect(abs(Infomap.evaluate(flow, modules: Array(repeating: 7, count: net.numNodes)).codelength - h) < 1e-12)
        let singletons = Infomap.evaluate(flow, modules: Array(0..<net.numNodes))
        #expect(singletons.codelength >= h)
    }

    @Test(arguments: [false, true])
    func codelengthEqualsFormulaForRandomPartitions(directed: Bool) throws {
        let net = try Network.read(path: fixture("small_directed.txt.gz"), directed: directed)
        let flow = FlowGraph(network: net, options: FlowOptions(directed: directed))
        var g = SystemRandomNumberGenerator()
        for k in 2...6 {
            let labels = (0..<net.numNodes).map { _ in Int.random(in: 0..<k, using: &g) }
            let r = Infomap.evaluate(flow, modules: labels)
            let f = formulaCodelength(flow, labels)
            #expect(abs(r.codelength - f.total) < 1e-10)
            #expect(abs(r.indexCodelength - f.index) < 1e-10)
        }
    }

    @Test func recordedToNodesReproducesSuExitFormula() throws {
        // With recorded teleportation to nodes, q_i = τ (n − n_i)/n Σ_{α∈i} p_α + (1−τ) Σ p_α p_{α→β}
        // (dangling nodes teleport with probability 1) — Su's / the 2008 exit formula.
        let net = try Network.read(path: fixture("small_directed.txt.gz"), directed: true)
        let opts = FlowOptions(directed: true, recordedTeleportation: true, toNodes: true)
        let flow = FlowGraph(network: net, options: opts)
        let n = net.numNodes
        var outW = [Double](repeating: 0, count: n)
        for k in 0..<net.numLinks { outW[Int(net.linkSources[k])] += net.linkWeights[k] }
        let labels = (0..<n).map { $0 % 3 }
        let tau = 0.15
        func plogp(_ p: Double) -> Double { p > 0 ? p * log2(p) : 0 }
        var q = [Double](repeating: 0, count: 3), P = [Double](repeating: 0, count: 3), size = [Double](repeating: 0, count: 3)
        for i in 0..<n {
            let p = flow.nodeFlow[i]
            P[labels[i]] += p; size[labels[i]] += 1
        }
        for i in 0..<n {
            let p = flow.nodeFlow[i], m = labels[i]
            let t = outW[i] > 0 ? tau : 1
            q[m] += t * p * (Double(n) - size[m]) / Double(n)
        }
        for k in 0..<net.numLinks {
            let s = Int(net.linkSources[k]), t = Int(net.linkTargets[k])
            if labels[s] != labels[t] { q[labels[s]] += (1 - tau) * flow.nodeFlow[s] * net.linkWeights[k] / outW[s] }
        }
        let qs = q.reduce(0, +)
        let su =
            plogp(qs) - 2 * q.reduce(0) { $0 + plogp($1) } - flow.nodeFlow.reduce(0) { $0 + plogp($1) }
            + (0..<3).reduce(0) { $0 + plogp(q[$1] + P[$1]) }
        let r = Infomap.evaluate(flow, modules: labels)
        #expect(abs(r.codelength - su) < 1e-10)
    }

    @Test func deltaCodelengthMatchesRecomputeForMoves() throws {
        // Every phase of the search tracks L incrementally in C; compare with fresh recomputes
        // on all flow models (directed/undirected, recorded or not).
        let net = try Network.read(path: fixture("lesmis.txt.gz"))
        for opts in [
            FlowOptions(), FlowOptions(directed: true), FlowOptions(directed: true, recordedTeleportation: true),
            FlowOptions(directed: true, recordedTeleportation: true, toNodes: true),
        ] {
            let flow = FlowGraph(network: net, options: opts)
            let s = Infomap.makeSearch(flow, InfomapOptions(), trial: 0)
            var checks = 0
            s.phaseHook = { _, search in
                let fresh = search.recomputedCodelength()
                #expect(abs(fresh - search.codelength) < 1e-10, "flow \(opts)")
                checks += 1
            }
            s.run()
            #expect(checks >= 2)
        }
    }
}
