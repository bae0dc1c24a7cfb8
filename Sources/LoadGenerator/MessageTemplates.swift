import WebSocketCore

/// The messages one thread sends: the run's payload templates (a flat copy the hot path indexes)
/// and the opcode. Message *k* of connection *c* uses template `(c + k) mod count`, on the way out
/// and when its echo is verified.
struct MessageTemplates {
    /// Keeps the templates' bytes alive.
    let owner: PayloadTemplates
    let list: UnsafeMutablePointer<PayloadTemplate>
    let count: UInt64
    let opcode: Opcode

    init(_ templates: PayloadTemplates, opcode: Opcode) {
        owner = templates
        count = UInt64(templates.templates.count)
        list = .allocate(capacity: templates.templates.count)
        list.initialize(from: templates.templates, count: templates.templates.count)
        self.opcode = opcode
    }

    func deallocate() { list.deallocate() }

    /// The template of message `k` of connection `number`.
    @inline(__always)
    func template(connection number: UInt64, message k: UInt64) -> PayloadTemplate {
        list[Int((number &+ k) % count)]
    }
}
