import Foundation
import Testing
@testable import InfoMap

private func body(_ s: String) -> [String] { s.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") } }

@Suite struct OutputTests {
    @Test func cluAndTreeMatchOfficialKarate() throws {
        let net = try Network.read(path: fixture("karate.txt.gz"))
        let flow = FlowGraph(network: net)
        let r = Infomap.run(flow)
        let w = OutputWriter(network: net, flow: flow, result: r, flowModel: "undirected", seconds: 0, command: "test")
        let clu = String(decoding: FileManager.default.contents(atPath: fixture("karate.clu"))!, as: UTF8.self)
        let tree = String(decoding: FileManager.default.contents(atPath: fixture("karate.tree"))!, as: UTF8.self)
        // Nodes of equal flow may be listed in another order (ties), so compare as sets, and the
        // tree with the rank inside the module dropped (checked to run 1, 2, ... separately).
        #expect(body(w.clu()).sorted() == body(clu).sorted())
        #expect(body(w.clu()).map { $0.split(separator: " ")[1] } == body(clu).map { $0.split(separator: " ")[1] })
        func unranked(_ lines: [String]) -> [String] {
            lines.map { l in
                let f = l.split(separator: " ", maxSplits: 1); return "\(f[0].split(separator: ":")[0]) \(f[1])"
            }.sorted()
        }
        #expect(unranked(body(w.tree())) == unranked(body(tree)))
        #expect(body(w.tree()).map { $0.split(separator: " ")[0] } == body(tree).map { $0.split(separator: " ")[0] })
        #expect(w.clu().contains("# codelength 4.31179 bits"))
    }

    @Test func directedCluMatchesOfficial() throws {
        let net = try Network.read(path: fixture("small_directed.txt.gz"), directed: true)
        let flow = FlowGraph(network: net, options: FlowOptions(directed: true))
        let w = OutputWriter(network: net, flow: flow, result: Infomap.run(flow), flowModel: "directed", seconds: 0, command: "t")
        let clu = String(decoding: FileManager.default.contents(atPath: fixture("small_directed_d.clu"))!, as: UTF8.self)
        #expect(body(w.clu()) == body(clu))
    }

    @Test func ftreeMatchesOfficialDirected() throws {
        let net = try Network.read(path: fixture("small_directed.txt.gz"), directed: true)
        let flow = FlowGraph(network: net, options: FlowOptions(directed: true))
        let w = OutputWriter(network: net, flow: flow, result: Infomap.run(flow), flowModel: "directed", seconds: 0, command: "t")
        let ref = String(decoding: FileManager.default.contents(atPath: fixture("small_directed_d.ftree"))!, as: UTF8.self)
        #expect(body(w.ftree()) == body(ref))
    }

    @Test func jsonModulesMatchOfficialKarate() throws {
        let net = try Network.read(path: fixture("karate.txt.gz"))
        let flow = FlowGraph(network: net)
        let w = OutputWriter(network: net, flow: flow, result: Infomap.run(flow), flowModel: "undirected", seconds: 0, command: "t \"q\"")
        let ours = try #require(try JSONSerialization.jsonObject(with: Data(w.json().utf8)) as? [String: Any])
        let ref = try #require(try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: fixture("karate.json"))!) as? [String: Any])
        #expect(abs((ours["codelength"] as! Double) - (ref["codelength"] as! Double)) < 1e-9)
        #expect(ours["numTopModules"] as! Int == ref["numTopModules"] as! Int)
        let om = ours["modules"] as! [[String: Any]], rm = ref["modules"] as! [[String: Any]]
        #expect(om.count == rm.count)
        for (a, b) in zip(om, rm) {
            for k in ["enterFlow", "exitFlow", "codelength"] { #expect(abs((a[k] as! Double) - (b[k] as! Double)) < 1e-6, "\(k)") }
            for k in ["numEdges", "numChildren"] { #expect(a[k] as! Int == b[k] as! Int) }
        }
        #expect((ours["nodes"] as! [Any]).count == 34)
    }

    @Test func writeIsAtomicAndRejectsUnknownFormats() throws {
        let dir = NSTemporaryDirectory() + "imout\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let net = twoTriangles(directed: false)
        let flow = FlowGraph(network: net)
        let w = OutputWriter(network: net, flow: flow, result: Infomap.run(flow), flowModel: "undirected", seconds: 0, command: "t")
        let paths = try w.write(directory: dir, name: "tt", formats: ["clu", "tree", "ftree", "json"])
        #expect(paths.count == 4 && FileManager.default.fileExists(atPath: paths[0]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["tt.clu", "tt.ftree", "tt.json", "tt.tree"])
        #expect(throws: InfoMapError.self) { try w.write(directory: dir, name: "tt", formats: ["xyz"]) }
        #expect(throws: InfoMapError.self) { try w.write(directory: dir + "/missing", name: "tt", formats: ["clu"]) }
    }
}
