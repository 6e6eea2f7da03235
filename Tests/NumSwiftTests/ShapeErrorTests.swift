import Foundation
import Testing
@testable import NumSwift

/// Shape mismatches stop the process with a message naming the op and both shapes, in debug and
/// release builds alike.
@Suite struct ShapeErrorTests {
    private static func stderrText(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func broadcastMismatchNamesOpAndShapes() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }
        #expect(Self.stderrText(r).contains("add: [2, 3] vs [4]"))
    }

    @Test func matmulMismatchNamesOpAndShapes() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5]))
        }
        #expect(Self.stderrText(r).contains("matmul: [2, 3] vs [4, 5]"))
    }

    @Test func reshapeMismatchNamesOpAndShapes() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).reshape([4, 2])
        }
        #expect(Self.stderrText(r).contains("reshape: [2, 3] vs [4, 2]"))
    }

    @Test func crossEntropyMismatchNamesOpAndShapes() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.softmaxCrossEntropy(logits: Tensor.zeros([2, 3]), labels: Tensor.zeros([2, 4]))
        }
        #expect(Self.stderrText(r).contains("softmaxCrossEntropy: logits [2, 3] vs labels [2, 4]"))
    }
}
