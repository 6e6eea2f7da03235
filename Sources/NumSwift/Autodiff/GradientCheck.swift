import CKernels.Tensor

/// The outcome of `gradientCheck`: how far the tape's gradients are from central differences.
public struct GradientCheckResult: CustomStringConvertible {
    /// `‖analytic − numeric‖₂ / max(‖numeric‖₂, ‖analytic‖₂, 1e-6)` over all inputs.
    public let relativeError: Double
    /// The largest elementwise `|analytic − numeric|`.
    public let maxAbsoluteError: Double
    /// Analytic gradients, one array per input.
    public let analytic: [[Float]]
    /// Numeric gradients, one array per input.
    public let numeric: [[Double]]

    /// The errors followed by both gradients.
    public var description: String {
        "relative error \(relativeError), max abs error \(maxAbsoluteError)\nanalytic \(analytic)\nnumeric  \(numeric)"
    }
}

/// Compares reverse-mode gradients of `f` with central finite differences.
///
/// The scalar probed is `L(x) = Σ_i w_i f(x)_i` with fixed random weights `w`, so every output
/// element and every mixing of them is exercised. Each input element is moved by `±step`
/// (the actually representable perturbation is used as the denominator); `L` is accumulated in
/// double so that only `f`'s own float rounding enters the numeric side.
///
/// - Parameters:
///   - inputs: small inputs away from kinks of `f` (relu at 0, ties of max, …).
///   - step: the finite-difference step (1e-2 suits inputs of order 1 in Float).
///   - seed: seed of the random output weights.
///   - f: the function under test; it must be deterministic.
public func gradientCheck(
    _ inputs: [Tensor], step: Float = 1e-2, seed: UInt64 = 7,
    _ f: ([Tensor]) -> Tensor
) -> GradientCheckResult {
    let plain = inputs.map { $0.detached() }
    let probe = withNoGrad { f(plain) }
    var rng = RandomGenerator(seed: seed, stream: 0x6772_6164)
    let w = Tensor.randomNormal(probe.shape, generator: &rng)
    func objective(_ xs: [Tensor]) -> Double {
        withNoGrad {
            let y = f(xs)
            precondition(y.shape == w.shape, "gradientCheck: f changed its output shape")
            return y.withUnsafeBufferPointer { yb in w.withUnsafeBufferPointer { ck_dot(yb.baseAddress!, $0.baseAddress!, yb.count) } }
        }
    }
    let tracked = plain.map { $0.trackingGradients() }
    let loss = (f(tracked) * w).sum()
    let analytic = gradients(of: loss, wrt: tracked).map(\.scalars)

    var numeric: [[Double]] = []
    for (i, x) in plain.enumerated() {
        var gi = [Double](repeating: 0, count: x.count)
        let values = x.scalars
        for j in 0..<x.count {
            var xs = plain
            let x0 = values[j]
            let hi = x0 + step, lo = x0 - step
            var xp = x, xm = x
            xp.withUnsafeMutableBufferPointer { $0[j] = hi }
            xm.withUnsafeMutableBufferPointer { $0[j] = lo }
            xs[i] = xp
            let fp = objective(xs)
            xs[i] = xm
            let fm = objective(xs)
            gi[j] = (fp - fm) / (Double(hi) - Double(lo))
        }
        numeric.append(gi)
    }
    var diff2 = 0.0, num2 = 0.0, ana2 = 0.0, maxAbs = 0.0
    for (a, n) in zip(analytic, numeric) {
        for (av, nv) in zip(a, n) {
            let d = Double(av) - nv
            diff2 += d * d
            num2 += nv * nv
            ana2 += Double(av) * Double(av)
            maxAbs = Swift.max(maxAbs, Swift.abs(d))
        }
    }
    let rel = diff2.squareRoot() / Swift.max(num2.squareRoot(), ana2.squareRoot(), 1e-6)
    return GradientCheckResult(relativeError: rel, maxAbsoluteError: maxAbs, analytic: analytic, numeric: numeric)
}
