/// The Huffman tree of a vocabulary, as word2vec's hierarchical softmax uses it.
///
/// Word w's path from the root is `codes[codeStart[w] ..< codeStart[w + 1]]` (the branch taken at
/// each inner node, 0 or 1) with the matching inner-node rows `points[...]` (0 ..< V − 1; the
/// root is row V − 2). Frequent words get short paths.
/// References: Mikolov et al. 2013 ("Distributed representations of words and phrases"), §2.1;
/// the two-queue construction of the original word2vec tool.
struct HuffmanTree {
    /// Start of each word's path in `codes`/`points`; V + 1 entries.
    var codeStart: [Int64]
    /// Branch bits along every path, root first.
    var codes: [UInt8]
    /// Inner-node indices along every path, root first.
    var points: [Int32]

    /// Builds the tree of `counts`, which must be sorted by decreasing count (the vocabulary order).
    init(counts: [Int]) {
        let v = counts.count
        precondition(v > 0, "HuffmanTree: empty vocabulary")
        precondition(zip(counts, counts.dropFirst()).allSatisfy { $0 >= $1 }, "HuffmanTree: counts not sorted descending")
        // Leaves ascend from index v-1 down to 0; inner nodes are created in non-decreasing order,
        // so the two smallest nodes are always at the front of one of the two queues.
        var weight = [Int64](repeating: Int64.max, count: max(2 * v - 1, 1))
        for i in 0..<v { weight[i] = Int64(counts[i]) }
        var parent = [Int32](repeating: -1, count: weight.count)
        var bit = [UInt8](repeating: 0, count: weight.count)
        var leaf = v - 1, inner = v
        func pop() -> Int {
            if leaf >= 0 && (inner >= weight.count || weight[leaf] < weight[inner]) { leaf -= 1; return leaf + 1 }
            inner += 1; return inner - 1
        }
        for a in 0..<max(v - 1, 0) {
            let m1 = pop(), m2 = pop()
            weight[v + a] = weight[m1] + weight[m2]
            parent[m1] = Int32(v + a); parent[m2] = Int32(v + a)
            bit[m2] = 1
        }
        codeStart = [0]; codeStart.reserveCapacity(v + 1)
        codes = []; points = []
        var pathCodes: [UInt8] = [], pathPoints: [Int32] = []
        for w in 0..<v {
            pathCodes.removeAll(keepingCapacity: true); pathPoints.removeAll(keepingCapacity: true)
            var node = w
            while parent[node] >= 0 {
                pathCodes.append(bit[node])
                pathPoints.append(parent[node] - Int32(v))
                node = Int(parent[node])
            }
            codes.append(contentsOf: pathCodes.reversed())
            points.append(contentsOf: pathPoints.reversed())
            codeStart.append(Int64(codes.count))
        }
    }

    /// Code length of word w.
    func length(_ w: Int) -> Int { Int(codeStart[w + 1] - codeStart[w]) }
}
