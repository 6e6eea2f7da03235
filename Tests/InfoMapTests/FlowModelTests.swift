import Foundation
import Testing
@testable import InfoMap

@Suite struct FlowModelTests {
    @Test func undirectedFlowsSumToOneProportionalToStrengthEnterEqualsExit() throws {
        let net = try Network.read(path: fixture("lesmis.txt.gz"))
        let flow = FlowGraph(network: net)
        #expect(abs(flow.nodeFlow.reduce(0, +) - 1) < 1e-12)
        var s = [Double](repeating: 0, count: net.numNodes)
        for k in 0..<net.numLinks { s[Int(net.linkSources[k])] += net.linkWeights[k]; s[Int(net.linkTargets[k])] += net.linkWeights[k] }
        let tot = s.reduce(0, +)
        for i in 0..<net.numNodes { #expect(abs(flow.nodeFlow[i] - s[i] / tot) < 1e-12) }
        for i in 0..<net.numNodes { #expect(abs(flow.nodeEnter[i] - flow.nodeExit[i]) < 1e-15) }
    }

    @Test func directedUnrecordedFlowIsOneTeleportFreeStep() throws {
        let net = try Network.read(path: fixture("small_directed.txt.gz"), directed: true)
        let flow = FlowGraph(network: net, options: FlowOptions(directed: true))
        #expect(abs(flow.nodeFlow.reduce(0, +) - 1) < 1e-12)
        #expect(abs(flow.linkFlowSum - 1) < 1e-12)
        #expect(flow.pageRankIterations >= 50)
    }

    @Test func danglingNodesDoNotLoseMass() {
        var net = Network(directed: true)
        net.addLink(0, 1); net.addLink(1, 2); net.addLink(2, 0); net.addLink(2, 3)  // 3 is dangling
        for opts in [
            FlowOptions(directed: true), FlowOptions(directed: true, recordedTeleportation: true),
            FlowOptions(directed: true, toNodes: true),
        ] {
            let flow = FlowGraph(network: net, options: opts)
            #expect(abs(flow.nodeFlow.reduce(0, +) - 1) < 1e-12)
        }
        let rec = FlowGraph(network: net, options: FlowOptions(directed: true, recordedTeleportation: true))
        #expect(abs(rec.nodeEnter.reduce(0, +) - rec.nodeExit.reduce(0, +)) < 1e-12)
    }

    @Test func selfLoopsAffectNodeFlowButNeverEnterOrExit() {
        var a = Network(), b = Network()
        for net in [0, 1] {
            var g = Network()
            g.addLink(0, 1); g.addLink(1, 2); g.addLink(2, 0); g.addLink(2, 3)
            if net == 1 { g.addLink(0, 0, weight: 3) }
            if net == 0 { a = g } else { b = g }
        }
        let fa = FlowGraph(network: a), fb = FlowGraph(network: b)
        #expect(fb.nodeFlow[0] > fa.nodeFlow[0])
        // Exit of node 0 equals the flow on its two real links only.
        #expect(abs(fb.nodeExit[0] - 2.0 / (2 * 4 + 3)) < 1e-12)
        #expect(abs(fb.nodeFlow.reduce(0, +) - 1) < 1e-12)
    }

    @Test func parallelLinksMergeBySumming() {
        var a = Network(), b = Network()
        a.addLink(0, 1); a.addLink(1, 0); a.addLink(1, 2, weight: 2)
        b.addLink(0, 1, weight: 2); b.addLink(1, 2, weight: 2)
        #expect(a.numLinks == 2)
        #expect(FlowGraph(network: a).nodeFlow == FlowGraph(network: b).nodeFlow)
    }
}
