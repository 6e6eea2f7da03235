/// Errors from reading networks, options and writing InfoMap results.
///
/// Each case carries what was received, so the message can say what was expected.
public enum InfoMapError: Error, CustomStringConvertible {
    /// A line of an input file could not be parsed.
    case malformedLine(file: String, line: Int, text: String, expected: String)
    /// A required section (e.g. Pajek `*Vertices`) is missing or out of order.
    case missingSection(file: String, line: Int, section: String)
    /// The input holds no usable data.
    case empty(file: String, expected: String)
    /// A file could not be opened, read or written.
    case io(path: String, reason: String)
    /// An option or argument value is out of range.
    case invalidOption(name: String, value: String, expected: String)
    /// A given partition is inconsistent at `node` (0-based index), whose module path is `path`.
    case invalidPartition(node: Int, path: [Int], expected: String)

    /// A message naming the file, line or value and what was expected.
    public var description: String {
        switch self {
        case let .malformedLine(file, line, text, expected):
            return "\(file):\(line): cannot parse \(quotedLine(text)): expected \(expected)\(bomHint(text, line: line))"
        case let .missingSection(file, line, section):
            return "\(file):\(line): missing section \(section) before this line"
        case let .empty(file, expected):
            return "\(file): no data: expected \(expected)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        case let .invalidOption(name, value, expected):
            return "invalid value \(value) for \(name): expected \(expected)"
        case let .invalidPartition(node, path, expected):
            return "node \(node) (module path \(path)): expected \(expected)"
        }
    }
}

/// `text` in quotes, cut to its first 160 characters (a bad line can be megabytes long).
func quotedLine(_ text: String) -> String {
    let limit = 160
    var count = 0
    var end = text.startIndex
    while end < text.endIndex && count < limit {
        end = text.index(after: end)
        count += 1
    }
    if end == text.endIndex { return "\"\(text)\"" }
    return "\"\(text[..<end])…\" (\(text.utf8.count) bytes in all)"
}

/// A hint when line 1 starts with a UTF-8 byte-order mark, which no parser here accepts.
func bomHint(_ text: String, line: Int) -> String {
    line == 1 && text.unicodeScalars.first == "\u{FEFF}"
        ? " (the file starts with a UTF-8 byte-order mark, EF BB BF: save it without the BOM)" : ""
}
