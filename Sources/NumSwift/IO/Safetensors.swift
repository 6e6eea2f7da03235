import Foundation
import NumSwiftSupport

// MARK: - safetensors

/// Reading and writing the safetensors format: an 8-byte little-endian header length, a JSON header
/// `{name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}}`, then raw little-endian
/// data. Only F32 is written and read.
public enum Safetensors {
    /// Serialises named float arrays (names sorted; offsets contiguous) with optional string
    /// metadata (the format's `__metadata__` entry).
    /// - Precondition: each tensor's scalar count equals the product of its shape.
    public static func encode(_ tensors: [String: (shape: [Int], scalars: [Float])], metadata: [String: String] = [:]) -> [UInt8] {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let names = tensors.keys.sorted()
        for n in names {
            let t = tensors[n]!
            precondition(t.shape.reduce(1, *) == t.scalars.count, "Safetensors.encode: \(n) shape \(t.shape) vs \(t.scalars.count) scalars")
            header[n] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + 4 * t.scalars.count]] as [String: Any]
            offset += 4 * t.scalars.count
        }
        var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }  // pad with spaces so data is 8-aligned
        var out = [UInt8]()
        out.reserveCapacity(8 + json.count + offset)
        var len = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &len) { out.append(contentsOf: $0) }
        out.append(contentsOf: json)
        for n in names {
            tensors[n]!.scalars.withUnsafeBytes { out.append(contentsOf: $0) }  // little-endian hosts
        }
        return out
    }

    /// Parses safetensors bytes.
    /// - Throws: `NumSwiftError.malformedFile` for a truncated file, a header that is not valid JSON or
    ///   does not describe F32 arrays, or offsets outside the data.
    public static func decode(_ bytes: [UInt8], source: String = "safetensors data") throws -> [String: (shape: [Int], scalars: [Float])] {
        try decodeWithMetadata(bytes, source: source).tensors
    }

    /// Parses safetensors bytes and their `__metadata__` string map (empty when absent).
    /// - Throws: as `decode`, and when `__metadata__` is not an object of strings.
    public static func decodeWithMetadata(_ bytes: [UInt8], source: String = "safetensors data") throws
        -> (tensors: [String: (shape: [Int], scalars: [Float])], metadata: [String: String])
    {
        func bad(_ why: String) -> NumSwiftError { .malformedFile(path: source, reason: why) }
        guard bytes.count >= 8 else { throw bad("truncated: \(bytes.count) bytes, expected an 8-byte header length") }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard n <= UInt64(bytes.count - 8) else { throw bad("header length \(n) exceeds the file's \(bytes.count - 8) remaining bytes") }
        let h = Int(n)
        let headerData = Data(bytes[8..<(8 + h)])
        guard let obj = try? JSONSerialization.jsonObject(with: headerData), let dict = obj as? [String: Any] else {
            throw bad("header is not a JSON object")
        }
        let dataStart = 8 + h, dataCount = bytes.count - dataStart
        var metadata: [String: String] = [:]
        if let m = dict["__metadata__"] {
            guard let strings = m as? [String: String] else { throw bad("__metadata__ is not an object of strings") }
            metadata = strings
        }
        var out: [String: (shape: [Int], scalars: [Float])] = [:]
        for (name, v) in dict where name != "__metadata__" {
            guard let e = v as? [String: Any], let dtype = e["dtype"] as? String,
                let shape = e["shape"] as? [Int], let offs = e["data_offsets"] as? [Int], offs.count == 2
            else {
                throw bad("entry \(name) lacks dtype/shape/data_offsets")
            }
            guard dtype == "F32" else { throw bad("entry \(name) has dtype \(dtype); only F32 is supported") }
            var count = 1
            for d in shape {
                let (p, overflow) = count.multipliedReportingOverflow(by: d)
                guard d >= 0, !overflow, p <= dataCount else {
                    throw bad("entry \(name) has shape \(shape), larger than the file's \(dataCount) data bytes")
                }
                count = p
            }
            guard offs[0] >= 0, offs[1] >= offs[0], offs[1] <= dataCount, offs[1] - offs[0] == 4 * count else {
                throw bad("entry \(name): offsets \(offs) do not fit shape \(shape) within \(dataCount) data bytes")
            }
            var scalars = [Float](repeating: 0, count: count)
            scalars.withUnsafeMutableBytes { dst in
                bytes.withUnsafeBytes { src in
                    dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[(dataStart + offs[0])..<(dataStart + offs[1])]))
                }
            }
            out[name] = (shape, scalars)
        }
        return (out, metadata)
    }

    /// Writes atomically: to a temporary file in the same directory, then renamed over `path`.
    /// - Throws: `NumSwiftError.io` when the file cannot be written.
    public static func write(
        _ tensors: [String: (shape: [Int], scalars: [Float])], to path: String,
        metadata: [String: String] = [:]
    ) throws {
        try writeAtomically(encode(tensors, metadata: metadata), to: path)
    }

    /// Reads and parses a file.
    public static func read(path: String) throws -> [String: (shape: [Int], scalars: [Float])] {
        try readWithMetadata(path: path).tensors
    }

    /// Reads and parses a file with its `__metadata__` map.
    public static func readWithMetadata(path: String) throws
        -> (tensors: [String: (shape: [Int], scalars: [Float])], metadata: [String: String])
    {
        let bytes = try readAllBytes(path: path) { try expectedSize($0, source: path) }
        return try decodeWithMetadata(bytes, source: path)
    }

    /// The file size the header of `prefix` implies (8 + header length + the largest data offset),
    /// nil while the header is incomplete; throws for a header length over the format's 100 MB.
    static func expectedSize(_ prefix: [UInt8], source: String) throws -> Int? {
        guard prefix.count >= 8 else { return nil }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(prefix[i]) << (8 * UInt64(i)) }
        guard n <= 100_000_000 else {
            throw NumSwiftError.malformedFile(path: source, reason: "header length \(n) bytes; expected at most 100,000,000 (safetensors limit)")
        }
        guard prefix.count >= 8 + Int(n) else { return nil }
        guard let dict = try? JSONSerialization.jsonObject(with: Data(prefix[8..<(8 + Int(n))])) as? [String: Any] else {
            throw NumSwiftError.malformedFile(path: source, reason: "header is not a JSON object")
        }
        var end = 0
        for (_, v) in dict {
            if let e = v as? [String: Any], let offs = e["data_offsets"] as? [Int], offs.count == 2, offs[1] >= 0 {
                end = max(end, offs[1])
            }
        }
        return 8 + Int(n) + min(end, Int.max - 8 - Int(n))
    }

    /// Metadata key under which `saveWeights` records the weight names in the model's order.
    public static let weightOrderKey = "numswift.weight_order"
}

/// Writes bytes to `path` via a temporary file in the same directory and a rename, so a reader
/// never sees a half-written file.
/// - Throws: `NumSwiftError.io`.
func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    try NumSwiftSupport.writeAtomically(bytes, to: path, errors: NumSwiftError.self)
}

// MARK: - Model weights

extension Layer {
    /// Weight paths (`layer/weight`, prefixed by wrapper or nested model names) and variables, in
    /// `weights` order.
    public func namedWeights() -> [(String, Variable)] { weights.map { ($0.name, $0) } }

    /// Saves all weights to a safetensors file named by weight path (atomic write). The names in
    /// the model's weight order go into the file's metadata, so the file also loads by position.
    /// - Throws: `NumSwiftError.invalidArgument` when two weights share a name (one would be
    ///   lost; give the layers distinct names), before anything is written; `NumSwiftError.io`.
    public func saveWeights(_ path: String) throws {
        var d: [String: (shape: [Int], scalars: [Float])] = [:]
        let named = namedWeights()
        try checkUniqueWeightNames(named, path)
        for (n, v) in named { d[n] = (v.shape, v.value.scalars) }
        let order = String(decoding: try! JSONSerialization.data(withJSONObject: named.map(\.0), options: [.withoutEscapingSlashes]), as: UTF8.self)
        try Safetensors.write(d, to: path, metadata: [Safetensors.weightOrderKey: order])
    }

    /// Loads weights from a safetensors file: by name when every name matches; otherwise, like
    /// Keras 3, by position when the file records its weight order (files written by `saveWeights`)
    /// and the counts and shapes agree in that order (a model rebuilt with other auto-generated
    /// layer names).
    /// - Throws: `NumSwiftError.malformedFile` listing every missing, unexpected or mis-shaped name
    ///   (nothing is changed then), the file's own read/parse error, or
    ///   `NumSwiftError.invalidArgument` when two of the model's weights share a name.
    public func loadWeights(_ path: String) throws {
        let (d, metadata) = try Safetensors.readWithMetadata(path: path)
        let mine = namedWeights()
        try checkUniqueWeightNames(mine, path)
        var problems: [String] = []
        let names = Set(mine.map(\.0))
        for (n, v) in mine {
            guard let t = d[n] else { problems.append("missing \(n) \(v.shape)"); continue }
            if t.shape != v.shape { problems.append("\(n): file shape \(t.shape), model shape \(v.shape)") }
        }
        for n in d.keys.sorted() where !names.contains(n) { problems.append("unexpected \(n) \(d[n]!.shape)") }
        if problems.isEmpty {
            for (n, v) in mine { v.value = Tensor(shape: d[n]!.shape, scalars: d[n]!.scalars) }
            return
        }
        if let json = metadata[Safetensors.weightOrderKey],
            let order = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String],
            order.count == mine.count, Set(order) == Set(d.keys),
            zip(order, mine).allSatisfy({ d[$0.0]!.shape == $0.1.1.shape })
        {
            for (n, (_, v)) in zip(order, mine) { v.value = Tensor(shape: d[n]!.shape, scalars: d[n]!.scalars) }
            return
        }
        throw NumSwiftError.malformedFile(path: path, reason: "weights do not match the model: " + problems.joined(separator: "; "))
    }
}

/// Throws when two weights share a name, naming every duplicate.
func checkUniqueWeightNames(_ named: [(String, Variable)], _ path: String) throws {
    var count: [String: Int] = [:]
    for (n, _) in named { count[n, default: 0] += 1 }
    let dup = count.filter { $0.value > 1 }.keys.sorted()
    guard dup.isEmpty else {
        throw NumSwiftError.invalidArgument(
            name: "weight names for \(path)", value: dup.map { "\($0) (×\(count[$0]!))" }.joined(separator: ", "),
            expected: "unique weight names (give the layers distinct names); nothing was written or loaded")
    }
}
