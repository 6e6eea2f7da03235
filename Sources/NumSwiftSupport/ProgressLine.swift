import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A progress line on stderr for long work that is not Keras training (Keras-style training
/// shows NumSwift's `Progbar`): `[12.3s] text`, rewritten in place on a terminal and printed as
/// plain lines otherwise, at most every 0.2 s on a terminal and every 2 s in a log.
package struct ProgressLine {
    private let tty = isatty(2) != 0
    private let clock = Stopwatch()
    private var last: Double
    private var shown = false
    private let format: String

    /// A line whose elapsed-time prefix is printed with `format` (default `[%.1fs] `).
    package init(timeFormat format: String = "[%.1fs] ") {
        self.format = format
        // A terminal shows the first update at once; a log gets its first line after 2 s, so a
        // job that ends sooner writes no "0 lines" line.
        last = tty ? -Double.infinity : 0
    }

    /// Shows `text` when the last update is long enough ago, or always with `force`.
    package mutating func update(_ text: String, force: Bool = false) {
        let now = clock.seconds
        guard force || now - last >= (tty ? 0.2 : 2) else { return }
        last = now
        shown = true
        let msg = String(format: format, now) + text
        FileHandle.standardError.write(Data((tty ? "\r\u{1B}[K" + msg : msg + "\n").utf8))
    }

    /// Ends the line on a terminal (a newline after the last in-place update).
    package mutating func finish() {
        if tty && shown { FileHandle.standardError.write(Data("\n".utf8)) }
        shown = false
    }
}
