// libFuzzer target: InfoMap link lists (`source target [weight]`), parsed and merged in C.
func fuzz_linklist(_ data: UnsafePointer<UInt8>, _ size: Int) {
    if let net = try? Network.parseLinkList(fuzzBytes(data, size), file: "fuzz.txt", directed: size % 2 == 0) {
        _ = try? net.checkWeights(file: "fuzz.txt")
        precondition(net.linkSources.count == net.numLinks && net.linkTargets.count == net.numLinks)
        precondition(net.linkSources.allSatisfy { Int($0) < net.numNodes } && net.linkTargets.allSatisfy { Int($0) < net.numNodes })
    }
}
