import Foundation
import Testing

@testable import InfoMap

/// Regression tests for issue 13: every bad input gives a typed error, one test per class of defect.
@Suite struct InfoMapHardeningTests {
    /// A fresh temporary file holding `text`, and its directory (removed by the caller).
    func temp(_ text: String, name: String = "g.txt") -> (path: String, dir: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("im-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return (path, dir)
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func clusterDataLabelsNearInt64MaxThrowInsteadOfOverflowing() throws {
        var net = Network()
        net.addLink(1, 2); net.addLink(2, 3)
        for (name, text) in [("a.clu", "1 9223372036854775807\n"), ("b.tree", "1:9223372036854775807 0.1 \"1\" 1\n")] {
            let (path, dir) = temp(text, name: name)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let m = message { _ = try ClusterData.read(path: path, network: net) }
            #expect(m.contains("\(name):1:"), "\(m)")
        }
    }

    @Test func pajekHeaderDeclaringMillionsOfImplicitVerticesIsRefused() {
        let bytes = Array("*Vertices 100000000\n*Edges\n1 2\n2 3\n".utf8)
        let t0 = Date()
        let m = message { _ = try Network.parsePajek(bytes, file: "huge.net", directed: false) }
        #expect(m.contains("huge.net:1:") && m.contains("implicit vertices"), "\(m)")
        #expect(Date().timeIntervalSince(t0) < 5)
    }

    @Test func weightsThatOverflowOrAreAllZeroAreRefused() throws {
        for (text, words) in [("1 2 1e308\n2 1 1e308\n2 3 1e308\n", "finite"), ("1 2 0\n2 3 0\n", "all 2 zero")] {
            let (path, dir) = temp(text)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let m = message { _ = try Network.read(path: path) }
            #expect(m.contains("link weights in g.txt") && m.contains(words), "\(m)")
        }
    }

    @Test func aBadMegabyteLineIsQuotedShortAndFast() {
        var bytes = Array("1 2 ".utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: 5_000_000))
        bytes.append(10)
        let t0 = Date()
        let m = message { _ = try Network.parseLinkList(bytes, file: "big.txt", directed: false) }
        #expect(m.hasPrefix("big.txt:1:") && m.contains("5000004 bytes in all"), "\(m.prefix(300))")
        #expect(m.utf8.count < 400)
        #expect(Date().timeIntervalSince(t0) < 2)
        let p = message { _ = try Network.parsePajek(Array("*Vertices 2\n1 \"a\"\n2 \"b\"\n*Edges\n1 ".utf8) + bytes, file: "big.net", directed: false) }
        #expect(p.hasPrefix("big.net:5:") && p.utf8.count < 400, "\(p.prefix(300))")
    }

    @Test func aByteOrderMarkIsNamed() throws {
        let (path, dir) = temp("\u{FEFF}1 2\n2 3\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let m = message { _ = try Network.read(path: path) }
        #expect(m.contains("g.txt:1:") && m.contains("byte-order mark"), "\(m)")
    }

    @Test func directoriesAndBinaryStreamsAreNamedAsSuch() throws {
        let dir = FileManager.default.temporaryDirectory.path
        let d = message { _ = try Network.read(path: dir) }
        #expect(d.contains("Is a directory") && !d.contains("corrupt"), "\(d)")
        let t0 = Date()
        let z = message { _ = try Network.read(path: "/dev/zero") }
        #expect(z.contains("NUL byte at offset 0"), "\(z)")
        let k = message { _ = try KNNGraph.readWord2Vec(path: "/dev/zero") }
        #expect(k.contains("NUL byte"), "\(k)")
        #expect(Date().timeIntervalSince(t0) < 5)
    }

    @Test func word2vecHeaderLargerThanTheFileIsRefusedBeforeAllocating() throws {
        for header in ["50000000 20000", "9223372036854775807 2"] {
            let (path, dir) = temp(header + "\n")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let m = message { _ = try KNNGraph.readWord2Vec(path: path) }
            #expect(m.contains("g.txt:1:") && m.contains("header"), "\(m)")
        }
    }

    @Test func multiFormatOutputIsAllOrNothing() throws {
        let (path, dir) = temp("1 2\n2 3\n3 1\n3 4\n4 5\n5 6\n6 4\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let net = try Network.read(path: path)
        let flow = FlowGraph(network: net, options: FlowOptions())
        var options = InfomapOptions()
        options.twoLevel = true
        let result = Infomap.run(flow, options: options)
        let writer = OutputWriter(network: net, flow: flow, result: result, flowModel: "undirected", seconds: 0, command: "test")
        try FileManager.default.createDirectory(atPath: dir + "/g.json", withIntermediateDirectories: false)
        let m = message { _ = try writer.write(directory: dir, name: "g", formats: ["clu", "tree", "json"]) }
        #expect(m.contains("g.json") && m.contains("nothing was written"), "\(m)")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(left == ["g.json", "g.txt"], "\(left)")
        let ok = try writer.write(directory: dir, name: "h", formats: ["clu", "tree"])
        #expect(ok.count == 2 && ok.allSatisfy { FileManager.default.fileExists(atPath: $0) })
    }

    /// Found by the `clusterdata` fuzz target: a .tree path of about 600 levels took over 10 s to
    /// evaluate (allLeaves is quadratic in the depth), and a deeper one would exhaust the stack.
    @Test func deepTreePathsAreRefusedNamingTheLine() throws {
        var net = Network()
        for (a, b) in [(1, 2), (2, 3), (3, 1)] { net.addLink(a, b) }
        let deep = Array(repeating: "1", count: 1000).joined(separator: ":")
        let text = "1:1 0.3 \"1\" 1\n\(deep) 0.3 \"2\" 2\n"
        let t0 = Date()
        let m = message { _ = try ClusterData.parse(Array(text.utf8), file: "deep.tree", isTree: true, network: net) }
        #expect(m.contains("deep.tree:2:") && m.contains("at most 256 module levels"), "\(m)")
        #expect(Date().timeIntervalSince(t0) < 2)
        let ok = "1:1 0.3 \"1\" 1\n1:2:1 0.3 \"2\" 2\n2:1 0.4 \"3\" 3\n"
        #expect(try ClusterData.parse(Array(ok.utf8), file: "ok.tree", isTree: true, network: net).count == 3)
    }
}
