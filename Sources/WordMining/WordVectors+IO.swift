import CKernels.IO
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
        let tmp = path + ".tmp\(getpid())"
        guard let f = fopen(tmp, "wb") else { throw WordMiningError.io(path: path, reason: "cannot open for writing") }
        var ok = true
        func put(_ s: String) { var s = s; s.withUTF8 { b in if fwrite(b.baseAddress, 1, b.count, f) != b.count { ok = false } } }
        put("\(words.count) \(dim)\n")
        vectors.withUnsafeBufferPointer { v in
            for (r, w) in words.enumerated() {
                if binary {
                    put(w + " ")
                    if fwrite(v.baseAddress! + r * dim, 4, dim, f) != dim { ok = false }
                    put("\n")
                } else {
                    var line = w
                    for k in 0..<dim { line += " "; line += "\(v[r * dim + k])" }
                    line += "\n"
                    put(line)
                }
            }
        }
        if fclose(f) != 0 { ok = false }
        guard ok, rename(tmp, path) == 0 else {
            unlink(tmp)
            throw WordMiningError.io(path: path, reason: "write failed (disk full or no permission?)")
        }
    }

    /// Reads the word2vec text or binary format (plain or gzip).
    /// - Throws: `WordMiningError.malformedLine` naming the line (text) or vector (binary) and what
    ///   was expected; `.truncated`; `.io`.
    public static func load(from path: String, binary: Bool = false) throws -> WordVectors {
        binary ? try loadBinary(path) : try loadText(path)
    }

    static func parseHeader(_ s: String, _ path: String) throws -> (Int, Int) {
        let p = s.split(separator: " ", omittingEmptySubsequences: true)
        guard p.count == 2, let v = Int(p[0]), let d = Int(p[1]), v >= 0, v <= 100_000_000, d >= 1, d <= 100_000,
            v.multipliedReportingOverflow(by: d).partialValue <= 2_000_000_000
        else {
            throw WordMiningError.malformedLine(
                file: path, line: 1, text: String(s.prefix(80)),
                expected: "a header \"vocab_size dim\" (vocab <= 1e8, 1 <= dim <= 1e5, vocab*dim <= 2e9)")
        }
        return (v, d)
    }

    static func loadText(_ path: String) throws -> WordVectors {
        var V = -1, d = 0
        var words: [String] = []
        var vec: [Float] = []
        try CorpusReader(path: path).forEachLine { line, n in
            let s = String(decoding: UnsafeRawBufferPointer(line), as: UTF8.self)
            if V < 0 {
                (V, d) = try parseHeader(s, path)
                words.reserveCapacity(min(V, 1 << 20)); vec.reserveCapacity(min(V * d, 1 << 26))
                return
            }
            if s.isEmpty { return }
            let p = s.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count < V else {
                throw WordMiningError.malformedLine(file: path, line: n, text: String(s.prefix(80)), expected: "no more than \(V) vectors (header)")
            }
            guard p.count == d + 1 else {
                throw WordMiningError.malformedLine(file: path, line: n, text: String(s.prefix(80)), expected: "a word and \(d) numbers")
            }
            for k in 1...d {
                guard let x = Float(p[k]), x.isFinite else {
                    throw WordMiningError.malformedLine(file: path, line: n, text: String(p[k].prefix(40)), expected: "a finite number")
                }
                vec.append(x)
            }
            words.append(String(p[0]))
        }
        guard V >= 0 else { throw WordMiningError.malformedLine(file: path, line: 1, text: "", expected: "a header \"vocab_size dim\"") }
        guard words.count == V else {
            throw WordMiningError.malformedLine(
                file: path, line: words.count + 2, text: "<end of file>", expected: "\(V) vectors as the header says, found \(words.count)")
        }
        return WordVectors(words: words, dim: d, vectors: vec)
    }

    static func loadBinary(_ path: String) throws -> WordVectors {
        guard let r = ck_gz_open(path) else {
            throw WordMiningError.io(path: path, reason: "cannot open for reading (\(String(cString: strerror(errno))))")
        }
        defer { ck_gz_close(r) }
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        var pos = 0, end = 0
        func fill() throws -> Bool {
            if pos < end { return true }
            let n = buf.withUnsafeMutableBytes { ck_gz_read(r, $0.baseAddress, $0.count) }
            if n < 0 { throw WordMiningError.truncated(file: path, reason: String(cString: ck_gz_error(r))) }
            pos = 0; end = Int(n)
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
        let (V, d) = try parseHeader(String(decoding: h, as: UTF8.self), path)
        var words: [String] = []
        // Grown as vectors arrive: a header alone must not allocate V·d floats.
        var vec: [Float] = []
        vec.reserveCapacity(min(V * d, 1 << 24))
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
