import Foundation
import NumSwift

/// The training recipe of §2.4.
public struct TrainingOptions: Sendable {
    /// Total epochs over both stages (the article's script runs 120).
    public var epochs = 120
    /// Sentences per batch.
    public var batchSize = 64
    /// Seed of sampling, shuffling, augmentation and dropout.
    public var seed: UInt64 = 1
    /// Stage-1 learning rate (Adam); the first epoch warms up linearly to it.
    public var learningRate: Float = 1e-3
    /// Stage-2 learning rate after the optimiser reset.
    public var secondStageLearningRate: Float = 1e-4
    /// EMA decay per step (its asymptote under `.numUpdates`).
    public var emaDecay = 0.9999
    /// EMA schedule: TensorFlow's num_updates ramp by default, Keras 2's zero-debiasing on request.
    public var emaSchedule = WeightAverage.Schedule.numUpdates
    /// The last epoch of stage 1 (50).
    public var stageSwitchEpoch = 50
    /// Switch earlier (after `minimumStageOneEpochs`) when the best epoch is older than this (8).
    public var stalledEpochs = 8
    /// Epochs before an early switch is allowed (10).
    public var minimumStageOneEpochs = 10
    /// Stop in stage 2 when dev F1 has not improved for this many epochs (nil: run all epochs).
    public var earlyStopPatience: Int? = 8
    /// Same-predicate entity swap with p = 0.5 (`random_generate`).
    public var augment = true
    /// Print a Keras progress bar per epoch.
    public var verbose = 1

    /// The article's recipe.
    public init() {}
}

/// One epoch's outcome.
public struct EpochReport: Sendable {
    /// 1-based epoch.
    public var epoch: Int
    /// 1 or 2.
    public var stage: Int
    /// Mean training loss.
    public var loss: Double
    /// Dev scores with the EMA weights.
    public var dev: TripleScore
    /// Whether this epoch is the best so far (its weights were kept).
    public var isBest: Bool
    /// Training sentences per second in this epoch.
    public var sentencesPerSecond: Double
}

/// Trains a `DGCNNExtractor` with the article's recipe: masked BCE, one sampled subject per
/// sentence per epoch, Adam with a first-epoch linear warm-up, EMA 0.9999 (swapped in for
/// each dev evaluation), the two-stage schedule (back to the best weights, optimiser and EMA
/// reset, 1e-4), and early stop on dev F1.
///
/// References: kexue.fm/archives/6671 §2.4; bojone/kg-2019 `Evaluate` callback.
public final class ExtractorTrainer {
    /// The extractor being trained.
    public let extractor: Extractor
    /// The recipe.
    public let options: TrainingOptions
    /// Labelled training sentences (after cleaning).
    public let training: [Sentence]
    /// The augmenter built from `training`.
    let augmenter: EntitySwapAugmenter
    /// The best weights so far (EMA values) and their dev score.
    public private(set) var bestWeights: [Tensor]?
    /// Best dev score.
    public private(set) var best = TripleScore()

    /// - Parameters: extractor: model + inputs; training: labelled sentences; options: recipe.
    public init(extractor: Extractor, training: [Sentence], options: TrainingOptions) {
        self.extractor = extractor
        self.training = training
        self.options = options
        augmenter = EntitySwapAugmenter(training: training)
    }

    /// Runs the schedule; `onEpoch` sees every epoch (e.g. to save the best model).
    /// - Throws: what `onEpoch` throws, or `RelationExtractionError.invalidOption` when the
    ///   loss stops being finite.
    public func fit(dev: [Sentence], onEpoch: (EpochReport) throws -> Void) throws {
        let model = extractor.model
        let schema = try Schema(predicates: model.config.predicates)
        let p = model.config.predicateCount
        var rng = RandomGenerator(seed: options.seed, stream: 7)
        let variables = model.weights
        var optimizer = Adam(learningRate: options.learningRate)
        let ema = WeightAverage(variables, decay: options.emaDecay, schedule: options.emaSchedule)
        var stage = 1, warmupDone = 0, history: [Double] = [], sinceBest = 0
        // Steps per epoch from the sentences that yield labels (Su's generator skips the others).
        let usable = training.filter { PointerLabels($0, schema: schema, maxLength: model.config.maxLength) != nil }.count
        let steps = (usable + options.batchSize - 1) / options.batchSize
        for epoch in 1...options.epochs {
            let t0 = Date()
            let bar = options.verbose > 0 ? Progbar(target: steps, verbose: options.verbose) : nil
            if options.verbose > 0 { print("Epoch \(epoch)/\(options.epochs) (stage \(stage))") }
            var lossSum = 0.0, batches = 0, seen = 0
            var pending: [PointerLabels] = []
            let order = rng.permutation(training.count)
            func runBatch() throws {
                defer { pending.removeAll(keepingCapacity: true) }
                if stage == 1 && warmupDone < steps {
                    optimizer.learningRate = Float(warmupDone + 1) / Float(steps) * options.learningRate
                    warmupDone += 1
                }
                let inputs = extractor.builder.inputs(pending.map(\.text))
                let l = inputs.charIds.shape[1]
                let targets = TrainingTargets(pending, length: l, predicates: p, generator: &rng)
                let e = model.encode(inputs, training: true)
                let subjects = model.subjectProbabilities(e, training: true)
                let objects = model.objectProbabilities(e, k1: targets.k1, k2: targets.k2, training: true)
                let loss = ExtractorLoss.total(subjects: subjects, objects: objects, targets: targets, mask: inputs.mask)
                guard loss.isFinite else {
                    throw RelationExtractionError.invalidOption(
                        name: "training", value: "loss \(loss.scalar) at epoch \(epoch)", expected: "a finite loss (lower the learning rate)")
                }
                optimizer.apply(gradients: gradients(of: loss, wrt: variables, retainGraph: false), to: variables)
                ema.update()
                lossSum += Double(loss.scalar)
                batches += 1
                seen += pending.count
                bar?.update(batches, values: [("loss", Double(loss.scalar))])
            }
            for i in order {
                let s = options.augment ? augmenter.apply(training[i], generator: &rng) : training[i]
                guard let labels = PointerLabels(s, schema: schema, maxLength: model.config.maxLength) else { continue }
                pending.append(labels)
                if pending.count == options.batchSize { try runBatch() }
            }
            if !pending.isEmpty { try runBatch() }
            let trainSeconds = Date().timeIntervalSince(t0)
            ema.apply()
            let score = extractor.evaluate(dev).evaluation.total
            // While nothing is found yet (F1 0), the latest weights count as the best: the stage switch
            // must not go back to the first epoch's.
            let isBest = score.f1 > best.f1 || best.f1 == 0
            if isBest {
                best = score
                bestWeights = variables.map(\.value)
                sinceBest = 0
            } else {
                sinceBest += 1
            }
            history.append(score.f1)
            try onEpoch(
                EpochReport(
                    epoch: epoch, stage: stage, loss: lossSum / Double(Swift.max(batches, 1)), dev: score, isBest: isBest,
                    sentencesPerSecond: Double(seen) / Swift.max(trainSeconds, 1e-9)))
            ema.restore()
            let bestIndex = history.firstIndex(of: history.max()!)!
            if stage == 1
                && (epoch == options.stageSwitchEpoch
                    || (epoch > options.minimumStageOneEpochs && (score.f1 < 0.5 || bestIndex < history.count - options.stalledEpochs)))
            {
                // Stage 2: the best (EMA) weights, a fresh Adam at the low rate, a fresh average.
                stage = 2
                for (v, w) in zip(variables, bestWeights!) { v.value = w }
                optimizer = Adam(learningRate: options.secondStageLearningRate)
                ema.reset()
                sinceBest = 0
            } else if stage == 2, let patience = options.earlyStopPatience, sinceBest >= patience {
                if options.verbose > 0 { print("early stop: dev F1 has not improved for \(patience) epochs") }
                break
            }
        }
        if let w = bestWeights { for (v, t) in zip(variables, w) { v.value = t } }
    }
}
