// libFuzzer target: relation-extraction schema files (JSON lines or a JSON array).
func fuzz_ieschema(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let path = fuzzScratchFile(data, size, suffix: ".json")
    if let s = try? Schema.read(path) {
        precondition(s.count > 0 && Set(s.predicates).count == s.count)
        for (i, p) in s.predicates.enumerated() { precondition(s.index(of: p) == i) }
    }
}
