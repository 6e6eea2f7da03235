import NumSwiftSupport

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
            return "\(file):\(line): cannot parse \(quotedExcerpt(text)): expected \(expected)\(byteOrderMarkHint(text, line: line))"
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

/// InfoMap's file errors through the shared readers and writers of NumSwiftSupport.
extension InfoMapError: FileErrorReporting {
    package static func badLine(file: String, line: Int, text: String, expected: String) -> InfoMapError {
        .malformedLine(file: file, line: line, text: text, expected: expected)
    }

    package static func emptyFile(file: String, expected: String) -> InfoMapError {
        .empty(file: file, expected: expected)
    }
}
