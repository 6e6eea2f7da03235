import Foundation
import Testing
@testable import RelationExtraction

/// `IEEvaluation` against the output of the data's `eval_ie.py` on a fixture (article 6671 §2.5,
/// checklist "Metric").
@Suite struct IEScoringTests {
    func load() throws -> (gold: [Sentence], pred: [Sentence]) {
        let gold = try IEDataReader(requireTriples: true).read(try fixture("eval_gold.jsonl"))
        var reader = IEDataReader()
        reader.requireText = false
        return (gold, try reader.read(try fixture("eval_pred.jsonl")))
    }

    @Test func metricMatchesEvalIEPyExactly() throws {
        let (gold, pred) = try load()
        let e = try IEEvaluation(gold: gold, predicted: pred)
        let expected = try String(contentsOfFile: try fixture("eval_expected.json"), encoding: .utf8)
        #expect(e.json(perPredicate: false) + "\n" == expected)
        let expectedPer = try String(contentsOfFile: try fixture("eval_expected_per_predicate.json"), encoding: .utf8)
        #expect(e.json(perPredicate: true) + "\n" == expectedPer)
    }

    @Test func f1IsTwoXOverYPlusZ() throws {
        var s = TripleScore()
        s.add(predicted: [Triple("a", "p", "b"), Triple("a", "q", "b")], gold: [Triple("a", "p", "b")])
        s.add(predicted: [], gold: [Triple("c", "p", "d"), Triple("e", "p", "f")])
        #expect(s == TripleScore(correct: 1, predicted: 2, gold: 3))
        #expect(s.f1 == 2.0 / 5 && s.precision == 0.5 && s.recall == 1.0 / 3)
        #expect(TripleScore().f1 == 0 && TripleScore().precision == 0 && TripleScore().recall == 0)
    }

    @Test func goldScoredAgainstItselfIsOne() throws {
        let (gold, _) = try load()
        let e = try IEEvaluation(gold: gold, predicted: gold)
        #expect(e.total.f1 == 1 && e.total.precision == 1 && e.total.recall == 1)
    }

    @Test func mismatchedFilesAreErrorsNamingTheLine() throws {
        let (gold, pred) = try load()
        #expect(throws: RelationExtractionError.self) { try IEEvaluation(gold: gold, predicted: Array(pred.dropLast())) }
        var wrong = pred
        wrong[4].text = "另一句话"
        do {
            _ = try IEEvaluation(gold: gold, predicted: wrong, goldFile: "g.jsonl", predictedFile: "p.jsonl")
            Issue.record("expected a mismatch error")
        } catch let e as RelationExtractionError {
            #expect(e == .mismatch(file: "p.jsonl", line: 5, reason: "text differs from line 5 of g.jsonl: expected the same sentence"))
        }
    }
}
