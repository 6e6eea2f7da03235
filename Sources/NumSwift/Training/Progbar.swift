import Foundation

// MARK: - Progbar

/// Keras-style progress bar: `469/469 ━━━━━━━━━━━━━━━━━━━━ 4s 5ms/step - accuracy: 0.9100 - loss: 0.3115`.
///
/// A value whose name is not in `statefulMetrics` is shown as its sample-weighted mean since the
/// bar was created (`sum += v·(current − seen)`, `count += current − seen`); a stateful one is shown
/// as given. On a TTY the line is redrawn in place at most every `interval` seconds; otherwise
/// (or with verbose 2) one line is written when the target is reached.
///
/// References: Su, kexue.fm/archives/6311 §1.4; Keras `utils.Progbar`.
public final class Progbar {
    /// Total number of steps, or nil when unknown.
    public let target: Int?
    /// Width of the bar in characters.
    public let width: Int
    /// 1: in-place bar on a terminal; 2: one line when the target is reached.
    public let verbose: Int
    /// Names shown as given (not averaged by the bar).
    public internal(set) var statefulMetrics: Set<String>
    /// Minimum seconds between redraws.
    public let interval: Double
    let isTTY: Bool
    let write: (String) -> Void
    let clock: () -> Double
    var sums: [String: (Double, Double)] = [:]
    var order: [String] = []
    var seen = 0
    var start: Double
    var lastDraw: Double = -1
    var lastLength = 0
    var timeAfterFirstStep: Double?
    /// The last line drawn (for tests and logs).
    public private(set) var lastLine = ""

    /// - Parameters:
    ///   - target: total steps (nil when unknown).
    ///   - width: characters of the bar (default 20, as Keras).
    ///   - verbose: 1 = bar, 2 = one line at the end, 0 = silent.
    ///   - statefulMetrics: names shown as given, not averaged.
    ///   - interval: minimum seconds between two redraws of the bar (default 0.05).
    ///   - isTTY: default whether stdout is a terminal.
    ///   - write: sink for text (default stdout).
    ///   - clock: seconds (for tests).
    public init(
        target: Int?, width: Int = 20, verbose: Int = 1, statefulMetrics: [String] = [], interval: Double = 0.05,
        isTTY: Bool? = nil, write: ((String) -> Void)? = nil, clock: (() -> Double)? = nil
    ) {
        self.target = target; self.width = width; self.verbose = verbose
        self.statefulMetrics = Set(statefulMetrics); self.interval = interval
        self.isTTY = isTTY ?? (isatty(1) != 0)
        self.write =
            write ?? { s in
                print(s, terminator: ""); fflush(nil)  // nil: every output stream, i.e. stdout
            }
        let c = clock ?? { Date().timeIntervalSince1970 }
        self.clock = c
        start = c()
    }

    /// The value currently displayed for `name`.
    public func value(_ name: String) -> Double? {
        sums[name].map { $0.0 / Swift.max($0.1, 1) }
    }

    /// Advances to step `current` and records named values.
    public func update(_ current: Int, values: [(String, Double)] = [], finalize: Bool? = nil) {
        let fin = finalize ?? (target.map { current >= $0 } ?? false)
        for (k, v) in values {
            if !order.contains(k) { order.append(k) }
            if statefulMetrics.contains(k) {
                sums[k] = (v, 1)
            } else {
                let base = Double(Swift.max(current - seen, 1))
                let old = sums[k] ?? (0, 0)
                sums[k] = (old.0 + v * base, old.1 + base)
            }
        }
        seen = current
        let now = clock()
        if current >= 1 && timeAfterFirstStep == nil { timeAfterFirstStep = now }
        guard verbose > 0 else { return }
        let line = render(current, now: now, final: fin)
        lastLine = line
        if verbose == 1 && isTTY {
            if !fin && lastDraw >= 0 && now - lastDraw < interval { return }
            lastDraw = now
            let padding = String(repeating: " ", count: Swift.max(lastLength - line.count, 0))
            write("\r" + line + padding + (fin ? "\n" : ""))
            lastLength = line.count
        } else if fin {
            write(line + "\n")
        }
    }

    func render(_ current: Int, now: Double, final: Bool) -> String {
        var s: String
        if verbose == 2 {
            // Keras verbose 2: `469/469 - 2s - 4ms/step - accuracy: … - loss: …` (no bar).
            let elapsed = now - start
            let perStep = current > 0 ? elapsed / Double(current) : 0
            s = (target.map { "\(current)/\($0)" } ?? "\(current)") + " - \(Int(elapsed.rounded()))s - \(formatStep(perStep))"
            for k in order { if let v = value(k) { s += " - \(k): " + formatValue(v) } }
            return s
        }
        if let t = target {
            let digits = String(t).count
            let cur = String(current)
            s = String(repeating: " ", count: Swift.max(digits - cur.count, 0)) + cur + "/\(t) "
            let filled = t > 0 ? Swift.min(width, Int(Double(width) * Double(current) / Double(t))) : width
            if isTTY && verbose == 1 {
                s += "\u{1B}[32m" + String(repeating: "━", count: filled) + "\u{1B}[0m"
                s += "\u{1B}[37m" + String(repeating: "━", count: width - filled) + "\u{1B}[0m"
            } else {
                s += String(repeating: "━", count: width)
            }
        } else {
            s = "\(current)"
        }
        let elapsed = now - start
        // As Keras: once past the first step, the per-step time leaves the first step out (it
        // carries one-off set-up costs).
        var perStep = current > 0 ? elapsed / Double(current) : 0
        if current > 1, let t1 = timeAfterFirstStep { perStep = (now - t1) / Double(current - 1) }
        if final || target == nil {
            s += " \(Int(elapsed.rounded()))s \(formatStep(perStep))"
        } else {
            let eta = perStep * Double(target! - current)
            s += " \(formatDuration(eta)) \(formatStep(perStep))"
        }
        for k in order {
            guard let v = value(k) else { continue }
            s += " - \(k): " + formatValue(v)
        }
        return s
    }

    func formatValue(_ v: Double) -> String {
        let a = Swift.abs(v)
        return a > 1e-3 || a == 0 ? String(format: "%.4f", v) : String(format: "%.4e", v)
    }

    func formatStep(_ t: Double) -> String {
        if t >= 1 { return "\(Int(t.rounded()))s/step" }
        if t >= 1e-3 { return "\(Int((t * 1e3).rounded()))ms/step" }
        return "\(Int((t * 1e6).rounded()))us/step"
    }

    func formatDuration(_ eta: Double) -> String {
        let e = Int(eta.rounded())
        if e >= 3600 { return String(format: "%d:%02d:%02d", e / 3600, (e % 3600) / 60, e % 60) }
        if e >= 60 { return String(format: "%d:%02d", e / 60, e % 60) }
        return "\(e)s"
    }
}
