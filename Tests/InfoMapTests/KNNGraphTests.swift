import Foundation
import Testing
@testable import InfoMap

@Suite struct KNNGraphTests {
    /// Three tight direction clusters in 8 dimensions.
    func clusters() -> (x: [Float], n: Int, d: Int) {
        var g = SystemRandomNumberGenerator()
        let d = 8, per = 20
        var x: [Float] = []
        for c in 0..<3 {
            for _ in 0..<per {
                for j in 0..<d { x.append((j % 3 == c ? 3 : 0) + Float.random(in: -0.3...0.3, using: &g)) }
            }
        }
        return (x, 3 * per, d)
    }

    @Test func knnLinksAreTopKByCosineAboveThreshold() {
        let (x, n, d) = clusters()
        let net = KNNGraph.build(vectors: x, n: n, d: d, k: 5, threshold: 0.5)
        #expect(net.directed && net.numNodes == n)
        var outDeg = [Int](repeating: 0, count: n)
        for k in 0..<net.numLinks { outDeg[Int(net.linkSources[k])] += 1 }
        #expect(outDeg.allSatisfy { $0 <= 5 })
        // Brute-force check of node 0's neighbours.
        func cos(_ a: Int, _ b: Int) -> Float {
            var s: Float = 0, na: Float = 0, nb: Float = 0
            for j in 0..<d { s += x[a * d + j] * x[b * d + j]; na += x[a * d + j] * x[a * d + j]; nb += x[b * d + j] * x[b * d + j] }
            return s / (na.squareRoot() * nb.squareRoot())
        }
        let best = (1..<n).map { ($0, cos(0, $0)) }.filter { $0.1 >= 0.5 }.sorted { $0.1 > $1.1 }.prefix(5)
        let ours = (0..<net.numLinks).filter { net.linkSources[$0] == 0 }
        #expect(Set(ours.map { Int(net.linkTargets[$0]) }) == Set(best.map { $0.0 }))
        for k in ours { #expect(abs(Float(net.linkWeights[k]) - cos(0, Int(net.linkTargets[k]))) < 1e-4) }
    }

    @Test func infomapOnKnnGraphRecoversClusters() {
        let (x, n, d) = clusters()
        let net = KNNGraph.build(vectors: x, n: n, d: d, k: 10, threshold: 0.5)
        let r = Infomap.run(FlowGraph(network: net, options: FlowOptions(directed: true)))
        let truth = (0..<n).map { $0 / 20 }
        #expect(PartitionComparison.nmi(r.modules.map { Int($0) }, truth) > 0.99)
    }

    @Test func word2vecReaderAndBadInput() throws {
        let dir = NSTemporaryDirectory()
        let good = dir + "w2v\(getpid()).txt", bad = dir + "w2vbad\(getpid()).txt"
        defer { unlink(good); unlink(bad) }
        try "2 3\n猫 1 0 0\ndog 0.9 0.1 0\n".write(toFile: good, atomically: true, encoding: .utf8)
        let (w, v, d) = try KNNGraph.readWord2Vec(path: good)
        #expect(w == ["猫", "dog"] && d == 3 && v.count == 6)
        for text in ["2 3\na 1 0\n", "x 3\n", "2 3\na 1 0 z\nb 1 1 1\n", "3 3\na 1 0 0\n"] {
            try text.write(toFile: bad, atomically: true, encoding: .utf8)
            #expect(throws: InfoMapError.self) { try KNNGraph.readWord2Vec(path: bad) }
        }
    }
}
