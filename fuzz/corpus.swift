// libFuzzer target: corpora as every word-mining reader sees them: lines through a tiny reader
// buffer, UTF-8 checks, the code-unit encoder, n-gram counting and segmentation with a vocabulary.
import CKernels.Words

let fuzzTokenizer = try! UnigramTokenizer(words: [WordCount("我们", 5), WordCount("是", 3), WordCount("café", 2), WordCount("ab", 1)])

func fuzz_corpus(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let path = fuzzScratchFile(data, size, suffix: ".txt")
    var units = [UInt16](repeating: 0, count: 2 * size + 2)
    let grams = try! StringTable("fuzz n-grams")  // per input: a shared table would grow without bound
    _ = try? CorpusReader(path: path, policy: .skip, chunkSize: 16, maxLineBytes: 1 << 16).forEachLine { line, _ in
        var bad: Int64 = 0
        _ = units.withUnsafeMutableBufferPointer { ck_cp_encode(line.baseAddress, line.count, $0.baseAddress, &bad) }
        _ = ck_ngram_count(line.baseAddress, line.count, 4, grams.raw)
        let s = String(decoding: UnsafeRawBufferPointer(line), as: UTF8.self)
        _ = fuzzTokenizer.tokenize(s, combineAa123: line.count % 2 == 0)
    }
}
