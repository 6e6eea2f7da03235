// libFuzzer target: relation-extraction JSON lines (`{"text": …, "spo_list": [...]}`), streamed
// through IEDataReader with and without a schema; every sentence read keeps its triples.
let fuzzSchema = try! Schema(predicates: ["p", "q", "作者"])

func fuzz_iejson(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let path = fuzzScratchFile(data, size, suffix: ".jsonl")
    let schema: Schema? = size % 2 == 0 ? fuzzSchema : nil
    var lines: [Int] = []
    _ = try? IEDataReader(schema: schema, requireTriples: size % 3 == 0).forEach(path) { sentence, line in
        precondition(lines.last.map { $0 < line } ?? true, "line numbers must increase")
        lines.append(line)
        if let schema { precondition(sentence.triples.allSatisfy { schema.index(of: $0.predicate) != nil }) }
    }
}
