/// Errors from reading networks and writing InfoMap results.
///
/// Each case carries what was received, so the message can say what was expected.
public enum InfoMapError: Error, CustomStringConvertible {
    /// A line of an input file could not be parsed.
    case malformedLine(file: String, line: Int, text: String, expected: String)
    /// A file could not be opened, read or written.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .malformedLine(file, line, text, expected):
            return "\(file):\(line): cannot parse \"\(text)\": expected \(expected)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        }
    }
}
