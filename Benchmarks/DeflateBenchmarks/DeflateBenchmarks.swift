import Benchmark
import PerMessageDeflate
import WebSocketCore

// permessage-deflate: compress + inflate one JSON-like message per iteration (a server's deflater
// feeding a client's inflater), for 1 KiB and 16 KiB messages, zlib level 1 and the default level
// (6), with and without context takeover, at windowBits/memLevel 15/8 (RFC defaults) and 12/4
// (the wsbench server default). Custom metrics: compression ratio (per mille of the original size)
// and zlib bytes per connection for window bits 9, 12 and 15.

/// A deterministic JSON-like message of about `size` bytes: an array of records with ids, names,
/// prices, flags and tags, different for each `seed` (so context takeover does not see repeats).
func jsonMessage(size: Int, seed: UInt64) -> [UInt8] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
    func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
    let names = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
    let tags = ["new", "hot", "sale", "eu", "us", "apac", "vip", "beta"]
    var text = "{\"type\":\"snapshot\",\"seq\":\(seed),\"items\":["
    var first = true
    while text.utf8.count < size {
        if !first { text += "," }
        first = false
        let id = next() % 1_000_000
        let price = next() % 100_000
        text += "{\"id\":\(id),\"name\":\"\(names[Int(next() % 10)])-\(next() % 1000)\","
        text += "\"price\":\(price / 100).\(price % 100),\"qty\":\(next() % 500),"
        text += "\"active\":\(next() % 2 == 0 ? "true" : "false"),\"tags\":[\"\(tags[Int(next() % 8)])\",\"\(tags[Int(next() % 8)])\"]}"
    }
    text += "]}"
    return Array(text.utf8.prefix(size - 2)) + Array("]}".utf8)
}

/// Sixty-four different messages of one size, cycled through.
func messageSet(size: Int) -> [[UInt8]] { (0..<64).map { jsonMessage(size: size, seed: UInt64($0 + 1)) } }

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 64,
        maxDuration: .seconds(1),
        maxIterations: 200_000
    )
    let ratio = BenchmarkMetric.custom("ratio ‰ (compressed/original)", polarity: .prefersSmaller, useScalingFactor: false)

    for (windowBits, memoryLevel) in [(15, 8), (12, 4)] {
        for size in [1024, 16384] {
            let messages = messageSet(size: size)
            for level in [1, -1] {
                for takeover in [true, false] {
                    let name =
                        "deflate+inflate \(size / 1024) KiB JSON, level \(level == -1 ? "default" : String(level)), "
                        + "\(takeover ? "takeover" : "no takeover"), w\(windowBits) m\(memoryLevel)"
                    Benchmark(name, configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal, ratio])) {
                        benchmark in
                        let deflater = MessageDeflater(
                            windowBits: windowBits, noContextTakeover: !takeover, level: level, memoryLevel: memoryLevel)
                        let inflater = MessageInflater(
                            windowBits: windowBits, noContextTakeover: !takeover, maximumMessageSize: 1 << 20)
                        // Warm both (allocates zlib state and buffers outside the measured loop).
                        var originalBytes = 0
                        var compressedBytes = 0
                        for message in messages {
                            message.withUnsafeBytes { payload in
                                let wire = deflater.compress(payload)
                                originalBytes += payload.count
                                compressedBytes += wire.count
                                _ = try? inflater.inflateMessage(wire)
                            }
                        }
                        benchmark.measurement(ratio, compressedBytes * 1000 / originalBytes)
                        var index = 0
                        benchmark.startMeasurement()
                        for _ in benchmark.scaledIterations {
                            messages[index & 63].withUnsafeBytes { payload in
                                let wire = deflater.compress(payload)
                                blackHole(try? inflater.inflateMessage(wire).count)
                            }
                            index &+= 1
                        }
                        benchmark.stopMeasurement()
                    }
                }
            }
        }
    }

    // zlib bytes held per connection (one deflater + one inflater, after one message each way),
    // measured through zlib's zalloc/zfree hooks; output buffers are reported separately.
    let deflateBytes = BenchmarkMetric.custom("deflate zlib bytes", useScalingFactor: false)
    let inflateBytes = BenchmarkMetric.custom("inflate zlib bytes", useScalingFactor: false)
    let connectionBytes = BenchmarkMetric.custom("zlib bytes per connection", useScalingFactor: false)
    let message = jsonMessage(size: 1024, seed: 7)
    for windowBits in [9, 12, 15] {
        for memoryLevel in [1, 4, 8] {
            Benchmark(
                "memory per connection, window bits \(windowBits), memLevel \(memoryLevel)",
                configuration: .init(
                    metrics: [deflateBytes, inflateBytes, connectionBytes], warmupIterations: 0, maxIterations: 10)
            ) { benchmark in
                let parameters = DeflateParameters(serverMaxWindowBits: windowBits, clientMaxWindowBits: windowBits)
                let server = DeflateSession(
                    parameters: parameters, role: .server, memoryLevel: memoryLevel, minimumMessageSize: 0)
                let client = DeflateSession(
                    parameters: parameters, role: .client, memoryLevel: memoryLevel, minimumMessageSize: 0)
                message.withUnsafeBytes { payload in
                    if let wire = client.compress(payload) { _ = try? server.inflater.inflateMessage(wire) }
                    if let wire = server.compress(payload) { _ = try? client.inflater.inflateMessage(wire) }
                }
                benchmark.measurement(deflateBytes, server.deflater.zlibBytes)
                benchmark.measurement(inflateBytes, server.inflater.zlibBytes)
                benchmark.measurement(connectionBytes, server.deflater.zlibBytes + server.inflater.zlibBytes)
            }
        }
    }
}
