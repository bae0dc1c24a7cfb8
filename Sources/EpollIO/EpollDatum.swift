/// The 64-bit datum the loops register with each descriptor in epoll, typed: today it is the
/// descriptor itself (the index of its slot in a ``DescriptorTable``), so every ready event leads
/// straight to its connection's state without a lookup.
///
/// One type instead of `UInt64(UInt32(bitPattern: fd))` written at every `epoll_ctl`: a loop says
/// `epoll.add(fd, events: .readable)` and reads `event.datum.fileDescriptor`.
@frozen
public struct EpollDatum: Hashable, Sendable {
    /// The raw datum as the kernel stores it.
    public var rawValue: UInt64

    /// A datum from its raw 64-bit value.
    @inlinable
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The datum that names `fd` (zero-extended, so a descriptor round-trips exactly).
    @inlinable
    public init(fileDescriptor fd: Int32) { rawValue = UInt64(UInt32(bitPattern: fd)) }

    /// The descriptor this datum names (its low 32 bits).
    @inlinable
    public var fileDescriptor: Int32 { Int32(truncatingIfNeeded: rawValue) }
}
