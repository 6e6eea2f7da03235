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
    /// Training or evaluation was asked of a model that `compile` has not configured.
    case notCompiled(model: String, operation: String)
    /// Data given to a model does not fit it: `what` (e.g. `input input_layer`) expected one shape
    /// and got another (both include the batch axis, `-1` where any size is accepted).
    case shapeMismatch(what: String, expected: [Int], got: [Int])
    /// The objective became NaN or infinite at this epoch and batch (both 0-based; the message
    /// counts both from 1, as the progress bar does).
    case nonFiniteLoss(value: Float, epoch: Int, batch: Int)
    /// The loss does not depend on these trainable variables (a non-differentiable path such as an
    /// argmax, or a layer not connected to the loss).
    case missingGradient(variables: [String])

    /// A message naming the path or value and what was expected.
    public var description: String {
        switch self {
        case let .io(path, reason): return "\(path): \(reason)"
        case let .malformedFile(path, reason): return "\(path): malformed file: \(reason)"
        case let .invalidArgument(name, value, expected): return "invalid \(name) \(value): expected \(expected)"
        case let .notCompiled(model, operation):
            return "model \(model) is not compiled: call compile(optimizer:loss:) before \(operation)"
        case let .shapeMismatch(what, expected, got):
            return "\(what): expected shape [\(expected.map { $0 < 0 ? "batch" : "\($0)" }.joined(separator: ", "))], got \(got)"
        case let .nonFiniteLoss(value, epoch, batch):
            return "loss became \(value) at epoch \(epoch + 1), batch \(batch + 1): lower the learning rate, clip gradients or check the data"
        case let .missingGradient(variables):
            return "no gradient for \(variables.joined(separator: ", ")): the loss does not depend on them through differentiable ops; "
                + "freeze them (trainable = false or lrMultiplier = 0) or connect them to the loss"
        }
    }
}
