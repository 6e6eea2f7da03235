import Foundation
@testable import RelationExtraction

/// A fresh temporary file holding `text`; removed by the caller.
func tempText(_ text: String, suffix: String = ".jsonl") -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("re-\(UUID().uuidString)\(suffix)").path
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

/// Path of a file in Fixtures/.
func fixture(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else {
        throw RelationExtractionError.io(path: name, reason: "fixture missing from the test bundle")
    }
    return url.path
}

/// The 8-predicate schema of data/ie.
func pdSchema() throws -> Schema {
    try Schema(predicates: ["职务", "任职于", "所属地区", "位于", "发稿地", "民族", "会见", "配偶"])
}
