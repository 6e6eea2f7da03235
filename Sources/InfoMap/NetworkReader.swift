import CKernels.Infomap
import Foundation
import NumSwiftSupport

extension Network {
    /// Reads a network file: Pajek (`.net`, or a first line starting with `*`) or a link list
    /// `source target [weight]` with `#` comments. Gzip files are read transparently.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - directed: whether links are directed (Pajek `*Arcs` does not imply it, as in Infomap).
    /// - Throws: `InfoMapError` naming file:line and what was expected (bad token, negative or
    ///   NaN weight, node id out of range, missing `*Vertices` section, empty input).
    public static func read(path: String, directed: Bool = false) throws -> Network {
        let bytes = try readAllBytes(path, errors: InfoMapError.self, text: true)
        let name = (path as NSString).lastPathComponent
        var isPajek = path.hasSuffix(".net") || path.hasSuffix(".net.gz")
        if !isPajek, let first = bytes.first(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }), first == UInt8(ascii: "*") {
            isPajek = true
        }
        let net =
            try isPajek
            ? parsePajek(bytes, file: name, directed: directed)
            : parseLinkList(bytes, file: name, directed: directed)
        try net.checkWeights(file: name)
        return net
    }

    /// Throws unless the link weights sum to a finite positive number: weights that overflow to
    /// infinity (or merge to it) would give NaN flows, and all-zero weights carry no flow at all.
    func checkWeights(file: String) throws {
        guard numLinks > 0 else { return }
        let total = totalWeight
        guard total.isFinite else {
            let big = linkWeights.max() ?? 0
            throw InfoMapError.invalidOption(
                name: "link weights in \(file)", value: "sum \(total) (largest merged weight \(big))",
                expected: "weights whose sum is a finite double; rescale them (e.g. divide by their maximum)")
        }
        guard total > 0 else {
            throw InfoMapError.invalidOption(
                name: "link weights in \(file)", value: "all \(numLinks) zero",
                expected: "at least one positive weight (zero-weight links carry no flow)")
        }
    }

    /// Parses a link list from bytes (see `read(path:directed:)`). Parsing and merging run in C;
    /// ids above 4 × lines + 2^20 (very sparse ids) go through the general `addLink` path.
    public static func parseLinkList(_ bytes: [UInt8], file: String, directed: Bool) throws -> Network {
        var text = bytes
        text.append(0)
        let cap = Int(text.withUnsafeBufferPointer { ck_im_count_lines(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), bytes.count) })
        var src = [Int64](repeating: 0, count: cap), dst = [Int64](repeating: 0, count: cap)
        var w = [Double](repeating: 0, count: cap)
        var maxId: Int64 = -1, errLine: Int64 = 0, errKind: Int32 = 0
        let m = text.withUnsafeBufferPointer { t in
            ck_im_parse_links(
                UnsafeRawPointer(t.baseAddress!).assumingMemoryBound(to: CChar.self), bytes.count,
                &src, &dst, &w, Int64(cap), &maxId, &errLine, &errKind)
        }
        if m < 0 {
            let text = lineText(bytes, Int(errLine))
            switch Int(errKind) {
            case Int(CK_IM_LINK_FIELDS):
                throw InfoMapError.malformedLine(file: file, line: Int(errLine), text: text, expected: "source target [weight]")
            case Int(CK_IM_LINK_ID):
                throw InfoMapError.malformedLine(file: file, line: Int(errLine), text: text, expected: "two non-negative integer node ids")
            default:
                throw InfoMapError.malformedLine(file: file, line: Int(errLine), text: text, expected: "a finite non-negative weight")
            }
        }
        if m == 0 { throw InfoMapError.empty(file: file, expected: "lines \"source target [weight]\"") }
        let count = Int(m)
        guard maxId < 4 * Int64(cap) + (1 << 20) else {
            var net = Network(directed: directed)
            for k in 0..<count { net.addLink(Int(src[k]), Int(dst[k]), weight: w[k]) }
            return net
        }
        var nodeOf = [Int32](repeating: -1, count: Int(maxId) + 1)
        var ids = [Int64](repeating: 0, count: 2 * count)
        var tableSize = 1
        while tableSize < 2 * count { tableSize <<= 1 }
        var slots = [UInt64](repeating: 0, count: tableSize), slotLink = [Int32](repeating: 0, count: tableSize)
        var ls = [Int32](repeating: 0, count: count), lt = [Int32](repeating: 0, count: count)
        var lw = [Double](repeating: 0, count: count)
        var numNodes: Int64 = 0, numLinks: Int64 = 0
        ck_im_merge_links(
            src, dst, w, m, directed ? 1 : 0, &nodeOf, Int64(nodeOf.count), &ids, &slots, &slotLink,
            Int64(tableSize), &ls, &lt, &lw, &numNodes, &numLinks)
        let n = Int(numNodes), l = Int(numLinks)
        return Network(
            directed: directed, ids: ids[0..<n].map { Int($0) }, linkSources: Array(ls[0..<l]),
            linkTargets: Array(lt[0..<l]), linkWeights: Array(lw[0..<l]))
    }

    /// Line `number` (1-based) of `bytes`, trimmed, for error messages.
    static func lineText(_ bytes: [UInt8], _ number: Int) -> String {
        var line = 1, start = 0
        while line < number, let nl = bytes[start...].firstIndex(of: 10) { start = nl + 1; line += 1 }
        let end = bytes[start...].firstIndex(of: 10) ?? bytes.count
        return lineExcerpt(bytes, start, end)
    }

    /// Parses a Pajek network: `*Vertices [N]` with `id "label" [weight]` lines, then `*Edges` /
    /// `*Arcs` sections of `source target [weight]`. Vertex ids are kept as written (Infomap
    /// writes 0-based ones); `*Vertices N` without vertex lines declares ids 1...N.
    /// - Parameters:
    ///   - bytes: the whole file's contents.
    ///   - file: the file's name, for error messages.
    ///   - directed: whether links are directed (Pajek `*Arcs` does not imply it, as in Infomap).
    ///   - implicitVertexLimit: the largest such N accepted (default: 2^20, or 16 per byte
    ///     of the file when that is more), so a tiny file cannot declare millions of vertices.
    public static func parsePajek(_ bytes: [UInt8], file: String, directed: Bool, implicitVertexLimit: Int? = nil) throws -> Network {
        var net = Network(directed: directed)
        var declared = -1, verticesLine = 0
        var section = ""  // "", "vertices", "links"
        var known = Set<Int>()
        try forEachLine(bytes) { lineNo, fields, text in
            if fields.isEmpty { return }
            if fields[0].first == UInt8(ascii: "*") {
                let head = String(decoding: fields[0], as: UTF8.self).lowercased()
                if head == "*vertices" {
                    declared = 0
                    verticesLine = lineNo
                    if fields.count >= 2 {
                        guard let n = parseId(fields[1]) else {
                            throw InfoMapError.malformedLine(file: file, line: lineNo, text: text(), expected: "*Vertices [N] with a non-negative integer N")
                        }
                        declared = n
                    }
                    section = "vertices"
                } else if head == "*edges" || head == "*arcs" || head == "*links" {
                    guard declared >= 0 else { throw InfoMapError.missingSection(file: file, line: lineNo, section: "*Vertices") }
                    if known.isEmpty && declared > 0 {
                        // Implicit vertices 1...N cost ~100 bytes each: a tiny file must not declare millions.
                        let allowed = implicitVertexLimit ?? max(1 << 20, 16 * bytes.count)
                        guard declared <= allowed else {
                            throw InfoMapError.malformedLine(
                                file: file, line: verticesLine, text: "*Vertices \(declared)",
                                expected: "at most \(allowed) implicit vertices for a file of \(bytes.count) bytes (list the vertices, or fix N)")
                        }
                        try requireMemory(declared * 128, for: "*Vertices \(declared)", path: file, errors: InfoMapError.self)
                        for i in 1...declared { net.addNode(i); known.insert(i) }
                    }
                    section = "links"
                } else {
                    throw InfoMapError.malformedLine(file: file, line: lineNo, text: text(), expected: "*Vertices, *Edges or *Arcs")
                }
                return
            }
            switch section {
            case "vertices":
                guard let id = parseId(fields[0]) else {
                    throw InfoMapError.malformedLine(file: file, line: lineNo, text: text(), expected: "a non-negative integer vertex id")
                }
                let line = text()
                var label = fields.count > 1 ? String(decoding: fields[1], as: UTF8.self) : String(id)
                if let q0 = line.firstIndex(of: "\"") {
                    let rest = line[line.index(after: q0)...]
                    guard let q1 = rest.firstIndex(of: "\"") else {
                        throw InfoMapError.malformedLine(file: file, line: lineNo, text: line, expected: "a closing quote after the label")
                    }
                    label = String(rest[..<q1])
                }
                net.addNode(id, name: label)
                known.insert(id)
            case "links":
                guard fields.count == 2 || fields.count == 3, let s = parseId(fields[0]), let t = parseId(fields[1]) else {
                    throw InfoMapError.malformedLine(file: file, line: lineNo, text: text(), expected: "source target [weight] with integer ids")
                }
                guard known.contains(s), known.contains(t) else {
                    throw InfoMapError.malformedLine(file: file, line: lineNo, text: text(), expected: "ids declared in *Vertices")
                }
                var w = 1.0
                if fields.count == 3 {
                    guard let v = parseWeight(fields[2]) else {
                        throw InfoMapError.malformedLine(file: file, line: lineNo, text: text(), expected: "a finite non-negative weight")
                    }
                    w = v
                }
                net.addLink(s, t, weight: w)
            default:
                throw InfoMapError.missingSection(file: file, line: lineNo, section: "*Vertices")
            }
        }
        if declared < 0 { throw InfoMapError.missingSection(file: file, line: 1, section: "*Vertices") }
        if net.numNodes == 0 { throw InfoMapError.empty(file: file, expected: "at least one vertex") }
        return net
    }
}

// MARK: - Tokenising

/// Calls `body(lineNumber, fields, lineText)` for each line with `#` comments stripped.
/// Fields are whitespace-separated byte slices; quoted strings are not split specially here.
private func forEachLine(_ bytes: [UInt8], _ body: (Int, [ArraySlice<UInt8>], () -> String) throws -> Void) throws {
    var lineNo = 0
    var start = 0
    let n = bytes.count
    var fields: [ArraySlice<UInt8>] = []
    fields.reserveCapacity(8)
    while start < n {
        lineNo += 1
        var end = start
        while end < n && bytes[end] != 10 { end += 1 }
        var stop = end
        if let h = bytes[start..<end].firstIndex(of: UInt8(ascii: "#")) { stop = h }
        fields.removeAll(keepingCapacity: true)
        var i = start
        while i < stop {
            while i < stop && (bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 13) { i += 1 }
            if i >= stop { break }
            let f0 = i
            while i < stop && bytes[i] != 32 && bytes[i] != 9 && bytes[i] != 13 { i += 1 }
            fields.append(bytes[f0..<i])
        }
        let s = start, e = end
        try body(lineNo, fields, { lineExcerpt(bytes, s, e) })
        start = end + 1
    }
}

/// The text of `bytes[start..<end]` for an error message, trimmed; a line longer than 120 bytes
/// is cut there and its length appended (a bad line can be megabytes long).
func lineExcerpt(_ bytes: [UInt8], _ start: Int, _ end: Int) -> String {
    let cut = min(end, start + 120)
    let text = String(decoding: bytes[start..<cut], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return cut == end ? text : text + "… (\(end - start) bytes in all)"
}

/// A non-negative decimal integer, or nil.
private func parseId(_ f: ArraySlice<UInt8>) -> Int? {
    if f.isEmpty || f.count > 18 { return nil }
    var v = 0
    for c in f {
        guard c >= 48 && c <= 57 else { return nil }
        v = v * 10 + Int(c - 48)
    }
    return v
}

/// A finite non-negative floating-point weight, or nil.
private func parseWeight(_ f: ArraySlice<UInt8>) -> Double? {
    // Fast path for plain integers.
    if let v = parseId(f) { return Double(v) }
    guard let v = Double(String(decoding: f, as: UTF8.self)), v.isFinite, v >= 0 else { return nil }
    return v
}
