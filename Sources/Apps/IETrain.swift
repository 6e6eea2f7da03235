import ArgumentParser
import Foundation
import NumSwift
import RelationExtraction
import WordMining

/// `numswift ie train`: trains Su's DGCNN + pointer-network extractor (article 6671 §2.4).
struct IETrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the DGCNN + pointer-network relation extractor; the best model (dev F1, EMA weights) goes to --out.")

    @Option(name: .long, help: "Training JSON lines (DuIE/SKE).") var train: String
    @Option(name: .long, help: "Dev JSON lines, scored after every epoch.") var dev: String
    @Option(name: .long, help: "Schema file (one JSON object per line, or an array).") var schema: String
    @Option(name: .long, help: "Model directory to write.") var out: String
    @Option(name: .long, parsing: .unconditional, help: "Epochs over both stages.") var epochs = 120
    @Option(name: .long, parsing: .unconditional, help: "Sentences per batch.") var batchSize = 64
    @Option(name: .long, parsing: .unconditional, help: "Random seed.") var seed: UInt64 = 1
    @Flag(name: .long, help: "Lite subject encoding: concatenate T[k1] and T[k2] instead of the BiGRU over 6 positions.") var lite = false
    @Option(name: .long, help: "Frozen word vectors (word2vec text format from `numswift word2vec`).") var wordVectors: String?
    @Option(name: .long, help: "Word list with counts for segmentation (`numswift words discover` output); needed with --word-vectors.")
    var words: String?
    @Flag(name: .long, help: "Characters only (the article's ablation); the default when no --word-vectors is given.") var charsOnly = false
    @Flag(name: .long, help: "Apply the article's LIC2019 cleaning (lower-case, 《》 titles, album rule) to train and dev.") var repair = false
    @Flag(name: .long, help: "Turn off the same-predicate entity swap augmentation.") var noAugment = false
    @Option(name: .long, parsing: .unconditional, help: "EMA decay per step (the asymptote under num-updates).") var emaDecay = 0.9999
    @Option(
        name: .long,
        help:
            "EMA schedule: num-updates (decay min(d, (1+t)/(10+t)), TensorFlow) or zero-debias (Keras 2, Su's code; stays near the early weights on small data)."
    )
    var emaSchedule = "num-updates"
    @Option(name: .long, parsing: .unconditional, help: "Last epoch of stage 1 (then the best weights continue at 1e-4 with a fresh Adam).")
    var stageSwitchEpoch = 50
    @Option(name: .long, parsing: .unconditional, help: "Stop stage 2 after this many epochs without a better dev F1 (0: never).") var patience = 8
    @OptionGroup var threadOptions: ThreadOptions
    @Flag(name: .long, help: "Print a JSON summary as the last line.") var json = false

    func validate() throws {
        for (name, v) in [("--epochs", epochs), ("--batch-size", batchSize), ("--stage-switch-epoch", stageSwitchEpoch)] where v < 1 {
            throw ValidationError("\(name) must be a positive integer, got \(v)")
        }
        guard patience >= 0 else { throw ValidationError("--patience must be 0 or more, got \(patience)") }
        guard emaDecay > 0 && emaDecay < 1 else { throw ValidationError("--ema-decay must be in (0, 1), got \(emaDecay)") }
        guard WeightAverage.Schedule(rawValue: emaSchedule) != nil else {
            throw ValidationError("--ema-schedule must be num-updates or zero-debias, got \(emaSchedule)")
        }
        if charsOnly && wordVectors != nil { throw ValidationError("choose one of --word-vectors and --chars-only") }
        if (wordVectors == nil) != (words == nil) { throw ValidationError("--word-vectors and --words go together") }
    }

    func run() throws {
        try threadOptions.apply()
        setvbuf(stdout, nil, _IOLBF, 0)  // progress lines appear as they are printed, also in a pipe
        let t0 = Date()
        let schemaValue = try Schema.read(schema)
        let reader = IEDataReader(schema: schemaValue, requireTriples: true)
        var trainSet = try reader.read(train), devSet = try reader.read(dev)
        if repair {
            trainSet = trainSet.map(Repair.apply)
            devSet = devSet.map(Repair.apply)
        }
        let vocabulary = CharVocabulary(counting: trainSet.map(\.text) + devSet.map(\.text))
        var features: WordFeatures? = nil
        if let wordVectors, let words {
            features = WordFeatures(tokenizer: try UnigramTokenizer(contentsOf: words), vectors: try WordVectors.load(from: wordVectors))
        }
        var config = ExtractorConfig(predicates: schemaValue.predicates, charVocabularySize: vocabulary.size)
        config.lite = lite
        config.wordDimension = features?.dimension ?? 0
        let model = DGCNNExtractor(config: config, seed: seed)
        model.build()
        let extractor = Extractor(model: model, builder: BatchBuilder(vocabulary: vocabulary, words: features, maxLength: config.maxLength))
        extractor.lowercase = repair
        var options = TrainingOptions()
        options.epochs = epochs
        options.batchSize = batchSize
        options.seed = seed
        options.augment = !noAugment
        options.emaDecay = emaDecay
        options.emaSchedule = WeightAverage.Schedule(rawValue: emaSchedule)!
        options.stageSwitchEpoch = stageSwitchEpoch
        options.earlyStopPatience = patience == 0 ? nil : patience
        print(
            "ie train: \(trainSet.count) train / \(devSet.count) dev sentences, \(schemaValue.count) predicates, \(vocabulary.size) char ids, "
                + (features.map { "word vectors \($0.vectors.words.count)×\($0.dimension)" } ?? "chars only") + (lite ? ", lite" : "")
                + ", \(model.weights.reduce(0) { $0 + $1.value.count }) weights")
        let trainer = ExtractorTrainer(extractor: extractor, training: trainSet, options: options)
        var epochsRun = 0, speeds: [Double] = []
        try trainer.fit(dev: devSet) { r in
            epochsRun = r.epoch
            speeds.append(r.sentencesPerSecond)
            print(
                String(
                    format: "dev f1: %.4f, precision: %.4f, recall: %.4f, best f1: %.4f (loss %.4f, %.0f sentences/s)%@",
                    r.dev.f1, r.dev.precision, r.dev.recall, max(r.dev.f1, trainer.best.f1), r.loss, r.sentencesPerSecond,
                    r.isBest ? ", saved" : ""))
            if r.isBest {
                try ModelStore.save(
                    extractor, settings: ModelStore.Settings(lowercase: repair), to: out, wordsFile: words, vectorsFile: wordVectors)
            }
        }
        let best = trainer.best
        let seconds = Date().timeIntervalSince(t0)
        let medianSpeed = speeds.sorted()[speeds.count / 2]
        print(
            String(
                format: "best dev f1 %.4f (precision %.4f, recall %.4f) after %d epochs in %.0f s; model in %@", best.f1, best.precision, best.recall,
                epochsRun, seconds, out))
        if json {
            print(
                "{\"dev_f1\":\(best.f1),\"dev_precision\":\(best.precision),\"dev_recall\":\(best.recall),\"epochs\":\(epochsRun),"
                    + "\"seconds\":\(String(format: "%.1f", seconds)),\"train_sentences_per_second\":\(String(format: "%.1f", medianSpeed))}")
        }
    }
}
