// Throughput of the Tensor kernels on one thread, without the tape: GEMM through Tensor.matmul,
// softmax, elementwise exp, column sums and the random fills.
import Benchmark
import NumSwift

let benchmarks: @Sendable () -> Void = {
    Runtime.threads = 1
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 3, maxDuration: .seconds(2))

    for n in [256, 1024] {
        Benchmark("matmul \(n)x\(n)", configuration: .init(scalingFactor: .one)) { benchmark in
            var g = RandomGenerator(seed: 1)
            let a = Tensor.randomNormal([n, n], generator: &g), b = Tensor.randomNormal([n, n], generator: &g)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(a.matmul(b)) }
        }
    }

    Benchmark("softmax 1024x1000") { benchmark in
        var g = RandomGenerator(seed: 3)
        let x = Tensor.randomNormal([1024, 1000], generator: &g)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(x.softmax()) }
    }

    Benchmark("elementwise exp 1M") { benchmark in
        let x = Tensor.full([1 << 20], 0.5)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(x.exp()) }
    }

    Benchmark("sum axis 0 of 1024x1024") { benchmark in
        let x = Tensor.ones([1024, 1024])
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(x.sum(axes: [0])) }
    }

    for (name, fill) in [("uniform", 0), ("normal", 1), ("gumbel", 2)] {
        Benchmark("random \(name) 1M") { benchmark in
            var g = RandomGenerator(seed: 8)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                switch fill {
                case 0: blackHole(Tensor.randomUniform([1 << 20], generator: &g))
                case 1: blackHole(Tensor.randomNormal([1 << 20], generator: &g))
                default: blackHole(Tensor.gumbel([1 << 20], generator: &g))
                }
            }
        }
    }
}
