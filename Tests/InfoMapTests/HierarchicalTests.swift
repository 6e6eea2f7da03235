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

    @Test(arguments: HierarchicalOracle.all)
    func multilevelCodelengthEqualsFreshTreeRecompute(_ c: HierarchicalOracle) throws {
        let (flow, r) = try c.run()
        let paths = r.paths ?? r.modules.map { [$0] }
        #expect(abs(treeFormulaCodelength(flow, paths) - r.codelength) < 1e-10)
        #expect(r.trialCodelengths == [r.codelength])
    }

    /// Official Infomap 2.16.0 multilevel (`infomap -s 123` [`--directed`], 1 trial) on
    /// hierarchical graphs: ours is never longer by more than 1e-6 (references in Fixtures/README.md).
    @Test(arguments: HierarchicalOracle.all)
    func multilevelCodelengthNoWorseThanOfficial(_ c: HierarchicalOracle) throws {
        let (_, r) = try c.run()
        #expect(r.codelength <= c.official + 1e-6, "\(c.file): \(r.codelength) vs official \(c.official)")
        #expect(r.levels >= 3)
    }

    /// ninetriangles (3 groups of 3 triangles in a ring): the shortest tree found by official
    /// 2.16 keeps two groups as modules of 3 triangles and codes the third group's triangles
    /// directly in the top codebook: 5 top modules, 3 levels, 3.4622731375 bits.
    @Test func multilevelPromotesSubModulesWhenShorter() throws {
        let (_, r) = try HierarchicalOracle.all[0].run()
        #expect(r.numTopModules == 5 && r.levels == 3)
        #expect(abs(r.codelength - 3.4622731375264157) < 1e-9)
        let paths = try #require(r.paths)
        var sizes: [Int32: Set<[Int32]>] = [:]
        for p in paths { sizes[p[0], default: []].insert(p) }
        // Two top modules with 3 triangle sub-modules, three top modules that are triangles.
        #expect(sizes.values.map { $0.count }.sorted() == [1, 1, 1, 3, 3])
        #expect(Set(paths).count == 9)
    }

    /// Paths carry the whole hierarchy: top module first (equal to `modules`), one entry per
    /// module level, and nodes sharing a path prefix share every coarser module.
    @Test func multilevelPathsCarryTheFullHierarchy() throws {
        let (_, r) = try HierarchicalOracle.all[3].run()  // hier3_4x3x4x12: 4 levels
        let paths = try #require(r.paths)
        #expect(r.levels == 4)
        #expect(paths.map { $0.count }.max() == r.levels - 1)
        for (i, p) in paths.enumerated() { #expect(p[0] == r.modules[i]) }
        // Module ids at every level are ranked 0..<k by decreasing flow among siblings.
        var kids: [[Int32]: Set<Int32>] = [:]
        for p in paths { for d in 0..<p.count { kids[Array(p.prefix(d)), default: []].insert(p[d]) } }
        for (_, ids) in kids { #expect(ids == Set(0..<Int32(ids.count))) }
    }

    /// The promotion delta (replace a module by its sub-modules in the parent codebook) equals
    /// the difference of two fresh recomputes, at the top and inside a module.
    @Test func promotionDeltaMatchesRecompute() throws {
        let net = try Network.read(path: fixture("hier3_4x3x4x12.txt"))
        let flow = FlowGraph(network: net)
        // Planted tree from the generator: node i has path (i / 144, i / 48 % 3, i / 12 % 4).
        var levels: [[Int32]] = []
        for div in [12, 48, 144] { levels.append(net.ids.map { Int32($0 / div) }) }
        let top = SearchTree.build(levels, n: net.numNodes)
        let f = SearchTree.flows(net: flow.net, top: top, enf: 0, nodeFlowLogFlow: flow.nodeFlowLogFlow, teleTotal: flow.teleTotal)
        func cl(_ t: [TreeModule]) -> Double {
            SearchTree.codelength(net: flow.net, top: t, enf: 0, nodeFlowLogFlow: flow.nodeFlowLogFlow, teleTotal: flow.teleTotal)
        }
        let base = cl(top)
        let sum = top.reduce(0) { $0 + f[ObjectIdentifier($1)]!.enter }
        for k in 0..<top.count {
            let d = SearchTree.promotionDelta(top[k], parentExit: 0, sum: sum, f)
            let promoted = top.indices.flatMap { $0 == k ? top[$0].children : [top[$0]] }
            #expect(abs(cl(promoted) - base - d) < 1e-12)
        }
        let parent = top[1]
        let inner = parent.children.reduce(0) { $0 + f[ObjectIdentifier($1)]!.enter }
        let d = SearchTree.promotionDelta(parent.children[0], parentExit: f[ObjectIdentifier(parent)]!.exit, sum: inner, f)
        let saved = parent.children
        parent.children = saved[0].children + Array(saved.dropFirst())
        #expect(abs(cl(top) - base - d) < 1e-12)
        parent.children = saved
    }

    /// The multilevel codelength of a fixed 3-level tree (the planted tree of hier2_dir_4x4x12)
    /// equals official Infomap 2.16.0's evaluation of the same tree (`--cluster-data TREE
    /// --no-infomap`) in every flow model, recorded teleportation included.
    @Test func fixedTreeCodelengthMatchesOfficialInEveryFlowModel() throws {
        let cases: [(FlowOptions, Double)] = [
            (FlowOptions(), 5.1934434059880505),
            (FlowOptions(directed: true), 5.08786636092185),
            (FlowOptions(directed: true, recordedTeleportation: true), 5.998475423905137),
            (FlowOptions(directed: true, recordedTeleportation: true, toNodes: true), 6.0171427304109),
            (FlowOptions(directed: true, toNodes: true), 5.074037008646257),
        ]
        for (opts, official) in cases {
            let net = try Network.read(path: fixture("hier2_dir_4x4x12.txt"), directed: opts.directed)
            let flow = FlowGraph(network: net, options: opts)
            // Planted path of node i: (i / 48, i / 12 % 4).
            let top = SearchTree.build([net.ids.map { Int32($0 / 12) }, net.ids.map { Int32($0 / 48) }], n: net.numNodes)
            let l = SearchTree.codelength(
                net: flow.net, top: top, enf: 0, nodeFlowLogFlow: flow.nodeFlowLogFlow,
                teleTotal: flow.teleTotal)
            #expect(abs(l - official) < 1e-9, "\(opts): \(l) vs official \(official)")
        }
    }

    /// Single-node moves between leaf modules of different parents: the tracked delta of all
    /// moves equals the difference of fresh recomputes (undirected and directed flows).
    @Test func treeNodeMoveDeltaMatchesRecompute() throws {
        for directed in [false, true] {
            let net = try Network.read(path: fixture("hier2_dir_4x4x12.txt"), directed: directed)
            let flow = FlowGraph(network: net, options: FlowOptions(directed: directed))
            // A perturbed planted tree: every 7th node sits in the next leaf module.
            let leaf = net.ids.map { Int32(($0 / 12 + ($0 % 7 == 0 ? 1 : 0)) % 16) }
            let top = SearchTree.build([leaf, leaf.map { $0 / 4 }], n: net.numNodes)
            func cl(_ t: [TreeModule]) -> Double {
                SearchTree.codelength(net: flow.net, top: t, enf: 0, nodeFlowLogFlow: flow.nodeFlowLogFlow, teleTotal: flow.teleTotal)
            }
            let mv = try #require(TreeNodeMoves(net: flow.net, top: top))
            let d = mv.run(maxSweeps: 3)
            #expect(d < -1e-3)
            #expect(abs(cl(mv.tree()) - cl(top) - d) < 1e-10)
        }
    }

    /// Refinement only ever shortens the tree: with more trials the best never gets worse, and
    /// every trial's codelength is a fresh recompute of its tree.
    @Test func moreTrialsNeverWorsenMultilevel() throws {
        let net = try Network.read(path: fixture("hier2_uneven.txt"))
        let flow = FlowGraph(network: net)
        var o = InfomapOptions(); o.numTrials = 1
        let one = Infomap.run(flow, options: o)
        o.numTrials = 4
        let four = Infomap.run(flow, options: o)
        #expect(four.codelength <= one.codelength + 1e-12)
        #expect(four.trialCodelengths.first == one.codelength)
        #expect(abs(four.codelength - four.trialCodelengths.min()!) < 1e-12)
    }

    @Test func twoLevelGraphsStayTwoLevel() throws {
        let net = try Network.read(path: fixture("karate.txt.gz"))
        let r = Infomap.run(FlowGraph(network: net))
        #expect(r.levels == 2 && r.paths == nil && abs(r.codelength - 4.311792646) < 1e-8)
    }
}

/// A hierarchical fixture with its official Infomap 2.16.0 multilevel codelength.
struct HierarchicalOracle: CustomStringConvertible, Sendable {
    let file: String, directed: Bool, official: Double
    var description: String { file + (directed ? " --directed" : "") }
    static let all = [
        HierarchicalOracle(file: "ninetriangles.net", directed: false, official: 3.4622731375264157),
        HierarchicalOracle(file: "hier2_4x4x16.txt", directed: false, official: 5.49550735768466),
        HierarchicalOracle(file: "hier2_3x5x10.txt", directed: false, official: 5.022744100543314),
        HierarchicalOracle(file: "hier3_4x3x4x12.txt", directed: false, official: 5.595327578075509),
        HierarchicalOracle(file: "hier2_uneven.txt", directed: false, official: 5.229438156771621),
        HierarchicalOracle(file: "hier2_dir_4x4x12.txt", directed: true, official: 5.087006518457749),
        HierarchicalOracle(file: "rnd1_u_3x2x2x12.txt", directed: false, official: 4.082911823971478),
        HierarchicalOracle(file: "rnd9_u_5x2x2x10.txt", directed: false, official: 4.110458191512869),
    ]
    func run() throws -> (FlowGraph, InfomapResult) {
        let net = try Network.read(path: fixture(file), directed: directed)
        let flow = FlowGraph(network: net, options: FlowOptions(directed: directed))
        return (flow, Infomap.run(flow))
    }
}

/// The multilevel map equation from the digest (§4.5) over node paths, independent of the tree
/// code: `MapEquation.codebookLength` of the root, every intermediate and every leaf module. Enter and
/// exit flows are summed from the link flows (undirected and unrecorded directed flows).
func treeFormulaCodelength(_ flow: FlowGraph, _ paths: [[Int32]]) -> Double {
    let net = flow.net
    var F: [[Int32]: Double] = [:], X: [[Int32]: Double] = [:], N: [[Int32]: Double] = [:]
    var kids: [[Int32]: Set<[Int32]>] = [:], leafNodes: [[Int32]: [Int]] = [:]
    for i in 0..<net.n {
        let p = paths[i]
        for d in 1...p.count {
            F[Array(p.prefix(d)), default: 0] += flow.nodeFlow[i]
            kids[Array(p.prefix(d - 1)), default: []].insert(Array(p.prefix(d)))
        }
        leafNodes[p, default: []].append(i)
        for k in Int(net.outStart[i])..<Int(net.outStart[i + 1]) {
            let q = paths[Int(net.outIdx[k])]
            for d in 1...max(p.count, q.count) where Array(p.prefix(d)) != Array(q.prefix(d)) {
                if d <= p.count { X[Array(p.prefix(d)), default: 0] += net.outFlow[k] }
                if d <= q.count { N[Array(q.prefix(d)), default: 0] += net.outFlow[k] }
            }
        }
    }
    var total = 0.0
    for (m, ks) in kids {
        let x = m.isEmpty ? 0 : X[m] ?? 0
        let ns = ks.map { N[$0] ?? 0 }
        total += MapEquation.codebookLength(exit: x, codewords: ns)
    }
    for (m, nodes) in leafNodes {
        let x = X[m] ?? 0
        total += MapEquation.codebookLength(
            exit: x, sum: F[m]!, sumPlogp: MapEquation.sumPlogp(nodes.map { flow.nodeFlow[$0] }))
    }
    return total
}
