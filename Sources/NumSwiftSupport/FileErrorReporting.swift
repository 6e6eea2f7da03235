/// The error type a module's file helpers throw.
///
/// NumSwift, InfoMap and WordMining each keep one error enum (`NumSwiftError`, `InfoMapError`,
/// `WordMiningError`); the shared readers and writers of this module build their errors through
/// this protocol, so a caller sees its own module's cases. The enums' `io(path:reason:)` case
/// satisfies the one required member; the others default to an `io` error and a module maps
/// them to its own cases where it has them.
package protocol FileErrorReporting: Error {
    /// The file could not be opened, read, written or renamed.
    static func io(path: String, reason: String) -> Self
    /// The compressed stream is corrupt or ends early.
    static func corruptData(path: String, reason: String) -> Self
    /// Line `line` (1-based) of `file` is not what was expected.
    static func badLine(file: String, line: Int, text: String, expected: String) -> Self
    /// The file holds nothing usable.
    static func emptyFile(file: String, expected: String) -> Self
}

extension FileErrorReporting {
    package static func corruptData(path: String, reason: String) -> Self {
        .io(path: path, reason: "corrupt or truncated data: \(reason)")
    }

    package static func badLine(file: String, line: Int, text: String, expected: String) -> Self {
        .io(path: file, reason: "line \(line): expected \(expected), got \"\(text)\"")
    }

    package static func emptyFile(file: String, expected: String) -> Self {
        .io(path: file, reason: "empty: expected \(expected)")
    }
}

/// `text` in quotes for an error message, cut to its first 160 characters with its length appended
/// (a bad line can be megabytes long).
package func quotedExcerpt(_ text: String) -> String {
    let limit = 160
    guard let end = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex), end < text.endIndex else {
        return "\"\(text)\""
    }
    return "\"\(text[..<end])…\" (\(text.utf8.count) bytes in all)"
}

/// A hint for an error at line 1 when `text` starts with a UTF-8 byte-order mark, which no parser
/// here accepts ("" otherwise).
package func byteOrderMarkHint(_ text: String, line: Int) -> String {
    line == 1 && text.unicodeScalars.first == "\u{FEFF}"
        ? " (the file starts with a UTF-8 byte-order mark, EF BB BF: save it without the BOM)" : ""
}
