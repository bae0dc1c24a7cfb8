// swift-tools-version:6.1
// wsbench — a WebSocket performance lab (frame engine, epoll echo server, load generator, harness).
import PackageDescription

/// Swift settings every Swift target is built with (added to each target below the package, so a new
/// target gets them without listing them).
let sharedSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "wsbench",
    products: [
        .library(name: "BenchSupport", targets: ["BenchSupport"]),
        .library(name: "WebSocketCore", targets: ["WebSocketCore"]),
        .library(name: "PerMessageDeflate", targets: ["PerMessageDeflate"]),
        .library(name: "EpollIO", targets: ["EpollIO"]),
        .library(name: "HTTP2", targets: ["HTTP2"]),
        .library(name: "EchoServer", targets: ["EchoServer"]),
        .library(name: "LoadGenerator", targets: ["LoadGenerator"]),
        .library(name: "Harness", targets: ["Harness"]),
        .executable(name: "wsbench", targets: ["wsbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // Formatting, JSON/CSV text, file I/O, clocks, time stamps, /proc figures, CPU lists; no dependencies.
        .target(name: "BenchSupport"),

        // SIMD kernels (masking, ASCII scan) with run-time CPU dispatch; no I/O.
        .target(name: "CWebSocketSIMD"),
        // The RFC 6455 protocol core: frames, masking, UTF-8, messages, close, handshake. No I/O.
        .target(name: "WebSocketCore", dependencies: ["CWebSocketSIMD"]),

        // zlib (Debian zlib1g-dev) and the RFC 7692 permessage-deflate extension; the only module that links zlib.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "PerMessageDeflate", dependencies: ["WebSocketCore", "CZlib", "CIsal", "CLibdeflate"]),

        // OpenSSL 3 (Debian libssl-dev) with a header shim for its macros and callbacks; only EpollIO's TLS transport uses it.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        // nghttp2 (Debian libnghttp2-dev): HTTP/2 for WebSockets over extended CONNECT (RFC 8441).
        .systemLibrary(name: "CNghttp2", pkgConfig: "libnghttp2", providers: [.apt(["libnghttp2-dev"])]),
        // Intel ISA-L igzip (Debian libisal-dev) and libdeflate (Debian libdeflate-dev): faster deflate back ends.
        .systemLibrary(name: "CIsal", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        .systemLibrary(name: "CLibdeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),

        // Raw Linux epoll: C shim for what Glibc's module hides, sockets, event loop primitives, timers,
        // and the transports (plain TCP, TLS) every connection's bytes go through.
        .target(name: "CEpoll"),
        .target(name: "EpollIO", dependencies: ["CEpoll", "COpenSSL"]),

        // WebSockets over HTTP/2 (RFC 8441): nghttp2 glue that turns each extended-CONNECT stream into a WebSocket.
        .target(name: "HTTP2", dependencies: ["CNghttp2", "EpollIO", "WebSocketCore"]),

        // The echo server (`wsbench serve`).
        .target(name: "EchoServer", dependencies: ["WebSocketCore", "PerMessageDeflate", "EpollIO", "HTTP2"]),

        // The load generator (`wsbench load`): closed/open loop, verification, HdrHistogram latency.
        .target(name: "CLoadGenerator"),
        .target(
            name: "LoadGenerator",
            dependencies: [
                "BenchSupport", "WebSocketCore", "PerMessageDeflate", "EpollIO", "HTTP2", "CZlib", "CLoadGenerator",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),

        // The harness (`wsbench matrix`, `wsbench compare`): sweeps, result directories, the regression gate.
        .target(
            name: "Harness", dependencies: ["BenchSupport", "EchoServer", "LoadGenerator", "PerMessageDeflate", "WebSocketCore", "CEpoll"]),

        // Verdicts and reports (issue 17): --threshold grammar, JUnit XML, Markdown summaries, the HTML report
        // (`wsbench report`), the live dashboard of `wsbench load --dashboard`.
        .target(name: "Reporting", dependencies: ["BenchSupport", "Harness", "LoadGenerator", "EpollIO"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Harness", "LoadGenerator", "EchoServer", "BenchSupport"]),

        // The command-line tool; jemalloc is its malloc (Debian libjemalloc-dev).
        .executableTarget(
            name: "wsbench",
            dependencies: [
                "BenchSupport",
                "EchoServer",
                "EpollIO",
                "Harness",
                "LoadGenerator",
                "PerMessageDeflate",
                "Reporting",
                "WebSocketCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [.linkedLibrary("jemalloc")]
        ),

        .testTarget(name: "BenchSupportTests", dependencies: ["BenchSupport"]),
        .testTarget(name: "WebSocketCoreTests", dependencies: ["WebSocketCore", "BenchSupport"]),
        .testTarget(name: "PerMessageDeflateTests", dependencies: ["PerMessageDeflate", "WebSocketCore", "BenchSupport"]),
        .testTarget(name: "HTTP2Tests", dependencies: ["HTTP2", "CNghttp2", "WebSocketCore"]),
        .testTarget(name: "EpollIOTests", dependencies: ["EpollIO", "COpenSSL", "BenchSupport"]),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "LoadGenerator", "EchoServer", "BenchSupport"]),
        .testTarget(
            name: "EchoServerTests",
            dependencies: [
                "EchoServer", "WebSocketCore", "PerMessageDeflate", "EpollIO", "COpenSSL", "Harness", "BenchSupport", "HTTP2", "CNghttp2",
            ]),
        .testTarget(
            name: "LoadGeneratorTests",
            dependencies: [
                "LoadGenerator", "EchoServer", "WebSocketCore", "EpollIO", "BenchSupport", "PerMessageDeflate", "CZlib", "CNghttp2",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + sharedSwiftSettings
}
