// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "NumSwift",
    products: [
        .library(name: "NumSwift", targets: ["NumSwift"]),
        .library(name: "InfoMap", targets: ["InfoMap"]),
        .library(name: "WordMining", targets: ["WordMining"]),
        // Scale-out over MPI; the products above do not need MPI.
        .library(name: "NumSwiftMPI", targets: ["NumSwiftMPI"]),
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
        // MPI: the system Open MPI (Debian libopenmpi-dev, pkg-config `ompi-c`), its Swift binding and
        // the program the multi-rank tests launch under mpirun.
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),
        .target(name: "NumSwiftMPI", dependencies: ["CMPI"]),
        .executableTarget(name: "MPISelfTest", dependencies: ["NumSwiftMPI"]),
        .executableTarget(
            name: "Apps",
            dependencies: [
                "NumSwift", "InfoMap", "WordMining", "NumSwiftMPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "NumSwiftTests", dependencies: ["NumSwift", "CKernels"]),
        .testTarget(name: "InfoMapTests", dependencies: ["InfoMap"], resources: [.copy("Fixtures")]),
        .testTarget(name: "WordMiningTests", dependencies: ["WordMining"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NumSwiftMPITests", dependencies: ["NumSwiftMPI", "MPISelfTest"]),
    ],
    swiftLanguageModes: [.v5]
)
