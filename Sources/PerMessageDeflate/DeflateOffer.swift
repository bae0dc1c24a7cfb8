/// The parameters of one permessage-deflate element (an offer from a client, or a server's
/// response), validated against RFC 7692 §7.1: only the four defined parameters, none twice,
/// `*_no_context_takeover` without a value, `*_max_window_bits` a decimal 8...15 without
/// leading zeros (`client_max_window_bits` may have no value in an offer, never in a response).
public struct DeflateOffer: Sendable, Hashable {
    /// `server_no_context_takeover` is present.
    public var serverNoContextTakeover: Bool = false
    /// `client_no_context_takeover` is present.
    public var clientNoContextTakeover: Bool = false
    /// The value of `server_max_window_bits`, if present.
    public var serverMaxWindowBits: Int? = nil
    /// `client_max_window_bits` is present (with or without a value).
    public var clientMaxWindowBitsPresent: Bool = false
    /// The value of `client_max_window_bits`, if present with a value.
    public var clientMaxWindowBits: Int? = nil

    /// Creates an empty parameter set (plain `permessage-deflate`).
    public init() {}

    /// Validates the parameters of `element` (whose name is not checked). `isResponse` selects the
    /// rules for a server's response: `client_max_window_bits` then needs a value.
    public init(validating element: ExtensionHeaderElement, isResponse: Bool = false)
        throws(DeflateNegotiationError)
    {
        var seen: Set<String> = []
        for parameter in element.parameters {
            guard seen.insert(parameter.name).inserted else {
                throw .duplicateParameter(parameter.name)
            }
            switch parameter.name {
            case "server_no_context_takeover":
                guard parameter.value == nil else { throw Self.invalid(parameter) }
                serverNoContextTakeover = true
            case "client_no_context_takeover":
                guard parameter.value == nil else { throw Self.invalid(parameter) }
                clientNoContextTakeover = true
            case "server_max_window_bits":
                guard let bits = Self.windowBits(parameter.value) else { throw Self.invalid(parameter) }
                serverMaxWindowBits = bits
            case "client_max_window_bits":
                clientMaxWindowBitsPresent = true
                if let value = parameter.value {
                    guard let bits = Self.windowBits(value) else { throw Self.invalid(parameter) }
                    clientMaxWindowBits = bits
                } else if isResponse {
                    throw Self.invalid(parameter)
                }
            default:
                throw .unknownParameter(parameter.name)
            }
        }
    }

    private static func invalid(_ parameter: ExtensionHeaderElement.Parameter) -> DeflateNegotiationError {
        .invalidParameterValue(name: parameter.name, value: parameter.value)
    }

    /// "8" ... "15" exactly: decimal, no sign, no leading zero.
    private static func windowBits(_ value: String?) -> Int? {
        switch value {
        case "8": return 8
        case "9": return 9
        case "10": return 10
        case "11": return 11
        case "12": return 12
        case "13": return 13
        case "14": return 14
        case "15": return 15
        default: return nil
        }
    }
}
