import ArgumentParser
import Foundation
import NumSwift

/// `numswift bench train-step`: the cost of the optimiser pipeline's bookkeeping against a whole
/// training step of the MNIST MLP (784 → 100 relu → 10 softmax, Adam, batch 128).
struct BenchTrainStep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-step",
        abstract: "Time a Model.trainStep against the empty gradient-transform pipeline alone (interleaved, medians).")

    @OptionGroup var threadOptions: ThreadOptions
    @Option(name: .long, parsing: .unconditional, help: "Batch size.") var batch: Int = 128
    @Option(name: .long, parsing: .unconditional, help: "Timed repetitions of each (default 300).") var reps: Int = 300
    @Flag(name: .long, help: "Print one JSON object as the last line.") var json = false

    func run() throws {
        try threadOptions.apply()
        guard batch >= 1, reps >= 1 else { throw OptionError("--batch and --reps must be positive") }
        // Inputs, activations and their gradients: a few [batch, 784] float matrices.
        try requireMemory(count: saturatingProduct(batch, 784), elementBytes: 4, copies: 4, option: "--batch \(batch)")
        let x = Input(shape: [784])
        let m = Model(inputs: x, outputs: Dense(10, activation: .softmax)(Dense(100, activation: .relu)(x)))
        let opt = Adam()
        try m.compile(optimizer: opt, loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        var rng = RandomGenerator(seed: 5)
        let xs = Tensor.randomUniform([batch, 784], generator: &rng)
        let ys = Tensor.oneHot((0..<batch).map { _ in rng.nextInt(below: 10) }, depth: 10)
        let b = Batch(x: [xs], y: [ys])
        // The pipeline with every update skipped (multiplier 0): missing-gradient check,
        // accumulation test, the (empty) transform list and built-in clipping checks, the schedule
        // test and the per-variable loop; plus what the step adds around it (parameter walk,
        // loss scope, regulariser walk).
        let grads: [Tensor?] = m.trainableWeights.map { Tensor.zeros($0.shape) }
        func pipeline() throws {
            let ps = m.trainableParameters().map { Parameter($0.variable, layer: $0.layer, lrMultiplier: 0) }
            _ = collectingLosses { 0 }
            _ = m.regularizationLosses
            try opt.applyGradients(grads, to: ps)
        }
        for _ in 0..<20 { _ = try m.trainStep(b); try pipeline() }
        var steps: [Double] = [], pipes: [Double] = []
        for _ in 0..<reps {
            var t = now()
            _ = try m.trainStep(b)
            steps.append(now() - t)
            t = now()
            for _ in 0..<10 { try pipeline() }
            pipes.append((now() - t) / 10)
        }
        let (s, p) = (median(steps), median(pipes))
        print(String(format: "train step %.1f µs, empty pipeline %.2f µs: %.3f%% of a step", s * 1e6, p * 1e6, 100 * p / s))
        if json { printJSONLine(TrainStepBenchSummary(stepUs: s * 1e6, pipelineUs: p * 1e6, percent: 100 * p / s)) }
    }
}
