import Foundation
import Testing

@testable import NumSwift

/// The single-process pieces of data-parallel `fit` (the MPI runs are in NumSwiftMPITests):
/// summable metric states and the mapping of a replica's random draws onto the global batch.
@Suite struct ReplicaStateTests {
    /// Feeds `rows` of a batch split in two to two copies of a metric, sums their states into a
    /// third, and compares it with one metric that saw the whole batch.
    func sumOfHalves(_ make: () -> Metric, _ yTrue: Tensor, _ yPred: Tensor, weights: Tensor? = nil) -> (Float, Float) {
        let n = yTrue.shape[0], cut = n / 3
        let whole = make(), a = make(), b = make(), sum = make()
        whole.update(yTrue: yTrue, yPred: yPred, sampleWeight: weights)
        for (m, r) in [(a, 0..<cut), (b, cut..<n)] {
            m.update(yTrue: yTrue.slice(axis: 0, r), yPred: yPred.slice(axis: 0, r), sampleWeight: weights?.slice(axis: 0, r))
        }
        sum.summableState = zip(a.summableState, b.summableState).map { $0 + $1 }
        return (sum.result(), whole.result())
    }

    @Test func summedMetricStatesEqualOneMetricOverTheWholeBatch() {
        var g = RandomGenerator(seed: 4)
        let logits = Tensor.randomNormal([10, 4], generator: &g)
        let p = logits.softmax()
        let labels = (0..<10).map { $0 % 4 }
        let oneHot = Tensor.oneHot(labels, depth: 4)
        let w = Tensor(shape: [10], scalars: (0..<10).map { Float($0 % 3) + 0.5 })
        let cases: [(String, () -> Metric, Tensor, Tensor?)] = [
            ("Accuracy one-hot", { Accuracy() }, oneHot, nil),
            ("Accuracy sparse, weighted", { Accuracy() }, Tensor(shape: [10], scalars: labels.map(Float.init)), w),
            ("CategoricalAccuracy", { CategoricalAccuracy() }, oneHot, nil),
            ("LossMetric", { LossMetric(CategoricalCrossentropy()) }, oneHot, w),
        ]
        for (name, make, y, weights) in cases {
            let (sum, whole) = sumOfHalves(make, y, p, weights: weights)
            #expect(abs(sum - whole) < 1e-6, "\(name): \(sum) vs \(whole)")
        }
        let m = Mean(), m2 = Mean()
        m.update(2, weight: 3); m2.update(5, weight: 1)
        m.summableState = zip(m.summableState, m2.summableState).map { $0 + $1 }
        #expect(m.result() == 11.0 / 4)
    }

    @Test func anAccuracyThatSawNoRowsTakesAndGivesBackASummedState() {
        let a = Accuracy()
        #expect(a.summableState == [0, 0])
        a.summableState = [3, 4]
        #expect(a.result() == 0.75)
        a.summableState = [0, 0]
        // The placeholder is dropped: the first real update still picks the variant from shapes.
        a.update(yTrue: Tensor(shape: [2], scalars: [1, 0]), yPred: Tensor(shape: [2, 2], scalars: [0.2, 0.8, 0.9, 0.1]), sampleWeight: nil)
        #expect(a.result() == 1)
    }

    @Test func aReplicasRandomDrawsAreItsRowsOfTheGlobalDraw() {
        // Rows 3..<5 of a global batch of 5 rows of 8 values: the uniform, normal and Gumbel fills
        // a replica makes for its 2 rows equal those rows of the one-process fill, and both
        // generators end at the same position.
        var global = RandomGenerator(seed: 21, stream: 2)
        var local = global
        let all = [Tensor.randomUniform([5, 8], generator: &global), Tensor.randomNormal([5, 8], generator: &global)]
        var part = Batch(x: [Tensor.zeros([2, 8])])
        part.globalSize = 5
        part.firstGlobalRow = 3
        let mine = RandomGenerator.withRowShard(part) {
            [Tensor.randomUniform([2, 8], generator: &local), Tensor.randomNormal([2, 8], generator: &local)]
        }
        for (a, b) in zip(all, mine) { #expect(a.slice(axis: 0, 3..<5) == b) }
        #expect(local == global)
        // Outside the step, draws are ordinary again.
        #expect(Tensor.randomUniform([2, 8], generator: &local) == Tensor.randomUniform([2, 8], generator: &global))
    }
}
