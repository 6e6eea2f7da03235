import CKernels.Tensor
import Foundation

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
        let text = String(decoding: try readAllBytes(path, text: true), as: UTF8.self)
        let file = (path as NSString).lastPathComponent
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        guard let header = lines.next() else { throw InfoMapError.empty(file: file, expected: "a word2vec header \"count dim\"") }
        let hf = header.split(separator: " ")
        // Every value takes at least 2 bytes of text ("0 "): a header asking for more than the
        // file holds is wrong, and must not allocate before reading.
        guard hf.count == 2, let count = Int(hf[0]), let d = Int(hf[1]), count >= 0, d > 0,
            !count.multipliedReportingOverflow(by: d).overflow, count * d <= text.utf8.count / 2
        else {
            throw InfoMapError.malformedLine(
                file: file, line: 1, text: String(header),
                expected: "a header \"count dim\" with positive integers whose product fits the file (\(text.utf8.count) bytes)")
        }
        var words: [String] = [], vecs: [Float] = []
        vecs.reserveCapacity(count * d)
        var lineNo = 1
        while let line = lines.next() {
            lineNo += 1
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if f.isEmpty { continue }
            guard f.count == d + 1 else {
                throw InfoMapError.malformedLine(file: file, line: lineNo, text: String(line.prefix(80)), expected: "a word and \(d) numbers")
            }
            for v in f.dropFirst() {
                guard let x = Float(v), x.isFinite else {
                    throw InfoMapError.malformedLine(file: file, line: lineNo, text: String(line.prefix(80)), expected: "finite numbers, got \(v)")
                }
                vecs.append(x)
            }
            words.append(String(f[0]))
        }
        guard words.count == count else {
            throw InfoMapError.malformedLine(file: file, line: lineNo, text: "\(words.count) vectors", expected: "\(count) vectors as the header says")
        }
        if count == 0 { throw InfoMapError.empty(file: file, expected: "at least one vector") }
        return (words, vecs, d)
    }
}
