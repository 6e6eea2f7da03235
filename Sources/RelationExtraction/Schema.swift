import Foundation
import NumSwiftSupport

/// The predicates of a relation-extraction task, in file order (their index is the class id of
/// the object head), with the subject and object types when the file gives them.
///
/// Reads the DuIE / LIC2019 layout, one JSON object per line
/// (`{"predicate": "职务", "subject_type": "人物", "object_type": "职务"}`), or a JSON array of
/// such objects.
///
/// References: Baidu LIC2019 `all_50_schemas`; kexue.fm/archives/6671 §2.3 (one sigmoid per predicate).
public struct Schema: Equatable, Sendable {
    /// Predicate names; position = class id.
    public let predicates: [String]
    /// Subject type per predicate ("" when not given).
    public let subjectTypes: [String]
    /// Object type per predicate ("" when not given).
    public let objectTypes: [String]
    private let ids: [String: Int]

    /// - Parameters: predicates: distinct names; subjectTypes, objectTypes: same length or empty.
    /// - Throws: `RelationExtractionError.invalidOption` on a duplicate or empty predicate list.
    public init(predicates: [String], subjectTypes: [String] = [], objectTypes: [String] = []) throws {
        guard !predicates.isEmpty else {
            throw RelationExtractionError.invalidOption(name: "schema", value: "[]", expected: "at least one predicate")
        }
        var ids: [String: Int] = [:]
        for (i, p) in predicates.enumerated() {
            guard ids[p] == nil else {
                throw RelationExtractionError.invalidOption(name: "schema predicate", value: p, expected: "distinct predicate names")
            }
            ids[p] = i
        }
        self.predicates = predicates
        self.subjectTypes = subjectTypes.count == predicates.count ? subjectTypes : Array(repeating: "", count: predicates.count)
        self.objectTypes = objectTypes.count == predicates.count ? objectTypes : Array(repeating: "", count: predicates.count)
        self.ids = ids
    }

    /// Number of predicates.
    public var count: Int { predicates.count }

    /// The class id of a predicate, or nil.
    public func index(of predicate: String) -> Int? { ids[predicate] }

    /// Reads a schema file (JSON lines or a JSON array).
    /// - Throws: `RelationExtractionError.io`, `.malformedLine` (file:line), `.empty`, or
    ///   `.malformedLine` for a repeated predicate.
    public static func read(_ path: String) throws -> Schema {
        // Bounded and checked like every reader: a directory, binary data or an endless stream
        // is an error naming the file.
        let data = Data(try readAllBytes(path, errors: RelationExtractionError.self, text: true))
        let text = String(decoding: data, as: UTF8.self)
        var entries: [(line: Int, raw: String, object: Any?)] = []
        if text.drop(while: { $0.isWhitespace }).first == "[" {
            let array = try? JSONSerialization.jsonObject(with: data) as? [Any]
            guard let array else {
                throw RelationExtractionError.malformedLine(file: path, line: 1, text: String(text.prefix(80)), expected: "a JSON array of schema objects")
            }
            entries = array.map { (1, "\($0)", $0) }
        } else {
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let raw = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if raw.isEmpty { continue }
                entries.append((i + 1, raw, try? JSONSerialization.jsonObject(with: Data(raw.utf8))))
            }
        }
        var names: [String] = [], subjects: [String] = [], objects: [String] = [], seen: Set<String> = []
        for e in entries {
            guard let d = e.object as? [String: Any], let p = d["predicate"] as? String, !p.isEmpty else {
                throw RelationExtractionError.malformedLine(
                    file: path, line: e.line, text: e.raw, expected: "a JSON object with a non-empty \"predicate\" string")
            }
            guard seen.insert(p).inserted else {
                throw RelationExtractionError.malformedLine(file: path, line: e.line, text: e.raw, expected: "each predicate once")
            }
            names.append(p)
            subjects.append(d["subject_type"] as? String ?? "")
            objects.append(d["object_type"] as? String ?? "")
        }
        guard !names.isEmpty else { throw RelationExtractionError.empty(file: path, expected: "one schema object per line") }
        return try Schema(predicates: names, subjectTypes: subjects, objectTypes: objects)
    }
}
