import ArgumentParser
import BenchSupport

extension CPUList {
    /// The CPU list given to `option` (e.g. `--cpus`); a validation error naming the option if
    /// it is not one.
    static func argument(_ text: String, option: String) throws(ValidationError) -> [Int] {
        do {
            return try parse(text)
        } catch {
            throw ValidationError("\(option): \(error)")
        }
    }
}
