// libFuzzer target: word2vec text vectors (header, words, values), then a similarity query.
func fuzz_w2vtext(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let path = fuzzScratchFile(data, size, suffix: ".txt")
    if let v = try? WordVectors.load(from: path, binary: false), let w = v.words.first, v.words.count <= 64 {
        _ = v.similarByVectors([v.vector(w)!], topN: min(3, v.words.count))
    }
}
