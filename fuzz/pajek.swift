// libFuzzer target: Pajek networks (*Vertices / *Edges / *Arcs).
func fuzz_pajek(_ data: UnsafePointer<UInt8>, _ size: Int) {
    if let net = try? Network.parsePajek(fuzzBytes(data, size), file: "fuzz.net", directed: false) {
        _ = try? net.checkWeights(file: "fuzz.net")
    }
}
