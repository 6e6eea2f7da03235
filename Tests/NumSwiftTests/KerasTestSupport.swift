import Foundation
@testable import NumSwift

func randn(_ shape: [Int], _ seed: UInt64, std: Float = 1) -> Tensor {
    var g = RandomGenerator(seed: seed)
    return Tensor.randomNormal(shape, std: std, generator: &g)
}

/// Finite-difference check of `f` with respect to variables (central differences in Float, output
/// projected on fixed random weights). Returns the max relative error over all entries.
func variableGradientError(_ vars: [Variable], step: Float = 1e-2, seed: UInt64 = 11, _ f: () -> Tensor) -> Float {
    let probe = withNoGrad { f() }
    let w = randn(probe.shape, seed)
    let analytic = gradients(of: (f() * w).sum(), wrt: vars)
    func objective() -> Double {
        withNoGrad { zip(f().scalars, w.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } }
    }
    var worst: Float = 0
    for (vi, v) in vars.enumerated() {
        let base = v.value
        let a = analytic[vi].scalars
        for j in 0..<base.count {
            var p = base, m = base
            p.withUnsafeMutableBufferPointer { $0[j] += step }
            m.withUnsafeMutableBufferPointer { $0[j] -= step }
            v.value = p; let fp = objective()
            v.value = m; let fm = objective()
            v.value = base
            let num = Float((fp - fm) / Double(2 * step))
            worst = max(worst, abs(num - a[j]) / max(1, abs(num)))
        }
    }
    return worst
}

/// A small labelled toy problem: two Gaussian blobs in 4-D, one-hot targets.
func blobs(_ n: Int, seed: UInt64) -> (Tensor, Tensor, [Int]) {
    var g = RandomGenerator(seed: seed)
    let labels = (0..<n).map { _ in g.nextInt(below: 2) }
    let noise = Tensor.randomNormal([n, 4], std: 0.5, generator: &g)
    let centers = Tensor(shape: [n, 4], scalars: labels.flatMap { $0 == 0 ? [1, 1, -1, 0] : [-1, -1, 1, 0] as [Float] })
    return (centers + noise, Tensor.oneHot(labels, depth: 2), labels)
}

func mnistDirectory() -> String {
    // Tests/NumSwiftTests/<file> → package root/data/mnist (the project's own copy).
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/mnist").path
}
