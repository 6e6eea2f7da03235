// libFuzzer target: `word count` vocabulary files (tokenizer) and word-count lists (domain contrast).
func fuzz_vocabulary(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let path = fuzzScratchFile(data, size, suffix: ".txt")
    if let tok = try? UnigramTokenizer(contentsOf: path) {
        _ = tok.tokenize("我们是café ab", combineAa123: true)
    }
    var counts: [WordCount] = []
    _ = try? CorpusReader(path: path).forEachLine { line, _ in
        let p = String(decoding: UnsafeRawBufferPointer(line), as: UTF8.self).split(separator: " ")
        if p.count >= 2, let c = Int(p[1]) { counts.append(WordCount(String(p[0]), c)) }
    }
    _ = try? DomainContrast().rank(domain: counts, general: counts.reversed() + [WordCount("x", 1)])
}
