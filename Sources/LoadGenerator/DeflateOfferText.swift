import PerMessageDeflate

/// The `Sec-WebSocket-Extensions` offer text for result files.
enum DeflateOfferText {
    static func offer(_ options: DeflateClientOptions) -> String? { DeflateNegotiation.offer(options) }
}
