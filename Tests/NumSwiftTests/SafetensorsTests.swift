import Foundation
import Testing
@testable import NumSwift

@Suite struct SafetensorsTests {
    func tmp(_ name: String) -> String { NSTemporaryDirectory() + "ns-\(getpid())-\(name)" }

    @Test func roundTripAndLayout() throws {
        let d: [String: (shape: [Int], scalars: [Float])] = ["a/kernel": ([2, 2], [1, 2, 3, 4]), "b": ([3], [5, 6, 7])]
        let bytes = Safetensors.encode(d)
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        let header = String(decoding: bytes[8..<(8 + Int(n))], as: UTF8.self)
        #expect(header.contains("\"dtype\":\"F32\""))
        #expect(header.contains("\"data_offsets\":[0,16]"))
        #expect(bytes.count == 8 + Int(n) + 28)
        let back = try Safetensors.decode(bytes)
        #expect(back["a/kernel"]!.shape == [2, 2] && back["a/kernel"]!.scalars == [1, 2, 3, 4])
        #expect(back["b"]!.scalars == [5, 6, 7])
    }

    @Test func truncatedOrCorruptFilesThrow() {
        let bytes = Safetensors.encode(["w": ([4], [1, 2, 3, 4])])
        for cut in [0, 5, 8, 20, bytes.count - 1] {
            #expect(throws: NumSwiftError.self) { try Safetensors.decode(Array(bytes.prefix(cut))) }
        }
        var corrupt = bytes
        corrupt[9] = 0xFF
        #expect(throws: NumSwiftError.self) { try Safetensors.decode(corrupt) }
        var huge = bytes
        huge[7] = 0x7F
        #expect(throws: NumSwiftError.self) { try Safetensors.decode(huge) }
    }

    @Test func modelWeightsRoundTripGivesIdenticalPredictions() throws {
        KerasRandom.setSeed(5)
        func make() -> Model {
            let x = Input(shape: [4])
            let h = Dense(8, activation: .tanh)(x)
            return Model(inputs: x, outputs: Dense(2, activation: .softmax)(BatchNormalization()(h)))
        }
        let a = make(), b = make()
        let x = randn([5, 4], 1)
        let path = tmp("w.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try a.saveWeights(path)
        // b has other layer names (dense_2, …) but the same architecture: like Keras 3, the file
        // loads by position because saveWeights records the weight order.
        #expect(b.predict(x).scalars != a.predict(x).scalars)
        try b.loadWeights(path)
        #expect(b.predict(x).scalars == a.predict(x).scalars)
        let before = a.predict(x).scalars
        try a.setWeights(a.getWeights().map { $0 * 0 })
        try a.loadWeights(path)
        #expect(a.predict(x).scalars == before)
        // Leaves no temporary files behind.
        let dir = (path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".ns-\(getpid())-w.safetensors.tmp") }.isEmpty)
    }

    @Test func renamedWeightsWithoutRecordedOrderOrAnotherArchitectureListEveryMismatch() throws {
        KerasRandom.setSeed(7)
        // Auto-generated names are counted per model (the same model built twice has the same
        // names), so the renamed models name their layers explicitly.
        func make(_ width: Int, _ prefix: String? = nil) -> Model {
            let x = Input(shape: [4])
            let h = Dense(width, activation: .tanh, name: prefix.map { "\($0)_dense" })(x)
            let n = BatchNormalization(name: prefix.map { "\($0)_batch_normalization" })(h)
            return Model(inputs: x, outputs: Dense(2, activation: .softmax, name: prefix.map { "\($0)_dense_1" })(n))
        }
        let a = make(8), b = make(8, "b"), c = make(6, "c")
        let path = tmp("order.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // A file without the order metadata (e.g. written by Python) loads by name only.
        var d: [String: (shape: [Int], scalars: [Float])] = [:]
        for (n, v) in a.namedWeights() { d[n] = (v.shape, v.value.scalars) }
        try Safetensors.write(d, to: path)
        do { try b.loadWeights(path); Issue.record("no error") } catch {
            let s = "\(error)"
            #expect(s.contains("missing") && s.contains("unexpected") && s.contains("moving_mean"))
        }
        // With the order recorded, another architecture still fails, naming the mismatches.
        try a.saveWeights(path)
        let before = c.getWeights().map(\.scalars)
        do { try c.loadWeights(path); Issue.record("no error") } catch {
            #expect("\(error)".contains("missing") && "\(error)".contains("unexpected"))
        }
        #expect(c.getWeights().map(\.scalars) == before, "a failed load changes nothing")
        let (_, metadata) = try Safetensors.readWithMetadata(path: path)
        #expect(metadata[Safetensors.weightOrderKey]?.contains(a.namedWeights()[0].0) == true)
    }

    @Test func nonStringMetadataIsRejected() throws {
        let header = #"{"__metadata__":{"k":1},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        var bytes = [UInt8]()
        var len = UInt64(header.utf8.count).littleEndian
        withUnsafeBytes(of: &len) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header.utf8)
        bytes.append(contentsOf: [0, 0, 128, 63])
        #expect(throws: NumSwiftError.self) { try Safetensors.decode(bytes) }
    }

    @Test func wrongShapesAreListed() throws {
        KerasRandom.setSeed(6)
        let m = Sequential([Dense(3), Dense(2)], inputShape: [4])
        let path = tmp("shapes.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var d: [String: (shape: [Int], scalars: [Float])] = [:]
        for (n, v) in m.namedWeights() { d[n] = (v.shape, v.value.scalars) }
        let k = m.namedWeights()[0].0
        d[k] = ([5, 3], [Float](repeating: 0, count: 15))
        try Safetensors.write(d, to: path)
        do { try m.loadWeights(path); Issue.record("no error") } catch {
            #expect("\(error)".contains("\(k): file shape [5, 3], model shape [4, 3]"))
        }
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
        #expect(throws: NumSwiftError.self) { try m.loadWeights(path) }
    }
}
