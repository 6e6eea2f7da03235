import CKernels.IO
import Foundation

// MARK: - PNG (8-bit grayscale) writer

/// A minimal PNG encoder for 8-bit grayscale images (e.g. grids of MNIST digits), compressed with
/// the system zlib.
///
/// References: PNG specification (ISO/IEC 15948), chunks IHDR, IDAT, IEND; filter type 0.
public enum PNG {
    /// The PNG bytes of a `height × width` grayscale image given row-major in [0, 1]
    /// (values are clamped and rounded to 0…255).
    ///
    /// - Throws: `NumSwiftError.invalidArgument` for an empty or mismatched image,
    ///   `NumSwiftError.io` if compression fails.
    public static func encodeGray(_ pixels: [Float], width: Int, height: Int) throws -> [UInt8] {
        guard width > 0, height > 0, pixels.count == width * height else {
            throw NumSwiftError.invalidArgument(
                name: "PNG image", value: "\(pixels.count) pixels for \(width)×\(height)", expected: "width·height > 0 values")
        }
        // Each scanline starts with its filter byte (0: none).
        var raw = [UInt8](repeating: 0, count: height * (width + 1))
        for y in 0..<height {
            for x in 0..<width {
                let v = pixels[y * width + x]
                let c = v.isNaN ? 0 : Swift.min(Swift.max(v, 0), 1)
                raw[y * (width + 1) + 1 + x] = UInt8((c * 255).rounded())
            }
        }
        var cap = ck_deflate_bound(raw.count)
        var packed = [UInt8](repeating: 0, count: cap)
        let rc = ck_deflate(raw, raw.count, &packed, &cap, 9)
        guard rc == 0 else { throw NumSwiftError.io(path: "<png>", reason: "zlib compress2 failed with code \(rc)") }
        packed.removeLast(packed.count - cap)
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 0, 0, 0, 0]  // bit depth 8, grayscale, deflate, adaptive filtering, no interlace
        chunk("IHDR", header, into: &out)
        chunk("IDAT", packed, into: &out)
        chunk("IEND", [], into: &out)
        return out
    }

    /// Writes a grayscale PNG to `path` atomically (a temporary file in the same directory, then
    /// rename), so a reader never sees a half-written image.
    ///
    /// - Throws: `NumSwiftError.invalidArgument` for a bad image, `NumSwiftError.io` when the
    ///   file cannot be written.
    public static func writeGray(_ pixels: [Float], width: Int, height: Int, to path: String) throws {
        let bytes = try encodeGray(pixels, width: width, height: height)
        let url = URL(fileURLWithPath: path)
        do {
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw NumSwiftError.io(path: path, reason: "cannot write PNG: \(error.localizedDescription)")
        }
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    private static func chunk(_ type: String, _ data: [UInt8], into out: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        out += bigEndian(UInt32(data.count))
        let body = typeBytes + data
        out += body
        out += bigEndian(ck_crc32(0, body, body.count))
    }
}
