/// Stops the run when a property of the code under test does not hold. libFuzzer reports the trap as
/// a crash ("deadly signal") and saves the input as an artifact; the message says which property failed.
@inline(never)
public func require(
    _ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line
) {
    if !condition { fatalError("property violated: \(message())", file: file, line: line) }
}
