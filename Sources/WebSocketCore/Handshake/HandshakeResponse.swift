/// Server responses for the opening handshake and for plain HTTP requests, as raw bytes.
///
/// Each builder returns a new `[UInt8]`. Header values supplied by the caller have control characters
/// replaced by spaces, so they cannot inject lines.
public enum HandshakeResponse {
    // MARK: 101

    /// `101 Switching Protocols` with `Upgrade`, `Connection`, `Sec-WebSocket-Accept` and, when given,
    /// `Sec-WebSocket-Extensions` (the negotiated response) and `Sec-WebSocket-Protocol` (the selected one).
    public static func switchingProtocols(accept: String, extensions: String? = nil, subprotocol: String? = nil) -> [UInt8] {
        HTTPHeadWriter.bytes { renderSwitchingProtocols(&$0, accept, extensions, subprotocol) }
    }

    /// The 101 answering `request` (its accept value computed from its key).
    public static func switchingProtocols(for request: UpgradeRequest, extensions: String? = nil, subprotocol: String? = nil) -> [UInt8] {
        switchingProtocols(accept: request.acceptValue, extensions: extensions, subprotocol: subprotocol)
    }

    // MARK: Errors

    /// An error response: status line, `Content-Type: text/plain`, `Content-Length`, `Connection: close`,
    /// plus `Upgrade: websocket` and `Sec-WebSocket-Version: 13` for 426 (RFC 9110 §15.5.22,
    /// RFC 6455 §4.4) and `Allow: GET` for 405. The body is `message` (default: the status) and a newline.
    public static func error(_ status: HTTPStatus, message: String? = nil) -> [UInt8] {
        HTTPHeadWriter.bytes { renderError(&$0, status, message) }
    }

    /// The error response for a rejected handshake: its status and fixed message.
    public static func rejection(_ rejection: UpgradeRejection) -> [UInt8] {
        error(rejection.status, message: rejection.message)
    }

    // MARK: 200

    /// `200 OK` with `Content-Type`, `Content-Length`, `Connection: close` (or `keep-alive` when
    /// `closeConnection` is false) and `body`.
    public static func ok(body: [UInt8], contentType: String, closeConnection: Bool = true) -> [UInt8] {
        body.withUnsafeBytes { body in HTTPHeadWriter.bytes { renderOK(&$0, body, contentType, closeConnection) } }
    }

    // MARK: Rendering

    static func renderSwitchingProtocols(_ w: inout HTTPHeadWriter, _ accept: String, _ extensions: String?, _ subprotocol: String?) {
        w.appendStatusLine(.switchingProtocols)
        w.append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
        w.appendField("Sec-WebSocket-Accept", accept)
        if let extensions { w.appendField("Sec-WebSocket-Extensions", extensions) }
        if let subprotocol { w.appendField("Sec-WebSocket-Protocol", subprotocol) }
        w.append("\r\n")
    }

    static func renderError(_ w: inout HTTPHeadWriter, _ status: HTTPStatus, _ message: String?) {
        let body = message ?? status.description
        w.appendStatusLine(status)
        w.append("Content-Type: text/plain; charset=utf-8\r\nContent-Length: ")
        w.append(decimal: body.utf8.count + 1)
        w.append("\r\nConnection: close\r\n")
        if status.code == 426 { w.append("Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n") }
        if status.code == 405 { w.append("Allow: GET\r\n") }
        w.append("\r\n")
        w.append(body)
        w.append("\n")
    }

    static func renderOK(_ w: inout HTTPHeadWriter, _ body: UnsafeRawBufferPointer, _ contentType: String, _ close: Bool) {
        w.appendStatusLine(.ok)
        w.appendField("Content-Type", contentType)
        w.append("Content-Length: ")
        w.append(decimal: body.count)
        w.append(close ? "\r\nConnection: close\r\n\r\n" : "\r\nConnection: keep-alive\r\n\r\n")
        w.append(body)
    }
}
