// swift-tools-version:6.1
// Microbenchmarks for wsbench (ordo-one/package-benchmark). Run from this directory:
//   swift package --allow-writing-to-package-directory benchmark
// A separate package so that `swift test` at the top level does not build the benchmark tool.
import PackageDescription

let package = Package(
    name: "wsbench-benchmarks",
    dependencies: [
        .package(name: "wsbench", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "FrameEngineBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "WebSocketCore", package: "wsbench"),
            ],
            path: "FrameEngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "DeflateBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PerMessageDeflate", package: "wsbench"),
                .product(name: "WebSocketCore", package: "wsbench"),
            ],
            path: "DeflateBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
