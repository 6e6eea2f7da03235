import Foundation
import Testing
@testable import InfoMap

@Suite struct SearchTests {
    @Test func trackedCodelengthEqualsRecomputeAfterEveryPhaseAndFlowsSumToOne() throws {
        let net = try Network.read(path: fixture("lfr_n1000_mu03.txt.gz"))
        let flow = FlowGraph(network: net)
        let s = Infomap.makeSearch(flow, InfomapOptions(), trial: 0)
        var phases: [String] = []
        s.phaseHook = { name, search in
            phases.append(name)
            let st = search.state(search.leaf, search.assign)
            #expect(abs(st.codelength - search.codelength) < 1e-10, "phase \(name)")
            let total = (0..<st.net.n).reduce(0.0) { $0 + (st.members[$1] > 0 ? st.mflow[$1] : 0) }
            #expect(abs(total - 1) < 1e-12)
        }
        s.run()
        #expect(phases.contains("fineTune") && phases.contains("coarseTune"))
    }

    @Test func twoTrianglesSplitsIntoTheTwoTriangles() {
        let flow = FlowGraph(network: twoTriangles(directed: false))
        let r = Infomap.run(flow)
        #expect(r.numTopModules == 2)
        #expect(abs(r.codelength - 2.3207303568) < 1e-9)
        #expect(Set(r.modules[0..<3]).count == 1 && Set(r.modules[3..<6]).count == 1)
        let d = Infomap.run(FlowGraph(network: twoTriangles(directed: true), options: FlowOptions(directed: true)))
        #expect(d.codelength <= 1.8082411993 + 1e-9)
    }

    @Test func deterministicForFixedSeed() throws {
        let net = try Network.read(path: fixture("lfr_n1000_mu03.txt.gz"))
        let flow = FlowGraph(network: net)
        var o = InfomapOptions(); o.seed = 7
        let a = Infomap.run(flow, options: o), b = Infomap.run(flow, options: o)
        #expect(a.modules == b.modules && a.codelength == b.codelength)
    }

    @Test func moreTrialsNeverGiveAWorseCodelength() throws {
        let net = try Network.read(path: fixture("small_directed.txt.gz"))
        let flow = FlowGraph(network: net)
        var o = InfomapOptions()
        let one = Infomap.run(flow, options: o)
        o.numTrials = 10
        let ten = Infomap.run(flow, options: o)
        #expect(ten.codelength <= one.codelength)
        #expect(ten.trialCodelengths.count == 10 && ten.trialCodelengths[0] == one.codelength)
        #expect(ten.codelength == ten.trialCodelengths.min())
    }

    @Test func optimiserNeverReturnsMoreThanOneLevel() throws {
        // lfr_n1000_mu05: the planted partition costs more than one module; the search falls back.
        let net = try Network.read(path: fixture("lfr_n1000_mu05.txt.gz"))
        let flow = FlowGraph(network: net)
        let r = Infomap.run(flow)
        #expect(r.codelength <= flow.oneLevelCodelength + 1e-12)
        #expect(r.numTopModules == 1)
    }

    @Test func nmiIsLabelInvariant() {
        let a = [0, 0, 1, 1, 2, 2], b = [5, 5, 9, 9, 1, 1]
        #expect(abs(PartitionComparison.nmi(a, b) - 1) < 1e-12)
        #expect(PartitionComparison.nmi(a, [0, 0, 0, 0, 0, 0]) == 0)
    }
}
