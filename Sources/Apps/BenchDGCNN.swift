import ArgumentParser
import Foundation
import NumSwift

/// `numswift bench dgcnn`: forward + backward of a stack of gated dilated residual Conv1D blocks
/// (article 6671's encoder), the workload of `benchmarks/compare/dgcnn_jax.py`.
struct BenchDGCNN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dgcnn",
        abstract: "Time forward+backward of a stack of gated dilated residual Conv1D blocks (DGCNN).")

    @OptionGroup var threadOptions: ThreadOptions
    @Option(name: .long, parsing: .unconditional, help: "Batch size.") var batch: Int = 64
    @Option(name: .long, parsing: .unconditional, help: "Sequence length.") var length: Int = 128
    @Option(name: .long, parsing: .unconditional, help: "Channels (the convolutions map C to 2C: gate and candidate).") var channels: Int = 128
    @Option(name: .long, parsing: .unconditional, help: "Number of blocks; dilations cycle through 1, 2, 5.") var blocks: Int = 9
    @Option(name: .long, parsing: .unconditional, help: "Timed repetitions.") var reps: Int = 10
    @Option(name: .long, parsing: .unconditional, help: "Untimed warm-up repetitions.") var warmup: Int = 2
    @Flag(name: .long, help: "Use the chain of separate elementwise ops instead of the fused gated residual.")
    var unfused = false
    @Flag(name: .long, help: "Convolve padded positions too (instead of only the rows the mask keeps).")
    var densePadding = false
    @Flag(name: .long, help: "Print one JSON object as the last line.") var json = false

    func validate() throws {
        for (name, v) in [("--batch", batch), ("--length", length), ("--channels", channels), ("--blocks", blocks), ("--reps", reps)]
        where v < 1 {
            throw ValidationError("\(name) must be a positive integer, got \(v)")
        }
        guard warmup >= 0 else { throw ValidationError("--warmup must be 0 or more, got \(warmup)") }
    }

    func run() throws {
        try threadOptions.apply()
        let (b, l, c) = (batch, length, channels)
        // Input, probe and per block the [b, l, 2c] convolution output with its gradient (and the
        // gated result), plus the [3, c, 2c] kernels: a bound before anything is allocated.
        try requireMemory(
            count: saturatingProduct(b, l, c, 6 * blocks + 4) / 2 &+ saturatingProduct(6, c, c, blocks), elementBytes: 4,
            option: "--batch \(b) --length \(l) --channels \(c) --blocks \(blocks)")
        var rng = RandomGenerator(seed: 7)
        let dilations = (0..<blocks).map { [1, 2, 5][$0 % 3] }
        let kernels = (0..<blocks).map { i in
            Variable(Tensor.randomNormal([3, c, 2 * c], std: (1 / Float(3 * c)).squareRoot(), generator: &rng), name: "kernel\(i)")
        }
        let biases = (0..<blocks).map { i in Variable(Tensor.zeros([2 * c]), name: "bias\(i)") }
        let x = Tensor.randomNormal([b, l, c], generator: &rng)
        // Sequence i has length l − (i mod 8)·l/16: realistic padding that the mask zeroes.
        let mask = Tensor(shape: [b, l, 1], scalars: (0..<(b * l)).map { k in Float(k % l < l - (k / l % 8) * l / 16 ? 1 : 0) })
        let probe = Tensor.randomNormal([b, l, c], generator: &rng)
        let params = kernels + biases

        func step() -> Float {
            var h = x
            for i in 0..<blocks {
                h = DGCNNBenchBlock.apply(
                    h, kernel: kernels[i].read, bias: biases[i].read, dilation: dilations[i], mask: mask, fused: !unfused, skipPadding: !densePadding)
            }
            let loss = (h * probe).sum()
            let g = gradients(of: loss, wrt: params, retainGraph: false)
            return loss.scalar + g[0].withUnsafeBufferPointer { $0[0] }
        }

        var sink: Float = 0
        for _ in 0..<warmup { sink += step() }
        var times: [Double] = []
        for _ in 0..<reps {
            let t0 = DispatchTime.now().uptimeNanoseconds
            sink += step()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
        }
        let sorted = times.sorted()
        let med = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : 0.5 * (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2])
        // Convolution FLOPs: forward 2·B·L·3C·2C per block, backward twice that.
        let flops = Double(blocks) * 3 * 2 * Double(b * l) * Double(3 * c) * Double(2 * c)
        print(
            String(
                format: "dgcnn batch=%d length=%d channels=%d blocks=%d threads=%d reps=%d: %.4f s/batch (conv GEMMs %.1f GFLOP/s)",
                b, l, c, blocks, Runtime.threads, reps, med, flops / med * 1e-9))
        if sink.isNaN { print("(nan)") }
        if json {
            print(
                "{\"seconds_per_batch\":\(String(format: "%.6g", med)),\"fused\":\(!unfused),\"skip_padding\":\(!densePadding && !unfused),\"batch\":\(b),\"length\":\(l),\"channels\":\(c),"
                    + "\"blocks\":\(blocks),\"threads\":\(Runtime.threads),\"reps\":\(reps)}")
        }
    }
}

/// One gated dilated residual block on raw tensors: `h = conv(x) + bias` split into gate logits
/// and candidate, `y = (x + (c − x)·σ(g))·mask` (article 6671, §2.3 step 4, without dropout),
/// either with the fused `Tensor.gatedResidual` (and a convolution that skips padded rows) or as
/// a chain of elementwise ops.
enum DGCNNBenchBlock {
    static func apply(_ x: Tensor, kernel: Tensor, bias: Tensor, dilation: Int, mask: Tensor, fused: Bool, skipPadding: Bool) -> Tensor {
        let c = x.shape[2]
        if fused {
            let h = x.conv1d(kernel, dilation: dilation, padding: .same, outputMask: skipPadding ? mask : nil)
            return Tensor.gatedResidual(x, h, bias: bias, mask: mask)
        }
        let h = x.conv1d(kernel, dilation: dilation, padding: .same) + bias
        let parts = h.split([c, c], axis: 2)
        return (x + (parts[1] - x) * parts[0].sigmoid()) * mask
    }
}
