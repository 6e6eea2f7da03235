import Testing
@testable import NumSwift

@Suite struct OptimizerTests {
    func step(_ opt: Optimizer, _ p: [Float], _ g: [Float], times: Int = 1) -> [Float] {
        let v = Variable(Tensor(p))
        for _ in 0..<times { opt.apply(gradients: [Tensor(g)], to: [v]) }
        return v.value.scalars
    }

    @Test func sgdPlainMomentumAndNesterovMatchKerasFormulas() {
        #expect(step(SGD(learningRate: 0.1), [1], [2]) == [0.8])
        // momentum 0.9: v1 = −0.2, p1 = 0.8; v2 = −0.38, p2 = 0.42
        let m = step(SGD(learningRate: 0.1, momentum: 0.9), [1], [2], times: 2)
        #expect(abs(m[0] - 0.42) < 1e-6)
        // Nesterov: p += μ v − lr g: step1 v = −0.2, p = 1 − 0.18 − 0.2 = 0.62
        let n = step(SGD(learningRate: 0.1, momentum: 0.9, nesterov: true), [1], [2])
        #expect(abs(n[0] - 0.62) < 1e-6)
    }

    @Test func adamFirstStepMovesByLearningRate() {
        let p = step(Adam(learningRate: 0.01), [1, -1], [3, -0.5])
        #expect(abs(p[0] - 0.99) < 1e-5 && abs(p[1] + 0.99) < 1e-5)
    }

    @Test func adamWDecaysDecoupled() {
        // Zero gradient: only the decay acts (Adam step of a zero gradient is zero).
        let p = step(AdamW(learningRate: 0.1, weightDecay: 0.5), [2], [0])
        #expect(abs(p[0] - 2 * (1 - 0.05)) < 1e-6)
    }

    @Test func rmspropMatchesKerasFormula() {
        // s = 0.1·4 = 0.4; p = 1 − 0.01·2/√(0.4 + 1e-7)
        let p = step(RMSprop(learningRate: 0.01), [1], [2])
        #expect(abs(p[0] - (1 - 0.02 / (0.4 as Float + 1e-7).squareRoot())) < 1e-6)
    }

    @Test func clipnormAndClipvalue() {
        // gradient (3, 4) has norm 5; clipnorm 1 → (0.6, 0.8); SGD lr 1.
        let a = step(SGD(learningRate: 1, clipnorm: 1), [0, 0], [3, 4])
        #expect(abs(a[0] + 0.6) < 1e-6 && abs(a[1] + 0.8) < 1e-6)
        let b = step(SGD(learningRate: 1, clipvalue: 0.5), [0, 0], [3, -0.25])
        #expect(b == [-0.5, 0.25])
        for opt in [Adam(clipnorm: 1), AdamW(clipvalue: 1), RMSprop(clipnorm: 1)] as [Optimizer] {
            #expect(step(opt, [0, 0], [300, 400]).allSatisfy { $0.isFinite && abs($0) < 0.1 })
        }
    }

    @Test func postStepConstraintsProject() {
        let w = Tensor(shape: [2, 2], scalars: [3, -1, 4, 0])  // columns: (3, 4) norm 5, (−1, 0) norm 1
        #expect(maxRelDiff(MaxNorm(2).apply(w).scalars, [1.2, -1, 1.6, 0]) < 1e-5)
        #expect(maxRelDiff(UnitNorm().apply(w).scalars, [0.6, -1, 0.8, 0]) < 1e-5)
        #expect(NonNeg().apply(w).scalars == [3, 0, 4, 0])
    }
}
