import ArgumentParser
import Foundation
import NumSwift

// MARK: - `numswift mnist --orthogonal …` (article 7169)

extension SelfOrthogonality.Reduction: ExpressibleByArgument {}

/// The regulariser compared against the plain MLP by `numswift mnist --orthogonal`.
enum OrthogonalVariant: String, ExpressibleByArgument, CaseIterable {
    /// Self-Orthogonality Module on both Dense layers (loss term shown as `som_reg`).
    case som
    /// `factor · ‖WᵀW − I‖²_F` as `kernelRegularizer` of both Dense layers.
    case full
    /// `factor · Σ_{i≠j}(w_iᵀw_j)²` (BigGAN) as `kernelRegularizer` of both Dense layers.
    case offdiag
}

/// Settings of the orthogonality experiment, from `Mnist`'s options.
struct OrthogonalExperiment {
    let variant: OrthogonalVariant
    let som: SelfOrthogonality
    let factor: Float
    let seeds: [UInt64]
    let epochs: Int, batchSize: Int, verbose: Int

    /// What one trained model is reported with.
    struct Run {
        let seed: UInt64
        let accuracy: Float
        let angles: [KernelAngleStatistics]  // one per Dense kernel
        let seconds: Double
    }

    /// Trains the article-6311 MLP (784 → Dense 100 relu → Dense 10 softmax, Adam 1e-3) with and
    /// without the regulariser for every seed; returns the plain and the regularised runs.
    func run(_ data: MNIST) throws -> (plain: [Run], regularized: [Run]) {
        var plain: [Run] = [], regularized: [Run] = []
        for seed in seeds {
            plain.append(try train(data, seed: seed, regularize: false))
            regularized.append(try train(data, seed: seed, regularize: true))
        }
        return (plain, regularized)
    }

    func train(_ data: MNIST, seed: UInt64, regularize: Bool) throws -> Run {
        KerasRandom.setSeed(seed)
        let kernelRegularizer: Regularizer? =
            switch (regularize, variant) {
            case (true, .full): OrthogonalRegularizer(mode: .full, factor: factor)
            case (true, .offdiag): OrthogonalRegularizer(mode: .offDiagonal, factor: factor)
            default: nil
            }
        let somOption = regularize && variant == .som ? som : nil
        let hidden = Dense(100, activation: .relu, kernelRegularizer: kernelRegularizer)
        let output = Dense(10, activation: .softmax, kernelRegularizer: kernelRegularizer)
        hidden.selfOrthogonality = somOption
        output.selfOrthogonality = somOption
        let x = Input(shape: [784])
        let model = Model(inputs: x, outputs: output(hidden(x)))
        try model.compile(optimizer: Adam(learningRate: 1e-3), loss: CategoricalCrossentropy(), metrics: [Accuracy()])
        if verbose > 0 {
            print("\(regularize ? variant.rawValue : "plain"), seed \(seed)")
        }
        let t0 = Date()
        try model.fit(
            [data.trainImages], [Tensor.oneHot(data.trainLabels, depth: 10)], batchSize: batchSize, epochs: epochs,
            verbose: verbose, seed: seed)
        let seconds = Date().timeIntervalSince(t0)
        let test = try model.evaluate([data.testImages], [Tensor.oneHot(data.testLabels, depth: 10)], batchSize: 1000)
        return Run(
            seed: seed, accuracy: test["accuracy"]!,
            angles: [hidden, output].map { KernelAngleStatistics(kernel: $0.kernelVariable.value) }, seconds: seconds)
    }

    /// The per-run table, a mean-over-seeds summary and (with `json`) one JSON line.
    func report(plain: [Run], regularized: [Run], json: Bool) {
        let name = variant.rawValue
        let header = "variant  seed  test_acc  dense (100 cols) angle mean ± std  |90°−θ|  dense_1 (10 cols) angle mean ± std  |90°−θ|"
        print(header)
        for (label, runs) in [("plain", plain), (name, regularized)] {
            for r in runs {
                let a = r.angles
                print(
                    String(
                        format: "%@  %4llu  %.4f    %6.2f° ± %5.2f°   %6.2f°   %6.2f° ± %5.2f°   %6.2f°",
                        label.padding(toLength: 7, withPad: " ", startingAt: 0) as NSString, r.seed,
                        r.accuracy, a[0].meanDegrees, a[0].stdDegrees, a[0].meanDeviationFrom90, a[1].meanDegrees,
                        a[1].stdDegrees, a[1].meanDeviationFrom90))
            }
        }
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(v.count, 1)) }
        func sd(_ v: [Double]) -> Double {
            let m = mean(v)
            return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(v.count, 1))).squareRoot()
        }
        for (label, runs) in [("plain", plain), (name, regularized)] {
            let acc = runs.map { Double($0.accuracy) }
            print(
                String(
                    format: "%@: test accuracy %.4f ± %.4f; dense angle std %.2f°, dense_1 angle std %.2f° (mean over %d seeds)",
                    label as NSString, mean(acc), sd(acc), mean(runs.map { $0.angles[0].stdDegrees }),
                    mean(runs.map { $0.angles[1].stdDegrees }), runs.count))
        }
        guard json else { return }
        func list(_ v: [Double], _ f: String = "%.4f") -> String { "[" + v.map { String(format: f, $0) }.joined(separator: ",") + "]" }
        func obj(_ runs: [Run]) -> String {
            "{\"test_accuracy\":\(list(runs.map { Double($0.accuracy) })),"
                + "\"dense_angle_mean\":\(list(runs.map { $0.angles[0].meanDegrees }, "%.3f")),"
                + "\"dense_angle_std\":\(list(runs.map { $0.angles[0].stdDegrees }, "%.3f")),"
                + "\"dense_1_angle_mean\":\(list(runs.map { $0.angles[1].meanDegrees }, "%.3f")),"
                + "\"dense_1_angle_std\":\(list(runs.map { $0.angles[1].stdDegrees }, "%.3f")),"
                + "\"seconds\":\(list(runs.map(\.seconds), "%.2f"))}"
        }
        print(
            "{\"orthogonal\":\"\(name)\", \"epochs\":\(epochs), \"seeds\":[\(seeds.map(String.init).joined(separator: ","))], "
                + "\"plain\":\(obj(plain)), \"regularized\":\(obj(regularized))}")
    }
}
