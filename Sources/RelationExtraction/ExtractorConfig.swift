/// Hyper-parameters of the DGCNN + pointer-network extractor (article 6671 §2.3), stored as
/// `config.json` next to the weights.
public struct ExtractorConfig: Codable, Equatable, Sendable {
    /// Predicate names in class order.
    public var predicates: [String]
    /// Rows of the char embedding (vocabulary size including padding and unknown).
    public var charVocabularySize: Int
    /// Width of every hidden representation (128).
    public var dimension = 128
    /// Longest text in characters; also the rows of the position table (512).
    public var maxLength = 512
    /// Width of the frozen word vectors, 0 for the chars-only ablation.
    public var wordDimension = 0
    /// Dilation rates of the DGCNN blocks ([1,2,5]×3 + [1,1,1]).
    public var dilations = [1, 2, 5, 1, 2, 5, 1, 2, 5, 1, 1, 1]
    /// Attention heads and head width (8 × 16).
    public var heads = 8
    /// Width of one head.
    public var headSize = 16
    /// Lite subject encoding: concatenate T[k1] and T[k2] instead of the BiGRU over 6 positions.
    public var lite = false
    /// Dropout after the embeddings (0.25).
    public var dropout: Float = 0.25
    /// Dropout on the DGCNN gate logits (0.1).
    public var gateDropout: Float = 0.1

    /// - Parameters: predicates: class names; charVocabularySize: char embedding rows.
    public init(predicates: [String], charVocabularySize: Int) {
        self.predicates = predicates
        self.charVocabularySize = charVocabularySize
    }

    /// Number of predicates.
    public var predicateCount: Int { predicates.count }
}
