/// One (subject, predicate, object) fact; subject and object are substrings of the sentence.
///
/// References: Baidu LIC2019 information extraction (DuIE / SKE format); kexue.fm/archives/6671 §2.1.
public struct Triple: Hashable, Sendable, CustomStringConvertible {
    /// Subject string.
    public var subject: String
    /// Predicate (relation) name, one of the schema's.
    public var predicate: String
    /// Object string.
    public var object: String

    /// - Parameters: subject, predicate, object: the three strings.
    public init(_ subject: String, _ predicate: String, _ object: String) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
    }

    /// `(subject, predicate, object)`.
    public var description: String { "(\(subject), \(predicate), \(object))" }
}

/// One sentence and its triples, in the order of its `spo_list`.
public struct Sentence: Equatable, Sendable {
    /// The sentence text.
    public var text: String
    /// Its triples (may be empty: a negative sentence).
    public var triples: [Triple]

    /// - Parameters: text: the sentence; triples: its facts.
    public init(text: String, triples: [Triple]) {
        self.text = text
        self.triples = triples
    }

    /// The text as Unicode scalars: the unit every position in this module counts in (as Python's
    /// `str` indexing does in Su's code and in `eval_ie.py`).
    public var scalars: [Unicode.Scalar] { Array(text.unicodeScalars) }
}

extension Array where Element == Unicode.Scalar {
    /// The first position where `needle` occurs in this scalar array (Python `str.find`), or nil.
    /// An empty needle is found at 0.
    public func firstIndex(ofScalars needle: [Unicode.Scalar]) -> Int? {
        let n = needle.count
        guard n <= count else { return nil }
        if n == 0 { return 0 }
        let first = needle[0]
        var i = 0
        while i + n <= count {
            if self[i] == first {
                var j = 1
                while j < n && self[i + j] == needle[j] { j += 1 }
                if j == n { return i }
            }
            i += 1
        }
        return nil
    }
}

extension Sentence {
    /// One JSON line `{"text": ..., "spo_list": [{"subject": ..., "predicate": ..., "object": ...}]}`
    /// as Python's `json.dumps(..., ensure_ascii=False)` writes it (no trailing newline).
    public var jsonLine: String {
        let items = triples.map {
            "{\"subject\": \(pyString($0.subject)), \"predicate\": \(pyString($0.predicate)), \"object\": \(pyString($0.object))}"
        }
        return "{\"text\": \(pyString(text)), \"spo_list\": [" + items.joined(separator: ", ") + "]}"
    }
}
