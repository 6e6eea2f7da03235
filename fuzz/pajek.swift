// libFuzzer target: Pajek networks (*Vertices / *Edges / *Arcs); implicit vertices capped at 4096
// (the default cap of 2^20 would spend each execution creating a million vertices).
func fuzz_pajek(_ data: UnsafePointer<UInt8>, _ size: Int) {
    if let net = try? Network.parsePajek(fuzzBytes(data, size), file: "fuzz.net", directed: false, implicitVertexLimit: 1 << 12) {
        _ = try? net.checkWeights(file: "fuzz.net")
    }
}
