import HTTP2
import Testing

@Suite("HTTP2StreamOutput with its loop's HTTP2OutputStorageReserve (the server's streams)")
struct HTTP2OutputStorageReserveTests {
    /// Queues `message` on `output` as the server does, then lets nghttp2 take it in place in pieces
    /// of at most `frame` bytes, handing the storage back once drained; returns the bytes taken.
    func echo(_ message: [UInt8], on output: inout HTTP2StreamOutput, _ reserve: HTTP2OutputStorageReserve, frame: Int = 1 << 20) -> [UInt8] {
        output.adoptStorage(from: reserve)
        message.withUnsafeBytes { output.append($0) }
        var sent: [UInt8] = []
        while !output.isEmpty {
            let n = min(frame, output.pendingByteCount)
            sent += UnsafeRawBufferPointer(rebasing: output.pendingBytes[..<n])
            output.drop(n)
        }
        output.giveStorage(to: reserve)
        return sent
    }

    @Test("a drained stream holds no storage: it goes to the reserve and the next message reuses it")
    func drainedStorageIsReused() {
        let reserve = HTTP2OutputStorageReserve()
        var output = HTTP2StreamOutput(keepsStorageWhenDrained: true)
        let message = (0..<16_388).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        #expect(echo(message, on: &output, reserve, frame: 5000) == message)
        #expect(output.allocatedByteCount == 0)
        #expect(reserve.count == 1)
        let kept = reserve.allocatedByteCount
        #expect(kept >= message.count)
        for _ in 0..<1000 {
            output.adoptStorage(from: reserve)
            #expect(reserve.count == 0)
            #expect(output.allocatedByteCount == kept)
            message.withUnsafeBytes { output.append($0) }
            #expect(output.allocatedByteCount == kept)
            output.drop(output.pendingByteCount)
            output.giveStorage(to: reserve)
        }
        #expect(reserve.count == 1 && reserve.allocatedByteCount == kept)
    }

    @Test("a stream that echoes many messages does not grow, and other streams share the same block")
    func manyMessagesManyStreams() {
        let reserve = HTTP2OutputStorageReserve()
        var streams = (0..<100).map { _ in HTTP2StreamOutput(keepsStorageWhenDrained: true) }
        let message: [UInt8] = Array(repeating: 7, count: 20)
        for round in 0..<50 {
            for i in streams.indices {
                let payload = message + [UInt8(truncatingIfNeeded: round), UInt8(truncatingIfNeeded: i)]
                #expect(echo(payload, on: &streams[i], reserve) == payload)
                #expect(streams[i].allocatedByteCount == 0)
            }
        }
        // One block served 5,000 messages on 100 streams.
        #expect(reserve.count == 1)
        #expect(reserve.allocatedByteCount == 4096)
    }

    @Test("storage with bytes still queued is not handed back; a partly taken output keeps its order")
    func busyStorageStays() {
        let reserve = HTTP2OutputStorageReserve()
        var output = HTTP2StreamOutput(keepsStorageWhenDrained: true)
        output.adoptStorage(from: reserve)
        ([1, 2, 3, 4] as [UInt8]).withUnsafeBytes { output.append($0) }
        output.drop(1)
        output.giveStorage(to: reserve)
        #expect(reserve.count == 0)
        #expect(output.allocatedByteCount > 0)
        ([5] as [UInt8]).withUnsafeBytes { output.append($0) }
        #expect(Array(output.pendingBytes) == [2, 3, 4, 5])
        output.drop(4)
        output.giveStorage(to: reserve)
        #expect(reserve.count == 1)
    }

    @Test("the reserve keeps blocks up to maximumBytes in all, none over maximumBlockCapacity")
    func bounded() {
        let reserve = HTTP2OutputStorageReserve()
        let fits = HTTP2OutputStorageReserve.maximumBytes / 4096
        var outputs = (0..<(fits + 4)).map { _ in HTTP2StreamOutput(keepsStorageWhenDrained: true) }
        let small: [UInt8] = [1]
        for i in outputs.indices { small.withUnsafeBytes { outputs[i].append($0) } }
        for i in outputs.indices {
            outputs[i].drop(1)
            outputs[i].giveStorage(to: reserve)
            #expect(outputs[i].allocatedByteCount == 0)
        }
        #expect(reserve.count == fits)
        #expect(reserve.allocatedByteCount == HTTP2OutputStorageReserve.maximumBytes)
        var big = HTTP2StreamOutput(keepsStorageWhenDrained: true)
        let bytes = [UInt8](repeating: 0, count: HTTP2OutputStorageReserve.maximumBlockCapacity + 1)
        bytes.withUnsafeBytes { big.append($0) }
        big.drop(bytes.count)
        let empty = HTTP2OutputStorageReserve()
        big.giveStorage(to: empty)
        #expect(big.allocatedByteCount == 0)
        #expect(empty.count == 0 && empty.allocatedByteCount == 0)
    }
}
