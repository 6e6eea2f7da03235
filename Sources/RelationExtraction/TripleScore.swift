import Foundation

/// Micro precision, recall and F1 over exact triples, computed as `eval_ie.py` does.
///
/// Each sentence's gold and predicted triples are sets. With X = Σ|pred ∩ gold|,
/// Y = Σ|pred|, Z = Σ|gold|: P = X/Y, R = X/Z, F1 = 2X/(Y+Z), each 0 when its denominator is 0.
/// (Su's training script starts X, Y, Z at 1e-10 instead; the two agree to 1e-10.)
///
/// References: kexue.fm/archives/6671 §2.5; data/ie/README.md (`eval_ie.py`).
public struct TripleScore: Equatable, Sendable {
    /// Correct triples (X).
    public var correct = 0
    /// Predicted triples (Y).
    public var predicted = 0
    /// Gold triples (Z).
    public var gold = 0

    /// - Parameters: correct, predicted, gold: the three counts.
    public init(correct: Int = 0, predicted: Int = 0, gold: Int = 0) {
        self.correct = correct
        self.predicted = predicted
        self.gold = gold
    }

    /// X / Y, or 0.
    public var precision: Double { predicted > 0 ? Double(correct) / Double(predicted) : 0 }
    /// X / Z, or 0.
    public var recall: Double { gold > 0 ? Double(correct) / Double(gold) : 0 }
    /// 2X / (Y + Z), or 0.
    public var f1: Double { predicted + gold > 0 ? 2 * Double(correct) / Double(predicted + gold) : 0 }

    /// Adds one sentence.
    public mutating func add(predicted pred: Set<Triple>, gold g: Set<Triple>) {
        correct += pred.intersection(g).count
        predicted += pred.count
        gold += g.count
    }
}

/// The score of a prediction file against a gold file: overall and per predicate.
public struct IEEvaluation: Sendable {
    /// Overall counts.
    public var total = TripleScore()
    /// Counts per predicate (predicates that occur in gold or predictions).
    public var perPredicate: [String: TripleScore] = [:]
    /// Number of sentences.
    public var sentences = 0

    /// Scores parallel lists of gold and predicted sentences.
    /// - Throws: `RelationExtractionError.mismatch` when the counts differ or the texts of a
    ///   line differ (both given, line = 1-based position).
    public init(gold: [Sentence], predicted: [Sentence], goldFile: String = "GOLD", predictedFile: String = "PRED") throws {
        guard gold.count == predicted.count else {
            throw RelationExtractionError.mismatch(
                file: predictedFile, line: predicted.count,
                reason: "\(goldFile) has \(gold.count) sentences, \(predictedFile) has \(predicted.count): expected one prediction per gold line")
        }
        for (i, (g, p)) in zip(gold, predicted).enumerated() {
            if !g.text.isEmpty && !p.text.isEmpty && g.text != p.text {
                throw RelationExtractionError.mismatch(
                    file: predictedFile, line: i + 1, reason: "text differs from line \(i + 1) of \(goldFile): expected the same sentence")
            }
            add(gold: g.triples, predicted: p.triples)
        }
    }

    /// An empty evaluation, to be filled with `add`.
    public init() {}

    /// Adds one sentence.
    public mutating func add(gold: [Triple], predicted: [Triple]) {
        let g = Set(gold), p = Set(predicted)
        total.add(predicted: p, gold: g)
        sentences += 1
        for t in p.union(g) where perPredicate[t.predicate] == nil { perPredicate[t.predicate] = TripleScore() }
        for t in p {
            perPredicate[t.predicate]!.predicted += 1
            if g.contains(t) { perPredicate[t.predicate]!.correct += 1 }
        }
        for t in g { perPredicate[t.predicate]!.gold += 1 }
    }

    /// The JSON `eval_ie.py` prints: one line, or with `perPredicate` an indented object
    /// (Python `json.dumps(..., ensure_ascii=False, indent=1)`), predicates sorted by code point.
    public func json(perPredicate withPredicates: Bool) -> String {
        func fields(_ s: TripleScore) -> [(String, String)] {
            [
                ("precision", pyFloat(s.precision)), ("recall", pyFloat(s.recall)), ("f1", pyFloat(s.f1)),
                ("correct", "\(s.correct)"), ("predicted", "\(s.predicted)"), ("gold", "\(s.gold)"),
            ]
        }
        var top = fields(total) + [("sentences", "\(sentences)")]
        guard withPredicates else {
            return "{" + top.map { "\(pyString($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
        }
        let names = perPredicate.keys.sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
        let inner = names.map { name in
            "  \(pyString(name)): {\n" + fields(perPredicate[name]!).map { "   \(pyString($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n  }"
        }
        top.append(("per_predicate", names.isEmpty ? "{}" : "{\n" + inner.joined(separator: ",\n") + "\n }"))
        return "{\n" + top.map { " \(pyString($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n}"
    }
}

/// Python's `repr` of a float: the shortest round-trip digits, always with a `.` or exponent.
func pyFloat(_ x: Double) -> String {
    var s = "\(x)"
    if s.contains("e") {
        // Swift: 1e-05 / 1.5e-07; Python: 1e-05 / 1.5e-07 (two-digit exponents); Swift prints
        // at least two exponent digits as well, so nothing to change.
        return s
    }
    if !s.contains(".") && !s.contains("n") && !s.contains("i") { s += ".0" }
    return s
}

/// A JSON string literal as Python writes it with `ensure_ascii=False`.
func pyString(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        default:
            if c.value < 0x20 { out += String(format: "\\u%04x", c.value) } else { out.unicodeScalars.append(c) }
        }
    }
    return out + "\""
}
