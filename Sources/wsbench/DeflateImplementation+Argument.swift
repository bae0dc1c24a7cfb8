import ArgumentParser
import PerMessageDeflate

extension DeflateImplementation {
    /// Parses `--deflate-impl`: a library name, or `auto` (nil: the fastest valid one per mode).
    static func argument(_ value: String, option: String) throws -> DeflateImplementation? {
        if value == "auto" { return nil }
        guard let implementation = DeflateImplementation(rawValue: value) else {
            throw ValidationError("\(option): zlib, isal, libdeflate or auto")
        }
        return implementation
    }
}
