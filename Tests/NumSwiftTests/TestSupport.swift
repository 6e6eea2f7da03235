import Foundation
@testable import NumSwift

/// Largest elementwise |a - b| / max(1, |b|) between two equally shaped value lists.
func maxRelDiff(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "maxRelDiff: \(a.count) vs \(b.count)")
    var m: Float = 0
    for (x, y) in zip(a, b) { m = max(m, abs(x - y) / max(1, abs(y))) }
    return m
}

/// Reference broadcasting in plain Swift: index arithmetic per output element.
func naiveBroadcast(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
    let r = max(a.rank, b.rank)
    let sa = [Int](repeating: 1, count: r - a.rank) + a.shape, sb = [Int](repeating: 1, count: r - b.rank) + b.shape
    let out = zip(sa, sb).map { max($0, $1) }
    let av = a.scalars, bv = b.scalars
    var y = [Float]()
    let n = out.reduce(1, *)
    for flat in 0..<n {
        var rem = flat, ia = 0, ib = 0, ma = 1, mb = 1
        for d in stride(from: r - 1, through: 0, by: -1) {
            let i = rem % out[d]
            rem /= out[d]
            ia += (sa[d] == 1 ? 0 : i) * ma
            ib += (sb[d] == 1 ? 0 : i) * mb
            ma *= sa[d]
            mb *= sb[d]
        }
        y.append(f(av[ia], bv[ib]))
    }
    return Tensor(shape: out, scalars: y)
}

/// Reference matrix product of rank-2 tensors in double.
func naiveMatmul(_ a: Tensor, _ b: Tensor) -> Tensor {
    let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
    let av = a.scalars, bv = b.scalars
    var c = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k { s += Double(av[i * k + p]) * Double(bv[p * n + j]) }
            c[i * n + j] = Float(s)
        }
    }
    return Tensor(shape: [m, n], scalars: c)
}
