import CWebSocketSIMD
import FuzzSupport
import WebSocketCore

/// `UTF8Validator` against the standard library, and the SIMD kernels under it against plain loops.
///
/// Input: byte 0 chooses how the text is cut into chunks (`ChunkPattern`); byte 1 the text's
/// alignment (bits 0–5: 0–63 bytes into its allocation) and a run of ASCII put in front of it
/// (bits 6–7: 0, 31, 64 or 200 bytes, so the ASCII fast path runs into the bytes that follow at
/// every offset); the rest is the text.
///
/// Properties: validated whole and in chunks (sequences split across chunk boundaries), the
/// validator accepts exactly what `String(validating:as:)` accepts and reports the standard
/// library's first invalid byte; once failed it stays failed. Every ASCII-scan kernel this CPU can
/// run finds the first non-ASCII byte; every block-wise UTF-8 kernel returns a prefix that is valid.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUTF8Validator(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let chunks = ChunkPattern(seed: input.takeByte())
    let layout = input.takeByte()
    let alignment = Int(layout & 63)
    let asciiLeadIn = [0, 31, 64, 200][Int(layout >> 6)]
    let text = [UInt8](repeating: UInt8(ascii: "a"), count: asciiLeadIn) + input.takeRest()

    let valid = UTF8Reference.isValid(text)
    let firstInvalid = UTF8Reference.firstInvalidOffset(text)
    require(valid == (firstInvalid == nil), "the reference disagrees with itself")
    Trace.print("\(text.count) bytes at alignment \(alignment), chunks \(chunks): first invalid byte \(String(describing: firstInvalid))")

    // Whole, at the chosen alignment.
    let padded = [UInt8](repeating: 0xFF, count: alignment) + text
    withExactBuffer(padded[...]) { buffer in
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[alignment...])
        var validator = UTF8Validator()
        let accepted = validator.validate(bytes) && validator.finish()
        require(accepted == valid, "whole: validator says \(accepted), the standard library \(valid)")
        require(
            validator.invalidByteOffset == firstInvalid,
            "whole: first invalid byte \(String(describing: validator.invalidByteOffset)), expected \(String(describing: firstInvalid))")
        if accepted { require(validator.validatedCount == text.count, "validated \(validator.validatedCount) of \(text.count)") }
        checkKernels(bytes)
    }

    // In chunks, each in its own allocation.
    var validator = UTF8Validator()
    var start = 0
    var accepted = true
    for size in chunks.sizes(covering: text.count) {
        let chunkAccepted = withExactBuffer(text[start..<start + size]) { validator.validate(UnsafeRawBufferPointer($0)) }
        start += size
        if !accepted { require(!chunkAccepted, "validate accepted a chunk after failing") }
        accepted = accepted && chunkAccepted
    }
    if accepted {
        require(
            validator.isAtCharacterBoundary == (firstInvalid == nil),
            "in \(chunks): at a character boundary: \(validator.isAtCharacterBoundary)")
        accepted = validator.finish()
    }
    require(accepted == valid, "in \(chunks): validator says \(accepted), the standard library \(valid)")
    require(
        validator.invalidByteOffset == firstInvalid,
        "in \(chunks): first invalid byte \(String(describing: validator.invalidByteOffset)), expected \(String(describing: firstInvalid))")
    return 0
}

/// Runs every kernel this CPU supports on `bytes` and checks it against a byte loop.
func checkKernels(_ bytes: UnsafeRawBufferPointer) {
    guard let data = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
    let asciiPrefix = bytes.firstIndex { $0 >= 0x80 } ?? bytes.count
    require(wsb_ascii_prefix_length(data, bytes.count) == asciiPrefix, "dispatched ASCII scan")
    for kernel in 0..<WSB_KERNEL_COUNT where wsb_kernel_supported(kernel) != 0 {
        let name = String(cString: wsb_kernel_name(kernel))
        let found = wsb_ascii_prefix_length_with(kernel, data, bytes.count)
        require(found == asciiPrefix, "\(name) ASCII scan: \(found), expected \(asciiPrefix)")
        let prefix = wsb_utf8_valid_prefix_length_with(kernel, data, bytes.count)
        require(prefix <= bytes.count, "\(name) UTF-8 kernel: prefix \(prefix) of \(bytes.count) bytes")
        require(
            UTF8Reference.isValid(UnsafeRawBufferPointer(rebasing: bytes[..<prefix])),
            "\(name) UTF-8 kernel: the \(prefix)-byte prefix it vouches for is not valid")
    }
}
