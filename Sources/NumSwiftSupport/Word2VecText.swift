/// Reads the word2vec text format: a header `vocab_size dim`, then one line per word, `word v1 … vdim`
/// (fields separated by spaces or tabs; blank lines ignored; plain or gzip).
///
/// The one reader of this format: WordMining's `WordVectors.load` and InfoMap's
/// `KNNGraph.readWord2Vec` both call it.
///
/// - Parameters:
///   - path: the file.
///   - displayName: the file name put into errors (default: `path`).
/// - Returns: the words in file order, the dimension and the vectors row by row `[vocab, dim]`.
/// - Throws: `E.badLine` naming the line for a bad header (vocab in 0...1e8, dim in
///   1...1e5, vocab·dim ≤ 2e9), a row without a word and `dim` numbers, a non-finite value, more
///   or fewer rows than the header says; `E.io` / `E.corruptData` from reading.
package func readWord2VecText<E: FileErrorReporting>(
    _ path: String, displayName: String? = nil, errors: E.Type
) throws -> (words: [String], dim: Int, vectors: [Float]) {
    let file = displayName ?? path
    var count = -1, dim = 0
    var words: [String] = []
    var vectors: [Float] = []
    try forEachLine(of: path, errors: E.self) { line, number in
        if count < 0 {
            (count, dim) = try parseWord2VecHeader(line, file: file, errors: E.self)
            words.reserveCapacity(min(count, 1 << 14))
            vectors.reserveCapacity(min(count * dim, 1 << 16))  // grows with the rows read
            return
        }
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        if fields.isEmpty { return }
        guard words.count < count else {
            throw E.badLine(
                file: file, line: number, text: String(line.prefix(80)), expected: "no more than \(count) vectors (header)")
        }
        guard fields.count == dim + 1 else {
            throw E.badLine(file: file, line: number, text: String(line.prefix(80)), expected: "a word and \(dim) numbers")
        }
        for k in 1...dim {
            guard let x = Float(fields[k]), x.isFinite else {
                throw E.badLine(file: file, line: number, text: String(fields[k].prefix(40)), expected: "a finite number")
            }
            vectors.append(x)
        }
        words.append(String(fields[0]))
    }
    guard count >= 0 else { throw E.badLine(file: file, line: 1, text: "", expected: "a header \"vocab_size dim\"") }
    guard words.count == count else {
        throw E.badLine(
            file: file, line: words.count + 2, text: "<end of file>",
            expected: "\(count) vectors as the header says, found \(words.count)")
    }
    return (words, dim, vectors)
}

/// Parses a word2vec header `vocab_size dim` (text or binary format).
/// - Throws: `E.badLine` at line 1 unless 0 ≤ vocab ≤ 1e8, 1 ≤ dim ≤ 1e5 and vocab·dim ≤ 2e9.
package func parseWord2VecHeader<E: FileErrorReporting>(
    _ line: some StringProtocol, file: String, errors _: E.Type
) throws -> (count: Int, dim: Int) {
    let p = line.split(separator: " ", omittingEmptySubsequences: true)
    guard p.count == 2, let v = Int(p[0]), let d = Int(p[1]), v >= 0, v <= 100_000_000, d >= 1, d <= 100_000,
        v.multipliedReportingOverflow(by: d).partialValue <= 2_000_000_000
    else {
        throw E.badLine(
            file: file, line: 1, text: String(line.prefix(80)),
            expected: "a header \"vocab_size dim\" (vocab <= 1e8, 1 <= dim <= 1e5, vocab*dim <= 2e9)")
    }
    return (v, d)
}
