import CKernels.Words
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
    /// Negative samples per pair (`negative`); 0 turns negative sampling off (then `hierarchicalSoftmax` must be on).
    public var negative = 5
    /// Also train with hierarchical softmax over a Huffman tree of the vocabulary (`hs=1`).
    public var hierarchicalSoftmax = false
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
    /// Memory budget in MiB for holding the corpus as token ids between epochs. A corpus whose ids
    /// would not fit is streamed from its file again in every epoch instead (bounded memory, a
    /// little slower); 0 always streams.
    public var maxCorpusMemoryMB = 1024
    /// Tokens per block when streaming (internal; tests make it small to exercise many blocks).
    var streamBlockTokens = 1 << 20

    /// Creates the default options: skip-gram, d = 100, window 5, 5 negatives, 5 epochs, min_count 5, 1 thread.
    public init() {}

    /// - Throws: `WordMiningError.invalidOption` naming the first bad option.
    public func validate() throws {
        func bad(_ n: String, _ v: Any, _ e: String) -> WordMiningError { .invalidOption(name: n, value: "\(v)", expected: e) }
        guard (1...10_000).contains(dim) else { throw bad("dim", dim, "1...10000") }
        guard (1...1000).contains(window) else { throw bad("window", window, "1...1000") }
        guard (0...100).contains(negative) else { throw bad("negative", negative, "0...100") }
        guard negative > 0 || hierarchicalSoftmax else { throw bad("negative", negative, "> 0 unless hierarchical softmax is on") }
        guard maxCorpusMemoryMB >= 0 else { throw bad("max-corpus-memory-mb", maxCorpusMemoryMB, ">= 0") }
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
    /// Whether the corpus was streamed from its file in every epoch (it did not fit the memory budget).
    public var streamed = false
}

extension WordVectors {
    /// Trains word2vec (negative sampling and/or hierarchical softmax) on a corpus of
    /// space-separated tokens, one sentence per line.
    ///
    /// The first pass counts the vocabulary in a C hash table and keeps the token ids (4 bytes a
    /// token) while they fit in `options.maxCorpusMemoryMB`; a larger corpus is streamed from its
    /// file again in every epoch, in blocks of about a million tokens, so memory stays bounded by the
    /// vocabulary and the model. Vocabulary order: count descending, ties by first occurrence.
    /// Threads update the shared matrices without locks (Hogwild), so results are reproducible for a
    /// fixed seed only with `threads == 1`.
    /// - Parameter progress: called after each chunk with (tokens done, tokens to do).
    /// - Throws: reader errors, `WordMiningError.invalidOption`, `.emptyCorpus`.
    /// References: kexue.fm/archives/6540 §1.3 (Mikolov et al. 2013; gensim's defaults).
    public static func train(
        _ corpus: CorpusReader, options o: Word2VecOptions,
        progress: (@Sendable (Int64, Int64) -> Void)? = nil
    ) throws -> (WordVectors, Word2VecStats) {
        try o.validate()
        var stats = Word2VecStats()
        // MARK: first pass: count, and keep the ids while they fit
        let table = try StringTable("word2vec vocabulary")
        let budget = Int64(o.maxCorpusMemoryMB) << 20
        var inMemory = budget > 0
        var ids: [Int32] = []
        var starts: [Int64] = [0]
        var tokens = 0, sentences = 0
        try corpus.forEachLine { line, _ in
            let before = tokens
            try forEachToken(line) { p, n in
                let id = Int32(try table.add(p, n, 1))
                if inMemory { ids.append(id) }
                tokens += 1
            }
            guard tokens > before else { return }
            sentences += 1
            if inMemory {
                starts.append(Int64(ids.count))
                if Int64(ids.capacity) * 4 + Int64(starts.capacity) * 8 > budget {
                    inMemory = false
                    ids = []; starts = []
                }
            }
        }
        stats.corpusTokens = tokens
        stats.sentences = sentences
        stats.streamed = !inMemory
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
        let keep = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: V)
        defer { keep.deallocate() }
        keep.initialize(repeating: .max)
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
        let cum = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: V)
        defer { cum.deallocate() }
        var acc = 0.0
        for w in 0..<V {
            acc += pow(Double(counts[w]), 0.75)
            cum[w] = UInt32((acc / powTotal * domain).rounded())
        }
        // MARK: Huffman tree (hierarchical softmax only)
        let tree = o.hierarchicalSoftmax ? HuffmanTree(counts: counts) : nil
        let codeStart = Pinned(tree?.codeStart ?? [0]), codes = Pinned(tree?.codes ?? [0]), points = Pinned(tree?.points ?? [0])
        // MARK: initial vectors: uniform in [-1/d, 1/d) as gensim 4 draws them; output layers zero
        let syn0 = UnsafeMutableBufferPointer<Float>.allocate(capacity: V * d)
        defer { syn0.deallocate() }
        var rng = SplitMix(seed: o.seed)
        for i in 0..<(V * d) { syn0[i] = (2 * Float(rng.nextUnit()) - 1) / Float(d) }
        let syn1neg = UnsafeMutableBufferPointer<Float>.allocate(capacity: o.negative > 0 ? V * d : 1)
        defer { syn1neg.deallocate() }
        syn1neg.initialize(repeating: 0)
        let syn1 = UnsafeMutableBufferPointer<Float>.allocate(capacity: o.hierarchicalSoftmax ? max(V - 1, 1) * d : 1)
        defer { syn1.deallocate() }
        syn1.initialize(repeating: 0)
        let counter = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
        counter.initialize(to: 0)
        defer { counter.deallocate() }
        let total = Int64(tokens) * Int64(o.epochs)
        let params = UnsafeMutablePointer<ck_w2v_params>.allocate(capacity: 1)
        defer { params.deallocate() }
        params.initialize(
            to: ck_w2v_params(
                dim: Int32(d), window: Int32(o.window), negative: Int32(o.negative), sg: o.skipGram ? 1 : 0,
                vocab_size: Int32(V), alpha0: o.alpha, min_alpha: o.minAlpha, total_words: total,
                syn0: syn0.baseAddress, syn1neg: syn1neg.baseAddress, keep: keep.baseAddress, cum: cum.baseAddress,
                cum_total: cum[V - 1], progress: counter, hs: o.hierarchicalSoftmax ? 1 : 0, syn1: syn1.baseAddress,
                code_start: codeStart.base, codes: codes.base, points: points.base))
        // MARK: training
        let t0 = DispatchTime.now()
        var trained: Int64 = 0
        let lock = NSLockLite()
        nonisolated(unsafe) let sharedParams = params
        /// Trains on one block of sentences; `block` numbers the blocks of the whole run (one per
        /// epoch for an in-memory corpus) and seeds the chunks' random streams.
        func trainBlock(_ tok: UnsafePointer<Int32>, _ st: UnsafePointer<Int64>, _ nSentences: Int64, _ block: Int) {
            let chunks = Int(min(Int64(max(o.threads * 8, 16)), max(1, nSentences)))
            nonisolated(unsafe) let tok = tok, st = st
            let run = { (c: Int) in
                let a = nSentences * Int64(c) / Int64(chunks), b = nSentences * Int64(c + 1) / Int64(chunks)
                let n = ck_w2v_train(sharedParams, tok, st, a, b, o.seed &* 1_000_003 &+ UInt64(block * chunks + c))
                lock.locked {
                    trained += n
                    progress?(counter.pointee, total)
                }
            }
            if o.threads == 1 { for c in 0..<chunks { run(c) } } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: run) }
        }
        if inMemory {
            ids.withUnsafeBufferPointer { tp in
                starts.withUnsafeBufferPointer { sp in
                    for epoch in 0..<o.epochs { trainBlock(tp.baseAddress!, sp.baseAddress!, Int64(sentences), epoch) }
                }
            }
        } else {
            let blockTokens = max(1, o.streamBlockTokens)
            var blockIds: [Int32] = [], blockStarts: [Int64] = [0]
            blockIds.reserveCapacity(blockTokens + 10_000)
            var block = 0
            func flush() {
                guard blockStarts.count > 1 else { return }
                blockIds.withUnsafeBufferPointer { tp in
                    blockStarts.withUnsafeBufferPointer { sp in
                        trainBlock(tp.baseAddress!, sp.baseAddress!, Int64(blockStarts.count - 1), block)
                    }
                }
                block += 1
                blockIds.removeAll(keepingCapacity: true); blockStarts = [0]
            }
            for _ in 0..<o.epochs {
                try corpus.forEachLine { line, _ in
                    forEachToken(line) { p, n in
                        blockIds.append(table.find(p, n).map { remap[$0] } ?? -1)
                    }
                    if Int64(blockIds.count) > blockStarts.last! { blockStarts.append(Int64(blockIds.count)) }
                    if blockIds.count >= blockTokens { flush() }
                }
                flush()
            }
        }
        stats.seconds = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9
        stats.trainedTokens = Int(trained)
        stats.epochsRun = o.epochs
        return (WordVectors(words: words, counts: counts, dim: d, vectors: Array(syn0)), stats)
    }

    /// Calls `body(start, length)` for every space- or tab-separated token of `line`.
    static func forEachToken(_ line: UnsafeBufferPointer<CChar>, _ body: (UnsafePointer<CChar>, Int) throws -> Void) rethrows {
        var i = 0
        let n = line.count
        while i < n {
            while i < n && (line[i] == 32 || line[i] == 9) { i += 1 }
            let s = i
            while i < n && line[i] != 32 && line[i] != 9 { i += 1 }
            if i > s { try body(line.baseAddress! + s, i - s) }
        }
    }
}

/// A copy of an array in memory with a stable address for the lifetime of the object.
final class Pinned<T> {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ a: [T]) {
        buffer = .allocate(capacity: max(a.count, 1))
        _ = buffer.initialize(from: a)
    }
    deinit { buffer.deallocate() }
    var base: UnsafeMutablePointer<T> { buffer.baseAddress! }
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
