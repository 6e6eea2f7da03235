// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "NumSwift",
    products: [
        .library(name: "NumSwift", targets: ["NumSwift"]),
        .library(name: "InfoMap", targets: ["InfoMap"]),
        .library(name: "WordMining", targets: ["WordMining"]),
        .library(name: "RelationExtraction", targets: ["RelationExtraction"]),
        .executable(name: "numswift", targets: ["Apps"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // The hot loops, in C over the system OpenBLAS/LAPACKE. No Swift knowledge, no globals.
        .target(
            name: "CKernels",
            linkerSettings: [.linkedLibrary("openblas"), .linkedLibrary("lapacke"), .linkedLibrary("z"), .linkedLibrary("m")]
        ),
        .target(name: "NumSwift", dependencies: ["CKernels"]),
        .target(name: "InfoMap", dependencies: ["CKernels"]),
        .target(name: "WordMining", dependencies: ["CKernels"]),
        .target(name: "RelationExtraction", dependencies: ["NumSwift", "WordMining"]),
        .executableTarget(
            name: "Apps",
            dependencies: [
                "NumSwift", "InfoMap", "WordMining", "RelationExtraction",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "NumSwiftTests", dependencies: ["NumSwift", "CKernels"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InfoMapTests", dependencies: ["InfoMap"], resources: [.copy("Fixtures")]),
        .testTarget(name: "WordMiningTests", dependencies: ["WordMining"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "RelationExtractionTests", dependencies: ["RelationExtraction", "NumSwift"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v5]
)
