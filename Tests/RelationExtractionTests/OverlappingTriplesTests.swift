import NumSwift
import Testing
@testable import RelationExtraction

/// The sample shapes of article 6671 §2.1 that the half-pointer-half-tagging design must cover,
/// checked end to end: labels from the gold triples, perfect probabilities from the labels,
/// decoding back to exactly the gold triples.
@Suite struct OverlappingTriplesTests {
    let schema = try! Schema(predicates: ["作者", "出生地", "职务", "任职于", "国籍", "出版社"])

    /// Labels → one-hot pointer probabilities for every gold subject → decoded triples.
    func roundTrip(_ sentence: Sentence) throws -> Set<Triple> {
        let labels = try #require(PointerLabels(sentence, schema: schema))
        let decoder = PointerDecoder()
        let text = labels.text
        var out: Set<Triple> = []
        for s in decoder.subjects(starts: labels.subjectStarts, ends: labels.subjectEnds) {
            let (o1, o2) = labels.objectPointers(for: s, predicates: schema.count)
            for o in decoder.objects(starts: o1, ends: o2, predicates: schema.count) {
                out.insert(
                    Triple(
                        String(String.UnicodeScalarView(text[s.start..<s.end])), schema.predicates[o.predicate],
                        String(String.UnicodeScalarView(text[o.span.start..<o.span.end]))))
            }
        }
        return out
    }

    @Test func oneSubjectWithManyPredicateObjectPairs() throws {
        let s = Sentence(
            text: "周杰伦出生于台湾，是中国歌手",
            triples: [Triple("周杰伦", "出生地", "台湾"), Triple("周杰伦", "国籍", "中国"), Triple("周杰伦", "职务", "歌手")])
        let labels = try #require(PointerLabels(s, schema: schema))
        #expect(labels.subjects == [Span(0, 3)])
        #expect(labels.objects[0].count == 3)
        #expect(try roundTrip(s) == Set(s.triples))
    }

    @Test func manySubjectsWithOnePredicateObjectPair() throws {
        let s = Sentence(
            text: "张三和李四都任职于新华社",
            triples: [Triple("张三", "任职于", "新华社"), Triple("李四", "任职于", "新华社")])
        let labels = try #require(PointerLabels(s, schema: schema))
        #expect(labels.subjects == [Span(0, 2), Span(3, 5)])
        #expect(labels.subjectStarts == [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(try roundTrip(s) == Set(s.triples))
    }

    @Test func oneSubjectObjectPairWithSeveralPredicates() throws {
        let s = Sentence(text: "李白是唐朝诗人", triples: [Triple("李白", "职务", "诗人"), Triple("李白", "作者", "诗人")])
        let labels = try #require(PointerLabels(s, schema: schema))
        let (o1, _) = labels.objectPointers(for: Span(0, 2), predicates: schema.count)
        // Both predicate columns fire at the object's start: sigmoid, not softmax, over predicates.
        #expect(o1[5 * schema.count + 0] == 1 && o1[5 * schema.count + 2] == 1)
        #expect(try roundTrip(s) == Set(s.triples))
    }

    @Test func subjectAndObjectOverlap() throws {
        // 鲁迅自传 → (鲁迅自传, 作者, 鲁迅): the object lies inside the subject.
        let s = Sentence(text: "鲁迅自传由江苏文艺出版社出版", triples: [Triple("鲁迅自传", "作者", "鲁迅"), Triple("鲁迅自传", "出版社", "江苏文艺出版社")])
        let labels = try #require(PointerLabels(s, schema: schema))
        #expect(labels.subjects == [Span(0, 4)])
        #expect(labels.objects[0].contains(ObjectLabel(span: Span(0, 2), predicate: 0)))
        #expect(try roundTrip(s) == Set(s.triples))
    }

    @Test func onlyTheFirstOccurrenceIsLabelled() throws {
        // §2.9: spans are located with text.find, so a repeated string is labelled once.
        let s = Sentence(text: "北京记者在北京", triples: [Triple("记者", "任职于", "北京")])
        let labels = try #require(PointerLabels(s, schema: schema))
        let (o1, _) = labels.objectPointers(for: labels.subjects[0], predicates: schema.count)
        #expect(o1[0 * schema.count + 3] == 1 && o1[5 * schema.count + 3] == 0)
    }

    @Test func sentencesWithoutLocatableTriplesYieldNoExample() {
        #expect(PointerLabels(Sentence(text: "没有三元组", triples: []), schema: schema) == nil)
        #expect(PointerLabels(Sentence(text: "张三", triples: [Triple("王五", "职务", "张三")]), schema: schema) == nil)
        #expect(PointerLabels(Sentence(text: "张三", triples: [Triple("张三", "未知", "张三")]), schema: schema) == nil)
    }

    @Test func subjectSamplingDrawsStartsAmongSubjectsAndEndsNotBeforeThem() throws {
        // Subjects [0,2) and [3,8): pairs [0,2), [0,8), [3,8) can be drawn; [0,8) is no subject.
        let s = Sentence(text: "张三和新华社记者李四", triples: [Triple("张三", "职务", "记者"), Triple("新华社记者", "职务", "记者")])
        let labels = try #require(PointerLabels(s, schema: schema))
        var g = RandomGenerator(seed: 1)
        var seen: [Span: Int] = [:]
        for _ in 0..<2000 { seen[labels.sampleSubject(generator: &g), default: 0] += 1 }
        #expect(Set(seen.keys) == [Span(0, 2), Span(0, 8), Span(3, 8)])
        // start uniform over the two subjects (1/2 each); from start 0 each end has 1/2.
        #expect(abs(Double(seen[Span(3, 8)]!) / 2000 - 0.5) < 0.05)
        #expect(abs(Double(seen[Span(0, 2)]!) / 2000 - 0.25) < 0.04)
        #expect(labels.objects(of: Span(0, 8)).isEmpty)
    }

    @Test func subjectSamplingNeverPairsAStartWithAnEndBeforeIt() throws {
        // Adjacent subjects [0,2) and [2,4): from start 2 the only end not before it is 3 (inclusive).
        let s = Sentence(text: "张三李四记者", triples: [Triple("张三", "职务", "记者"), Triple("李四", "职务", "记者")])
        let labels = try #require(PointerLabels(s, schema: schema))
        var g = RandomGenerator(seed: 3)
        var seen: Set<Span> = []
        for _ in 0..<500 { seen.insert(labels.sampleSubject(generator: &g)) }
        #expect(seen == [Span(0, 2), Span(0, 4), Span(2, 4)])
    }
}
