import NumSwift
import NumSwiftDistributed
import NumSwiftMPI

/// A small classifier trained for 30 steps of 25 rows (uneven shards on 2 and 3 ranks), the same
/// global batches in the same order; rank 0 prints the final weights so the test can compare
/// the one-process run with the p-rank ones. `modelWidth` differs on purpose in `train-mismatch`.
func runTraining(_ w: Communicator, distributed: Bool, hidden: Int = 16) throws {
    KerasRandom.setSeed(7)
    let x = Input(shape: [20])
    let h = Dense(hidden, activation: .relu)(x)
    let y = Dense(3, activation: .softmax)(h)
    let model = Model(inputs: x, outputs: y)
    try model.compile(optimizer: Adam(learningRate: 1e-2), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
    var rng = RandomGenerator(seed: 3)
    let data = Tensor.randomNormal([250, 20], generator: &rng)
    // Labels from a fixed rule: which of three column groups has the largest sum.
    let s = data.scalars
    let labels = (0..<250).map { i -> Int in
        let g = (0..<3).map { k in (0..<6).reduce(Float(0)) { $0 + s[i * 20 + k * 6 + $1] } }
        return g.firstIndex(of: g.max()!)!
    }
    let targets = Tensor.oneHot(labels, depth: 3)
    let dp = DataParallel(w)
    if distributed { try dp.broadcastWeights(model) }
    var loss: Float = 0
    for _ in 0..<3 {
        for b in 0..<10 {
            let rows = (b * 25)..<((b + 1) * 25)
            let batch = Batch(x: [data.slice(axis: 0, rows)], y: [targets.slice(axis: 0, rows)])
            if distributed {
                loss = try dp.trainStep(model, batch)
            } else {
                let (l, g) = try model.computeGradients(batch)
                try model.applyGradients(g)
                loss = l.scalar
            }
        }
    }
    if w.isRoot {
        let values = model.weights.flatMap { $0.value.scalars }
        print("loss \(loss)")
        print("weights " + values.map { "\($0)" }.joined(separator: " "))
    }
}
