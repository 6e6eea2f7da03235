import Foundation
import Testing
@testable import NumSwift

/// Interoperability with the reference `safetensors` implementation (Python package 0.7,
/// `safetensors.numpy.save`), whose output is embedded below.
@Suite struct SafetensorsInteropTests {
    /// `save({"dense/kernel": arange(6).reshape(2, 3) * 0.5 - 1, "dense/bias": [0.25, -0.5, 1]},
    /// metadata={"format": "np"})`, 212 bytes, base64.
    static let pythonFile = """
        qAAAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJmb3JtYXQiOiJucCJ9LCJkZW5zZS9iaWFzIjp7ImR0eXBlIjoiRjMyIiwic2hhcGUiOlszXSwiZGF0YV9vZmZzZXRzIjpbMCwxMl19LCJkZW5zZS9rZXJuZWwiOnsiZHR5cGUiOiJGMzIiLCJzaGFwZSI6WzIsM10sImRhdGFfb2Zmc2V0cyI6WzEyLDM2XX19ICAgICAAAIA+AAAAvwAAgD8AAIC/AAAAvwAAAAAAAAA/AACAPwAAwD8=
        """

    @Test func readsAFileWrittenByPythonSafetensorsWithMetadata() throws {
        let bytes = [UInt8](try #require(Data(base64Encoded: Self.pythonFile)))
        #expect(bytes.count == 212)
        let d = try Safetensors.decode(bytes)
        #expect(Set(d.keys) == ["dense/kernel", "dense/bias"])
        #expect(d["dense/kernel"]?.shape == [2, 3])
        #expect(d["dense/kernel"]?.scalars == [-1, -0.5, 0, 0.5, 1, 1.5])
        #expect(d["dense/bias"]?.shape == [3])
        #expect(d["dense/bias"]?.scalars == [0.25, -0.5, 1])
    }

    @Test func loadWeightsFromAPythonWrittenFileIntoADenseLayer() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("interop-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(base64Encoded: Self.pythonFile)!.write(to: URL(fileURLWithPath: path))
        let x = Input(shape: [2])
        let m = Model(inputs: x, outputs: Dense(3, name: "dense")(x))
        try m.loadWeights(path)
        let y = m(Tensor(shape: [1, 2], scalars: [1, 2]))
        // [1, 2] · [[-1, -0.5, 0], [0.5, 1, 1.5]] + [0.25, -0.5, 1]
        #expect(y.scalars == [0.25, 1, 4])
    }
}
