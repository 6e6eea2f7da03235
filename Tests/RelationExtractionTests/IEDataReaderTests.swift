import Foundation
import NumSwift
import Testing
@testable import RelationExtraction

/// Readers for DuIE / SKE JSON lines and schema files, cleaning, augmentation and the char
/// vocabulary (article 6671 §2.3 inputs, §2.4 cleaning and augmentation).
@Suite struct IEDataReaderTests {
    @Test func readsTheProjectDataAndSchema() throws {
        let schema = try Schema.read(try fixture("schema.json"))
        #expect(schema.predicates == ["职务", "任职于", "所属地区", "位于", "发稿地", "民族", "会见", "配偶"])
        #expect(schema.subjectTypes[3] == "地点" && schema.objectTypes[0] == "职务")
        let gold = try IEDataReader(schema: schema, requireTriples: true).read(try fixture("eval_gold.jsonl"))
        #expect(gold.count == 60)
        #expect(gold[0].triples.allSatisfy { gold[0].text.contains($0.subject) && gold[0].text.contains($0.object) })
    }

    @Test func readsLIC2019LinesWithPostagAndTypesAndListItems() throws {
        let lic = """
            {"postag": [{"word": "鲁迅", "pos": "nr"}], "text": "《鲁迅自传》", "spo_list": [{"predicate": "作者", "object_type": "人物", "subject_type": "图书作品", "object": "鲁迅", "subject": "鲁迅自传"}]}

            {"text": "x", "spo_list": [["a", "作者", "b"]]}
            """
        let path = tempText(lic)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let schemaPath = tempText("[{\"predicate\": \"作者\", \"subject_type\": \"图书作品\", \"object_type\": \"人物\"}]", suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: schemaPath) }
        let schema = try Schema.read(schemaPath)
        let s = try IEDataReader(schema: schema).read(path)
        #expect(s == [Sentence(text: "《鲁迅自传》", triples: [Triple("鲁迅自传", "作者", "鲁迅")]), Sentence(text: "x", triples: [Triple("a", "作者", "b")])])
    }

    func expectError(_ content: String, _ expected: (String) -> RelationExtractionError, reader: IEDataReader = IEDataReader()) {
        let path = tempText(content)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try reader.read(path)
            Issue.record("expected an error for \(content)")
        } catch let e as RelationExtractionError {
            #expect(e == expected(path))
            #expect(e.description.hasPrefix(path + ":"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func badLinesAreErrorsNamingFileAndLine() throws {
        expectError("{\"text\": \"a\", \"spo_list\": []}\nnot json\n") {
            .malformedLine(file: $0, line: 2, text: "not json", expected: "one JSON object per line")
        }
        expectError("{\"spo_list\": []}") { .malformedLine(file: $0, line: 1, text: "{\"spo_list\": []}", expected: "a \"text\" string") }
        expectError("\n\n{\"text\": \"a\", \"spo_list\": [{\"subject\": \"a\"}]}") {
            .malformedLine(
                file: $0, line: 3, text: "{\"text\": \"a\", \"spo_list\": [{\"subject\": \"a\"}]}",
                expected: "spo_list items with \"subject\", \"predicate\" and \"object\" strings")
        }
        expectError(
            "{\"text\": \"a\"}", { .malformedLine(file: $0, line: 1, text: "{\"text\": \"a\"}", expected: "a \"spo_list\" array") },
            reader: IEDataReader(requireTriples: true))
        let schema = try pdSchema()
        expectError(
            "{\"text\": \"ab\", \"spo_list\": [[\"a\", \"作者\", \"b\"]]}",
            {
                .unknownPredicate(file: $0, line: 1, predicate: "作者", known: schema.predicates)
            }, reader: IEDataReader(schema: schema))
        #expect(throws: RelationExtractionError.io(path: "/nonexistent/x.jsonl", reason: "cannot open for reading (No such file or directory)")) {
            try IEDataReader().read("/nonexistent/x.jsonl")
        }
    }

    @Test func badSchemaLinesNameTheLine() throws {
        let path = tempText("{\"predicate\": \"a\"}\n{\"predicat\": \"b\"}\n", suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            throws: RelationExtractionError.malformedLine(
                file: path, line: 2, text: "{\"predicat\": \"b\"}", expected: "a JSON object with a non-empty \"predicate\" string")
        ) {
            try Schema.read(path)
        }
        let dup = tempText("{\"predicate\": \"a\"}\n{\"predicate\": \"a\"}\n", suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: dup) }
        #expect(throws: RelationExtractionError.self) { try Schema.read(dup) }
    }

    @Test func cleaningLowercasesStripsTitleMarksAndExpandsToTheTitle() {
        let s = Sentence(
            text: "《Nice 鲁迅自传》是鲁迅的书",
            triples: [Triple("《鲁迅自传》", "作者", "鲁迅"), Triple("NICE", "作者", "鲁迅")])
        let r = Repair.apply(s)
        #expect(r.text == "《nice 鲁迅自传》是鲁迅的书")
        // 鲁迅自传 occurs once and lies inside the title: expanded; "nice" likewise. 鲁迅 occurs twice: kept.
        #expect(r.triples == [Triple("nice 鲁迅自传", "作者", "鲁迅")])
    }

    @Test func cleaningDropsSingerTriplesOfAlbums() {
        let s = Sentence(
            text: "专辑A收录了歌B，歌手丙",
            triples: [Triple("歌b", "所属专辑", "专辑a"), Triple("专辑a", "歌手", "丙"), Triple("歌b", "歌手", "丙")])
        #expect(Repair.apply(s).triples == [Triple("歌b", "所属专辑", "专辑a"), Triple("歌b", "歌手", "丙")])
    }

    @Test func augmentationSwapsSamePredicateEntitiesWithProbabilityHalf() {
        let train = [
            Sentence(text: "张三任职于新华社", triples: [Triple("张三", "任职于", "新华社")]),
            Sentence(text: "李四任职于人民日报", triples: [Triple("李四", "任职于", "人民日报")]),
            Sentence(text: "王五位于北京", triples: [Triple("王五", "位于", "北京")]),
        ]
        let aug = EntitySwapAugmenter(training: train)
        var g = RandomGenerator(seed: 3)
        var changed = 0
        for _ in 0..<4000 {
            let out = aug.apply(train[0], generator: &g)
            if out != train[0] {
                changed += 1
                #expect(out == Sentence(text: "李四任职于人民日报", triples: [Triple("李四", "任职于", "人民日报")]))
            }
        }
        // p = 0.5 of rewriting, and then 1/2 of drawing the other 任职于 triple (the own one is a no-op).
        #expect(abs(Double(changed) / 4000 - 0.25) < 0.03)
        let swapped = EntitySwapAugmenter.swap(
            Sentence(text: "张三张三新华社", triples: [Triple("张三", "任职于", "新华社"), Triple("张三", "职务", "记者")]),
            replacing: Triple("张三", "任职于", "新华社"), with: Triple("李四", "任职于", "人民日报"))
        #expect(swapped.text == "李四李四人民日报" && swapped.triples[1] == Triple("李四", "职务", "记者"))
        #expect(EntitySwapAugmenter.replaceAll("ab", "", "-") == "-a-b-")
    }

    @Test func charVocabularyKeepsCountAtLeastTwoWithPaddingZeroAndUnknownOne() throws {
        let v = CharVocabulary(counting: ["aab", "bc", "d"], minCount: 2)
        #expect(v.characters == ["a", "b"])
        #expect(v.encode(Array("abcd".unicodeScalars)) == [2, 3, 1, 1])
        #expect(v.size == 4)
        let back = try CharVocabulary(jsonObject: v.jsonObject(), file: "vocab.json")
        #expect(back == v)
    }
}
