// swift-tools-version: 6.1
// Kernel benchmarks (ordo-one/benchmark). A nested package so `swift test` in the root never
// builds it. Run from this folder: `swift package benchmark --target <Suite>` or `--filter <regex>`.
import PackageDescription

/// One suite per module: `Benchmarks/<name>/<name>.swift` (the plugin only looks there).
func suite(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")]
            + products.map { .product(name: $0, package: "NumSwift") },
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "NumSwiftBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
        .package(name: "NumSwift", path: ".."),
    ],
    targets: [
        suite("TensorBenchmarks", ["NumSwift"]),
        suite("AutodiffBenchmarks", ["NumSwift"]),
        suite("InfoMapBenchmarks", ["InfoMap"]),
        suite("WordMiningBenchmarks", ["WordMining", "NumSwift"]),
    ],
    swiftLanguageModes: [.v5]
)
