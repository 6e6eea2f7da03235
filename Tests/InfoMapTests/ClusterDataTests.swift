import Foundation
import Testing
@testable import InfoMap

@Suite struct ClusterDataTests {
    /// Writes `text` to a temporary file named `name`; returns its path.
    private func temp(_ name: String, _ text: String) -> String {
        let dir = NSTemporaryDirectory() + "imcd\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func officialTreeReadsAsClusterDataAndEvaluatesToOfficialCodelength() throws {
        for c in OfficialCase.all {
            let (net, flow, paths) = try c.load()
            let read = try ClusterData.read(path: fixture("\(c.name).tree"), network: net)
            #expect(read == paths)
            let ref = try #require(try JSONSerialization.jsonObject(with: Data(try c.text("json").utf8)) as? [String: Any])
            #expect(abs(try Infomap.evaluate(flow, paths: read).codelength - (ref["codelength"] as! Double)) < 1e-9)
        }
    }

    @Test func cluGivesTwoLevelPartitionAndUnlistedNodesBecomeSingletons() throws {
        let net = try Network.read(path: fixture("karate.txt.gz"))
        let flow = FlowGraph(network: net)
        let official = try ClusterData.read(path: fixture("karate.clu"), network: net)
        #expect(official.allSatisfy { $0.count == 1 } && Set(official.map { $0[0] }) == [1, 2, 3])
        #expect(abs(try Infomap.evaluate(flow, paths: official).codelength - 4.311792646) < 1e-8)
        // Only ids 1 and 2 listed (module 5): the other 32 nodes get top modules 6, 7, ... each.
        let partial = try ClusterData.read(path: temp("p.clu", "# node module\n1 5\n2 5 0.1\n"), network: net)
        let i1 = net.ids.firstIndex(of: 1)!, i2 = net.ids.firstIndex(of: 2)!
        #expect(partial[i1] == [5] && partial[i2] == [5])
        #expect(Set(partial.map { $0[0] }).count == 33 && partial.map { $0[0] }.max() == 37)
    }

    @Test func badClusterDataThrowsNamingFileAndLine() throws {
        let net = try Network.read(path: fixture("ninetriangles.net"))
        func message(_ name: String, _ text: String) -> String {
            do { _ = try ClusterData.read(path: temp(name, text), network: net); return "no error" } catch { return "\(error)" }
        }
        #expect(message("a.txt", "1 1\n").contains("a .clu or .tree file"))
        #expect(message("b.clu", "1 1\n99 2\n").contains("b.clu:2") && message("b.clu", "1 1\n99 2\n").contains("a node id of the network"))
        #expect(message("c.clu", "1 1\n2 x\n").contains("c.clu:2"))
        #expect(message("d.clu", "1 1\n1 2\n").contains("already on line 1"))
        #expect(message("e.tree", "1:1 0.1 \"1\" 1\n0:1 0.1 \"2\" 2\n").contains("e.tree:2"))
        #expect(message("f.tree", "1 0.1 \"1\" 1\n").contains("f.tree:1"))
        #expect(message("g.tree", "# only comments\n").contains("no data"))
        #expect(message("missing.clu", "").contains("no data"))
        #expect(throws: InfoMapError.self) { try ClusterData.read(path: "/nonexistent/x.clu", network: net) }
        // Names with spaces: the id is the last field.
        let ok = try ClusterData.read(path: temp("h.tree", "2:1 0.1 \"a name\" 3\n"), network: net)
        #expect(ok[net.ids.firstIndex(of: 3)!] == [1])
    }
}
