import Foundation
import Testing
@testable import InfoMap

/// One official Infomap 2.16.0 multilevel result (fixtures `<name>.tree/.ftree/.json`: the tree
/// its search found, as written when re-evaluated with `--cluster-data --no-infomap`) and the
/// network and flow model it was computed on.
struct OfficialCase: CustomStringConvertible, Sendable {
    let name: String, network: String, flow: FlowOptions
    var description: String { name }

    static let all = [
        OfficialCase(name: "ninetriangles_u", network: "ninetriangles.net", flow: FlowOptions()),  // 3 levels
        OfficialCase(name: "ninetriangles_d", network: "ninetriangles.net", flow: FlowOptions(directed: true)),  // 4 levels
        OfficialCase(name: "lesmis_d", network: "lesmis.txt.gz", flow: FlowOptions(directed: true)),  // 4 levels, weighted
    ]

    func text(_ ext: String) throws -> String {
        String(decoding: try #require(FileManager.default.contents(atPath: fixture("\(name).\(ext)"))), as: UTF8.self)
    }

    /// The network, its flow, and the official module path of every node (from the .tree file).
    func load() throws -> (Network, FlowGraph, [[Int]]) {
        let net = try Network.read(path: fixture(network), directed: flow.directed)
        let flowGraph = FlowGraph(network: net, options: flow)
        var index: [Int: Int] = [:]
        for (i, id) in net.ids.enumerated() { index[id] = i }
        var paths = [[Int]](repeating: [], count: net.numNodes)
        for line in try text("tree").split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: " ")
            let full = f[0].split(separator: ":").map { Int($0)! - 1 }
            paths[try #require(index[Int(f[f.count - 1])!])] = Array(full.dropLast())
        }
        return (net, flowGraph, paths)
    }

    /// A writer for our evaluation of the official tree.
    func writer() throws -> (OutputWriter, InfomapResult) {
        let (net, flowGraph, paths) = try load()
        let r = try Infomap.evaluate(flowGraph, paths: paths)
        return (OutputWriter(network: net, flow: flowGraph, result: r, flowModel: flow.name, seconds: 0, command: "t"), r)
    }
}

private func body(_ s: String) -> [String] { s.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") } }

/// Every line from the `# path flow name node_id` column header on (comment lines included);
/// the run header above it (version, command, timing) differs by design.
private func afterRunHeader(_ s: String) -> [String] {
    let lines = s.split(separator: "\n").map(String.init)
    return Array(lines.drop { !$0.hasPrefix("# path") })
}

/// Lines identical, recording the first difference.
private func sameLines(_ ours: [String], _ ref: [String]) -> Bool {
    guard ours.count == ref.count else { Issue.record("\(ours.count) lines vs \(ref.count)"); return false }
    if let k = ours.indices.first(where: { ours[$0] != ref[$0] }) { Issue.record("\(ours[k]) != \(ref[k])"); return false }
    return true
}

/// A JSON text from its "nodes" key on (after the run-specific header fields).
private func jsonTail(_ s: String) throws -> String {
    let from = try #require(s.range(of: "\"nodes\":"))
    return s[from.lowerBound...].trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Equal as printed (6 significant digits).
private func samePrinted(_ a: Double, _ b: Double) -> Bool { fmt(a) == fmt(b) }

@Suite struct MultilevelOutputTests {
    @Test(arguments: OfficialCase.all) func ftreeMultilevelMatchesOfficial(_ c: OfficialCase) throws {
        let (w, r) = try c.writer()
        #expect(r.levels > 2)
        let ours = w.ftree()
        #expect(afterRunHeader(ours).count > 10)
        #expect(sameLines(afterRunHeader(ours), afterRunHeader(try c.text("ftree"))))
        #expect(sameLines(afterRunHeader(w.tree()), afterRunHeader(try c.text("tree"))))
        // Run-header lines that carry results are the official ones too.
        let official = try c.text("ftree").split(separator: "\n")
        for key in ["# partitioned into", "# codelength", "# relative codelength savings", "# flow model"] {
            let line = try #require(official.first { $0.hasPrefix(key) })
            #expect(ours.split(separator: "\n").contains(line), "\(line)")
        }
    }

    @Test(arguments: OfficialCase.all) func jsonMultilevelMatchesOfficial(_ c: OfficialCase) throws {
        let (w, _) = try c.writer()
        let ours = try #require(try JSONSerialization.jsonObject(with: Data(w.json().utf8)) as? [String: Any])
        let ref = try #require(try JSONSerialization.jsonObject(with: Data(try c.text("json").utf8)) as? [String: Any])
        #expect(abs((ours["codelength"] as! Double) - (ref["codelength"] as! Double)) < 1e-9)
        #expect(abs((ours["relativeCodelengthSavings"] as! Double) - (ref["relativeCodelengthSavings"] as! Double)) < 1e-9)
        for k in ["numLevels", "numTopModules"] { #expect(ours[k] as! Int == ref[k] as! Int, "\(k)") }
        #expect(ours["numModules"] as! [Int] == ref["numModules"] as! [Int])
        #expect(ours["directed"] as! Bool == ref["directed"] as! Bool)
        let on = ours["nodes"] as! [[String: Any]], rn = ref["nodes"] as! [[String: Any]]
        #expect(on.count == rn.count)
        for (a, b) in zip(on, rn) {
            #expect(a["path"] as! [Int] == b["path"] as! [Int])
            #expect(a["modules"] as! [Int] == b["modules"] as! [Int], "node \(b["id"]!)")
            #expect(a["id"] as! Int == b["id"] as! Int && a["name"] as! String == b["name"] as! String)
            #expect(a["flow"] as! Double == b["flow"] as! Double)
            #expect(samePrinted(a["mec"] as! Double, b["mec"] as! Double), "mec of node \(b["id"]!): \(a["mec"]!) vs \(b["mec"]!)")
        }
        let om = ours["modules"] as! [[String: Any]], rm = ref["modules"] as! [[String: Any]]
        #expect(om.count == rm.count)
        for (a, b) in zip(om, rm) {
            #expect(a["path"] as! [Int] == b["path"] as! [Int])
            for k in ["numEdges", "numChildren"] { #expect(a[k] as! Int == b[k] as! Int, "\(k) of \(b["path"]!)") }
            for k in ["enterFlow", "exitFlow", "codelength"] {
                #expect(samePrinted(a[k] as! Double, b[k] as! Double), "\(k) of \(b["path"]!): \(a[k]!) vs \(b[k]!)")
            }
        }
        // Byte for byte from "nodes" to the end (number formats, key order, mec included).
        #expect(try jsonTail(w.json()) == jsonTail(try c.text("json")))
        // Zero values print as 0.0, like the official writer.
        #expect(w.json().contains("\"enterFlow\":0.0,\"exitFlow\":0.0"))
    }

    @Test(arguments: OfficialCase.all) func evaluateHierarchicalPartitionMatchesOfficialCodelength(_ c: OfficialCase) throws {
        let (w, r) = try c.writer()
        let ref = try #require(try JSONSerialization.jsonObject(with: Data(try c.text("json").utf8)) as? [String: Any])
        #expect(abs(r.codelength - (ref["codelength"] as! Double)) < 1e-10)
        // The tree's codebooks (root + every module) add up to the search's codelength formula.
        #expect(abs(w.moduleTree.codelength - r.codelength) < 1e-12)
        #expect(abs(r.indexCodelength - w.moduleTree.rootCodelength) < 1e-15)
        // Evaluating keeps the official numbering: every node's path comes back unchanged.
        let (_, _, paths) = try c.load()
        #expect(try #require(r.paths).map { $0.map(Int.init) } == paths)
    }

    @Test func mapEquationCentralityMatchesOfficialKarate() throws {
        // Two-level karate: our search finds the official partition; `mec` per node id must agree.
        let net = try Network.read(path: fixture("karate.txt.gz"))
        let flow = FlowGraph(network: net)
        let w = OutputWriter(network: net, flow: flow, result: Infomap.run(flow), flowModel: "undirected", seconds: 0, command: "t")
        func mec(_ text: String) throws -> [Int: Double] {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            var out: [Int: Double] = [:]
            for node in json["nodes"] as! [[String: Any]] { out[node["id"] as! Int] = node["mec"] as? Double }
            return out
        }
        let ours = try mec(w.json())
        let ref = try mec(String(decoding: try #require(FileManager.default.contents(atPath: fixture("karate.json"))), as: UTF8.self))
        #expect(ours.count == 34 && ref.count == 34)
        for (id, v) in ref { #expect(samePrinted(try #require(ours[id]), v), "node \(id)") }
    }

    @Test func evaluateRenumbersSiblingsByDecreasingFlow() throws {
        let c = OfficialCase.all[1]
        let (_, flow, paths) = try c.load()
        // Scramble the labels (reversed and spread out): the canonical numbering comes back.
        let scrambled = paths.map { p in p.map { 1000 - 7 * $0 } }
        let r = try Infomap.evaluate(flow, paths: scrambled)
        #expect(try #require(r.paths).map { $0.map(Int.init) } == paths)
        #expect(r.modules.map(Int.init) == paths.map { $0[0] })
        let base = try Infomap.evaluate(flow, paths: paths)
        #expect(r.codelength == base.codelength && r.moduleFlow == base.moduleFlow)
        #expect(zip(r.moduleFlow, r.moduleFlow.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func evaluateTwoLevelPathsMatchesFlatEvaluate() throws {
        let net = try Network.read(path: fixture("karate.txt.gz"))
        let flow = FlowGraph(network: net)
        let run = Infomap.run(flow)
        let flat = Infomap.evaluate(flow, modules: run.modules.map(Int.init))
        let tree = try Infomap.evaluate(flow, paths: run.modules.map { [Int($0)] })
        #expect(tree.levels == 2 && tree.paths == nil && tree.modules == flat.modules)
        #expect(abs(tree.codelength - flat.codelength) < 1e-12 && abs(tree.indexCodelength - flat.indexCodelength) < 1e-12)
        // Boundary-link sums here, node sums minus internal links there: equal up to rounding.
        for (a, b) in zip(tree.moduleEnter + tree.moduleExit + tree.moduleFlow, flat.moduleEnter + flat.moduleExit + flat.moduleFlow) {
            #expect(abs(a - b) < 1e-15)
        }
    }

    @Test func evaluateRejectsInconsistentPaths() throws {
        let (_, flow, paths) = try OfficialCase.all[0].load()
        func message(_ p: [[Int]]) -> String {
            do { _ = try Infomap.evaluate(flow, paths: p); return "no error" } catch { return "\(error)" }
        }
        #expect(message(Array(paths.dropLast())).contains("node 26"))
        #expect(message(Array(paths.dropLast())).contains("27 paths, got 26"))
        #expect(message(paths + [[0]]).contains("27 paths, got 28"))
        var p = paths; p[3] = []
        #expect(message(p).contains("node 3") && message(p).contains("non-empty"))
        p = paths; p[5] = [0, -1]
        #expect(message(p).contains("node 5") && message(p).contains("non-negative"))
        // Node 9 (id 10) ends in top module [a] while the rest of [a] has sub-modules.
        #expect(paths[9].count == 2)
        p = paths; p[9] = [paths[9][0]]
        #expect(message(p).contains("node 9") && message(p).contains("both nodes and sub-modules"))
        #expect(throws: InfoMapError.self) { try Infomap.evaluate(flow, paths: p) }
    }

    @Test func recordedTeleportationFtreeMatchesOfficial() throws {
        // Two-level official result with -d -e: module enter/exit flows include teleportation.
        let c = OfficialCase(
            name: "ninetriangles_de", network: "ninetriangles.net",
            flow: FlowOptions(directed: true, recordedTeleportation: true))
        let (w, r) = try c.writer()
        #expect(r.levels == 2)
        #expect(sameLines(afterRunHeader(w.ftree()), afterRunHeader(try c.text("ftree"))))
        #expect(try jsonTail(w.json()) == jsonTail(try c.text("json")))
        let ref = try #require(try JSONSerialization.jsonObject(with: Data(try c.text("json").utf8)) as? [String: Any])
        #expect(abs(r.codelength - (ref["codelength"] as! Double)) < 1e-9)
    }

    @Test func multilevelRunWritesEveryFormat() throws {
        let dir = NSTemporaryDirectory() + "imml\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let net = try Network.read(path: fixture("ninetriangles.net"))
        let flow = FlowGraph(network: net)
        let r = Infomap.run(flow)
        #expect(r.levels > 2)
        let w = OutputWriter(network: net, flow: flow, result: r, flowModel: "undirected", seconds: 0, command: "t")
        let files = try w.write(directory: dir, name: "nine", formats: ["clu", "tree", "ftree", "json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["nine.clu", "nine.ftree", "nine.json", "nine.tree"])
        let data = try #require(FileManager.default.contents(atPath: files[3]))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["numLevels"] as! Int == r.levels)
        // Module codelengths (6 digits each) add up to the total.
        let sum = (json["modules"] as! [[String: Any]]).reduce(0.0) { $0 + ($1["codelength"] as! Double) }
        #expect(abs(sum - r.codelength) < 1e-4)
        let ftree = try #require(FileManager.default.contents(atPath: files[2]))
        let sections = String(decoding: ftree, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("*Links ") && !$0.hasPrefix("*Links undirected") }
        #expect(sections.count == (json["modules"] as! [Any]).count)
    }
}
