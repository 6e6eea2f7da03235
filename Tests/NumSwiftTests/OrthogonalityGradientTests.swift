import Testing
@testable import NumSwift

/// Finite-difference gradient checks of the orthogonality penalties and the Self-Orthogonality
/// term (article 7169), and their closed forms.
@Suite struct OrthogonalityGradientTests {
    /// Naive Σ over the [k, k] residual of WᵀW in double.
    func naivePenalty(_ w: Tensor, offDiagonal: Bool) -> Double {
        let m = w.kernelMatrix()
        let (d, k) = (m.shape[0], m.shape[1])
        let v = m.scalars
        var total = 0.0
        for i in 0..<k {
            for j in 0..<k where !(offDiagonal && i == j) {
                var g = 0.0
                for r in 0..<d { g += Double(v[r * k + i]) * Double(v[r * k + j]) }
                let e = g - (i == j ? 1 : 0)
                total += e * e
            }
        }
        return total
    }

    @Test(arguments: OrthogonalityMode.allCases)
    func penaltyEqualsTheNaiveSum(_ mode: OrthogonalityMode) {
        for shape in [[7, 4], [4, 7], [3, 3, 2, 5]] {
            let w = randn(shape, 1, std: 0.5)
            let expected = naivePenalty(w, offDiagonal: mode == .offDiagonal)
            #expect(abs(Double(orthogonalityPenalty(w, mode: mode).scalar) - expected) < 1e-5 * max(1, expected))
        }
    }

    @Test(arguments: OrthogonalityMode.allCases)
    func penaltyGradientsOnDenseKernels(_ mode: OrthogonalityMode) {
        let w = randn([6, 4], 2, std: 0.5)
        let r = gradientCheck([w], step: 1e-2) { orthogonalityPenalty($0[0], mode: mode) }
        #expect(r.relativeError < 1e-2, "\(r)")
    }

    @Test(arguments: OrthogonalityMode.allCases)
    func penaltyGradientsOnConvKernelsThroughTheReshape(_ mode: OrthogonalityMode) {
        let w = randn([2, 2, 3, 4], 3, std: 0.5)  // viewed as [12, 4]
        let r = gradientCheck([w], step: 1e-2) { orthogonalityPenalty($0[0], mode: mode) }
        #expect(r.relativeError < 1e-2, "\(r)")
    }

    @Test func penaltyGradientHasTheClosedForm() {
        // d/dW ‖WᵀW − I‖² = 4 W (WᵀW − I); the off-diagonal version masks the diagonal of the residual.
        let w = randn([5, 3], 4, std: 0.7)
        let t = w.trackingGradients()
        let gram = withNoGrad { w.matmul(w, transposeA: true) }
        for mode in OrthogonalityMode.allCases {
            let g = gradients(of: orthogonalityPenalty(t, mode: mode), wrt: [t])[0]
            let residual = mode == .full ? gram - Tensor.eye(3) : gram * (1 - Tensor.eye(3))
            #expect(maxRelDiff(g.scalars, (4 * w.matmul(residual)).scalars) < 1e-5)
        }
    }

    @Test(arguments: [Float(1), 10])
    func selfOrthogonalityGradientsWrtPreActivation(_ gamma: Float) {
        // Small |y| keeps tanh(γy) off its flat tails, so central differences resolve it.
        let y = randn([9, 4], 5, std: 0.3 / gamma)
        let som = SelfOrthogonality(gamma: gamma)
        let r = gradientCheck([y], step: 1e-3 / gamma) { som.penalty($0[0]) }
        #expect(r.relativeError < 1e-2, "\(r)")
    }

    @Test func selfOrthogonalityGradientsWrtInputAndKernel() {
        let x = randn([12, 5], 6, std: 0.5)
        let w = randn([5, 3], 7, std: 0.1)
        let som = SelfOrthogonality(gamma: 2, lambda1: 1, lambda2: 1)
        let r = gradientCheck([x, w], step: 1e-3) { som.penalty($0[0].matmul($0[1])) }
        #expect(r.relativeError < 1e-2, "\(r)")
    }

    @Test func selfOrthogonalityGradientsOnConvOutputs() {
        // A conv output [b, H', W', cout] is viewed as [b·H'·W', cout].
        let x = randn([2, 4, 4, 2], 8, std: 0.5)
        let k = randn([2, 2, 2, 3], 9, std: 0.2)
        let som = SelfOrthogonality(gamma: 2, lambda1: 1, lambda2: 1)
        let r = gradientCheck([x, k], step: 1e-3) { som.penalty($0[0].conv2d($0[1])) }
        #expect(r.relativeError < 1e-2, "\(r)")
    }

    @Test func meanReductionIsTheSumWithLambdasScaledByThePairCount() {
        let y = randn([30, 6], 12)
        let pairs = Float(6 * 5)
        let mean = SelfOrthogonality(lambda1: 100, lambda2: 1, reduction: .mean).penalty(y).scalar
        let sum = SelfOrthogonality(lambda1: 100 / (pairs * pairs), lambda2: 1 / pairs).penalty(y).scalar
        #expect(abs(mean - sum) < 1e-5 * max(1, sum))
        let r = gradientCheck([randn([9, 4], 13, std: 0.03)], step: 1e-4) {
            SelfOrthogonality(reduction: .mean).penalty($0[0])
        }
        #expect(r.relativeError < 1e-2, "\(r)")
    }

    @Test func stoppedInputGradientReachesTheKernelOnly() {
        let x = randn([10, 4], 10, std: 0.5), w = randn([4, 3], 11, std: 0.2)
        let som = SelfOrthogonality(gamma: 3, stopInputGradient: true)
        let r = gradientCheck([w], step: 1e-3) { ws in
            som.penalty(som.penaltyInput(product: x.matmul(ws[0]), input: x, kernel: ws[0]))
        }
        #expect(r.relativeError < 1e-2, "\(r)")
    }
}
