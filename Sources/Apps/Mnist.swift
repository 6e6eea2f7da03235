import ArgumentParser
import Foundation
import NumSwift

/// `numswift mnist`: trains Su's MNIST baseline (article 6311) with the Keras-style progress bar.
struct Mnist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mnist",
        abstract: "Train the MNIST baseline (784 → Dense 100 relu → Dense 10 softmax, Adam 1e-3) or, with --autoencoder, the addLoss autoencoder.")

    @OptionGroup var threadOptions: ThreadOptions
    @Option(name: .long, parsing: .unconditional, help: "Epochs.") var epochs: Int = 5
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Batch size.") var batchSize: Int = 128
    @Option(name: .long, parsing: .unconditional, help: "Seed for initialisation and shuffling.") var seed: UInt64 = 42
    @Option(name: .customLong("data-dir"), help: "Directory with the four MNIST *-ubyte.gz files.") var dataDir: String = "data/mnist"
    @Option(name: .long, parsing: .unconditional, help: "Verbosity: 0 silent, 1 progress bar, 2 one line per epoch.") var verbose: Int = 1
    @Flag(name: .long, help: "Train the target-free autoencoder built with addLoss (article 6311 §1.1).") var autoencoder = false
    @Flag(name: .long, help: "Print one JSON object as the last line.") var json = false

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be ≥ 1, got \(epochs)") }
        guard batchSize >= 1, batchSize <= 1 << 30 else { throw ValidationError("--batch-size must be in 1...\(1 << 30), got \(batchSize)") }
        guard epochs <= 1_000_000 else { throw ValidationError("--epochs must be ≤ 1000000, got \(epochs)") }
        guard (0...2).contains(verbose) else { throw ValidationError("--verbose must be 0, 1 or 2, got \(verbose)") }
    }

    func run() throws {
        try threadOptions.apply()
        let data = try MNIST(directory: dataDir)
        KerasRandom.setSeed(seed)
        let x = Input(shape: [784])
        let h = Dense(100, activation: .relu)(x)
        let start = Date()
        var fields: [(String, String)] = []
        if autoencoder {
            let xr = Dense(784, activation: .sigmoid)(h)
            let model = Model(inputs: x, outputs: xr)
            let loss = Lambda { t in (t[0] - t[1]).squared().mean() }([x, xr])[0]
            try model.addLoss(loss)
            try model.addMetric(Lambda.unary { $0.squared().sum(axes: [1]).mean() }(h), name: "x_h_norm")
            try model.compile(optimizer: Adam())
            if verbose > 0 { model.summary() }
            let hist = try model.fit([data.trainImages], nil, batchSize: batchSize, epochs: epochs, verbose: verbose, seed: seed)
            let test = try model.evaluate([data.testImages], nil, batchSize: 1000)
            let secs = Date().timeIntervalSince(start)
            print(String(format: "test reconstruction loss: %.5f", test["loss"]!))
            fields = [
                ("test_loss", String(format: "%.6f", test["loss"]!)),
                ("train_loss", "[" + hist.history["loss"]!.map { String(format: "%.6f", $0) }.joined(separator: ",") + "]"),
                ("epochs", "\(epochs)"), ("seconds", String(format: "%.3f", secs)),
                ("samples_per_second", String(format: "%.1f", Double(epochs * 60000) / secs)),
            ]
        } else {
            let y = Dense(10, activation: .softmax)(h)
            let model = Model(inputs: x, outputs: y)
            try model.compile(optimizer: Adam(learningRate: 1e-3), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
            if verbose > 0 { model.summary() }
            let yTrain = Tensor.oneHot(data.trainLabels, depth: 10)
            let t0 = Date()
            try model.fit([data.trainImages], [yTrain], batchSize: batchSize, epochs: epochs, verbose: verbose, seed: seed)
            let trainSecs = Date().timeIntervalSince(t0)
            let test = try model.evaluate([data.testImages], [Tensor.oneHot(data.testLabels, depth: 10)], batchSize: 1000)
            let acc = test["accuracy"]!
            print(String(format: "test accuracy: %.4f", acc))
            fields = [
                ("test_accuracy", String(format: "%.4f", acc)), ("epochs", "\(epochs)"),
                ("seconds", String(format: "%.3f", trainSecs)),
                ("samples_per_second", String(format: "%.1f", Double(epochs * data.trainLabels.count) / trainSecs)),
            ]
        }
        if json { print("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ", ") + "}") }
    }
}
