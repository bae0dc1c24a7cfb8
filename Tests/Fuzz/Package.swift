// swift-tools-version:5.4
// libFuzzer targets for wsbench's protocol core (WebSocketCore, PerMessageDeflate) and HTTP/2 glue (HTTP2). Build and run them
// with `scripts/fuzz.sh`; by hand, from this directory:
//   swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
//     -Xcc -fsanitize=fuzzer-no-link,address
//   .build/release/FuzzServerFrames -max_total_time=60 /tmp/new-units Corpus/FuzzServerFrames
// A separate package (like Benchmarks/) so that `swift test` at the top level never builds it.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM renames an executable's entry point to
// `<Target>_main` and links it with `--defsym main=<Target>_main`, which leaves a libFuzzer target
// (no `main` of its own: libFuzzer provides it) with an undefined symbol.
import PackageDescription

/// One executable per fuzz target; each defines `LLVMFuzzerTestOneInput` in a file named after it.
let fuzzTargets = [
    "FuzzServerFrames",
    "FuzzClientFrames",
    "FuzzUTF8Validator",
    "FuzzHandshakeRequest",
    "FuzzHandshakeResponse",
    "FuzzExtensionOffer",
    "FuzzDeflateMessages",
    "FuzzHTTP2Request",
]

let package = Package(
    name: "wsbench-fuzz",
    dependencies: [
        .package(name: "wsbench", path: "../.."),
    ],
    targets: [
        // What the targets share: input decoding, read patterns, the reference frame model, checks.
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "WebSocketCore", package: "wsbench"),
                .product(name: "PerMessageDeflate", package: "wsbench"),
            ]
        ),
    ] + fuzzTargets.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "FuzzSupport",
                .product(name: "WebSocketCore", package: "wsbench"),
                .product(name: "PerMessageDeflate", package: "wsbench"),
                .product(name: "HTTP2", package: "wsbench"),
                .product(name: "EpollIO", package: "wsbench"),
            ]
        )
    }
)
