import ArgumentParser
import CKernels.Tensor
import Foundation
import NumSwift
import NumSwiftSupport

/// `numswift bench`: micro-benchmarks of the Tensor layer against raw OpenBLAS in the same process.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark the Tensor matmul, an MLP training step, the Gumbel sampling kernels and a DGCNN stack.",
        subcommands: [BenchGemm.self, BenchMLP.self, BenchGumbel.self, BenchTrainStep.self, BenchDGCNN.self])
}

func now() -> Double { monotonicSeconds() }

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
}

/// `numswift bench gemm`: Tensor.matmul vs ck_sgemm (cblas_sgemm), interleaved.
struct BenchGemm: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm",
        abstract: "Time Tensor.matmul against a direct cblas_sgemm call on N×N matrices, interleaved.")

    @OptionGroup var threadOptions: ThreadOptions
    @Option(name: .long, parsing: .unconditional, help: "Matrix size N (N×N · N×N).") var size: Int = 1024
    @Option(name: .long, parsing: .unconditional, help: "Timed repetitions of each side (default: enough for ~2 s).") var reps: Int?
    @Flag(name: .long, help: "Print one JSON object as the last line.") var json = false

    func validate() throws {
        guard size >= 1 else { throw ValidationError("--size must be a positive integer, got \(size)") }
        if let reps, reps < 1 { throw ValidationError("--reps must be a positive integer, got \(reps)") }
    }

    func run() throws {
        try threadOptions.apply()
        let n = size
        // a, b, the Tensor result and the cblas buffer: four N×N float32 matrices.
        let (nn, overflow) = n.multipliedReportingOverflow(by: n)
        try requireMemory(count: overflow ? Int.max : nn, elementBytes: 4, copies: 4, option: "--size \(n)")
        var rng = RandomGenerator(seed: 1)
        let a = Tensor.randomNormal([n, n], generator: &rng), b = Tensor.randomNormal([n, n], generator: &rng)
        var c = [Float](repeating: 0, count: n * n)
        func cblasOnce() {
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        ck_sgemm(0, 0, n, n, n, 1, pa.baseAddress, n, pb.baseAddress, n, 0, pc.baseAddress, n)
                    }
                }
            }
        }
        var sink: Float = 0
        func tensorOnce() { sink += a.matmul(b).withUnsafeBufferPointer { $0[0] } }
        // Warm up both paths (thread pool, malloc arenas, caches).
        let t0 = now()
        cblasOnce(); tensorOnce(); cblasOnce(); tensorOnce()
        let per = Swift.max((now() - t0) / 4, 1e-6)
        let count = reps ?? Swift.min(Swift.max(Int(1.0 / per), 5), 2000)
        var ts: [Double] = [], tc: [Double] = []
        for _ in 0..<count {
            var s = now(); tensorOnce(); ts.append(now() - s)
            s = now(); cblasOnce(); tc.append(now() - s)
        }
        let flops = 2.0 * Double(n) * Double(n) * Double(n)
        let gs = flops / median(ts) * 1e-9, gc = flops / median(tc) * 1e-9
        let ratio = gs / gc
        print(
            String(
                format: "gemm N=%d threads=%d reps=%d: numswift %.2f GFLOP/s, cblas %.2f GFLOP/s, ratio %.3f",
                n, Runtime.threads, count, gs, gc, ratio))
        if sink.isNaN { print("(nan)") }
        if json {
            printJSONLine(
                GemmBenchSummary(size: n, threads: Runtime.threads, numswiftGflops: gs, cblasGflops: gc, ratio: ratio))
        }
    }
}

/// `numswift bench mlp`: forward + backward of an MLP vs the sum of its GEMM times.
struct BenchMLP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlp",
        abstract: "Time forward+backward of a relu MLP with softmax cross-entropy against its GEMMs alone.")

    @OptionGroup var threadOptions: ThreadOptions
    @Option(name: .long, help: "Layer widths, input first (default 784,256,256,10).") var layers: String = "784,256,256,10"
    @Option(name: .long, parsing: .unconditional, help: "Batch size.") var batch: Int = 128
    @Option(name: .long, parsing: .unconditional, help: "Timed repetitions (default 300).") var reps: Int = 300
    @Flag(name: .long, help: "Also apply a fused Adam update to every parameter in each step (reported as a full training step).")
    var adam = false
    @Flag(name: .long, help: "Print one JSON object as the last line.") var json = false

    func run() throws {
        try threadOptions.apply()
        let widths = layers.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard widths.count >= 2, widths.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw OptionError("--layers must be comma-separated positive integers, got '\(layers)'")
        }
        guard batch >= 1, reps >= 1 else { throw OptionError("--batch and --reps must be positive") }
        let w = widths.map { $0! }
        // Weights, gradients and Adam moments per layer, and activations with their gradients.
        var floats = 0
        for i in 0..<(w.count - 1) {
            let (p, o1) = w[i].multipliedReportingOverflow(by: w[i + 1])
            let (a, o2) = batch.multipliedReportingOverflow(by: w[i + 1])
            let (t, o3) = floats.addingReportingOverflow(4 * min(p, Int.max / 8) + 3 * min(a, Int.max / 8))
            floats = o1 || o2 || o3 ? Int.max / 8 : t
        }
        try requireMemory(count: floats, elementBytes: 4, option: "--layers \(layers) --batch \(batch)")
        var rng = RandomGenerator(seed: 3)
        var weights: [Variable] = [], biases: [Variable] = []
        for i in 0..<(w.count - 1) {
            let std = (2.0 / Float(w[i])).squareRoot()
            weights.append(Variable(Tensor.randomNormal([w[i], w[i + 1]], std: std, generator: &rng), name: "W\(i)"))
            biases.append(Variable(Tensor.zeros([w[i + 1]]), name: "b\(i)"))
        }
        let x = Tensor.randomNormal([batch, w[0]], generator: &rng)
        let labels = (0..<batch).map { _ in rng.nextInt(below: w.last!) }
        let params = zip(weights, biases).flatMap { [$0, $1] }

        let optimizer = Adam()  // Keras defaults: lr 1e-3, β 0.9/0.999, ε 1e-7
        func step() -> Float {
            var h = x
            for i in 0..<weights.count {
                h = h.matmul(weights[i].read) + biases[i].read
                if i < weights.count - 1 { h = h.relu() }
            }
            let loss = Tensor.sparseSoftmaxCrossEntropy(logits: h, labels: labels).mean()
            let g = gradients(of: loss, wrt: params, retainGraph: false)
            if adam { optimizer.apply(gradients: g, to: params) }
            return loss.scalar + g[0].withUnsafeBufferPointer { $0[0] }
        }

        // The GEMMs of one step with the step's shapes and transpose flags, on static buffers.
        struct Gemm { let ta: Int32, tb: Int32, m: Int, n: Int, k: Int }
        var gemms: [Gemm] = []
        for i in 0..<(w.count - 1) {
            gemms.append(Gemm(ta: 0, tb: 0, m: batch, n: w[i + 1], k: w[i]))  // forward H·W
            gemms.append(Gemm(ta: 1, tb: 0, m: w[i], n: w[i + 1], k: batch))  // dW = Hᵀ·G
            if i > 0 { gemms.append(Gemm(ta: 0, tb: 1, m: batch, n: w[i], k: w[i + 1])) }  // dH = G·Wᵀ
        }
        let maxElems = gemms.map { Swift.max($0.m * $0.k, $0.k * $0.n, $0.m * $0.n) }.max()!
        var bufA = [Float](repeating: 0.01, count: maxElems), bufB = [Float](repeating: 0.02, count: maxElems)
        var bufC = [Float](repeating: 0, count: maxElems)
        func gemmsOnce() {
            for g in gemms {
                let lda = g.ta != 0 ? g.m : g.k, ldb = g.tb != 0 ? g.k : g.n
                ck_sgemm(g.ta, g.tb, g.m, g.n, g.k, 1, &bufA, lda, &bufB, ldb, 0, &bufC, g.n)
            }
        }

        var sink: Float = 0
        for _ in 0..<10 { sink += step(); gemmsOnce() }
        var ts: [Double] = [], tg: [Double] = []
        for _ in 0..<reps {
            var s = now(); sink += step(); ts.append(now() - s)
            s = now(); gemmsOnce(); tg.append(now() - s)
        }
        _ = (bufA.count, bufB.count)
        let ms = median(ts) * 1e3, mg = median(tg) * 1e3
        let overhead = ms / mg - 1
        print(
            String(
                format: "mlp %@ batch=%d threads=%d reps=%d%@: step %.3f ms, gemms alone %.3f ms, overhead %.1f%% (%.0f samples/s)",
                w.map(String.init).joined(separator: "-"), batch, Runtime.threads, reps, adam ? " (+adam)" : "", ms, mg, overhead * 100,
                Double(batch) / (ms * 1e-3)))
        if sink.isNaN { print("(nan)") }
        if json {
            printJSONLine(
                MLPBenchSummary(
                    layers: w.map(String.init).joined(separator: "-"), batch: batch, threads: Runtime.threads,
                    adam: adam, stepMs: ms, gemmMs: mg, overhead: overhead))
        }
    }
}
