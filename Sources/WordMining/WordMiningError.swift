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
            let bom =
                line == 1 && text.unicodeScalars.first == "\u{FEFF}"
                ? " (the file starts with a UTF-8 byte-order mark, EF BB BF: save it without the BOM)" : ""
            let shown = text.count > 160 ? "\"\(text.prefix(160))…\" (\(text.utf8.count) bytes in all)" : "\"\(text)\""
            return "\(file):\(line): cannot parse \(shown): expected \(expected)\(bom)"
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
