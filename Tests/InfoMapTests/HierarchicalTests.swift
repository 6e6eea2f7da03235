import Foundation
import Testing
@testable import InfoMap

@Suite struct HierarchicalTests {
    @Test func multilevelCodelengthIsAtMostTwoLevelOnHierarchicalGraphs() throws {
        // ninetriangles: 9 triangles in 3 groups of 3.
        let net = try Network.read(path: fixture("ninetriangles.net"))
        let flow = FlowGraph(network: net)
        var o = InfomapOptions(); o.twoLevel = true
        let two = Infomap.run(flow, options: o)
        #expect(two.numTopModules == 9)
        o.twoLevel = false
        let multi = Infomap.run(flow, options: o)
        #expect(multi.levels == 3)
        #expect(multi.codelength < two.codelength - 1e-3)
        let paths = try #require(multi.paths)
        // Every triangle (consecutive ids after relabelling in the file) shares one full path.
        #expect(Set(paths.indices.map { paths[$0] + [multi.modules[$0]] }).count == 9)
    }

    @Test func multilevelCodelengthEqualsTreeFormula() throws {
        let net = try Network.read(path: fixture("ninetriangles.net"))
        let flow = FlowGraph(network: net)
        let r = Infomap.run(flow)
        // Recompute by hand from §4.5: root + intermediate + leaf module codebooks.
        func plogp(_ p: Double) -> Double { p > 0 ? p * log2(p) : 0 }
        let paths = try #require(r.paths)
        func stats(_ members: Set<Int>) -> (x: Double, n: Double, f: Double) {
            var x = 0.0, f = 0.0
            for i in members {
                f += flow.nodeFlow[i]
                for k in Int(flow.net.outStart[i])..<Int(flow.net.outStart[i + 1]) where !members.contains(Int(flow.net.outIdx[k])) {
                    x += flow.net.outFlow[k]
                }
            }
            return (x, x, f)
        }
        var byPrefix: [[Int32]: Set<Int>] = [:]
        for i in 0..<net.numNodes {
            for d in 1...paths[i].count { byPrefix[Array(paths[i].prefix(d)), default: []].insert(i) }
        }
        var total = 0.0
        let top = byPrefix.keys.filter { $0.count == 1 }
        let topN = top.map { stats(byPrefix[$0]!).n }
        total += plogp(topN.reduce(0, +)) - topN.reduce(0) { $0 + plogp($1) }
        for (prefix, members) in byPrefix {
            let s = stats(members)
            let kids = byPrefix.keys.filter { $0.count == prefix.count + 1 && Array($0.prefix(prefix.count)) == prefix }
            if kids.isEmpty {
                total += plogp(s.x + s.f) - plogp(s.x) - members.reduce(0) { $0 + plogp(flow.nodeFlow[$1]) }
            } else {
                let ns = kids.map { stats(byPrefix[$0]!).n }
                total += plogp(s.x + ns.reduce(0, +)) - plogp(s.x) - ns.reduce(0) { $0 + plogp($1) }
            }
        }
        #expect(abs(total - r.codelength) < 1e-10)
    }

    @Test func twoLevelGraphsStayTwoLevel() throws {
        let net = try Network.read(path: fixture("karate.txt.gz"))
        let r = Infomap.run(FlowGraph(network: net))
        #expect(r.levels == 2 && r.paths == nil && abs(r.codelength - 4.311792646) < 1e-8)
    }
}
