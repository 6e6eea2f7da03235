import Foundation

/// One word of an expansion: its BFS depth (0 for seeds) and the similarity that admitted it.
public struct ExpandedWord: Sendable, Equatable {
    /// The word.
    public var word: String
    /// BFS depth at which it was admitted (0 for seeds).
    public var depth: Int
    /// Cosine similarity that admitted it (nil for seeds).
    public var similarity: Float?
}

/// Seed-driven transitive expansion over word vectors (Su's `find_words`).
///
/// BFS from the seeds; a word popped at depth `d` admits each of its `topN` cosine neighbours
/// (query `v + center − negative`, the word itself not excluded) whose similarity is at least
/// `threshold(d) = minSim + (maxSim − minSim)(1 − e^(−alpha·d))`, that is not yet in the
/// cluster and that passes `filter`. Seeds always belong to the output and skip the filter.
/// One level is queried at once with a single GEMM; the result equals the one-by-one FIFO walk.
/// References: kexue.fm/archives/6540 §1.3.
public struct SeedExpansion: Sendable {
    /// Threshold at depth 0.
    public var minSim: Float = 0.6
    /// Threshold limit as the depth grows.
    public var maxSim: Float = 1.0
    /// Decay rate of the depth schedule (0.35 in the article).
    public var alpha: Float = 0.35
    /// Neighbours examined for each popped word.
    public var topN = 200
    /// Words added to every query vector.
    public var centerWords: [String] = []
    /// Words subtracted from every query vector.
    public var negativeWords: [String] = []
    /// Rule filter for admitted words (nil admits all).
    public var filter: RuleFilter? = RuleFilter()

    /// Creates an expansion with the article's defaults.
    public init() {}

    /// The admission threshold at BFS depth `depth` (depth 0 gives `minSim`, or 0.6 when larger
    /// and no centre/negative words are given, as in Su's code).
    public func threshold(depth: Int) -> Float {
        let lo = (centerWords.isEmpty && negativeWords.isEmpty) ? max(minSim, 0.6) : minSim
        return lo + (maxSim - lo) * (1 - Float(exp(-Double(alpha) * Double(depth))))
    }

    /// Expands `seeds` over `vectors`; output in admission order.
    public func expand(seeds: [String], vectors: WordVectors) -> [ExpandedWord] {
        let d = vectors.dim
        func mean(_ ws: [String]) -> [Float] {
            let vs = ws.compactMap { vectors.vector($0) }
            guard !vs.isEmpty else { return [Float](repeating: 0, count: d) }
            return (0..<d).map { k in vs.reduce(0) { $0 + $1[k] } / Float(vs.count) }
        }
        let center = mean(centerWords), neg = mean(negativeWords)
        var cluster: [ExpandedWord] = []
        var inCluster = Set<String>()
        var level: [String] = []
        for s in seeds where !inCluster.contains(s) {
            inCluster.insert(s)
            cluster.append(ExpandedWord(word: s, depth: 0, similarity: nil))
            if vectors.index[s] != nil { level.append(s) }
        }
        var depth = 0
        while !level.isEmpty {
            let queries = level.map { w in (0..<d).map { vectors.vector(w)![$0] + center[$0] - neg[$0] } }
            let results = vectors.similarByVectors(queries, topN: min(topN, vectors.words.count))
            let th = threshold(depth: depth)
            var next: [String] = []
            for res in results {
                for (u, sim) in res where sim >= th && !inCluster.contains(u) && (filter?.isGood(u) ?? true) {
                    inCluster.insert(u)
                    cluster.append(ExpandedWord(word: u, depth: depth + 1, similarity: sim))
                    next.append(u)
                }
            }
            level = next
            depth += 1
        }
        return cluster
    }
}
