import CKernels.Tensor
#if canImport(Glibc)
    import Glibc
#endif

/// Word vectors `[V, d]` (row-major) with their vocabulary, as trained by word2vec or loaded from
/// the word2vec text/binary formats that gensim reads and writes.
///
/// References: kexue.fm/archives/6540 §1.3.
public final class WordVectors: @unchecked Sendable {
    /// Vocabulary, in row order.
    public let words: [String]
    /// Corpus counts (0 when loaded from a file).
    public let counts: [Int]
    /// Vector size d.
    public let dim: Int
    /// `[V, d]` row-major.
    public let vectors: [Float]
    /// Row of each word.
    public let index: [String: Int]
    private lazy var unit: [Float] = normalizedRows()

    /// - Precondition: `vectors.count == words.count * dim`.
    public init(words: [String], counts: [Int]? = nil, dim: Int, vectors: [Float]) {
        precondition(vectors.count == words.count * dim, "WordVectors: \(vectors.count) floats for \(words.count) × \(dim)")
        self.words = words
        self.counts = counts ?? [Int](repeating: 0, count: words.count)
        self.dim = dim
        self.vectors = vectors
        var ix: [String: Int] = [:]
        ix.reserveCapacity(words.count)
        for (i, w) in words.enumerated() where ix[w] == nil { ix[w] = i }
        index = ix
    }

    /// The vector of `word`, or nil when it is not in the vocabulary.
    public func vector(_ word: String) -> [Float]? {
        guard let i = index[word] else { return nil }
        return Array(vectors[(i * dim)..<((i + 1) * dim)])
    }

    private func normalizedRows() -> [Float] {
        var u = vectors
        for r in 0..<words.count {
            var s: Float = 0
            for k in 0..<dim { s += u[r * dim + k] * u[r * dim + k] }
            let inv: Float = s > 0 ? 1 / s.squareRoot() : 0
            for k in 0..<dim { u[r * dim + k] *= inv }
        }
        return u
    }

    /// Cosine top-`topN` of each query vector against every row: one GEMM `[q, d] · [V, d]ᵀ`.
    /// Queries are normalised first; nothing is excluded (gensim `similar_by_vector`).
    /// - Precondition: each query has `dim` entries.
    public func similarByVectors(_ queries: [[Float]], topN: Int, excluding: [Set<Int>] = []) -> [[(word: String, similarity: Float)]] {
        let q = queries.count, V = words.count
        guard q > 0, V > 0 else { return Array(repeating: [], count: q) }
        var a = [Float](repeating: 0, count: q * dim)
        for (i, v) in queries.enumerated() {
            precondition(v.count == dim, "similarByVectors: query of \(v.count) for dim \(dim)")
            let n = v.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            for k in 0..<dim { a[i * dim + k] = n > 0 ? v[k] / n : 0 }
        }
        var scores = [Float](repeating: 0, count: q * V)
        let u = unit
        a.withUnsafeBufferPointer { ap in
            u.withUnsafeBufferPointer { up in
                scores.withUnsafeMutableBufferPointer { sp in
                    ck_sgemm(0, 1, q, V, dim, 1, ap.baseAddress, dim, up.baseAddress, dim, 0, sp.baseAddress, V)
                }
            }
        }
        return (0..<q).map { i in
            let ex = i < excluding.count ? excluding[i] : []
            var top: [(Int, Float)] = []
            for j in 0..<V where !ex.contains(j) {
                let s = scores[i * V + j]
                if top.count < topN {
                    top.append((j, s)); if top.count == topN { top.sort { $0.1 > $1.1 } }
                } else if s > top[topN - 1].1 {
                    var k = topN - 1
                    top[k] = (j, s)
                    while k > 0 && top[k].1 > top[k - 1].1 { top.swapAt(k, k - 1); k -= 1 }
                }
            }
            if top.count < topN { top.sort { $0.1 > $1.1 } }
            return top.map { (words[$0.0], $0.1) }
        }
    }

    /// Words most similar to `word` by cosine, excluding the word itself (gensim `most_similar`).
    /// Returns an empty list for a word outside the vocabulary.
    public func mostSimilar(_ word: String, topN: Int = 10) -> [(word: String, similarity: Float)] {
        guard let i = index[word] else { return [] }
        return similarByVectors([vector(word)!], topN: topN, excluding: [[i]])[0]
    }

    /// Cosine similarity of two words (nil when one is missing).
    public func similarity(_ a: String, _ b: String) -> Float? {
        guard let i = index[a], let j = index[b] else { return nil }
        let u = unit
        var s: Float = 0
        for k in 0..<dim { s += u[i * dim + k] * u[j * dim + k] }
        return s
    }
}
