import Foundation

/// Prints `summary` as one JSON object on one line: the last stdout line of every `--json` run,
/// which the scripts in benchmarks/compare read. Keys are the snake_case of the property names;
/// non-finite numbers are written as the strings "inf", "-inf", "nan".
func printJSONLine(_ summary: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do {
        print(String(decoding: try encoder.encode(summary), as: UTF8.self))
    } catch {
        FileHandle.standardError.write(Data("cannot encode the JSON summary: \(error)\n".utf8))
    }
}

/// `bench gemm --json`.
struct GemmBenchSummary: Encodable {
    var size: Int, threads: Int, numswiftGflops: Double, cblasGflops: Double, ratio: Double
}

/// `bench gumbel --json`.
/// `bench train-step --json`: a whole train step and the empty gradient-transform pipeline.
struct TrainStepBenchSummary: Encodable {
    var stepUs: Double, pipelineUs: Double, percent: Double
}

struct GumbelBenchSummary: Encodable {
    var softRowsPerSecond: Double, hardRowsPerSecond: Double, maxRowsPerSecond: Double
}

/// `bench mlp --json`.
struct MLPBenchSummary: Encodable {
    var layers: String, batch: Int, threads: Int, adam: Bool, stepMs: Double, gemmMs: Double, overhead: Double
}

/// `infomap --json`.
struct InfomapSummary: Encodable {
    var codelength: Double, oneLevelCodelength: Double, indexCodelength: Double, moduleCodelength: Double
    var topModules: Int, levels: Int, seconds: Double
}

/// `mnist --json` (classifier: accuracy; autoencoder: losses).
struct MNISTSummary: Encodable {
    var testAccuracy: Float?
    var testLoss: Float?
    var trainLoss: [Float]?
    var epochs: Int, seconds: Double, samplesPerSecond: Double
    /// Process CPU seconds of training (classifier).
    var cpuSeconds: Double? = nil
    /// With `--distributed`: the number of ranks and each rank's seconds in gradient all-reduces.
    var ranks: Int? = nil, allReduceSeconds: [Double]? = nil
}

/// `vae --json` (training time as wall and as process CPU seconds).
struct VAESummary: Encodable {
    var epochs: Int, testLoss: Float, seconds: Double, samplesPerSecond: Double
    var cpuSeconds: Double, samplesPerCpuSecond: Double
    /// With `--distributed`: the number of ranks and each rank's seconds in gradient all-reduces.
    var ranks: Int? = nil, allReduceSeconds: [Double]? = nil
}

/// `word2vec --json`.
struct Word2VecSummary: Encodable {
    var wordsPerSecond: Int, seconds: Double, vocab: Int, totalSeconds: Double
}

/// `words discover --json` (`prunes` is absent with `--entropy`).
struct DiscoverSummary: Encodable {
    var words: Int, seconds: Double, peakRssMb: Double, prunes: Int?
    /// With `--distributed`: the number of ranks and each rank's peak resident memory.
    var ranks: Int? = nil, peakRssMbPerRank: [Double]? = nil
}
