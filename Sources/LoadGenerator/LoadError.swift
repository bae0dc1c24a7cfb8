/// Why a run could not start.
public enum LoadError: Error, CustomStringConvertible {
    /// ``LoadConfiguration/validate()`` found a problem (carried).
    case invalidConfiguration(String)
    /// The event-loop threads could not be started (the system's reason carried).
    case threadsNotStarted(String)

    /// The reason in words.
    public var description: String {
        switch self {
        case .invalidConfiguration(let text): return "invalid configuration: \(text)"
        case .threadsNotStarted(let text): return "could not start threads: \(text)"
        }
    }
}
