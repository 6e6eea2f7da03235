import Foundation
import WordMining

/// Reads DuIE 2019 / SKE JSON lines: one `{"text": ..., "spo_list": [...]}` object per line,
/// plain or gzip-compressed, streamed with bounded memory.
///
/// A `spo_list` item is either a dictionary with `subject`, `predicate` and `object` strings
/// (extra keys such as `subject_type`, `object_type` or a line's `postag` are ignored, so the
/// original LIC2019 files read as they are) or a `[subject, predicate, object]` list. A missing
/// `spo_list` counts as empty unless `requireTriples` is set. Blank lines are skipped (as in
/// `eval_ie.py`).
///
/// ```swift
/// let train = try IEDataReader(schema: schema).read("data/ie/train.jsonl")
/// ```
/// References: Baidu LIC2019 information-extraction data format; kexue.fm/archives/6671.
public struct IEDataReader: Sendable {
    /// When set, every triple's predicate must be one of the schema's.
    public var schema: Schema?
    /// When set, a line without a `spo_list` key is an error (training and gold data).
    public var requireTriples: Bool
    /// When set, a line without a `text` string is an error; otherwise its text reads as ""
    /// (prediction files scored by `eval_ie.py` may omit it).
    public var requireText = true

    /// - Parameters:
    ///   - schema: predicates to check the triples against (nil: accept any predicate).
    ///   - requireTriples: reject lines that lack `spo_list`.
    public init(schema: Schema? = nil, requireTriples: Bool = false) {
        self.schema = schema
        self.requireTriples = requireTriples
    }

    /// All sentences of a file, in file order.
    /// - Throws: `RelationExtractionError.io`, `.malformedLine` or `.unknownPredicate`
    ///   naming the file and the 1-based line.
    public func read(_ path: String) throws -> [Sentence] {
        var out: [Sentence] = []
        try forEach(path) { sentence, _ in out.append(sentence) }
        return out
    }

    /// Calls `body(sentence, lineNumber)` for every non-blank line, streaming the file.
    /// - Throws: as `read`, or what `body` throws.
    public func forEach(_ path: String, _ body: (Sentence, Int) throws -> Void) throws {
        do {
            try CorpusReader(path: path, policy: .reject).forEachLine { bytes, line in
                guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
                let data = Data(bytes: UnsafeRawPointer(bytes.baseAddress!), count: bytes.count)
                try body(try parse(data, file: path, line: line), line)
            }
        } catch let e as WordMiningError {
            switch e {
            case let .invalidUTF8(file, line, offset):
                throw RelationExtractionError.malformedLine(
                    file: file, line: line, text: "(invalid UTF-8 at byte \(offset))", expected: "UTF-8 JSON")
            case let .io(file, reason):
                throw RelationExtractionError.io(path: file, reason: reason)
            case let .malformedLine(file, line, text, expected):
                throw RelationExtractionError.malformedLine(file: file, line: line, text: text, expected: expected)
            case let .truncated(file, reason):
                throw RelationExtractionError.io(path: file, reason: "truncated or corrupt gzip stream (\(reason)): expected a complete file")
            default:
                throw RelationExtractionError.io(path: path, reason: e.description)
            }
        }
    }

    /// Parses one JSON line.
    func parse(_ data: Data, file: String, line: Int) throws -> Sentence {
        let raw = String(decoding: data, as: UTF8.self)
        func bad(_ expected: String) -> RelationExtractionError {
            .malformedLine(file: file, line: line, text: raw, expected: expected)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let dict = object as? [String: Any] else {
            throw bad("one JSON object per line")
        }
        let text: String
        if let t = dict["text"] as? String {
            text = t
        } else if dict["text"] == nil && !requireText {
            text = ""
        } else {
            throw bad("a \"text\" string")
        }
        guard let list = dict["spo_list"] else {
            if requireTriples { throw bad("a \"spo_list\" array") }
            return Sentence(text: text, triples: [])
        }
        guard let items = list as? [Any] else { throw bad("\"spo_list\" to be an array") }
        var triples: [Triple] = []
        triples.reserveCapacity(items.count)
        for item in items {
            let t: Triple
            if let d = item as? [String: Any] {
                guard let s = d["subject"] as? String, let p = d["predicate"] as? String, let o = d["object"] as? String else {
                    throw bad("spo_list items with \"subject\", \"predicate\" and \"object\" strings")
                }
                t = Triple(s, p, o)
            } else if let a = item as? [Any], a.count == 3, let s = a[0] as? String, let p = a[1] as? String, let o = a[2] as? String {
                t = Triple(s, p, o)
            } else {
                throw bad("spo_list items as {\"subject\", \"predicate\", \"object\"} or [subject, predicate, object]")
            }
            if let schema, schema.index(of: t.predicate) == nil {
                throw RelationExtractionError.unknownPredicate(file: file, line: line, predicate: t.predicate, known: schema.predicates)
            }
            triples.append(t)
        }
        return Sentence(text: text, triples: triples)
    }
}
