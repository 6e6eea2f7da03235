import NumSwiftSupport
#if canImport(Glibc)
    import Glibc
#endif

extension WordVectors {
    /// Writes the word2vec format: a `V d` header line, then one word per row, followed by its
    /// values as text (`binary == false`, shortest round-trip decimals) or as d little-endian
    /// float32 and a newline (`binary == true`, the original C tool's layout). gensim's
    /// `KeyedVectors.load_word2vec_format` reads both. Written to a temporary file then renamed.
    /// - Throws: `WordMiningError.io`.
    public func save(to path: String, binary: Bool = false) throws {
        try writeAtomically(to: path, errors: WordMiningError.self) { out in
            out.write("\(words.count) \(dim)\n")
            vectors.withUnsafeBufferPointer { v in
                for (r, w) in words.enumerated() {
                    if binary {
                        out.write(w + " ")
                        out.write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: v[(r * dim)..<((r + 1) * dim)])))
                        out.write("\n")
                    } else {
                        var line = w
                        for k in 0..<dim { line += " "; line += "\(v[r * dim + k])" }
                        line += "\n"
                        out.write(line)
                    }
                }
            }
        }
    }

    /// Reads the word2vec text or binary format (plain or gzip).
    /// - Throws: `WordMiningError.malformedLine` naming the line (text) or vector (binary) and what
    ///   was expected; `.truncated`; `.io`.
    public static func load(from path: String, binary: Bool = false) throws -> WordVectors {
        binary ? try loadBinary(path) : try loadText(path)
    }

    static func loadText(_ path: String) throws -> WordVectors {
        let (words, dim, vectors) = try readWord2VecText(path, errors: WordMiningError.self)
        return WordVectors(words: words, dim: dim, vectors: vectors)
    }

    static func loadBinary(_ path: String) throws -> WordVectors {
        let r = try GzipReader(path: path, errors: WordMiningError.self)
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        var pos = 0, end = 0
        func fill() throws -> Bool {
            if pos < end { return true }
            let n = try buf.withUnsafeMutableBytes { try r.read(into: $0) }
            pos = 0; end = n
            return n > 0
        }
        func readUntil(_ stop: UInt8, max: Int) throws -> [UInt8]? {
            var out: [UInt8] = []
            while try fill() {
                let c = buf[pos]; pos += 1
                if c == stop { return out }
                out.append(c)
                if out.count > max { return nil }
            }
            return out.isEmpty ? nil : out
        }
        guard let h = try readUntil(10, max: 100) else {
            throw WordMiningError.malformedLine(file: path, line: 1, text: "", expected: "a header \"vocab_size dim\"")
        }
        let (V, d) = try parseWord2VecHeader(String(decoding: h, as: UTF8.self), file: path, errors: WordMiningError.self)
        var words: [String] = []
        // Grown as vectors arrive: a header alone must not allocate V·d floats.
        var vec: [Float] = []
        vec.reserveCapacity(min(V * d, 1 << 16))
        for i in 0..<V {
            guard var w = try readUntil(32, max: 10_000) else {
                throw WordMiningError.malformedLine(
                    file: path, line: i + 1, text: "<end of file>", expected: "\(V) vectors as the header says (vector \(i + 1) missing)")
            }
            while w.first == 10 { w.removeFirst() }
            guard !w.isEmpty, let word = String(validating: w, as: UTF8.self) else {
                throw WordMiningError.malformedLine(
                    file: path, line: i + 1, text: String(decoding: w.prefix(40), as: UTF8.self), expected: "a UTF-8 word before vector \(i + 1)")
            }
            words.append(word)
            vec.append(contentsOf: repeatElement(0, count: d))
            var need = d * 4, off = i * d * 4
            try vec.withUnsafeMutableBytes { vb in
                while need > 0 {
                    guard try fill() else {
                        throw WordMiningError.malformedLine(
                            file: path, line: i + 1, text: word, expected: "\(d) float32 values (file ends inside vector \(i + 1))")
                    }
                    let k = Swift.min(need, end - pos)
                    buf.withUnsafeBytes { bb in vb.baseAddress!.advanced(by: off).copyMemory(from: bb.baseAddress! + pos, byteCount: k) }
                    pos += k; off += k; need -= k
                }
            }
            for k in 0..<d where !vec[i * d + k].isFinite {
                throw WordMiningError.malformedLine(file: path, line: i + 1, text: word, expected: "finite float32 values")
            }
        }
        return WordVectors(words: words, dim: d, vectors: vec)
    }
}
