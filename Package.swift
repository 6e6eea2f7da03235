// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "NumSwift",
    products: [
        .library(name: "NumSwift", targets: ["NumSwift"]),
        .library(name: "InfoMap", targets: ["InfoMap"]),
        .library(name: "WordMining", targets: ["WordMining"]),
        .library(name: "RelationExtraction", targets: ["RelationExtraction"]),
        // Scale-out over MPI; the products above do not need MPI.
        .library(name: "NumSwiftMPI", targets: ["NumSwiftMPI", "NumSwiftDistributed"]),
        .executable(name: "numswift", targets: ["Apps"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `swift package generate-documentation`: one DocC catalogue per library product.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The hot loops, in C over the system OpenBLAS/LAPACKE. No Swift knowledge, no globals.
        // One target, four families (include/module.modulemap): CKernels.Tensor, .Infomap, .Words, .IO.
        .target(
            name: "CKernels",
            linkerSettings: [.linkedLibrary("openblas"), .linkedLibrary("lapacke"), .linkedLibrary("z"), .linkedLibrary("m")]
        ),
        // Shared support for every Swift module (not a product): atomic writes, plain/gzip reading
        // with file:line errors, the word2vec text format, a monotonic clock, a progress line.
        .target(name: "NumSwiftSupport", dependencies: ["CKernels"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "NumSwift", dependencies: ["CKernels", "NumSwiftSupport"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "InfoMap", dependencies: ["CKernels", "NumSwiftSupport"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "WordMining", dependencies: ["CKernels", "NumSwiftSupport"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(
            name: "RelationExtraction", dependencies: ["NumSwift", "WordMining", "NumSwiftSupport"],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        // MPI: the system Open MPI (Debian libopenmpi-dev, pkg-config `ompi-c`), its Swift binding and
        // the program the multi-rank tests launch under mpirun.
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),
        .target(name: "NumSwiftMPI", dependencies: ["CMPI"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(
            name: "NumSwiftDistributed", dependencies: ["NumSwift", "NumSwiftMPI"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(name: "MPISelfTest", dependencies: ["NumSwiftMPI", "NumSwiftDistributed"]),
        .executableTarget(
            name: "Apps",
            dependencies: [
                "NumSwift", "InfoMap", "WordMining", "RelationExtraction", "NumSwiftSupport", "NumSwiftMPI", "NumSwiftDistributed",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "NumSwiftTests", dependencies: ["NumSwift", "CKernels"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InfoMapTests", dependencies: ["InfoMap", "NumSwiftSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "WordMiningTests", dependencies: ["WordMining"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "RelationExtractionTests", dependencies: ["RelationExtraction", "NumSwift"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NumSwiftMPITests", dependencies: ["NumSwiftMPI", "MPISelfTest", "NumSwift"]),
    ],
    swiftLanguageModes: [.v5]
)
