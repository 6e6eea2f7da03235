import Foundation
@testable import InfoMap

/// Path of a fixture file.
func fixture(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!.path
}

/// Reads a planted partition `node community` (gzip ok) into labels aligned with `net`'s nodes.
func plantedLabels(_ name: String, _ net: Network) throws -> [Int] {
    let text = String(decoding: try readAllBytes(fixture(name)), as: UTF8.self)
    var byId: [Int: Int] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let f = line.split(separator: " ")
        if f.count >= 2, let a = Int(f[0]), let b = Int(f[1]) { byId[a] = b }
    }
    return net.ids.map { byId[$0] ?? -1 }
}

/// The map equation written out directly from §4.2, independent of the C state code.
func formulaCodelength(_ flow: FlowGraph, _ modules: [Int]) -> (total: Double, index: Double) {
    func plogp(_ p: Double) -> Double { p > 0 ? p * log2(p) : 0 }
    let net = flow.net
    var F: [Int: Double] = [:], X: [Int: Double] = [:], N: [Int: Double] = [:]
    for i in 0..<net.n {
        F[modules[i], default: 0] += flow.nodeFlow[i]
        X[modules[i], default: 0] += 0; N[modules[i], default: 0] += 0
        for k in Int(net.outStart[i])..<Int(net.outStart[i + 1]) {
            let j = Int(net.outIdx[k])
            if modules[j] != modules[i] {
                X[modules[i]]! += net.outFlow[k]
                N[modules[j], default: 0] += net.outFlow[k]
            }
        }
    }
    if F.count == 1 { return (flow.oneLevelCodelength, 0) }
    let E = N.values.reduce(0, +)
    let index = plogp(E) - N.values.reduce(0) { $0 + plogp($1) }
    var module = -flow.nodeFlow.reduce(0) { $0 + plogp($1) }
    for (m, f) in F { module += plogp(X[m]! + f) - plogp(X[m]!) }
    return (index + module, index)
}
