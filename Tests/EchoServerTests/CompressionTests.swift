import EchoServer
import PerMessageDeflate
import Testing
import WebSocketCore

/// permessage-deflate through the server: negotiation, compressed echo, the inflate cap, bad data.
@Suite struct CompressionTests {
    func json(_ n: Int) -> [UInt8] {
        var text = "["
        var i = 0
        while text.utf8.count < n {
            text += "{\"id\":\(i),\"name\":\"user\(i)\",\"active\":\(i % 2 == 0),\"score\":\(i * 37 % 1000)},"
            i += 1
        }
        return Array(text.utf8.prefix(n))
    }

    @Test func compressedMessagesAreEchoedCompressed() throws {
        try withServer { server in
            let (client, session) = try compressedClient(port: server.port)
            for size in [100, 1024, 16 << 10, 300 << 10] {
                let original = json(size)
                let compressed = original.withUnsafeBytes { Array(session.compress($0)!) }
                #expect(compressed.count < original.count)
                client.sendFrame(.text, compressed, reservedBits: FrameHeader.rsv1)
                guard case .message(.text, let echoed) = client.next() else {
                    Issue.record("no echo for \(size)"); return
                }
                // The echo is compressed (RSV1 flagged it); inflate it with our session.
                let inflated = try echoed.withUnsafeBytes { Array(try session.inflater.inflateMessage($0)) }
                #expect(inflated == original, "size \(size)")
            }
        }
    }

    @Test func uncompressedMessagesOnACompressedConnectionAreEchoed() throws {
        try withServer({ $0.compressReplies = false }) { server in
            let (client, session) = try compressedClient(port: server.port)
            client.sendFrame(.binary, [1, 2, 3])
            #expect(client.next() == .message(.binary, [1, 2, 3]))
            // Replies stay uncompressed when the server is told not to compress them.
            let original = json(2000)
            client.sendFrame(.text, original.withUnsafeBytes { Array(session.compress($0)!) }, reservedBits: FrameHeader.rsv1)
            #expect(client.next() == .message(.text, original))
        }
    }

    @Test func zipBombPastTheCapGets1009() throws {
        try withServer({ $0.maximumMessageLength = 64 << 10 }) { server in
            let (client, session) = try compressedClient(port: server.port)
            let bomb = [UInt8](repeating: 0x61, count: 1 << 20)  // 1 MiB of 'a' deflates to ~1 KiB
            let compressed = bomb.withUnsafeBytes { Array(session.compress($0)!) }
            #expect(compressed.count < 64 << 10)
            client.sendFrame(.text, compressed, reservedBits: FrameHeader.rsv1)
            #expect(client.next() == .close(1009, ""))
            #expect(client.isClosedByPeer())
        }
    }

    @Test func corruptCompressedDataFailsTheConnection() throws {
        try withServer { server in
            let (client, _) = try compressedClient(port: server.port)
            client.sendFrame(.binary, [0xFF, 0xFF, 0xFF, 0xFF, 0x00], reservedBits: FrameHeader.rsv1)
            guard case .close(let code, _) = client.next() else { Issue.record("no close"); return }
            #expect(code == ProtocolError.invalidCompressedData.closeCode.rawValue)
        }
    }

    @Test func rsv1WithoutNegotiationGets1002() throws {
        try withServer { server in
            let client = try upgradedClient(server)
            client.sendFrame(.text, [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00], reservedBits: FrameHeader.rsv1)
            #expect(client.next() == .close(1002, ""))
        }
    }

    @Test func serverWithCompressionOffDeclines() throws {
        try withServer({ $0.deflate.enableCompression = false }) { server in
            let client = try TestClient(port: server.port)
            guard case .accepted(let acceptance) = client.upgrade(extensions: "permessage-deflate") else {
                Issue.record("handshake failed"); return
            }
            #expect(acceptance.extensions == nil)
        }
    }
}
