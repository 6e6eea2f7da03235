import Foundation
import Testing
@testable import NumSwift

/// Typed errors of the training API (issue 14 point 4): bad shapes, a model that is not compiled,
/// a non-finite loss, a missing gradient.
@Suite struct TrainingErrorTests {
    static func model() throws -> Model {
        let m = KerasOracleTests.mlp(.softmax)
        try m.compile(optimizer: SGD(), loss: CategoricalCrossentropy())
        return m
    }

    @Test func trainOnBatchWithAWrongInputShapeThrowsBothShapes() throws {
        let m = try Self.model()
        #expect {
            try m.trainOnBatch([Tensor.zeros([6, 5])], [KerasOracleTests.y])
        } throws: { e in
            guard case let .shapeMismatch(_, expected, got)? = e as? NumSwiftError else { return false }
            return expected == [-1, 4] && got == [6, 5] && "\(e)".contains("[6, 5]") && "\(e)".contains("[batch, 4]")
        }
    }

    @Test func trainOnBatchWithAWrongTargetShapeThrowsBothShapes() throws {
        let m = try Self.model()
        #expect {
            try m.trainOnBatch([KerasOracleTests.x], [Tensor.zeros([6, 2])])
        } throws: { e in
            guard case let .shapeMismatch(what, expected, got)? = e as? NumSwiftError else { return false }
            return what.contains("target") && expected == [-1, 3] && got == [6, 2]
        }
        #expect(throws: NumSwiftError.self) { try m.trainOnBatch([KerasOracleTests.x], [KerasOracleTests.y.slice(axis: 0, 0..<5)]) }
        #expect(throws: NumSwiftError.self) { try m.trainOnBatch([KerasOracleTests.x], nil) }
    }

    @Test func notCompiledIsATypedError() throws {
        let m = KerasOracleTests.mlp(.softmax)
        for op in [
            { _ = try m.trainOnBatch([KerasOracleTests.x], [KerasOracleTests.y]) }, { _ = try m.fit(KerasOracleTests.x, KerasOracleTests.y, verbose: 0) },
        ] {
            #expect {
                try op()
            } throws: { e in
                guard case .notCompiled? = e as? NumSwiftError else { return false }
                return "\(e)".contains("compile")
            }
        }
    }

    static func divergingModel() throws -> Model {
        let m = KerasOracleTests.mlp(.linear)
        try m.compile(optimizer: SGD(learningRate: 1e30), loss: MeanSquaredError())
        return m
    }

    @Test func terminateOnNaNSaysWhyItStops() throws {
        let m = try Self.divergingModel()
        let t = TerminateOnNaN()
        var out = ""
        m.progressWrite = { out += $0 }
        try m.fit(KerasOracleTests.x, KerasOracleTests.yRegression, batchSize: 2, epochs: 3, verbose: 0, callbacks: [t])
        let reason = try #require(t.reason)
        guard case let .nonFiniteLoss(value, epoch, batch) = reason else { Issue.record("\(reason)"); return }
        #expect(!value.isFinite && epoch == 0 && batch == t.terminatedAtBatch)
        #expect(out.contains("epoch 1, batch \(batch + 1):"))
    }

    @Test func aNonFiniteLossCanBeATypedErrorWithEpochAndBatch() throws {
        let m = try Self.divergingModel()
        #expect {
            try m.fit(KerasOracleTests.x, KerasOracleTests.yRegression, batchSize: 2, epochs: 3, verbose: 0, callbacks: [TerminateOnNaN(throwing: true)])
        } throws: { e in
            guard case let .nonFiniteLoss(v, epoch, _)? = e as? NumSwiftError else { return false }
            return !v.isFinite && epoch == 0
        }
    }

    /// Issue 13: without a callback that handles it, a NaN loss stops `fit` with an error naming
    /// the epoch and batch (Keras would train on with NaN weights); data with a NaN fails at the
    /// first batch that sees it, and the weights of the failed step are the only ones touched.
    @Test func aNonFiniteLossStopsFitByDefaultNamingEpochAndBatch() throws {
        let m = try Self.divergingModel()
        var caught: NumSwiftError?
        do {
            try m.fit(KerasOracleTests.x, KerasOracleTests.yRegression, batchSize: 2, epochs: 3, verbose: 0)
        } catch let e as NumSwiftError { caught = e }
        guard case let .nonFiniteLoss(v, epoch, batch)? = caught else { Issue.record("\(String(describing: caught))"); return }
        #expect(!v.isFinite && epoch == 0 && batch >= 0)
        #expect(caught!.description.contains("epoch 1, batch \(batch + 1):"))
        // A callback that handles it (here one that lets training go on) keeps fit running.
        final class KeepGoing: Callback {
            var batches = 0
            override var handlesNonFiniteLoss: Bool { true }
            override func onBatchEnd(_ batch: Int, logs: [String: Float]) throws { batches += 1 }
        }
        let k = KeepGoing()
        let h = try Self.divergingModel().fit(KerasOracleTests.x, KerasOracleTests.yRegression, batchSize: 2, epochs: 3, verbose: 0, callbacks: [k])
        #expect(h.epochs == [0, 1, 2] && k.batches > 3)
    }
}
