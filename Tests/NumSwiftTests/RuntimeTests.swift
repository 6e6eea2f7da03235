import CKernels.Tensor
import Testing
@testable import NumSwift

@Suite struct RuntimeTests {
    @Test func blasIsOpenBLASWithAPositiveThreadCount() {
        // Only reads the global thread count: other suites run concurrently and rely on it.
        #expect(Runtime.blasConfig.contains("OpenBLAS"))
        #expect(Runtime.threads >= 1)
        #expect(Runtime.defaultThreads >= 1)
        #expect(!Runtime.blasCoreType.isEmpty)
    }

    @Test func gumbelKernelPathNamesTheCodeTheKernelsRun() {
        let avx512 = ck_gumbel_avx512_available() != 0
        #expect(Runtime.gumbelKernelPath == (avx512 ? "AVX-512" : "portable"))
        // The AVX-512 path is only ever chosen on a CPU that reports AVX-512F.
        if avx512 {
            let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
            #expect(flags.contains("avx512f"))
        }
    }

    @Test func philoxMatchesPublishedKnownAnswer() {
        // Random123 known-answer test for philox4x32-10: counter = key = 0.
        var out = [UInt32](repeating: 0, count: 4)
        ck_philox4x32(0, 0, 0, &out)
        #expect(out == [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8])
    }

    @Test func randomFillIsIndependentOfChunking() {
        let state = ck_philox_state(seed: 42, stream: 7, offset: 3)
        var whole = [Float](repeating: 0, count: 103)
        ck_random_normal(state, 0, &whole, 103, 0, 1)
        var pieces = [Float](repeating: 0, count: 103)
        for (start, len) in [(0, 5), (5, 1), (6, 50), (56, 47)] {
            pieces.withUnsafeMutableBufferPointer { p in
                ck_random_normal(state, start, p.baseAddress! + start, len, 0, 1)
            }
        }
        #expect(whole == pieces)
    }
}
