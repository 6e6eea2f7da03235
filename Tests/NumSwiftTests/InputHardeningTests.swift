import Foundation
import Testing

@testable import NumSwift

/// Regression tests for issue 13 on the NumSwift readers: typed errors, bounded reads.
@Suite struct InputHardeningTests {
    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    /// Writes an MNIST-like directory whose images are `side`×`side` and labels all `label`.
    func mnistDir(side: Int, label: UInt8) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mnist-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        func idx(_ name: String, _ dims: [Int], _ fill: UInt8) {
            var bytes: [UInt8] = [0, 0, 8, UInt8(dims.count)]
            for d in dims { bytes += [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] }
            bytes += [UInt8](repeating: fill, count: dims.reduce(1, *))
            // Plain bytes under the .gz name: the reader passes non-gzip files through.
            FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(bytes))
        }
        for (split, n) in [("train", 3), ("t10k", 2)] {
            idx("\(split)-images-idx3-ubyte.gz", [n, side, side], 0)
            idx("\(split)-labels-idx1-ubyte.gz", [n], label)
        }
        return dir
    }

    @Test func mnistLabelsAboveNineAndImagesNot28x28Throw() throws {
        let labels = try mnistDir(side: 28, label: 10)
        defer { try? FileManager.default.removeItem(atPath: labels) }
        let l = message { _ = try MNIST(directory: labels) }
        #expect(l.contains("train-labels") && l.contains("label 10"), "\(l)")
        let images = try mnistDir(side: 20, label: 3)
        defer { try? FileManager.default.removeItem(atPath: images) }
        let i = message { _ = try MNIST(directory: images) }
        #expect(i.contains("20×20") && i.contains("28×28"), "\(i)")
    }

    @Test func endlessStreamsStopAtTheHeaderSize() {
        let t0 = Date()
        let idx = message { _ = try readIDX(path: "/dev/zero") }
        #expect(idx.contains("element type 0x00"), "\(idx)")
        let st = message { _ = try Safetensors.read(path: "/dev/zero") }
        #expect(st.contains("/dev/zero"), "\(st)")
        #expect(Date().timeIntervalSince(t0) < 5)
    }

    @Test func idxDimensionsThatOverflowThrow() {
        let header: [UInt8] = [0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12) + [1, 2, 3]
        let m = message { _ = try parseIDX(header, source: "x.idx") }
        #expect(m.contains("x.idx"), "\(m)")
    }

    @Test func safetensorsHeaderLengthOverTheFormatLimitThrows() throws {
        var bytes: [UInt8] = [0, 0, 0, 0, 1, 0, 0, 0]  // 2^32
        bytes += Array("{}".utf8)
        let m = message { _ = try Safetensors.expectedSize(bytes, source: "w.safetensors") }
        #expect(m.contains("header length 4294967296"), "\(m)")
    }

    @Test func aDirectoryIsNamedAsSuch() {
        let m = message { _ = try readAllBytes(path: FileManager.default.temporaryDirectory.path) }
        #expect(m.contains("Is a directory"), "\(m)")
    }
}
