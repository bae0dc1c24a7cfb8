/// The comparison in a threshold: the metric's value must satisfy `value OP limit`.
public enum ThresholdOperator: String, Sendable, CaseIterable {
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case greater = ">"

    /// Whether `value` satisfies the operator against `limit`.
    public func holds(_ value: Double, _ limit: Double) -> Bool {
        switch self {
        case .less: return value < limit
        case .lessOrEqual: return value <= limit
        case .greater: return value > limit
        case .greaterOrEqual: return value >= limit
        case .equal: return value == limit
        case .notEqual: return value != limit
        }
    }
}
