// libFuzzer target: word2vec binary vectors (text header, then word, space, d float32 per row).
func fuzz_w2vbinary(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let path = fuzzScratchFile(data, size, suffix: ".bin")
    if let v = try? WordVectors.load(from: path, binary: true) {
        precondition(v.vectors.count == v.words.count * v.dim)
    }
}
