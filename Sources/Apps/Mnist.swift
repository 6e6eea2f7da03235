import ArgumentParser
import Foundation
import NumSwift
import NumSwiftDistributed
import NumSwiftSupport

/// `numswift mnist`: trains Su's MNIST baseline (article 6311) with the Keras-style progress bar.
struct Mnist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mnist",
        abstract:
            "Train the MNIST baseline (784 → Dense 100 relu → Dense 10 softmax, Adam 1e-3) or, with --autoencoder, the addLoss autoencoder, or, with --orthogonal, compare orthogonality regularisers (article 7169)."
    )

    @OptionGroup var threadOptions: ThreadOptions
    @Option(name: .long, help: "Epochs.") var epochs: Int = 5
    @Option(name: .customLong("batch-size"), help: "Batch size.") var batchSize: Int = 128
    @Option(name: .long, help: "Seed for initialisation and shuffling.") var seed: UInt64 = 42
    @Option(name: .customLong("data-dir"), help: "Directory with the four MNIST *-ubyte.gz files.") var dataDir: String = "data/mnist"
    @Option(name: .long, help: "Verbosity: 0 silent, 1 progress bar, 2 one line per epoch.") var verbose: Int = 1
    @Flag(name: .long, help: "Train the target-free autoencoder built with addLoss (article 6311 §1.1).") var autoencoder = false
    @Flag(name: .long, help: "Print one JSON object as the last line.") var json = false
    @Flag(
        name: .long,
        help:
            "Run on every rank of an MPI job (mpirun -np N numswift mnist --distributed ...): each rank trains on its rows of every global batch, rank 0 prints and writes."
    )
    var distributed = false
    @Option(name: .customLong("train-samples"), help: "Use only the first N training images (default all 60000; not with --orthogonal).") var trainSamples: Int?
    @Option(name: .customLong("save-weights"), help: "Write the trained weights to this safetensors file (rank 0, atomically).")
    var saveWeights: String?
    @Option(
        name: .long,
        help:
            "Article 7169: train the MLP with this orthogonality regulariser on both Dense layers and without it, for --seeds seeds; report test accuracy and kernel-column angles."
    )
    var orthogonal: OrthogonalVariant?
    @Option(name: .customLong("orthogonal-factor"), help: "Coefficient of the full / offdiag penalty (BigGAN: 1e-4).")
    var orthogonalFactor: Float = 1e-4
    @Option(name: .customLong("som-gamma"), help: "SOM: tanh sharpness γ.") var somGamma: Float = 10
    @Option(name: .customLong("som-lambda1"), help: "SOM: weight λ1 of (Σ ϑ)².") var somLambda1: Float = 100
    @Option(name: .customLong("som-lambda2"), help: "SOM: weight λ2 of Σ ϑ².") var somLambda2: Float = 1
    @Option(name: .customLong("som-reduction"), help: "SOM: sum over pairs (article) or mean (width-independent).")
    var somReduction: SelfOrthogonality.Reduction = .sum
    @Flag(name: .customLong("som-stop-input-gradient"), help: "SOM: no penalty gradient into the layer inputs.")
    var somStopInputGradient = false
    @Option(name: .long, help: "With --orthogonal: number of seeds (seed, seed+1, …).") var seeds: Int = 3

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be ≥ 1, got \(epochs)") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be ≥ 1, got \(batchSize)") }
        guard (0...2).contains(verbose) else { throw ValidationError("--verbose must be 0, 1 or 2, got \(verbose)") }
        guard seeds >= 1 else { throw ValidationError("--seeds must be ≥ 1, got \(seeds)") }
        guard orthogonalFactor >= 0 && orthogonalFactor.isFinite else {
            throw ValidationError("--orthogonal-factor must be a finite number ≥ 0, got \(orthogonalFactor)")
        }
        guard somGamma > 0 && somGamma.isFinite && somLambda1 >= 0 && somLambda2 >= 0 && somLambda1.isFinite && somLambda2.isFinite else {
            throw ValidationError("--som-gamma must be > 0 and --som-lambda1/2 ≥ 0 (finite), got \(somGamma), \(somLambda1), \(somLambda2)")
        }
        guard orthogonal == nil || !autoencoder else { throw ValidationError("--orthogonal and --autoencoder cannot be combined") }
        guard orthogonal == nil || !distributed else { throw ValidationError("--orthogonal and --distributed cannot be combined") }
        if let n = trainSamples, !(1...60000).contains(n) { throw ValidationError("--train-samples must be in 1...60000, got \(n)") }
    }

    func run() throws {
        try threadOptions.apply()
        if distributed { try runDistributed { try train(DataParallel($0)) } } else { try train(nil) }
    }

    /// Trains on one process (`replicas` nil) or as one rank of a data-parallel job.
    func train(_ replicas: DataParallel?) throws {
        let root = replicas?.rank ?? 0 == 0
        let data = try MNIST(directory: dataDir)
        let n = trainSamples ?? data.trainLabels.count
        let trainImages = data.trainImages.slice(axis: 0, 0..<n), trainLabels = Array(data.trainLabels[0..<n])
        if let variant = orthogonal {
            let experiment = OrthogonalExperiment(
                variant: variant,
                som: SelfOrthogonality(
                    gamma: somGamma, lambda1: somLambda1, lambda2: somLambda2, stopInputGradient: somStopInputGradient,
                    reduction: somReduction),
                factor: orthogonalFactor, seeds: (0..<UInt64(seeds)).map { seed &+ $0 }, epochs: epochs,
                batchSize: batchSize, verbose: verbose)
            let (plain, regularized) = try experiment.run(data)
            experiment.report(plain: plain, regularized: regularized, json: json)
            return
        }
        KerasRandom.setSeed(seed)
        let x = Input(shape: [784])
        let h = Dense(100, activation: .relu)(x)
        let start = Date()
        var summary = MNISTSummary(epochs: epochs, seconds: 0, samplesPerSecond: 0)
        let trained: Model
        if autoencoder {
            let xr = Dense(784, activation: .sigmoid)(h)
            let model = Model(inputs: x, outputs: xr)
            let loss = Lambda { t in (t[0] - t[1]).squared().mean() }([x, xr])[0]
            try model.addLoss(loss)
            try model.addMetric(Lambda.unary { $0.squared().sum(axes: [1]).mean() }(h), name: "x_h_norm")
            try model.compile(optimizer: Adam())
            model.replicas = replicas
            if verbose > 0 && root { model.summary() }
            let hist = try model.fit([trainImages], nil, batchSize: batchSize, epochs: epochs, verbose: verbose, seed: seed)
            let test = try model.evaluate([data.testImages], nil, batchSize: 1000)
            let secs = Date().timeIntervalSince(start)
            if root { print(String(format: "test reconstruction loss: %.5f", test["loss"]!)) }
            summary.testLoss = test["loss"]!
            summary.trainLoss = hist.history["loss"]!
            summary.seconds = secs
            summary.samplesPerSecond = Double(epochs * n) / secs
            trained = model
        } else {
            let y = Dense(10, activation: .softmax)(h)
            let model = Model(inputs: x, outputs: y)
            try model.compile(optimizer: Adam(learningRate: 1e-3), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
            model.replicas = replicas
            if verbose > 0 && root { model.summary() }
            let yTrain = Tensor.oneHot(trainLabels, depth: 10)
            let t0 = Date(), c0 = processCPUSeconds()
            try model.fit([trainImages], [yTrain], batchSize: batchSize, epochs: epochs, verbose: verbose, seed: seed)
            let trainSecs = Date().timeIntervalSince(t0)
            summary.cpuSeconds = processCPUSeconds() - c0
            let test = try model.evaluate([data.testImages], [Tensor.oneHot(data.testLabels, depth: 10)], batchSize: 1000)
            let acc = test["accuracy"]!
            if root { print(String(format: "test accuracy: %.4f", acc)) }
            summary.testAccuracy = acc
            summary.seconds = trainSecs
            summary.samplesPerSecond = Double(epochs * n) / trainSecs
            trained = model
        }
        if let r = replicas {
            summary.ranks = r.count
            summary.allReduceSeconds = try r.comm.allGather([r.allReduceSeconds])
        }
        guard root else { return }
        if let path = saveWeights { try trained.saveWeights(path) }
        if json { printJSONLine(summary) }
    }
}
