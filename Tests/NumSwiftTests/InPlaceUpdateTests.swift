import Foundation
import Testing
@testable import NumSwift

@Suite struct InPlaceUpdateTests {
    @Test func addScaledScaleAndFillDoNotTouchSharedCopies() {
        let original = Tensor([1, 2, 3])
        var t = original
        t.addScaled(Tensor([1, 1, 1]), alpha: 2)
        #expect(t.scalars == [3, 4, 5])
        t.scale(by: 0.5)
        #expect(t.scalars == [1.5, 2, 2.5])
        #expect(original.scalars == [1, 2, 3])
        t.fill(7)
        #expect(t.scalars == [7, 7, 7])
    }

    @Test func adamUpdateMatchesTheKerasFormula() {
        var p = Tensor([0.5, -1, 2]), m = Tensor.zeros([3]), v = Tensor.zeros([3])
        var rp: [Double] = [0.5, -1, 2], rm = [0.0, 0, 0], rv = [0.0, 0, 0]
        let (lr, b1, b2, eps) = (0.001, 0.9, 0.999, 1e-7)
        for t in 1...5 {
            let g = Tensor([Float(t), -2, 0.25])
            let alpha = lr * (1 - Foundation.pow(b2, Double(t))).squareRoot() / (1 - Foundation.pow(b1, Double(t)))
            Tensor.adamUpdate(
                parameter: &p, gradient: g, m: &m, v: &v, alpha: Float(alpha),
                beta1: Float(b1), beta2: Float(b2), epsilon: Float(eps))
            for i in 0..<3 {
                let gi = Double(g.scalars[i])
                rm[i] += (1 - b1) * (gi - rm[i])
                rv[i] += (1 - b2) * (gi * gi - rv[i])
                rp[i] -= alpha * rm[i] / (rv[i].squareRoot() + eps)
            }
        }
        #expect(maxRelDiff(p.scalars, rp.map(Float.init)) < 1e-6)
        #expect(maxRelDiff(m.scalars, rm.map(Float.init)) < 1e-6)
        #expect(maxRelDiff(v.scalars, rv.map(Float.init)) < 1e-6)
    }

    @Test func sgdUpdatePlainMomentumAndNesterov() {
        var p = Tensor([1, 2]), none: Tensor? = nil
        Tensor.sgdUpdate(parameter: &p, gradient: Tensor([1, -1]), velocity: &none, learningRate: 0.1)
        #expect(maxRelDiff(p.scalars, [0.9, 2.1]) < 1e-7)
        var q = Tensor([1]), vel: Tensor? = nil
        Tensor.sgdUpdate(parameter: &q, gradient: Tensor([1]), velocity: &vel, learningRate: 0.1, momentum: 0.9)
        Tensor.sgdUpdate(parameter: &q, gradient: Tensor([1]), velocity: &vel, learningRate: 0.1, momentum: 0.9)
        // vel: -0.1, then 0.9·(-0.1) - 0.1 = -0.19; p = 1 - 0.1 - 0.19
        #expect(maxRelDiff(q.scalars, [0.71]) < 1e-6)
        var r = Tensor([1]), vn: Tensor? = nil
        Tensor.sgdUpdate(parameter: &r, gradient: Tensor([1]), velocity: &vn, learningRate: 0.1, momentum: 0.9, nesterov: true)
        // vel = -0.1; p += 0.9·(-0.1) - 0.1
        #expect(maxRelDiff(r.scalars, [0.81]) < 1e-6)
    }

    @Test func sigmoidCrossEntropyMatchesDefinition() {
        let x = Tensor([-30, -2, 0, 0.5, 40]), z = Tensor([0, 1, 0.5, 1, 0])
        let l = Tensor.sigmoidCrossEntropy(logits: x, labels: z).scalars
        let ref = zip(x.scalars, z.scalars).map { xv, zv -> Float in
            let p = 1 / (1 + Foundation.exp(-Double(xv)))
            // -z log p - (1-z) log(1-p), with log(1-p) = -x - log(1+e^-x) to avoid log(0)
            let logp = -Foundation.log1p(Foundation.exp(-Double(xv)))
            let log1mp = -Double(xv) + logp
            _ = p
            return Float(-Double(zv) * logp - (1 - Double(zv)) * log1mp)
        }
        #expect(maxRelDiff(l, ref) < 1e-6)
    }

    @Test func updatingAVariableValueInPlaceDoesNotCopyIt() {
        let v = Variable(Tensor.ones([50_000]))
        let before = v.value.storage.base
        var m = Tensor.zeros([50_000]), s = Tensor.zeros([50_000])
        Tensor.adamUpdate(
            parameter: &v.value, gradient: Tensor.ones([50_000]), m: &m, v: &s,
            alpha: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
        v.value.addScaled(Tensor.ones([50_000]), alpha: 1)
        #expect(v.value.storage.base == before)
        // Adam's first step: m = 0.1, v = 0.001, p = 1 − 0.1 · 0.1 / (√0.001 + 1e-7); then + 1.
        let expected = 2 - 0.1 * 0.1 / (Float(0.001).squareRoot() + 1e-7)
        #expect(abs(v.value.scalars[0] - expected) < 1e-5)
        // A tracked tensor assigned or mutated in place still leaves the tape.
        v.value = v.read * 2
        #expect(!v.value.isTracked)
    }
}
