import CEpoll
import EpollIO
import Testing

@Suite("writev")
struct WritevTests {
    @Test("Several buffers arrive as one stream in order")
    func gathersBuffers() throws {
        let (client, server) = try Loopback.pair()
        defer { Socket.close(client); Socket.close(server) }
        let parts: [[UInt8]] = [Array("header|".utf8), Array("payload of the frame|".utf8), [], Array("tail".utf8)]
        let total = parts.reduce(0) { $0 + $1.count }

        let result = parts[0].withUnsafeBytes { a in
            parts[1].withUnsafeBytes { b in
                parts[2].withUnsafeBytes { c in
                    parts[3].withUnsafeBytes { d in
                        let vectors = [a, b, c, d].map {
                            iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count)
                        }
                        return vectors.withUnsafeBufferPointer { Socket.writev(client, $0.baseAddress!, count: $0.count) }
                    }
                }
            }
        }
        #expect(result == .written(total))
        #expect(try Loopback.readExactly(server, count: total) == parts.flatMap { $0 })
    }

    @Test("The two-buffer form sends header then payload")
    func twoBuffers() throws {
        let (client, server) = try Loopback.pair()
        defer { Socket.close(client); Socket.close(server) }
        let header: [UInt8] = [0x82, 0x05]
        let payload = Array("hello".utf8)
        let result = header.withUnsafeBytes { h in payload.withUnsafeBytes { p in Socket.writev(server, h, p) } }
        #expect(result == .written(7))
        #expect(try Loopback.readExactly(client, count: 7) == header + payload)
    }

    @Test("Writing to a closed peer is an error, not SIGPIPE")
    func noSigpipe() throws {
        let (client, server) = try Loopback.pair()
        defer { Socket.close(server) }
        Socket.close(client)
        let bytes = [UInt8](repeating: 1, count: 1024)
        var sawError = false
        for _ in 0..<100 where !sawError {
            if case .error(let error) = bytes.withUnsafeBytes({ Socket.write(server, $0) }) {
                #expect(error == 32 || error == 104)  // EPIPE or ECONNRESET
                sawError = true
            } else {
                _ = try Loopback.wait(server, for: [.readable, .readHangup], timeoutMilliseconds: 100)
            }
        }
        #expect(sawError)
    }
}
