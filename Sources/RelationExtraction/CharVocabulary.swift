import Foundation

/// The character vocabulary of the article: characters seen at least `minCount` times get ids
/// from 2 in order of first appearance; 0 is padding and 1 stands for every other character.
///
/// Characters are Unicode scalars, the unit Python's `str` iterates over in Su's code.
///
/// References: kexue.fm/archives/6671 §2.3 (inputs); bojone/kg-2019 `data_trans.py`.
public struct CharVocabulary: Equatable, Sendable {
    /// Id of padding.
    public static let padding = 0
    /// Id of characters outside the vocabulary.
    public static let unknown = 1
    /// The characters with ids 2, 3, … in order.
    public let characters: [Unicode.Scalar]
    private let ids: [Unicode.Scalar: Int]

    /// A vocabulary of the given characters (ids from 2 in this order).
    public init(characters: [Unicode.Scalar]) {
        self.characters = characters
        var ids: [Unicode.Scalar: Int] = [:]
        for (i, c) in characters.enumerated() where ids[c] == nil { ids[c] = i + 2 }
        self.ids = ids
    }

    /// Counts the characters of `texts` and keeps those seen at least `minCount` times.
    public init(counting texts: [String], minCount: Int = 2) {
        var counts: [Unicode.Scalar: Int] = [:], order: [Unicode.Scalar] = []
        for t in texts {
            for c in t.unicodeScalars {
                let n = counts[c, default: 0]
                if n == 0 { order.append(c) }
                counts[c] = n + 1
            }
        }
        self.init(characters: order.filter { counts[$0]! >= minCount })
    }

    /// Ids including padding and unknown: the row count of the char embedding.
    public var size: Int { characters.count + 2 }

    /// The id of one character.
    public func id(_ c: Unicode.Scalar) -> Int { ids[c] ?? CharVocabulary.unknown }

    /// The ids of a text's characters.
    public func encode(_ scalars: [Unicode.Scalar]) -> [Int] { scalars.map(id) }

    /// JSON: `{"min_count_note": ..., "characters": ["a", "b", ...]}` (ids are positions + 2).
    public func jsonObject() -> [String: Any] {
        ["padding_id": 0, "unknown_id": 1, "characters": characters.map { String($0) }]
    }

    /// Reads the `jsonObject()` form.
    /// - Throws: `RelationExtractionError.malformedLine` when the object is not of that form.
    public init(jsonObject: Any, file: String) throws {
        guard let d = jsonObject as? [String: Any], let chars = d["characters"] as? [String],
            chars.allSatisfy({ $0.unicodeScalars.count == 1 })
        else {
            throw RelationExtractionError.malformedLine(
                file: file, line: 1, text: "characters", expected: "{\"characters\": [one-character strings]}")
        }
        self.init(characters: chars.map { $0.unicodeScalars.first! })
    }
}
