import CKernels.Words

/// Segments text with a word list by the maximum-probability path of a unigram model, like
/// nlp-zero's `Tokenizer`.
///
/// A word with count c scores `log c − log N` (N = total count); a character no word covers
/// scores −100 and becomes a one-character token. Text is first cut at runs of `。，、！？`, newline
/// and space; those separator characters are returned as one-character tokens.
///
/// ```swift
/// let t = try UnigramTokenizer(words: [WordCount("电网", 10), WordCount("电压", 8)])
/// t.tokenize("电网电压")  // ["电网", "电压"]
/// ```
/// References: kexue.fm/archives/6540 §1.1 step 8; nlp-zero `Tokenizer.tokenize`.
public final class UnigramTokenizer: @unchecked Sendable {
    let vocab: StringTable
    /// Total count N of the model.
    public private(set) var total: Int64 = 0
    /// Score of a character that no word covers.
    public var nullScore: Double = -100
    private var maxLen = [UInt8](repeating: 0, count: 65536)

    /// - Throws: `WordMiningError.invalidOption` for a non-positive count, `.outOfMemory`.
    public init(words: [WordCount]) throws {
        vocab = try StringTable("tokenizer vocabulary")
        for w in words {
            guard w.count > 0, !w.word.isEmpty else {
                throw WordMiningError.invalidOption(name: "vocabulary entry", value: "\(w.word) \(w.count)", expected: "a non-empty word with a positive count")
            }
            let (sum, overflow) = total.addingReportingOverflow(Int64(w.count))
            guard w.count <= WordCount.maxCount, !overflow, sum <= WordCount.maxCount else {
                throw WordMiningError.invalidOption(
                    name: "vocabulary counts", value: "\(w.word) \(w.count) (running total \(total))",
                    expected: "counts whose sum is at most \(WordCount.maxCount)")
            }
            try vocab.add(w.word, Int64(w.count))
            total = sum
        }
        ck_strtab_max_len_by_first(vocab.raw, &maxLen)
        for i in 0..<65536 where maxLen[i] == 0 { maxLen[i] = 1 }
    }

    /// Loads `word count` lines (extra columns ignored; plain or gzip).
    /// - Throws: `WordMiningError.malformedLine` naming the file and line, reader errors.
    public convenience init(contentsOf path: String) throws {
        var words: [WordCount] = []
        try CorpusReader(path: path).forEachLine { line, n in
            let s = String(decoding: UnsafeRawBufferPointer(line), as: UTF8.self)
            let parts = s.split(separator: " ", omittingEmptySubsequences: true)
            if parts.isEmpty { return }
            guard parts.count >= 2, let c = Int(parts[1]), c > 0, c <= WordCount.maxCount, !(n == 1 && s.hasPrefix("\u{FEFF}")) else {
                throw WordMiningError.malformedLine(
                    file: path, line: n, text: String(s.prefix(80)), expected: "\"word count\" with an integer count in 1...\(WordCount.maxCount)")
            }
            words.append(WordCount(String(parts[0]), c))
        }
        try self.init(words: words)
    }

    /// Count of `word` in the model (0 when absent).
    public func count(of word: String) -> Int { vocab.find(word).map { Int(vocab.count(at: $0)) } ?? 0 }

    /// Tokens of `text` (see the type's summary).
    /// - Parameters:
    ///   - text: one piece of text.
    ///   - combineAa123: glue runs of ASCII letters/digits as nlp-zero does (default false).
    public func tokenize(_ text: String, combineAa123: Bool = false) -> [String] {
        var result: [String] = []
        var piece = ""
        for ch in text.unicodeScalars {
            if "。，、！？\n ".unicodeScalars.contains(ch) {
                result += simpleTokenize(piece)
                piece = ""
                result.append(String(ch))
            } else {
                piece.unicodeScalars.append(ch)
            }
        }
        result += simpleTokenize(piece)
        if combineAa123 {
            // Re-run the glue over the whole token list.
            var joined = ""
            var ends: [Int64] = []
            for t in result { joined += t; ends.append(Int64(joined.utf8.count)) }
            let bytes = Array(joined.utf8).map { CChar(bitPattern: $0) }
            return bytes.withUnsafeBufferPointer { b in
                combineAlphanumeric(b, ends: ends[...]).map {
                    String(decoding: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(b)[$0]), as: UTF8.self)
                }
            }
        }
        return result
    }

    func simpleTokenize(_ s: String) -> [String] {
        if s.isEmpty { return [] }
        let nScalars = s.unicodeScalars.count
        let bytes = Array(s.utf8)
        let lt = zlog(Double(total))
        return bytes.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { c in
                var ends = [Int64](repeating: 0, count: nScalars)
                let m = ends.withUnsafeMutableBufferPointer { e in
                    maxLen.withUnsafeBufferPointer { ml in
                        ck_unigram_segment(c.baseAddress, c.count, vocab.raw, ml.baseAddress, lt, nullScore, e.baseAddress)
                    }
                }
                precondition(m >= 0, "UnigramTokenizer.tokenize: out of memory")
                var out: [String] = []
                var start = 0
                for e in ends[0..<Int(m)] {
                    out.append(String(decoding: UnsafeRawBufferPointer(start: b.baseAddress! + start, count: Int(e) - start), as: UTF8.self))
                    start = Int(e)
                }
                return out
            }
        }
    }
}
