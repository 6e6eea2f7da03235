// libFuzzer target: IDX (MNIST) files, the header-first size check and the parser.
func fuzz_idx(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let bytes = fuzzBytes(data, size)
    _ = try? idxHeader(bytes, source: "fuzz.idx")
    if let a = try? parseIDX(bytes, source: "fuzz.idx") {
        precondition(a.bytes.count == a.shape.reduce(1, *))
    }
}
