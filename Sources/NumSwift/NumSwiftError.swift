/// Errors from anything that comes from outside NumSwift: files, checkpoints, arguments, data.
///
/// Each case carries what was received and says what was expected.
public enum NumSwiftError: Error, CustomStringConvertible {
    /// A file could not be opened, read or written.
    case io(path: String, reason: String)
    /// A file's contents do not have the expected format.
    case malformedFile(path: String, reason: String)
    /// A value given by the caller is out of its domain.
    case invalidArgument(name: String, value: String, expected: String)

    /// A message naming the path or value and what was expected.
    public var description: String {
        switch self {
        case let .io(path, reason): return "\(path): \(reason)"
        case let .malformedFile(path, reason): return "\(path): malformed file: \(reason)"
        case let .invalidArgument(name, value, expected): return "invalid \(name) \(value): expected \(expected)"
        }
    }
}
