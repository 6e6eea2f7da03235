import CKernels
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Options of word2vec training (gensim names in brackets).
public struct Word2VecOptions: Sendable {
    /// Skip-gram (`sg=1`) when true, CBOW with the mean of the context (`sg=0, cbow_mean=1`) otherwise.
    public var skipGram = true
    /// Vector size d (`vector_size`).
    public var dim = 100
    /// Maximum window (`window`); each position uses a random effective window in 1...window.
    public var window = 5
    /// Negative samples per pair (`negative`).
    public var negative = 5
    /// Passes over the corpus (`epochs`).
    public var epochs = 5
    /// Words seen fewer times are dropped (`min_count`).
    public var minCount = 5
    /// Subsampling threshold of frequent words (`sample`); 0 disables it.
    public var sample = 1e-3
    /// Learning rate at the start (`alpha`), decayed linearly to `minAlpha` over all epochs.
    public var alpha: Float = 0.025
    /// Final learning rate (`min_alpha`).
    public var minAlpha: Float = 0.0001
    /// Seed of the initial vectors and of the per-thread random streams.
    public var seed: UInt64 = 1
    /// Hogwild threads.
    public var threads = 1

    /// Creates the default options: skip-gram, d = 100, window 5, 5 negatives, 5 epochs, min_count 5, 1 thread.
    public init() {}

    /// - Throws: `WordMiningError.invalidOption` naming the first bad option.
    public func validate() throws {
        func bad(_ n: String, _ v: Any, _ e: String) -> WordMiningError { .invalidOption(name: n, value: "\(v)", expected: e) }
        guard (1...10_000).contains(dim) else { throw bad("dim", dim, "1...10000") }
        guard (1...1000).contains(window) else { throw bad("window", window, "1...1000") }
        guard (1...100).contains(negative) else { throw bad("negative", negative, "1...100") }
        guard (1...10_000).contains(epochs) else { throw bad("epochs", epochs, "1...10000") }
        guard minCount >= 1 else { throw bad("min-count", minCount, ">= 1") }
        guard sample >= 0, sample.isFinite else { throw bad("sample", sample, ">= 0") }
        guard alpha > 0, alpha.isFinite, minAlpha >= 0, minAlpha <= alpha else { throw bad("alpha", alpha, "0 < min-alpha <= alpha") }
        guard (1...1024).contains(threads) else { throw bad("threads", threads, "1...1024") }
    }
}

/// Counters of one training run.
public struct Word2VecStats: Sendable {
    /// Tokens in the corpus (one pass).
    public var corpusTokens = 0
    /// Sentences (lines) in the corpus.
    public var sentences = 0
    /// Tokens actually trained on after subsampling, over all epochs.
    public var trainedTokens = 0
    /// Training time in seconds.
    public var seconds = 0.0
    /// Raw corpus tokens × epochs per second of training (the figure gensim logs as words/s is
    /// over effective words; the benchmark uses raw words for both sides).
    public var wordsPerSecond: Double { seconds > 0 ? Double(corpusTokens) * Double(epochsRun) / seconds : 0 }
    /// Epochs completed.
    public var epochsRun = 0
}

extension WordVectors {
    /// Trains word2vec with negative sampling on a corpus of space-separated tokens, one sentence per line.
    ///
    /// The token ids of the whole corpus are held in memory (4 bytes a token); the vocabulary is
    /// counted in a C hash table. Vocabulary order: count descending, ties by first occurrence.
    /// Threads update the shared matrices without locks (Hogwild), so results are reproducible for a
    /// fixed seed only with `threads == 1`.
    /// - Parameter progress: called after each chunk with (tokens done, tokens to do).
    /// - Throws: reader errors, `WordMiningError.invalidOption`, `.emptyCorpus`.
    /// References: kexue.fm/archives/6540 §1.3 (Mikolov et al. 2013; gensim's defaults).
    public static func train(_ corpus: CorpusReader, options o: Word2VecOptions,
                             progress: (@Sendable (Int64, Int64) -> Void)? = nil) throws -> (WordVectors, Word2VecStats) {
        try o.validate()
        var stats = Word2VecStats()
        // MARK: read and count
        let table = try StringTable("word2vec vocabulary")
        var ids: [Int32] = []
        var starts: [Int64] = [0]
        try corpus.forEachLine { line, _ in
            var i = 0
            let n = line.count
            while i < n {
                while i < n && (line[i] == 32 || line[i] == 9) { i += 1 }
                let s = i
                while i < n && line[i] != 32 && line[i] != 9 { i += 1 }
                if i > s { ids.append(Int32(try table.add(line.baseAddress! + s, i - s, 1))) }
            }
            if Int64(ids.count) > starts.last! { starts.append(Int64(ids.count)) }
        }
        stats.corpusTokens = ids.count
        stats.sentences = starts.count - 1
        // MARK: vocabulary
        let kept = (0..<table.count).filter { table.count(at: $0) >= Int64(o.minCount) }
            .sorted { table.count(at: $0) != table.count(at: $1) ? table.count(at: $0) > table.count(at: $1) : $0 < $1 }
        guard !kept.isEmpty else { throw WordMiningError.emptyCorpus(file: corpus.path) }
        var remap = [Int32](repeating: -1, count: table.count)
        for (n, old) in kept.enumerated() { remap[old] = Int32(n) }
        for i in ids.indices { ids[i] = remap[Int(ids[i])] }
        let words = kept.map { table.key($0) }
        let counts = kept.map { Int(table.count(at: $0)) }
        let V = words.count, d = o.dim
        // MARK: subsampling and negative table (gensim's formulas)
        let retain = Double(counts.reduce(0, +))
        var keep = [UInt32](repeating: .max, count: V)
        if o.sample > 0 {
            let threshold = o.sample * retain
            for w in 0..<V {
                let v = Double(counts[w])
                let p = (sqrt(v / threshold) + 1) * (threshold / v)
                keep[w] = p >= 1 ? .max : UInt32(p * 4294967296.0)
            }
        }
        let domain = Double(Int32.max)
        let powTotal = counts.reduce(0.0) { $0 + pow(Double($1), 0.75) }
        var cum = [UInt32](repeating: 0, count: V)
        var acc = 0.0
        for w in 0..<V {
            acc += pow(Double(counts[w]), 0.75)
            cum[w] = UInt32((acc / powTotal * domain).rounded())
        }
        // MARK: initial vectors: uniform in [-0.5/d, 0.5/d), syn1neg zero
        var syn0 = [Float](repeating: 0, count: V * d)
        var rng = SplitMix(seed: o.seed)
        for i in 0..<(V * d) { syn0[i] = (Float(rng.nextUnit()) - 0.5) / Float(d) }
        var syn1 = [Float](repeating: 0, count: V * d)
        let counter = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
        counter.initialize(to: 0)
        defer { counter.deallocate() }
        let total = Int64(ids.count) * Int64(o.epochs)
        let t0 = DispatchTime.now()
        let sentences = Int64(stats.sentences)
        let chunks = Int(min(Int64(max(o.threads * 8, 16)), max(1, sentences)))
        var trained: Int64 = 0
        let lock = NSLockLite()
        syn0.withUnsafeMutableBufferPointer { s0 in
            syn1.withUnsafeMutableBufferPointer { s1 in
                keep.withUnsafeBufferPointer { kp in
                    cum.withUnsafeBufferPointer { cp in
                        ids.withUnsafeBufferPointer { tp in
                            starts.withUnsafeBufferPointer { sp in
                                let params = UnsafeMutablePointer<ck_w2v_params>.allocate(capacity: 1)
                                defer { params.deallocate() }
                                params.initialize(to: ck_w2v_params(dim: Int32(d), window: Int32(o.window), negative: Int32(o.negative),
                                                      sg: o.skipGram ? 1 : 0, vocab_size: Int32(V), alpha0: o.alpha,
                                                      min_alpha: o.minAlpha, total_words: total, syn0: s0.baseAddress,
                                                      syn1neg: s1.baseAddress, keep: kp.baseAddress, cum: cp.baseAddress,
                                                      cum_total: cum[V - 1], progress: counter))
                                nonisolated(unsafe) let tokens = tp.baseAddress!, st = sp.baseAddress!
                                for epoch in 0..<o.epochs {
                                    let run = { (c: Int) in
                                        let a = sentences * Int64(c) / Int64(chunks), b = sentences * Int64(c + 1) / Int64(chunks)
                                        let n = ck_w2v_train(params, tokens, st, a, b, o.seed &* 1_000_003 &+ UInt64(epoch * chunks + c))
                                        lock.locked {
                                            trained += n
                                            progress?(counter.pointee, total)
                                        }
                                    }
                                    if o.threads == 1 { for c in 0..<chunks { run(c) } }
                                    else { DispatchQueue.concurrentPerform(iterations: chunks, execute: run) }
                                }
                            }
                        }
                    }
                }
            }
        }
        stats.seconds = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9
        stats.trainedTokens = Int(trained)
        stats.epochsRun = o.epochs
        return (WordVectors(words: words, counts: counts, dim: d, vectors: syn0), stats)
    }
}

/// SplitMix64: the seeded stream of the initial vectors.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// A minimal mutex over pthread (keeps WordMining free of Foundation).
final class NSLockLite: @unchecked Sendable {
    private var m = pthread_mutex_t()
    init() { pthread_mutex_init(&m, nil) }
    deinit { pthread_mutex_destroy(&m) }
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&m); defer { pthread_mutex_unlock(&m) }
        return try body()
    }
}
