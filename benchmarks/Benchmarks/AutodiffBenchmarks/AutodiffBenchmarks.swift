// Forward + backward through the tape on one thread: the fused softmax cross-entropy, bias add +
// relu, convolutions, one MLP training step, and the per-op overhead of tiny tracked ops.
import Benchmark
import NumSwift

let benchmarks: @Sendable () -> Void = {
    Runtime.threads = 1
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 3, maxDuration: .seconds(2))

    Benchmark("softmaxCrossEntropy fwd+bwd 128x10") { benchmark in
        var g = RandomGenerator(seed: 2)
        let logits = Tensor.randomNormal([128, 10], generator: &g)
        let labels = (0..<128).map { $0 % 10 }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let l = logits.trackingGradients()
            blackHole(gradients(of: Tensor.sparseSoftmaxCrossEntropy(logits: l, labels: labels).mean(), wrt: [l]))
        }
    }

    Benchmark("bias add + relu fwd+bwd 128x256") { benchmark in
        var g = RandomGenerator(seed: 4)
        let x = Tensor.randomNormal([128, 256], generator: &g)
        let b = Variable(Tensor.zeros([256]))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let xt = x.trackingGradients()
            blackHole(gradients(of: (xt + b.read).relu().sum(), wrt: [xt]))
        }
    }

    Benchmark("MLP 784-256-256-10 step batch 128") { benchmark in
        var g = RandomGenerator(seed: 5)
        let widths = [784, 256, 256, 10]
        let ws = (0..<3).map { Variable(Tensor.randomNormal([widths[$0], widths[$0 + 1]], std: 0.05, generator: &g)) }
        let bs = (0..<3).map { Variable(Tensor.zeros([widths[$0 + 1]])) }
        let x = Tensor.randomNormal([128, 784], generator: &g)
        let labels = (0..<128).map { $0 % 10 }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var h = x
            for i in 0..<3 {
                h = h.matmul(ws[i].read) + bs[i].read
                if i < 2 { h = h.relu() }
            }
            let loss = Tensor.sparseSoftmaxCrossEntropy(logits: h, labels: labels).mean()
            blackHole(gradients(of: loss, wrt: ws + bs, retainGraph: false))
        }
    }

    Benchmark("conv1d fwd+bwd [64,128,128] k3 -> 256 dilation 2 same") { benchmark in
        var g = RandomGenerator(seed: 6)
        let x = Tensor.randomNormal([64, 128, 128], generator: &g)
        let w = Variable(Tensor.randomNormal([3, 128, 256], std: 0.05, generator: &g))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let xt = x.trackingGradients()
            blackHole(gradients(of: xt.conv1d(w.read, dilation: 2, padding: .same).sum(), wrt: [xt]))
        }
    }

    Benchmark("tiny ops: 100 tracked adds on [16] + backward", configuration: .init(scalingFactor: .one)) { benchmark in
        let a = Tensor.ones([16]), b = Variable(Tensor.ones([16]))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var h = a
            for _ in 0..<100 { h = h + b.read }
            h.sum().backward()
        }
    }

    Benchmark("conv2d fwd+bwd MNIST encoder [100,28,28,1] -> 32 -> 64, stride 2, same") { benchmark in
        var g = RandomGenerator(seed: 7)
        let x = Tensor.randomNormal([100, 28, 28, 1], generator: &g)
        let w1 = Variable(Tensor.randomNormal([3, 3, 1, 32], std: 0.3, generator: &g))
        let w2 = Variable(Tensor.randomNormal([3, 3, 32, 64], std: 0.06, generator: &g))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let h = x.conv2d(w1.read, strides: (2, 2), padding: .same).relu()
            let y = h.conv2d(w2.read, strides: (2, 2), padding: .same).relu()
            blackHole(gradients(of: y.sum(), wrt: [w1, w2]))
        }
    }
}
