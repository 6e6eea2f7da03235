import Testing
@testable import RelationExtraction

/// Decoding of hand-made pointer probabilities (article 6671 §2.5, checklist "Decoding").
@Suite struct PointerDecodingTests {
    let decoder = PointerDecoder()

    @Test func subjectStartThresholdIsStrictlyAboveHalfAndEndThresholdAbove04() {
        // positions:          0     1     2     3     4     5
        let starts: [Float] = [0.5, 0.51, 0.0, 0.0, 0.9, 0.0]
        let ends: [Float] = [0.0, 0.0, 0.4, 0.41, 0.0, 0.45]
        // 0.5 is not a start; 0.4 is not an end. Start 1 ends at 3, start 4 at 5.
        #expect(decoder.subjects(starts: starts, ends: ends) == [Span(1, 4), Span(4, 6)])
    }

    @Test func subjectTakesTheNearestEndAtOrAfterItsStart() {
        let starts: [Float] = [0.9, 0.0, 0.9, 0.0, 0.0]
        let ends: [Float] = [0.0, 0.0, 0.8, 0.0, 0.8]
        // Both starts share the end at 2 (a one-character subject at 2 ends where it starts).
        #expect(decoder.subjects(starts: starts, ends: ends) == [Span(0, 3), Span(2, 3)])
        // A start after the last end opens nothing.
        #expect(decoder.subjects(starts: [0, 0, 0.9], ends: [0.9, 0, 0]) == [])
    }

    @Test func objectNeedsTheSamePredicateAndTakesTheFirstEndInWhereOrder() {
        // 5 positions × 3 predicates, row-major [position, predicate].
        var starts = [Float](repeating: 0, count: 15), ends = starts
        starts[1 * 3 + 2] = 0.9  // object of predicate 2 starts at 1
        ends[1 * 3 + 0] = 0.9  // an end of predicate 0 at 1: wrong predicate, ignored
        ends[3 * 3 + 2] = 0.6  // first end of predicate 2 at or after 1
        ends[4 * 3 + 2] = 0.99  // a later end is not taken even if more probable
        starts[2 * 3 + 0] = 0.7  // predicate 0 starts at 2 but its only end is at 1 (before): nothing
        starts[4 * 3 + 2] = 0.55  // starts at 4, ends at 4 (same position)
        let objects = decoder.objects(starts: starts, ends: ends, predicates: 3)
        #expect(objects == [ObjectLabel(span: Span(1, 4), predicate: 2), ObjectLabel(span: Span(4, 5), predicate: 2)])
    }

    @Test func objectThresholdsAreStrict() {
        let starts: [Float] = [0.5, 0.0], ends: [Float] = [0.0, 0.4]
        #expect(decoder.objects(starts: starts, ends: ends, predicates: 1).isEmpty)
        let more = decoder.objects(starts: [0.500001, 0], ends: [0, 0.400001], predicates: 1)
        #expect(more == [ObjectLabel(span: Span(0, 2), predicate: 0)])
    }

    @Test func postRulesAddInversePairsAndDropAlbumSongTriples() {
        let triples = [
            Triple("甲", "妻子", "乙"), Triple("专辑A", "歌手", "丙"), Triple("歌B", "所属专辑", "专辑A"),
            Triple("歌B", "歌手", "丙"), Triple("甲", "妻子", "乙"),
        ]
        let out = PostRules.lic2019.apply(triples)
        #expect(out == [Triple("甲", "妻子", "乙"), Triple("歌B", "所属专辑", "专辑A"), Triple("歌B", "歌手", "丙"), Triple("乙", "丈夫", "甲")])
        #expect(PostRules.none.apply(triples).count == 4)
    }
}
