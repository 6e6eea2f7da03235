import CKernels.Tensor
import Foundation
import NumSwiftSupport

/// Su's word-graph construction: a directed k-nearest-neighbour graph by cosine similarity.
///
/// For each row u, the k most similar other rows v (cosine, computed blockwise with one SGEMM
/// per block of rows) become links u → v with weight = cosine, kept only when cosine ≥
/// `threshold` (Su: k = 40, threshold 0.5, then `Infomap("--two-level --directed")`).
///
/// References: articles digest §4.1 (bojone/infomap `word_cluster.py`), §4.9 (kNN graphs are
/// asymmetric).
public enum KNNGraph {
    /// Builds the graph from `vectors`, row-major `[n, d]`.
    /// - Parameters:
    ///   - names: optional node names (e.g. words), `n` of them.
    /// - Returns: a directed `Network` whose node i (id i) is row i; rows without neighbours
    ///   above the threshold are kept as isolated nodes.
    public static func build(
        vectors: [Float], n: Int, d: Int, k: Int = 40, threshold: Float = 0.5,
        names: [String]? = nil
    ) -> Network {
        precondition(vectors.count == n * d && n > 0 && d > 0 && k > 0, "KNNGraph.build: \(vectors.count) values for [\(n), \(d)], k \(k)")
        precondition(names == nil || names!.count == n, "KNNGraph.build: \(names!.count) names for \(n) rows")
        // Unit-normalise rows so the Gram matrix holds cosines.
        var x = vectors
        for i in 0..<n {
            var s: Float = 0
            for j in 0..<d { s += x[i * d + j] * x[i * d + j] }
            let inv = s > 0 ? 1 / s.squareRoot() : 0
            for j in 0..<d { x[i * d + j] *= inv }
        }
        var net = Network(directed: true)
        for i in 0..<n { net.addNode(i, name: names?[i]) }
        let block = max(1, min(n, (1 << 22) / max(n, 1)))  // ~16 MB of similarities per block
        var sims = [Float](repeating: 0, count: block * n)
        var cand: [(Int, Float)] = []
        var b0 = 0
        while b0 < n {
            let rows = min(block, n - b0)
            x.withUnsafeBufferPointer { xp in
                sims.withUnsafeMutableBufferPointer { sp in
                    ck_sgemm(0, 1, rows, n, d, 1, xp.baseAddress! + b0 * d, d, xp.baseAddress!, d, 0, sp.baseAddress!, n)
                }
            }
            for r in 0..<rows {
                let u = b0 + r
                cand.removeAll(keepingCapacity: true)
                for v in 0..<n where v != u {
                    let s = sims[r * n + v]
                    if s >= threshold { cand.append((v, s)) }
                }
                cand.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
                for (v, s) in cand.prefix(k) { net.addLink(u, v, weight: Double(s)) }
            }
            b0 += rows
        }
        return net
    }

    /// Reads a word2vec text file (`count dim` header, then `word v1 ... vdim` per line).
    /// - Throws: `InfoMapError` naming file:line for a bad header, a wrong number of values or a
    ///   non-numeric value, or a count mismatch.
    public static func readWord2Vec(path: String) throws -> (words: [String], vectors: [Float], d: Int) {
        let file = (path as NSString).lastPathComponent
        let (words, d, vectors) = try readWord2VecText(path, displayName: file, errors: InfoMapError.self)
        if words.isEmpty { throw InfoMapError.empty(file: file, expected: "at least one vector") }
        return (words, vectors, d)
    }
}
