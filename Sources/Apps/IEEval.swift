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
        let width = max(9, names.map(\.count).max() ?? 0)
        func pad(_ s: String) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
        func row(_ name: String, _ s: TripleScore) -> String {
            pad(name) + String(format: "  %9.4f  %6.4f  %6.4f  %7d  %9d  %5d", s.precision, s.recall, s.f1, s.correct, s.predicted, s.gold)
        }
        print(pad("predicate") + "  precision  recall      f1  correct  predicted   gold")
        for n in names { print(row(n, e.perPredicate[n]!)) }
        print(row("all", e.total) + "  (\(e.sentences) sentences)")
    }
}
