import Foundation
@testable import InfoMap
import NumSwiftSupport

/// Path of a fixture file.
func fixture(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!.path
}

/// Reads a planted partition `node community` (gzip ok) into labels aligned with `net`'s nodes.
func plantedLabels(_ name: String, _ net: Network) throws -> [Int] {
    let text = String(decoding: try readAllBytes(fixture(name), errors: InfoMapError.self), as: UTF8.self)
    var byId: [Int: Int] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let f = line.split(separator: " ")
        if f.count >= 2, let a = Int(f[0]), let b = Int(f[1]) { byId[a] = b }
    }
    return net.ids.map { byId[$0] ?? -1 }
}

/// The two-level map equation from module flows summed directly over the links (§4.2), with the
/// terms of `MapEquation.TwoLevelTerms`: independent of the C state code and of the search.
func formulaCodelength(_ flow: FlowGraph, _ modules: [Int]) -> (total: Double, index: Double) {
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
    var terms = MapEquation.TwoLevelTerms(exitNetworkFlow: 0, nodeFlowLogFlow: MapEquation.sumPlogp(flow.nodeFlow))
    for (m, f) in F { terms.add(exit: X[m]!, enter: N[m]!, flow: f) }
    return (terms.codelength, terms.indexCodelength)
}
