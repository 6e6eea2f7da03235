import CKernels.Tensor
import Foundation
import Testing
@testable import NumSwift

@Suite struct IDXTests {
    func header(_ dims: [UInt32]) -> [UInt8] {
        [0, 0, 8, UInt8(dims.count)] + dims.flatMap { d in [UInt8(d >> 24), UInt8((d >> 16) & 255), UInt8((d >> 8) & 255), UInt8(d & 255)] }
    }

    @Test func parsesAValidFile() throws {
        let a = try parseIDX(header([2, 3]) + [1, 2, 3, 4, 5, 6])
        #expect(a.shape == [2, 3])
        #expect(a.tensor(scale: 0.5).scalars == [0.5, 1, 1.5, 2, 2.5, 3])
    }

    @Test func emptyFileThrows() {
        #expect(throws: NumSwiftError.self) { try parseIDX([]) }
    }

    @Test func wrongMagicThrows() {
        #expect(throws: NumSwiftError.self) { try parseIDX([1, 0, 8, 1, 0, 0, 0, 1, 7]) }
        #expect(throws: NumSwiftError.self) { try parseIDX([0, 0, 0x0D, 1, 0, 0, 0, 1, 7]) }
    }

    @Test func truncatedFileThrows() {
        #expect(throws: NumSwiftError.self) { try parseIDX(header([2, 3]) + [1, 2, 3]) }
        #expect(throws: NumSwiftError.self) { try parseIDX(Array(header([2, 3]).prefix(6))) }
    }

    @Test func hugeDimensionsThrowWithoutAllocating() {
        #expect(throws: NumSwiftError.self) { try parseIDX(header([0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF]) + [1]) }
    }

    @Test func errorNamesTheFile() {
        do { _ = try parseIDX([9, 9, 9, 9], source: "x.idx"); Issue.record("no error") } catch {
            #expect("\(error)".contains("x.idx"))
        }
    }

    @Test func readsTheBundledMNIST() throws {
        let m = try MNIST(directory: mnistDirectory())
        #expect(m.trainImages.shape == [60000, 784])
        #expect(m.testImages.shape == [10000, 784])
        #expect(m.trainLabels.prefix(5) == [5, 0, 4, 1, 9])  // the well-known first training labels
    }

    @Test func minibatchesCoverEveryExampleOncePerEpoch() {
        let mb = Minibatches(count: 10, batchSize: 4, shuffle: true, seed: 3, epoch: 1)
        let batches = Array(mb)
        #expect(batches.map(\.count) == [4, 4, 2])
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<10))
        #expect(Array(Minibatches(count: 10, batchSize: 4, shuffle: true, seed: 3, epoch: 1)) == batches)
        #expect(Array(Minibatches(count: 10, batchSize: 4, shuffle: true, seed: 3, epoch: 2)) != batches)
    }

    @Test func selectRowsMatchesGatherForShuffledAndContiguousIndices() {
        let x = randn([50, 3, 4], 7)
        let shuffled = [49, 0, 7, 7, 23, 1]
        #expect(selectRows(x, shuffled).scalars == x.gather(indices: shuffled, axis: 0).scalars)
        #expect(selectRows(x, shuffled).shape == [6, 3, 4])
        #expect(selectRows(x, Array(10..<20)).scalars == x.gather(indices: Array(10..<20), axis: 0).scalars)
        var dst = [Float](repeating: 0, count: 12)
        let status = x.withUnsafeBufferPointer { ck_gather_rows($0.baseAddress!, 50, 12, [3, 50], 2, &dst) }
        #expect(status == 2)  // the second index is out of range; reported, not read
    }
}
