// libFuzzer target: the word2vec text reader of `infomap --word2vec`, then the kNN graph.
func fuzz_knnvectors(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let path = fuzzScratchFile(data, size, suffix: ".txt")
    if let (words, vectors, d) = try? KNNGraph.readWord2Vec(path: path), words.count <= 64 {
        _ = KNNGraph.build(vectors: vectors, n: words.count, d: d, k: 3, threshold: 0.2, names: words)
    }
}
