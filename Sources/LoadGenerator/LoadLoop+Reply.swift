import WebSocketCore

extension LoadLoop {
    /// `--reply any`: takes a message from `fd`'s server as the answer to the connection's oldest
    /// unanswered request and records its latency. Nothing but framing is checked: the reader has
    /// applied RFC 6455 (text or binary, UTF-8 of text) and a compressed message is inflated here
    /// (which also keeps the inflater in step). A message with no request waiting — the server spoke
    /// first, or answered one request twice — is counted as unsolicited, and `received` stays as it
    /// was. False if the connection had to be closed (a message that did not inflate).
    @inline(__always)
    func takeReply(_ fd: Int32, _ message: Message) -> Bool {
        guard let payload = receivedPayload(of: message, fd) else { return false }
        let c = connections[fd]
        let k = c.pointee.received
        guard k < c.pointee.sent else {
            countUnsolicited()
            return true
        }
        c.pointee.received = k &+ 1
        outstanding &-= 1
        counters.messagesReceived &+= 1
        let sentAt = connections.time(c, k).pointee
        if sentAt >= plan.measureFrom {
            interval.recordLatency(now &- sentAt)
            counters.measuredMessagesReceived &+= 1
            counters.measuredPayloadBytes &+= payload.count
        }
        return true
    }

    /// Counts a message no request was waiting for, explaining it the first time this thread sees one.
    func countUnsolicited() {
        counters.unsolicitedMessages &+= 1
        guard counters.unsolicitedMessages == 1 else { return }
        shared.note(
            "the server sent messages while no request was waiting for an answer (it speaks first, or answers a request more than once): counted as unsolicited, not timed"
        )
    }
}
