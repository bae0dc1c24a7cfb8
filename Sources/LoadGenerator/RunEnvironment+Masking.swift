import WebSocketCore

extension RunEnvironment {
    /// The SIMD masking kernel chosen for this CPU.
    static func maskingKernelName() -> String { Masking.kernelName }
}
