// swift-tools-version: 6.1
// Kernel benchmarks (ordo-one/benchmark). A nested package so `swift test` in the root never
// builds it. Run from this folder: `swift package benchmark --filter <regex>`.
import PackageDescription

let package = Package(
    name: "NumSwiftBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
        .package(name: "NumSwift", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "TensorKernels",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "NumSwift", package: "NumSwift"),
            ],
            path: "Benchmarks/TensorKernels",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v5]
)
