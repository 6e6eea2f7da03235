/// Module-wide replacement of `Swift.precondition` that keeps its message in release builds.
///
/// The standard library drops the message of a failed `precondition` under `-O`, which would
/// turn "add: [2, 3] vs [4]" into a bare "Illegal instruction". Ops in NumSwift promise a
/// message naming the op and the shapes, so inside this module `precondition` resolves here and
/// stops through `fatalError`, which always prints. The condition is still checked in every
/// build configuration, `-Ounchecked` included.
@_transparent @usableFromInline
func precondition(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = String(),
    file: StaticString = #file, line: UInt = #line
) {
    if _slowPath(!condition()) { fatalError(message(), file: file, line: line) }
}
