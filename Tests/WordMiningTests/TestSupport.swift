import Foundation
@testable import WordMining

/// A fresh temporary file holding `bytes`; removed by the caller.
func tempFile(_ bytes: [UInt8], suffix: String = ".txt") -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("wm-\(UUID().uuidString)\(suffix)").path
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

func tempText(_ s: String, suffix: String = ".txt") -> String { tempFile(Array(s.utf8), suffix: suffix) }

func fixture(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else {
        throw WordMiningError.io(path: name, reason: "fixture missing from the test bundle")
    }
    return url.path
}

/// Runs discovery over lines of text.
func discoverLines(_ lines: [String], minProba: Double = 1e-6, minPMI: Double = 0.5) throws -> [String: Int] {
    let path = tempText(lines.joined(separator: "\n") + "\n")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (words, _) = try WordFinder(minProba: minProba, minPMI: minPMI).discover(CorpusReader(path: path))
    return Dictionary(uniqueKeysWithValues: words.map { ($0.word, $0.count) })
}

import CKernels.Words
func ck_utf8_check_wrapper(_ b: UnsafeBufferPointer<CChar>) -> Int { Int(ck_utf8_check(b.baseAddress, b.count)) }
