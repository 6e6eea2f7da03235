import Foundation
import NumSwift
import NumSwiftSupport
import WordMining

/// Saves and loads a trained extractor as a directory, every file written atomically:
/// `config.json` (`ExtractorConfig` plus options), `vocabulary.json` (characters),
/// `weights.safetensors` (the weights in `DGCNNExtractor.weights` order, keys `0000/<name>`),
/// and with word features `segmentation_words.txt` (the tokenizer's word list, as written by
/// `numswift words discover`) and `word_vectors.txt` (word2vec text format).
///
/// References: kexue.fm/archives/6671 (the model); Hugging Face safetensors.
public enum ModelStore {
    /// Extra settings stored next to the config.
    public struct Settings: Codable, Equatable, Sendable {
        /// Texts were lower-cased by `Repair` in training.
        public var lowercase: Bool
        /// Thresholds used in decoding.
        public var subjectStart: Float = 0.5, subjectEnd: Float = 0.4, objectStart: Float = 0.5, objectEnd: Float = 0.4
        /// - Parameter lowercase: as above.
        public init(lowercase: Bool) { self.lowercase = lowercase }
    }

    struct ConfigFile: Codable {
        var model: ExtractorConfig
        var settings: Settings
    }

    /// Writes the extractor (with its current weights) into `directory` (created if needed).
    /// - Parameters: wordsFile, vectorsFile: the word list and vectors to copy (with word features).
    /// - Throws: `RelationExtractionError.io` naming the file that could not be written.
    public static func save(_ extractor: Extractor, settings: Settings, to directory: String, wordsFile: String?, vectorsFile: String?) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RelationExtractionError.io(path: directory, reason: "cannot create the model directory (\(error.localizedDescription))")
        }
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        func write(_ data: Data, _ name: String) throws {
            try writeAtomically(Array(data), to: path(name), errors: RelationExtractionError.self)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try write(try encoder.encode(ConfigFile(model: extractor.model.config, settings: settings)), "config.json")
        try write(try JSONSerialization.data(withJSONObject: extractor.builder.vocabulary.jsonObject()), "vocabulary.json")
        var tensors: [String: (shape: [Int], scalars: [Float])] = [:]
        for (i, v) in extractor.model.weights.enumerated() {
            tensors[String(format: "%04d/", i) + v.name] = (v.shape, v.value.scalars)
        }
        try write(Data(Safetensors.encode(tensors)), "weights.safetensors")
        for (source, name) in [(wordsFile, "segmentation_words.txt"), (vectorsFile, "word_vectors.txt")] {
            guard let source, (source as NSString).standardizingPath != (path(name) as NSString).standardizingPath else { continue }
            guard let data = FileManager.default.contents(atPath: source) else {
                throw RelationExtractionError.io(path: source, reason: "cannot read")
            }
            try write(data, name)
        }
    }

    /// Loads an extractor saved by `save`.
    /// - Throws: `RelationExtractionError.io` / `.malformedLine` naming the file, or
    ///   `.invalidOption` when the weights do not fit the config.
    public static func load(from directory: String) throws -> Extractor {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        guard let configData = FileManager.default.contents(atPath: path("config.json")) else {
            throw RelationExtractionError.io(path: path("config.json"), reason: "cannot read: expected a model directory written by `numswift ie train`")
        }
        let file: ConfigFile
        do { file = try JSONDecoder().decode(ConfigFile.self, from: configData) } catch {
            throw RelationExtractionError.malformedLine(
                file: path("config.json"), line: 1, text: "config", expected: "the JSON written by `numswift ie train` (\(error))")
        }
        guard let vocabData = FileManager.default.contents(atPath: path("vocabulary.json")),
            let vocabObject = try? JSONSerialization.jsonObject(with: vocabData)
        else { throw RelationExtractionError.io(path: path("vocabulary.json"), reason: "cannot read a JSON object") }
        let vocabulary = try CharVocabulary(jsonObject: vocabObject, file: path("vocabulary.json"))
        var words: WordFeatures? = nil
        if file.model.wordDimension > 0 {
            do {
                let tokenizer = try UnigramTokenizer(contentsOf: path("segmentation_words.txt"))
                let vectors = try WordVectors.load(from: path("word_vectors.txt"))
                words = WordFeatures(tokenizer: tokenizer, vectors: vectors)
            } catch {
                throw RelationExtractionError.io(path: directory, reason: "cannot load the word features: \(error)")
            }
        }
        let model = DGCNNExtractor(config: file.model)
        model.build()
        let tensors: [String: (shape: [Int], scalars: [Float])]
        do { tensors = try Safetensors.read(path: path("weights.safetensors")) } catch {
            throw RelationExtractionError.io(path: path("weights.safetensors"), reason: "\(error)")
        }
        let variables = model.weights
        let keys = tensors.keys.sorted()
        guard keys.count == variables.count else {
            throw RelationExtractionError.invalidOption(
                name: "weights", value: "\(keys.count) tensors in \(path("weights.safetensors"))", expected: "\(variables.count) for this config")
        }
        for (key, v) in zip(keys, variables) {
            let t = tensors[key]!
            guard t.shape == v.shape else {
                throw RelationExtractionError.invalidOption(name: "weight \(key)", value: "shape \(t.shape)", expected: "\(v.shape)")
            }
            v.value = Tensor(shape: t.shape, scalars: t.scalars)
        }
        let extractor = Extractor(model: model, builder: BatchBuilder(vocabulary: vocabulary, words: words, maxLength: file.model.maxLength))
        extractor.lowercase = file.settings.lowercase
        extractor.decoder = PointerDecoder(
            subjectStart: file.settings.subjectStart, subjectEnd: file.settings.subjectEnd, objectStart: file.settings.objectStart,
            objectEnd: file.settings.objectEnd)
        return extractor
    }
}
