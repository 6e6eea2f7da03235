import NumSwiftSupport

/// Errors from reading relation-extraction data, schemas, vocabularies, models and options.
///
/// Each case carries what was received, so the message can say what was expected.
public enum RelationExtractionError: Error, CustomStringConvertible, Equatable {
    /// A line of a JSON-lines or schema file could not be used (1-based line).
    case malformedLine(file: String, line: Int, text: String, expected: String)
    /// A triple names a predicate that the schema does not list.
    case unknownPredicate(file: String, line: Int, predicate: String, known: [String])
    /// A file could not be opened, read or written.
    case io(path: String, reason: String)
    /// Two files that must correspond line by line do not.
    case mismatch(file: String, line: Int, reason: String)
    /// A file holds no usable records.
    case empty(file: String, expected: String)
    /// An option value is outside its domain.
    case invalidOption(name: String, value: String, expected: String)

    /// A message naming the file, line or value and what was expected.
    public var description: String {
        switch self {
        case let .malformedLine(file, line, text, expected):
            let shown = text.count > 120 ? String(text.prefix(117)) + "..." : text
            return "\(file):\(line): cannot use \"\(shown)\": expected \(expected)"
        case let .unknownPredicate(file, line, predicate, known):
            return "\(file):\(line): predicate \"\(predicate)\" is not in the schema: expected one of "
                + known.joined(separator: ", ") + " (pass the schema file that matches the data)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        case let .mismatch(file, line, reason):
            return "\(file):\(line): \(reason)"
        case let .empty(file, expected):
            return "\(file): no records: expected \(expected)"
        case let .invalidOption(name, value, expected):
            return "\(name) \(value): expected \(expected)"
        }
    }
}

extension RelationExtractionError: FileErrorReporting {
    package static func badLine(file: String, line: Int, text: String, expected: String) -> RelationExtractionError {
        .malformedLine(file: file, line: line, text: text, expected: expected)
    }

    package static func emptyFile(file: String, expected: String) -> RelationExtractionError {
        .empty(file: file, expected: expected)
    }
}
