import ArgumentParser
import Foundation
import NumSwift
import NumSwiftSupport

/// `numswift bench gumbel`: rows per second of Gumbel-Softmax (soft and straight-through hard)
/// and Gumbel-Max sampling on one logits matrix, each forward only, interleaved.
///
/// `--clock cpu` (default) times each call by the process CPU time it used, which on a shared,
/// oversubscribed machine measures the work of a one-thread run without the time spent waiting for
/// a core (with more threads it sums their CPU time); `--clock wall` uses elapsed time.
struct BenchGumbel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gumbel",
        abstract: "Time Gumbel-Softmax (soft, hard) and Gumbel-Max sampling on a [rows, classes] logits matrix.")

    @OptionGroup var threadOptions: ThreadOptions
    @Option(name: .long, parsing: .unconditional, help: "Rows of the logits matrix.") var rows: Int = 1024
    @Option(name: .long, parsing: .unconditional, help: "Classes (softmax axis length).") var classes: Int = 1000
    @Option(name: .long, parsing: .unconditional, help: "Temperature τ > 0.") var tau: Float = 0.5
    @Option(name: .long, parsing: .unconditional, help: "Timed repetitions of each op (default: enough for ~1 s each).") var reps: Int?
    @Option(name: .long, help: "cpu (process CPU time per call, default) or wall (elapsed time).") var clock: String = "cpu"
    @Flag(name: .long, help: "Print one JSON object as the last line.") var json = false

    func validate() throws {
        guard rows >= 1 else { throw ValidationError("--rows must be a positive integer, got \(rows)") }
        guard classes >= 1 else { throw ValidationError("--classes must be a positive integer, got \(classes)") }
        guard tau > 0 && tau.isFinite else { throw ValidationError("--tau must be a positive number, got \(tau)") }
        if let reps, reps < 1 { throw ValidationError("--reps must be a positive integer, got \(reps)") }
        guard clock == "cpu" || clock == "wall" else { throw ValidationError("--clock must be cpu or wall, got \(clock)") }
    }

    func run() throws {
        try threadOptions.apply()
        // Logits, noise, soft and hard outputs: four [rows, classes] float matrices.
        try requireMemory(count: saturatingProduct(rows, classes), elementBytes: 4, copies: 4, option: "--rows \(rows) --classes \(classes)")
        var rng = RandomGenerator(seed: 1)
        let logits = Tensor.randomNormal([rows, classes], generator: &rng)
        var sink: Float = 0
        let ops: [(String, () -> Void)] = [
            ("soft", { sink += logits.gumbelSoftmax(tau: tau, generator: &rng).scalar(at: [0, 0]) }),
            ("hard", { sink += logits.gumbelSoftmax(tau: tau, hard: true, generator: &rng).scalar(at: [0, 0]) }),
            ("max", { sink += logits.gumbelMax(generator: &rng).scalar(at: [0]) }),
        ]
        let tick: () -> Double = clock == "cpu" ? processCPUSeconds : now
        let t0 = now()
        for (_, f) in ops { f(); f() }
        let per = Swift.max((now() - t0) / 6, 1e-6)
        let count = reps ?? Swift.min(Swift.max(Int(1.0 / per), 5), 5000)
        var times = [[Double]](repeating: [], count: ops.count)
        for _ in 0..<count {
            for (i, (_, f)) in ops.enumerated() {
                let s = tick()
                f()
                times[i].append(tick() - s)
            }
        }
        let rates = times.map { Double(rows) / median($0) }
        print(
            String(
                format: "gumbel rows=%d classes=%d tau=%g threads=%d reps=%d clock=%@: soft %.0f, hard %.0f, max %.0f rows/s",
                rows, classes, Double(tau), Runtime.threads, count, clock, rates[0], rates[1], rates[2]))
        if sink.isNaN { print("(nan)") }
        if json {
            printJSONLine(
                GumbelBenchSummary(softRowsPerSecond: rates[0], hardRowsPerSecond: rates[1], maxRowsPerSecond: rates[2]))
        }
    }
}
