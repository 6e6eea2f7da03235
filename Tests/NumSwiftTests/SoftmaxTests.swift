import Foundation
import Testing
@testable import NumSwift

@Suite struct SoftmaxTests {
    @Test func softmaxRowsSumToOneAndMatchTheDefinition() {
        var g = RandomGenerator(seed: 2)
        let x = Tensor.randomNormal([5, 7], std: 3, generator: &g)
        let s = x.softmax()
        let v = x.scalars
        for r in 0..<5 {
            let row = v[(r * 7)..<(r * 7 + 7)].map(Double.init)
            let m = row.max()!
            let z = row.map { Foundation.exp($0 - m) }.reduce(0, +)
            let ref = row.map { Float(Foundation.exp($0 - m) / z) }
            #expect(maxRelDiff(Array(s.scalars[(r * 7)..<(r * 7 + 7)]), ref) < 1e-6)
        }
        #expect(maxRelDiff(x.logSoftmax().scalars, s.scalars.map { Foundation.log($0) }) < 1e-5)
    }

    @Test func softmaxIsStableForHugeLogits() {
        let x = Tensor(shape: [1, 3], scalars: [1000, 1001, -1e30])
        let s = x.softmax().scalars
        #expect(abs(s[0] - 0.26894142) < 1e-6 && abs(s[1] - 0.7310586) < 1e-6 && s[2] == 0)
        let l = x.logSoftmax().scalars
        #expect(abs(l[1] - (-0.31326169)) < 1e-5)
        #expect(l.allSatisfy { !$0.isNaN })
    }

    @Test func softmaxAlongAnyAxisEqualsPermutedLastAxis() {
        var g = RandomGenerator(seed: 3)
        let x = Tensor.randomNormal([3, 4, 5], generator: &g)
        let a = x.softmax(axis: 1)
        let b = x.permuted([0, 2, 1]).softmax().permuted([0, 2, 1])
        #expect(maxRelDiff(a.scalars, b.scalars) < 1e-6)
        // An inner extent above the 256-column slab, with a masked (-inf) entry.
        var wide = Tensor.randomNormal([2, 5, 300], std: 3, generator: &g)
        wide.withUnsafeMutableBufferPointer { $0[7] = -.infinity }
        let la = wide.logSoftmax(axis: 1), lb = wide.permuted([0, 2, 1]).logSoftmax().permuted([0, 2, 1])
        #expect(la.scalars[7] == -.infinity && lb.scalars[7] == -.infinity)
        var fa = la.scalars, fb = lb.scalars
        fa[7] = 0; fb[7] = 0
        #expect(maxRelDiff(fa, fb) < 1e-5)
        #expect(maxRelDiff(wide.softmax(axis: 1).scalars, wide.permuted([0, 2, 1]).softmax().permuted([0, 2, 1]).scalars) < 1e-6)
    }

    @Test func crossEntropyMatchesLogSoftmaxDefinition() {
        var g = RandomGenerator(seed: 4)
        let logits = Tensor.randomNormal([6, 10], std: 4, generator: &g)
        let labels = [3, 0, 9, 9, 5, 1]
        let dense = Tensor.oneHot(labels, depth: 10)
        let ref = -(logits.logSoftmax() * dense).sum(axes: [1])
        let sparse = Tensor.sparseSoftmaxCrossEntropy(logits: logits, labels: labels)
        let full = Tensor.softmaxCrossEntropy(logits: logits, labels: dense)
        #expect(sparse.shape == [6])
        #expect(maxRelDiff(sparse.scalars, ref.scalars) < 1e-6)
        #expect(maxRelDiff(full.scalars, ref.scalars) < 1e-6)
        #expect(Tensor.sparseSoftmaxCrossEntropy(logits: logits, labels: Tensor(labels.map(Float.init))) == sparse)
    }

    @Test func crossEntropyGradientIsSoftmaxMinusLabels() {
        let logits = Tensor(shape: [2, 3], scalars: [1, 2, 3, 0, 0, 0]).trackingGradients()
        let loss = Tensor.sparseSoftmaxCrossEntropy(logits: logits, labels: [2, 0]).mean()
        let g = gradients(of: loss, wrt: [logits])[0]
        let p = logits.detached().softmax().scalars
        let expected = [p[0], p[1], p[2] - 1, p[3] - 1, p[4], p[5]].map { $0 / 2 }
        #expect(maxRelDiff(g.scalars, expected) < 1e-6)
    }

    @Test func largeSoftmaxIsIdenticalAtAnyThreadCount() {
        var g = RandomGenerator(seed: 12)
        let x = Tensor.randomNormal([300, 1000], generator: &g).trackingGradients()
        let w = Tensor.randomNormal([300, 1000], generator: &g)
        var outs: [[Float]] = [], grads: [[Float]] = []
        for t in [1, 2] {
            Parallel.withThreads(t) {
                let y = x.softmax()
                outs.append(y.scalars)
                grads.append(gradients(of: (y * w).sum(), wrt: [x])[0].scalars)
            }
        }
        #expect(outs[0] == outs[1])
        #expect(grads[0] == grads[1])
    }
}
