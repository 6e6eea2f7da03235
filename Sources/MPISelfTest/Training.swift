import Foundation
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
    let (data, targets) = labelledData(rows: 250)
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

/// `fit` with replicas against one process: a classifier with Dropout (per-row random masks)
/// trained for 3 epochs on shuffled global batches of 32 rows (the last one 8 rows: shards of
/// 4/4 and 2/3/3) with a validation split, a checkpoint and a CSV log per epoch. Rank 0 prints
/// the progress bar, the History, the final weights; every rank prints its `evaluate` result and
/// lists the files it wrote under `dir/rank<r>` (only rank 0 may have written any). A fourth
/// epoch comes from a batch source whose whole global batches `fit` cuts per rank.
func runFit(_ w: Communicator, distributed: Bool, dir: String) throws {
    KerasRandom.setSeed(11)
    let x = Input(shape: [20])
    let h = Dropout(0.25)(Dense(16, activation: .relu)(x))
    let model = Model(inputs: x, outputs: Dense(3, activation: .softmax)(h))
    try model.compile(optimizer: Adam(learningRate: 1e-2), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
    let (data, targets) = labelledData(rows: 296)
    if distributed { model.replicas = DataParallel(w) }
    let mine = "\(dir)/rank\(w.rank)"
    try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true)
    model.progressIsTTY = false
    let history = try model.fit(
        data, targets, batchSize: 32, epochs: 3, verbose: 2, seed: 5, validationSplit: 0.25,
        callbacks: [ModelCheckpoint(path: "\(mine)/ckpt-{epoch}.safetensors"), CSVLogger(path: "\(mine)/log.csv")])
    // One more epoch from a batch source (whole global batches of 37 rows, cut per rank by fit).
    let more = try model.fit(
        batches: { _ in
            AnyIterator(
                stride(from: 0, to: 296, by: 37).map { Batch(x: [data.slice(axis: 0, $0..<($0 + 37))], y: [targets.slice(axis: 0, $0..<($0 + 37))]) }
                    .makeIterator())
        }, stepsPerEpoch: 8, verbose: 0)
    let eval = try model.evaluate([data], [targets], batchSize: 50)
    // The other ranks report on stderr: mpirun forwards each rank's stdout in chunks, and a line
    // of theirs could land inside rank 0's long weights line.
    let files = try FileManager.default.contentsOfDirectory(atPath: mine).sorted()
    let report = "evaluate rank \(w.rank): loss \(eval["loss"]!) accuracy \(eval["accuracy"]!)\n"
        + "files rank \(w.rank): \(files.joined(separator: " "))\n"
    if w.isRoot { print(report, terminator: "") } else { FileHandle.standardError.write(Data(report.utf8)) }
    if w.isRoot {
        for k in history.history.keys.sorted() {
            print("history \(k) " + history.history[k]!.map { "\($0)" }.joined(separator: " "))
        }
        print("history batches_loss \(more.history["loss"]![0]) \(more.history["accuracy"]![0])")
        print("weights " + model.weights.flatMap { $0.value.scalars }.map { "\($0)" }.joined(separator: " "))
    }
}

/// `rows` normal rows of 20 features, one-hot labelled by a fixed rule: which of three column
/// groups has the largest sum.
func labelledData(rows: Int) -> (Tensor, Tensor) {
    var rng = RandomGenerator(seed: 3)
    let data = Tensor.randomNormal([rows, 20], generator: &rng)
    let s = data.scalars
    let labels = (0..<rows).map { i -> Int in
        let g = (0..<3).map { k in (0..<6).reduce(Float(0)) { $0 + s[i * 20 + k * 6 + $1] } }
        return g.firstIndex(of: g.max()!)!
    }
    return (data, Tensor.oneHot(labels, depth: 3))
}
