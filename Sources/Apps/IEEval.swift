import ArgumentParser
import Foundation
import RelationExtraction

/// `numswift ie eval GOLD PRED`: micro P/R/F1 over exact triples, as the data's `eval_ie.py`.
struct IEEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score PRED against GOLD (JSON lines, plain or gzip): micro precision, recall, F1 over exact triples.",
        discussion: """
            Line i of PRED is the prediction for line i of GOLD; when both carry "text" it must be equal. \
            spo_list items may be {"subject", "predicate", "object"} objects or [s, p, o] lists. With --json the \
            output is exactly what eval_ie.py prints.
            """)

    @Argument(help: "Gold JSON lines.") var gold: String
    @Argument(help: "Predicted JSON lines, one per gold line.") var pred: String
    @Flag(name: .long, help: "Add precision, recall and F1 per predicate.") var perPredicate = false
    @Flag(name: .long, help: "Print eval_ie.py's JSON instead of a table.") var json = false

    func run() throws {
        var goldReader = IEDataReader(), predReader = IEDataReader()
        goldReader.requireText = false
        predReader.requireText = false
        let e = try IEEvaluation(
            gold: try goldReader.read(gold), predicted: try predReader.read(pred), goldFile: gold, predictedFile: pred)
        if json {
            print(e.json(perPredicate: perPredicate))
            return
        }
        let names = perPredicate ? e.perPredicate.keys.sorted() : []
        // Terminal columns, not characters: CJK predicate names take two columns per character.
        func columns(_ s: String) -> Int {
            s.unicodeScalars.reduce(0) { n, u in
                let v = u.value
                let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                    || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                    || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
                return n + (wide ? 2 : 1)
            }
        }
        let width = max(9, names.map(columns).max() ?? 0)
        func pad(_ s: String) -> String { s + String(repeating: " ", count: max(0, width - columns(s))) }
        func row(_ name: String, _ s: TripleScore) -> String {
            pad(name) + String(format: "  %9.4f  %6.4f  %6.4f  %7d  %9d  %5d", s.precision, s.recall, s.f1, s.correct, s.predicted, s.gold)
        }
        print(pad("predicate") + "  precision  recall      f1  correct  predicted   gold")
        for n in names { print(row(n, e.perPredicate[n]!)) }
        print(row("all", e.total) + "  (\(e.sentences) sentences)")
    }
}
