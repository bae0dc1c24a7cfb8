import EpollIO

/// The local addresses connections are made from, used in turn.
///
/// One source address reaches at most one ephemeral port range (~28k ports) per destination;
/// spreading connections over several loopback addresses (`127.0.0.1-127.0.0.8`) gets past that.
public enum SourceAddresses {
    /// Parses a comma-separated list of IPv4 addresses and ranges (`127.0.0.1-127.0.0.8`, whose
    /// last octets are inclusive bounds; the first three octets must be equal). Nil if malformed.
    public static func parse(_ text: String) -> [SocketAddress]? {
        var result: [SocketAddress] = []
        for item in text.split(separator: ",") {
            let bounds = item.split(separator: "-", maxSplits: 1)
            guard let first = SocketAddress(host: String(bounds[0]), port: 0) else { return nil }
            guard bounds.count == 2 else {
                result.append(first)
                continue
            }
            let a = bounds[0].split(separator: "."), b = bounds[1].split(separator: ".")
            guard a.count == 4, b.count == 4, a[0..<3] == b[0..<3], let low = Int(a[3]), let high = Int(b[3]),
                low <= high, high <= 255
            else { return nil }
            for last in low...high {
                guard let address = SocketAddress(host: a[0..<3].joined(separator: ".") + ".\(last)", port: 0) else {
                    return nil
                }
                result.append(address)
            }
        }
        return result.isEmpty ? nil : result
    }
}
