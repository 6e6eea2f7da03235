import CMPI

/// Errors from the MPI binding.
///
/// Every MPI call runs with `MPI_ERRORS_RETURN`, so a failing call comes back here as a thrown
/// error instead of aborting the process; the case carries the call, the MPI error class and
/// Open MPI's own message.
public enum MPIError: Error, CustomStringConvertible, Equatable {
    /// An MPI call returned an error code.
    case call(name: String, code: Int32, message: String)
    /// A collective was given arguments that cannot be right on every rank.
    case invalidArgument(operation: String, reason: String)
    /// A message is larger than this binding can send in one collective.
    case messageTooLarge(operation: String, bytes: Int, limit: Int)
    /// The ranks disagree about something they must share (shapes, options, model).
    case mismatch(what: String, detail: String)
    /// MPI was used after `MPIRuntime.finalize()`.
    case finalized

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case let .call(name, code, message):
            return "MPI: \(name) failed (error \(code)): \(message)"
        case let .invalidArgument(operation, reason):
            return "MPI: \(operation): \(reason)"
        case let .messageTooLarge(operation, bytes, limit):
            return "MPI: \(operation): \(bytes) bytes is over the \(limit)-byte limit of one call: send it in parts"
        case let .mismatch(what, detail):
            return "MPI: the ranks disagree about \(what): \(detail); every rank must run the same command on the same data"
        case .finalized:
            return "MPI: used after MPIRuntime.finalize(); MPI cannot be initialised twice in one process"
        }
    }
}

/// Turns an MPI return code into a thrown `MPIError.call` naming `name`.
@inline(__always) func check(_ code: Int32, _ name: @autoclosure () -> String) throws {
    if code != cmpi_success() { throw MPIError.call(name: name(), code: code, message: errorString(code)) }
}

/// Open MPI's text for an error code.
func errorString(_ code: Int32) -> String {
    var buf = [CChar](repeating: 0, count: Int(cmpi_max_error_string()) + 1)
    var len: Int32 = 0
    guard MPI_Error_string(code, &buf, &len) == cmpi_success() else { return "unknown MPI error" }
    return String(decoding: buf.prefix(Int(len)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
