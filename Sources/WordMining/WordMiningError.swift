import NumSwiftSupport

/// Errors from reading corpora, vocabularies and vector files.
///
/// Each case carries what was received, so the message can say what was expected.
public enum WordMiningError: Error, CustomStringConvertible, Equatable {
    /// A line of an input file could not be parsed.
    case malformedLine(file: String, line: Int, text: String, expected: String)
    /// A file could not be opened, read or written.
    case io(path: String, reason: String)
    /// A line of a corpus is not valid UTF-8 (1-based line, byte offset inside the line).
    case invalidUTF8(file: String, line: Int, byteOffset: Int)
    /// A gzip stream ended early or is corrupt.
    case truncated(file: String, reason: String)
    /// The corpus holds no usable text.
    case emptyCorpus(file: String)
    /// An option value is outside its domain.
    case invalidOption(name: String, value: String, expected: String)
    /// A C table could not grow.
    case outOfMemory(what: String)

    /// A message naming the file, line or value and what was expected.
    public var description: String {
        switch self {
        case let .malformedLine(file, line, text, expected):
            return "\(file):\(line): cannot parse \(quotedExcerpt(text)): expected \(expected)\(byteOrderMarkHint(text, line: line))"
        case let .io(path, reason):
            return "\(path): \(reason)"
        case let .invalidUTF8(file, line, offset):
            return "\(file):\(line): invalid UTF-8 at byte \(offset) of the line: expected UTF-8 text "
                + "(use --invalid-utf8 skip to drop such lines)"
        case let .truncated(file, reason):
            return "\(file): truncated or corrupt gzip stream (\(reason)): expected a complete file"
        case let .emptyCorpus(file):
            return "\(file): no text to count: expected at least one line with CJK characters, digits or letters"
        case let .invalidOption(name, value, expected):
            return "\(name) \(value): expected \(expected)"
        case let .outOfMemory(what):
            return "out of memory while growing \(what): lower --max-entries or use a machine with more RAM"
        }
    }
}

/// WordMining's file errors through the shared readers and writers of NumSwiftSupport: a corrupt
/// or truncated gzip stream is `.truncated`.
extension WordMiningError: FileErrorReporting {
    package static func corruptData(path: String, reason: String) -> WordMiningError {
        .truncated(file: path, reason: reason)
    }

    package static func badLine(file: String, line: Int, text: String, expected: String) -> WordMiningError {
        .malformedLine(file: file, line: line, text: text, expected: expected)
    }
}
