import ArgumentParser
import Foundation
import NumSwift
import NumSwiftDistributed
import NumSwiftSupport

/// `numswift vae`: Su's discrete-latent VAE on MNIST (kexue.fm/archives/6705 §3.4, bojone/vae
/// `vae_keras_cnn_gs.py`): 32 categorical latents of 10 classes through Gumbel-Softmax with τ
/// annealed per batch, trained with compile/fit and addLoss; writes reconstructions and samples.
struct Vae: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vae",
        abstract: "Train Su's Gumbel-Softmax VAE on MNIST (32×10 categorical latents) and write reconstructions.png and samples.png.")

    @OptionGroup var threadOptions: ThreadOptions
    @Option(name: .long, help: "Epochs.") var epochs: Int = 30
    @Option(name: .customLong("batch-size"), help: "Batch size.") var batchSize: Int = 100
    @Option(name: .long, help: "Seed for initialisation, shuffling and the Gumbel noise.") var seed: UInt64 = 42
    @Option(name: .long, help: "Output directory for the PNG images (created if missing).") var out: String = "vae_out"
    @Option(name: .customLong("data-dir"), help: "Directory with the four MNIST *-ubyte.gz files.") var dataDir: String = "data/mnist"
    @Option(name: .customLong("train-samples"), help: "Use only the first N training images (default all 60000).") var trainSamples: Int?
    @Option(name: .customLong("test-samples"), help: "Evaluate on the first N test images (default all 10000).") var testSamples: Int?
    @Option(name: .long, help: "Verbosity: 0 silent, 1 progress bar, 2 one line per epoch.") var verbose: Int = 1
    @Flag(name: .long, help: "Print one JSON object as the last line.") var json = false
    @Flag(
        name: .long,
        help:
            "Run on every rank of an MPI job (mpirun -np N numswift vae --distributed ...): each rank trains on its rows of every global batch, rank 0 prints and writes."
    )
    var distributed = false
    @Option(name: .customLong("save-weights"), help: "Write the trained weights to this safetensors file (atomically).") var saveWeights: String?

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be ≥ 1, got \(epochs)") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be ≥ 1, got \(batchSize)") }
        guard (0...2).contains(verbose) else { throw ValidationError("--verbose must be 0, 1 or 2, got \(verbose)") }
        if let n = trainSamples, !(1...60000).contains(n) { throw ValidationError("--train-samples must be in 1...60000, got \(n)") }
        if let n = testSamples, !(1...10000).contains(n) { throw ValidationError("--test-samples must be in 1...10000, got \(n)") }
    }

    /// Su's loss: Σ pixel binary cross-entropy (Keras clipping at 1e-7) + Σ p log p, the KL to a
    /// uniform prior up to the constant log 10 per latent, p the clipped softmax of the logits;
    /// averaged over the batch.
    static func loss(x: Tensor, reconstruction r: Tensor, logits: Tensor) -> Tensor {
        let eps: Float = 1e-7
        let c = r.clamp(min: eps, max: 1 - eps)
        let bce = -(x * c.log() + (1 - x) * (1 - c).log())
        let p = logits.softmax().clamp(min: eps, max: 1 - eps)
        let kl = (p * p.log()).sum(axes: [1, 2])
        return (bce.sum(axes: [1, 2, 3]) + kl).mean()
    }

    func run() throws {
        if distributed { try runDistributed { try train(DataParallel($0)) } } else { try train(nil) }
    }

    /// Trains on one process (`replicas` nil) or as one rank of a data-parallel job.
    func train(_ replicas: DataParallel?) throws {
        try threadOptions.apply()
        let data = try MNIST(directory: dataDir)
        let nTrain = trainSamples ?? 60000, nTest = testSamples ?? 10000
        let xTrain = data.trainImages.slice(axis: 0, 0..<nTrain).reshape([-1, 28, 28, 1])
        let xTest = data.testImages.slice(axis: 0, 0..<nTest).reshape([-1, 28, 28, 1])
        KerasRandom.setSeed(seed)

        // Encoder: 2× Conv2D stride 2 (32, 64 filters) → Dense 32 → 32×10 logits.
        let xIn = Input(shape: [28, 28, 1])
        var h = Conv2D(filters: 32, kernelSize: 3, strides: 2, padding: .same, activation: .relu)(xIn)
        h = Conv2D(filters: 64, kernelSize: 3, strides: 2, padding: .same, activation: .relu)(h)
        h = Dense(32, activation: .relu)(Flatten()(h))
        let logits = Reshape([32, 10])(Dense(320)(h))
        let temperature = Temperature(1)
        let z = GumbelSoftmax(temperature: temperature, seed: seed &+ 6705)(logits)
        // Decoder, mirrored; kept as a layer list so it can also decode latents drawn by hand.
        let decoder: [Layer] = [
            Reshape([320]), Dense(32, activation: .relu), Dense(7 * 7 * 64, activation: .relu), Reshape([7, 7, 64]),
            Conv2DTranspose(filters: 64, kernelSize: 3, strides: 2, padding: .same, activation: .relu),
            Conv2DTranspose(filters: 32, kernelSize: 3, strides: 2, padding: .same, activation: .relu),
            Conv2DTranspose(filters: 1, kernelSize: 3, padding: .same, activation: .sigmoid),
        ]
        let xOut = decoder.reduce(z) { $1($0) }
        let model = Model(inputs: xIn, outputs: xOut)
        try model.addLoss(Lambda { t in Vae.loss(x: t[0], reconstruction: t[1], logits: t[2]) }([xIn, xOut, logits])[0])
        try model.addMetric(Lambda.unary { _ in temperature.tensor }(logits), name: "tau")
        try model.compile(optimizer: RMSprop())
        model.replicas = replicas
        if verbose > 0 && replicas?.rank ?? 0 == 0 { model.summary() }

        let scheduler = TemperatureScheduler(temperature, schedule: .su)
        let t0 = Date(), c0 = processCPUSeconds()
        try model.fit(xTrain, nil, batchSize: batchSize, epochs: epochs, verbose: verbose, seed: seed, callbacks: [scheduler])
        let trainSeconds = Date().timeIntervalSince(t0), trainCPU = processCPUSeconds() - c0
        let test = try model.evaluate(xTest, nil, batchSize: batchSize)
        let testLoss = test["loss"] ?? .nan
        let allReduce = try replicas.map { try $0.comm.allGather([$0.allReduceSeconds]) }
        guard replicas?.rank ?? 0 == 0 else { return }
        if let path = saveWeights { try model.saveWeights(path) }
        print(String(format: "test loss: %.4f (tau %.5f after %d batches)", testLoss, temperature.value, scheduler.step))

        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try writeReconstructions(model: model, xTest: xTest)
        try writeSamples(decoder: decoder)
        print("wrote \(out)/reconstructions.png and \(out)/samples.png")
        if json {
            // Process CPU time of training: the work done, independent of waiting for a core.
            printJSONLine(
                VAESummary(
                    epochs: epochs, testLoss: testLoss, seconds: trainSeconds,
                    samplesPerSecond: Double(epochs * nTrain) / trainSeconds, cpuSeconds: trainCPU,
                    samplesPerCpuSecond: Double(epochs * nTrain) / trainCPU, ranks: replicas?.count,
                    allReduceSeconds: allReduce))
        }
    }

    /// Four pairs of rows: 10 test digits, then their reconstructions.
    func writeReconstructions(model: Model, xTest: Tensor) throws {
        let n = Swift.min(40, xTest.shape[0])
        let digits = xTest.slice(axis: 0, 0..<n)
        let recon = model.predict([digits], batchSize: n)[0]
        var tiles: [Tensor] = []
        for r in stride(from: 0, to: n, by: 10) {
            let row = r..<Swift.min(r + 10, n)
            tiles.append(digits.slice(axis: 0, row))
            tiles.append(recon.slice(axis: 0, row))
        }
        try writeGrid(tiles, columns: 10, name: "reconstructions.png")
    }

    /// A 10×10 grid of decoded latents whose 32 variables take uniformly random one-hot classes.
    func writeSamples(decoder: [Layer]) throws {
        var rng = RandomGenerator(seed: seed, stream: 0x5A4D)
        let classes = (0..<(100 * 32)).map { _ in rng.nextInt(below: 10) }
        let z = Tensor.oneHot(classes, depth: 10).reshape([100, 32, 10])
        let images = withNoGrad { decoder.reduce(z) { $1($0) } }
        try writeGrid((0..<10).map { images.slice(axis: 0, ($0 * 10)..<($0 * 10 + 10)) }, columns: 10, name: "samples.png")
    }

    /// Lays rows of `[k, 28, 28, 1]` images out left to right, rows top to bottom, 2-pixel gaps.
    func writeGrid(_ rows: [Tensor], columns: Int, name: String) throws {
        let cell = 30
        let (width, height) = (columns * cell, rows.count * cell)
        var pixels = [Float](repeating: 0, count: width * height)
        for (r, row) in rows.enumerated() {
            let v = row.scalars
            for k in 0..<row.shape[0] {
                for y in 0..<28 {
                    for x in 0..<28 { pixels[(r * cell + 1 + y) * width + k * cell + 1 + x] = v[k * 784 + y * 28 + x] }
                }
            }
        }
        try PNG.writeGray(pixels, width: width, height: height, to: "\(out)/\(name)")
    }
}
