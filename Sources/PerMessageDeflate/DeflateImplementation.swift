/// The DEFLATE library behind a ``MessageDeflater`` or ``MessageInflater``.
///
/// - `zlib`: one zlib stream per connection and direction (the reference; any window 8...15, context
///   takeover on or off).
/// - `isal`: Intel ISA-L igzip, one stateful stream per thread (``DeflateWorkspace``) shared by every
///   connection; with context takeover a connection keeps only its last 2^windowBits bytes
///   (``HistoryWindow``), loaded as the dictionary before each message. `hist_bits` limits match
///   distances to the negotiated window on both sides (8...15).
/// - `libdeflate`: whole-buffer compression with one compressor per thread. It always searches a
///   32 KiB window and keeps no history, so it is valid only for a 15-bit window without context
///   takeover; anywhere else ``forCompressing(windowBits:noContextTakeover:)`` falls back to zlib.
///   It has no streaming inflate, so its inflater is zlib.
public enum DeflateImplementation: String, Sendable, Hashable, CaseIterable {
    case zlib
    case isal
    case libdeflate

    /// What `requested` (nil = automatic, the fastest valid one) compresses with under the
    /// negotiated window and context takeover of the sending side.
    public static func forCompressing(
        _ requested: DeflateImplementation?, windowBits: Int, noContextTakeover: Bool
    ) -> DeflateImplementation {
        switch requested {
        case .zlib: return .zlib
        case .isal: return .isal
        case .libdeflate:
            // libdeflate cannot restrict its window or keep history: only 15 bits without takeover.
            return windowBits == 15 && noContextTakeover ? .libdeflate : .zlib
        case nil:
            // ISA-L level 1 is fastest in every mode measured (results/permessage-deflate.md).
            return .isal
        }
    }

    /// What `requested` (nil = automatic) inflates with.
    public static func forInflating(_ requested: DeflateImplementation?) -> DeflateImplementation {
        switch requested {
        case .zlib, .libdeflate: return .zlib
        case .isal, nil:
            // ISA-L inflate is faster than zlib's at 1 KiB and 16 KiB (results/permessage-deflate.md).
            return .isal
        }
    }
}
