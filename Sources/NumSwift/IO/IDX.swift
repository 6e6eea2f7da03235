import Foundation

// MARK: - IDX (MNIST) files

/// The contents of an IDX file of unsigned bytes (the MNIST format): shape and raw values.
public struct IDXArray {
    /// Dimensions from the file header.
    public let shape: [Int]
    /// The raw values, row-major.
    public let bytes: [UInt8]

    /// Values as floats scaled by `scale` (e.g. 1/255 for pixels), shaped `shape`.
    public func tensor(scale: Float = 1) -> Tensor {
        Tensor(shape: shape) { buf in for (i, b) in bytes.enumerated() { buf[i] = Float(b) * scale } }
    }
}

/// Parses IDX bytes: magic `00 00 08 d`, `d` big-endian UInt32 dimensions, then the unsigned bytes.
///
/// - Parameters: data: the (decompressed) file; source: the file name for error messages.
/// - Throws: `NumSwiftError.malformedFile` for an empty or truncated file, a wrong magic number or
///   element type, zero or absurd dimensions, or a size that does not match the dimensions.
public func parseIDX(_ data: [UInt8], source: String = "IDX data") throws -> IDXArray {
    func bad(_ why: String) -> NumSwiftError { .malformedFile(path: source, reason: why) }
    guard !data.isEmpty else { throw bad("empty file; expected an IDX header (magic 00 00 08 <rank>)") }
    guard let (shape, header, total) = try idxHeader(data, source: source) else {
        let need = data.count >= 4 ? 4 + 4 * Int(data[3]) : 4
        throw bad("truncated header: \(data.count) bytes, expected at least \(need)")
    }
    let payload = data.count - header
    guard payload == total else {
        throw bad(
            payload < total
                ? "truncated: \(payload) data bytes, dimensions \(shape) need \(total)"
                : "\(payload - total) trailing bytes after \(total) data bytes for dimensions \(shape)")
    }
    return IDXArray(shape: shape, bytes: Array(data[header...]))
}

/// The header of IDX bytes: shape, header length and data length; nil while `prefix` is too short
/// to hold the whole header. Dimensions whose product overflows throw.
func idxHeader(_ prefix: [UInt8], source: String) throws -> (shape: [Int], header: Int, total: Int)? {
    func bad(_ why: String) -> NumSwiftError { .malformedFile(path: source, reason: why) }
    guard prefix.count >= 4 else { return nil }
    guard prefix[0] == 0 && prefix[1] == 0 else {
        throw bad(String(format: "wrong magic %02x %02x; expected 00 00 (IDX format)", prefix[0], prefix[1]))
    }
    guard prefix[2] == 0x08 else { throw bad(String(format: "element type 0x%02x; only unsigned bytes (0x08) are supported", prefix[2])) }
    let rank = Int(prefix[3])
    guard rank >= 1 && rank <= 8 else { throw bad("rank \(rank); expected 1...8") }
    let header = 4 + 4 * rank
    guard prefix.count >= header else { return nil }
    var shape: [Int] = []
    var total = 1
    for d in 0..<rank {
        let o = 4 + 4 * d
        let v = Int(prefix[o]) << 24 | Int(prefix[o + 1]) << 16 | Int(prefix[o + 2]) << 8 | Int(prefix[o + 3])
        shape.append(v)
        let (p, overflow) = total.multipliedReportingOverflow(by: v)
        guard !overflow, p <= Int.max - header else { throw bad("dimensions \(shape) overflow the size of any file") }
        total = p
    }
    return (shape, header, total)
}

/// Reads an IDX file (plain or gzip).
/// - Throws: `NumSwiftError.io` / `.malformedFile` naming the file.
public func readIDX(path: String) throws -> IDXArray {
    // The header gives the size: a longer stream (e.g. /dev/zero) stops as soon as it runs past it.
    try parseIDX(readAllBytes(path: path) { try idxHeader($0, source: path).map { $0.header + $0.total } }, source: path)
}

// MARK: - MNIST

/// The MNIST training and test sets: images `[N, 784]` scaled to [0, 1], labels as class indices.
public struct MNIST {
    /// 60,000 training images `[60000, 784]` and their labels.
    public let trainImages: Tensor, trainLabels: [Int]
    /// 10,000 test images `[10000, 784]` and their labels.
    public let testImages: Tensor, testLabels: [Int]

    /// Loads the four standard `*-ubyte.gz` files from `directory`.
    /// - Throws: `NumSwiftError` naming the file when one is missing or malformed, when counts
    ///   disagree, when images are not 28×28 or a label is not in 0...9.
    public init(directory: String) throws {
        func load(_ images: String, _ labels: String) throws -> (Tensor, [Int]) {
            let ip = directory + "/" + images, lp = directory + "/" + labels
            let im = try readIDX(path: ip), lb = try readIDX(path: lp)
            guard im.shape.count == 3, lb.shape.count == 1, im.shape[0] == lb.shape[0] else {
                throw NumSwiftError.malformedFile(path: ip, reason: "images \(im.shape) and labels \(lb.shape) do not match (expected [N, 28, 28] and [N])")
            }
            guard im.shape[1] == 28, im.shape[2] == 28 else {
                throw NumSwiftError.malformedFile(path: ip, reason: "images of \(im.shape[1])×\(im.shape[2]) pixels; expected MNIST's 28×28")
            }
            if let k = lb.bytes.firstIndex(where: { $0 > 9 }) {
                throw NumSwiftError.malformedFile(path: lp, reason: "label \(lb.bytes[k]) at index \(k); expected digit classes 0...9")
            }
            let n = im.shape[0], d = im.shape[1] * im.shape[2]
            let x = Tensor(shape: [n, d]) { buf in im.bytes.withUnsafeBufferPointer { src in for i in 0..<src.count { buf[i] = Float(src[i]) / 255 } } }
            return (x, lb.bytes.map(Int.init))
        }
        (trainImages, trainLabels) = try load("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
        (testImages, testLabels) = try load("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    }
}
