import WordMining

/// Per-character word vectors for the mixed char + word embedding (§2.3 step 1): the text is
/// segmented into words, and each word's frozen vector is repeated once per character of the
/// word; words without a vector get zeros (Su's index 0).
///
/// References: kexue.fm/archives/6671 §2.3; kexue.fm/archives/6540 (the segmentation and word2vec
/// of the WordMining module).
public struct WordFeatures: @unchecked Sendable {
    /// The segmenter (a unigram tokenizer over discovered words).
    public let tokenizer: UnigramTokenizer
    /// The frozen vectors.
    public let vectors: WordVectors

    /// - Parameters: tokenizer: segments texts; vectors: one vector per word.
    public init(tokenizer: UnigramTokenizer, vectors: WordVectors) {
        self.tokenizer = tokenizer
        self.vectors = vectors
    }

    /// Vector width.
    public var dimension: Int { vectors.dim }

    /// `[count(text), dimension]` row-major features of the first `length` characters of `text`
    /// (the tokens must re-join to the text; a token that would not is treated as unknown).
    public func features(_ text: [Unicode.Scalar], length: Int) -> [Float] {
        let d = dimension
        var out = [Float](repeating: 0, count: length * d)
        let s = String(String.UnicodeScalarView(text))
        var pos = 0
        for token in tokenizer.tokenize(s) {
            let n = token.unicodeScalars.count
            if let i = vectors.index[token] {
                let base = i * d
                for c in pos..<Swift.min(pos + n, length) {
                    for j in 0..<d { out[c * d + j] = vectors.vectors[base + j] }
                }
            }
            pos += n
            if pos >= length { break }
        }
        return out
    }
}
