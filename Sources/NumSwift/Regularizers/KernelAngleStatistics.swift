import Foundation

// MARK: - Angles between kernel columns

/// Summary of the pairwise angles between the columns of a kernel (in degrees).
public struct KernelAngleStatistics: Sendable, CustomStringConvertible {
    /// Number of column pairs `k(k − 1)/2` (pairs with a zero column are skipped).
    public let pairs: Int
    /// Mean of the angles θ_ij ∈ [0°, 180°] over pairs i < j.
    public let meanDegrees: Double
    /// Population standard deviation of the angles.
    public let stdDegrees: Double
    /// Mean of |90° − θ_ij|: how far, on average, a pair is from orthogonal.
    public let meanDeviationFrom90: Double

    /// `mean ± std (mean |90° − θ|)` with two decimals.
    public var description: String {
        func f(_ x: Double) -> String {
            let r = (x * 100).rounded() / 100
            return "\(r)"
        }
        return "\(f(meanDegrees))° ± \(f(stdDegrees))° (mean |90° − θ| \(f(meanDeviationFrom90))°, \(pairs) pairs)"
    }

    /// Angles between the columns of `kernel` viewed as `[d, k]` (see `Tensor.kernelMatrix()`),
    /// computed in double precision from the values (no tape).
    ///
    /// - Parameter kernel: a Dense kernel `[d, k]` or a conv kernel; `k ≥ 2`.
    /// References: Su, kexue.fm/archives/7169 (the paper reports angle distributions).
    public init(kernel: Tensor) {
        let w = kernel.kernelMatrix()
        let (d, k) = (w.shape[0], w.shape[1])
        precondition(k >= 2, "KernelAngleStatistics: needs at least two columns, got shape \(kernel.shape)")
        let v = w.scalars
        var columns = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
        var norms = [Double](repeating: 0, count: k)
        for r in 0..<d {
            for c in 0..<k {
                let x = Double(v[r * k + c])
                columns[c][r] = x
                norms[c] += x * x
            }
        }
        var angles: [Double] = []
        angles.reserveCapacity(k * (k - 1) / 2)
        for i in 0..<k where norms[i] > 0 {
            for j in (i + 1)..<k where norms[j] > 0 {
                var dot = 0.0
                for r in 0..<d { dot += columns[i][r] * columns[j][r] }
                let c = Swift.max(-1, Swift.min(1, dot / (norms[i] * norms[j]).squareRoot()))
                angles.append(acos(c) * 180 / Double.pi)
            }
        }
        let n = Double(Swift.max(angles.count, 1))
        let mean = angles.reduce(0, +) / n
        let variance = angles.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        pairs = angles.count
        meanDegrees = mean
        stdDegrees = variance.squareRoot()
        meanDeviationFrom90 = angles.reduce(0) { $0 + Swift.abs(90 - $1) } / n
    }
}
