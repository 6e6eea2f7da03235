import Foundation
import Testing
@testable import InfoMap
import NumSwiftSupport

private func parseError(_ text: String, pajek: Bool) -> InfoMapError? {
    do {
        _ =
            pajek
            ? try Network.parsePajek(Array(text.utf8), file: "x.net", directed: false)
            : try Network.parseLinkList(Array(text.utf8), file: "x.txt", directed: false)
        return nil
    } catch let e as InfoMapError { return e } catch { return nil }
}

@Suite struct ParserTests {
    @Test func linkListWithCommentsWeightsAndGzip() throws {
        let net = try Network.parseLinkList(Array("# c\n0 1\n1 2 2.5 # tail\n\n2 0\n".utf8), file: "t", directed: false)
        #expect(net.numNodes == 3 && net.numLinks == 3 && net.totalWeight == 4.5)
        let karate = try Network.read(path: fixture("karate.txt.gz"))
        #expect(karate.numNodes == 34 && karate.numLinks == 78)
    }

    /// The C link-list reader must build exactly what `addLink` builds: nodes and merged links in
    /// first-seen order, parallel links (both directions when undirected) summed.
    @Test(arguments: [false, true]) func linkListReaderMatchesAddLink(directed: Bool) throws {
        var rng = SystemRandomNumberGenerator()
        for sparse in [false, true] {
            var text = "# random multigraph\n"
            var expected = Network(directed: directed)
            for _ in 0..<3000 {
                let s = Int.random(in: 0..<200, using: &rng) * (sparse ? 1_000_003 : 1)
                let t = Int.random(in: 0..<200, using: &rng) * (sparse ? 1_000_003 : 1)
                let w = Double(Int.random(in: 1...8, using: &rng)) / 4
                text += "\(s)\t\(t) \(w)\n"
                expected.addLink(s, t, weight: w)
            }
            var net = try Network.parseLinkList(Array(text.utf8), file: "r.txt", directed: directed)
            #expect(net.ids == expected.ids && net.names == expected.names)
            #expect(net.linkSources == expected.linkSources && net.linkTargets == expected.linkTargets)
            #expect(net.linkWeights == expected.linkWeights)
            // The lookup tables are rebuilt on demand: adding to a read network still merges.
            net.addLink(expected.ids[1], expected.ids[0], weight: 1)
            expected.addLink(expected.ids[1], expected.ids[0], weight: 1)
            #expect(net.numLinks == expected.numLinks && net.linkWeights == expected.linkWeights && net.numNodes == expected.numNodes)
        }
    }

    @Test func pajekVerticesLabelsAndSingletons() throws {
        let text = "*Vertices 4\n1 \"alpha beta\"\n2 \"b\"\n3 \"c\"\n4 \"lonely\"\n*Arcs\n1 2 2\n2 3\n*Edges\n3 1 0.5\n"
        let net = try Network.parsePajek(Array(text.utf8), file: "t.net", directed: true)
        #expect(net.numNodes == 4 && net.names[0] == "alpha beta" && net.numLinks == 3)
        let flow = FlowGraph(network: net, options: FlowOptions(directed: true))
        #expect(abs(flow.nodeFlow.reduce(0, +) - 1) < 1e-12)
        let r = Infomap.run(flow)
        #expect(r.modules.count == 4)
        let implied = try Network.parsePajek(Array("*Vertices 3\n*Edges\n1 2\n".utf8), file: "t.net", directed: false)
        #expect(implied.numNodes == 3)
    }

    @Test func officialPajekOutputReadsLikeTheLinkList() throws {
        let a = try Network.read(path: fixture("karate_pajek.net"))
        let b = try Network.read(path: fixture("karate.txt.gz"))
        #expect(a.numNodes == b.numNodes && a.numLinks == b.numLinks)
        #expect(abs(FlowGraph(network: a).oneLevelCodelength - FlowGraph(network: b).oneLevelCodelength) < 1e-12)
    }

    @Test(arguments: [
        ("0 x\n", "x.txt:1"), ("0 1\n1 -2\n", "x.txt:2"), ("0 1 -1\n", "x.txt:1"), ("0 1 nan\n", "x.txt:1"),
        ("0 1 2 3\n", "x.txt:1"), ("0\n", "x.txt:1"), ("", "no data"), ("# only\n", "no data"), ("0 1 1e999\n", "x.txt:1"),
        ("0 1\n1 2 inf\n", "x.txt:2"), ("0 1\n\n2 1x\n", "x.txt:3"), ("1234567890123456789 1\n", "x.txt:1"),
        ("0 1 2.5.5\n", "x.txt:1"), ("0 1 \(String(repeating: "9", count: 80))\n", "x.txt:1"), ("0 1\r\n1 2 z\r\n", "x.txt:2"),
    ])
    func badLinkListThrowsNamingFileAndLine(_ text: String, _ where_: String) throws {
        let e = try #require(parseError(text, pajek: false))
        #expect(e.description.contains(where_), "\(e)")
    }

    @Test(arguments: [
        ("*Edges\n1 2\n", "missing section *Vertices"), ("1 2\n", "missing section *Vertices"),
        ("*Vertices x\n", "x.net:1"), ("*Vertices 2\n*Edges\n1 3\n", "x.net:3"), ("*Vertices 2\n*Edges\n1 2 -1\n", "x.net:3"),
        ("*Vertices 2\n*Edges\n1 2 NaN\n", "x.net:3"), ("*Vertices 2\n1 \"a\n", "x.net:2"), ("*Vertices 2\n*Bogus\n", "x.net:2"),
        ("*Vertices 2\n*Edges\n1\n", "x.net:3"), ("", "missing section *Vertices"),
    ])
    func badPajekThrowsNamingFileAndLine(_ text: String, _ where_: String) throws {
        let e = try #require(parseError(text, pajek: true))
        #expect(e.description.contains(where_), "\(e)")
    }

    @Test func missingAndTruncatedFilesThrow() throws {
        #expect(throws: InfoMapError.self) { try Network.read(path: "/nonexistent/graph.txt") }
        let tmp = NSTemporaryDirectory() + "trunc\(getpid()).txt.gz"
        let whole = try readAllBytes(fixture("lesmis.txt.gz"), errors: InfoMapError.self)  // decompressed bytes
        _ = whole
        let gz = FileManager.default.contents(atPath: fixture("lesmis.txt.gz"))!
        FileManager.default.createFile(atPath: tmp, contents: gz.prefix(gz.count / 2))
        defer { unlink(tmp) }
        #expect(throws: InfoMapError.self) { try Network.read(path: tmp) }
    }
}
