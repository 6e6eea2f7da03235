import Foundation
import Testing
@testable import NumSwift

/// Damaged safetensors and IDX inputs must end in a thrown `NumSwiftError`, never a crash: every
/// truncation of a valid file, random byte flips in the header, and random header-length fields.
/// (A crash would abort the test process, so reaching the end is the assertion; each case also
/// checks what was returned or thrown.)
@Suite struct CorruptInputFuzzTests {
    static func validSafetensors() -> [UInt8] {
        Safetensors.encode([
            "dense/kernel": ([3, 2], [1, 2, 3, 4, 5, 6]),
            "dense/bias": ([2], [0.5, -0.5]),
            "bn/moving_variance": ([2], [1, 1]),
        ])
    }

    /// Decodes; returns "ok", or the kind of error. Any non-NumSwiftError is a test failure.
    static func outcome(_ bytes: [UInt8]) -> String {
        do {
            let d = try Safetensors.decode(bytes)
            for (_, t) in d { #expect(t.shape.reduce(1, *) == t.scalars.count) }
            return "ok"
        } catch let e as NumSwiftError {
            #expect(!e.description.isEmpty)
            return "error"
        } catch {
            Issue.record("unexpected error type: \(error)")
            return "other"
        }
    }

    @Test func everyTruncationOfASafetensorsFileThrows() {
        let full = Self.validSafetensors()
        #expect(Self.outcome(full) == "ok")
        for n in 0..<full.count {
            #expect(Self.outcome(Array(full.prefix(n))) == "error", "prefix of \(n) bytes decoded")
        }
    }

    @Test func randomByteFlipsAndHeaderLengthsNeverCrash() {
        let full = Self.validSafetensors()
        var g = RandomGenerator(seed: 6311)
        var outcomes: [String: Int] = [:]
        for _ in 0..<3000 {
            var b = full
            let flips = 1 + g.nextInt(below: 4)
            for _ in 0..<flips {
                // Mostly the header (length field and JSON), sometimes the data.
                let i = g.nextInt(below: 10) < 8 ? g.nextInt(below: min(b.count, 8 + 200)) : g.nextInt(below: b.count)
                b[i] = UInt8(g.nextInt(below: 256))
            }
            outcomes[Self.outcome(b), default: 0] += 1
        }
        for _ in 0..<500 {
            var b = full
            let len = UInt64(g.nextInt(below: 1 << 30)) * UInt64(1 + g.nextInt(below: 1 << 20))
            for k in 0..<8 { b[k] = UInt8((len >> (8 * UInt64(k))) & 0xff) }
            outcomes[Self.outcome(b), default: 0] += 1
        }
        #expect(outcomes["other"] == nil)
        #expect((outcomes["error"] ?? 0) > 1000, "\(outcomes)")
    }

    @Test func idxTruncationsFlipsAndHugeDimensionsThrow() {
        // A valid 2 × 3 × 2 unsigned-byte IDX file.
        let valid: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 2] + (0..<12).map { UInt8($0) }
        let a = try? parseIDX(valid)
        #expect(a?.shape == [2, 3, 2])
        for n in 0..<valid.count {
            #expect(throws: NumSwiftError.self) { try parseIDX(Array(valid.prefix(n))) }
        }
        var g = RandomGenerator(seed: 28)
        for _ in 0..<2000 {
            var b = valid
            for _ in 0..<(1 + g.nextInt(below: 3)) { b[g.nextInt(below: 16)] = UInt8(g.nextInt(below: 256)) }
            do {
                let r = try parseIDX(b)
                #expect(r.shape.reduce(1, *) == r.bytes.count)
            } catch is NumSwiftError {
            } catch { Issue.record("unexpected error type: \(error)") }
        }
        // 0xFFFFFFFF in every dimension: the product overflows Int; must throw, not trap.
        let huge: [UInt8] = [0, 0, 8, 4] + Array(repeating: 0xff, count: 16) + [1, 2, 3]
        #expect(throws: NumSwiftError.self) { try parseIDX(huge) }
    }
}
