#ifndef CWEBSOCKETSIMD_H
#define CWEBSOCKETSIMD_H
#include <stddef.h>
#include <stdint.h>

// SIMD kernels for the WebSocket frame engine: payload masking (RFC 6455 §5.3) and the ASCII scan
// used by UTF-8 validation. Each operation has several kernels; the widest one the CPU supports is
// chosen once, on first use, with `__builtin_cpu_supports`. No I/O, no allocation.

/// Kernel identifiers, narrowest first. `WSB_KERNEL_PORTABLE` (8-byte words, any CPU) always exists;
/// the others exist only on x86-64 and only run where ``wsb_kernel_supported`` says so.
#define WSB_KERNEL_PORTABLE 0
#define WSB_KERNEL_SSE2 1
#define WSB_KERNEL_AVX2 2
#define WSB_KERNEL_AVX512BW 3
/// One past the largest kernel identifier.
#define WSB_KERNEL_COUNT 4

/// XOR `len` bytes at `data` in place with the repeating 4-byte key `key` (wire bytes packed in
/// memory order; byte 0 of `data` is XORed with the low byte of `key`). Run-time dispatch picks
/// the widest kernel the CPU supports (AVX-512BW, AVX2, SSE2).
void wsb_mask_inplace(uint8_t *data, size_t len, uint32_t key);

/// Like `wsb_mask_inplace`, but reads `src` and writes `dst` (the regions must not overlap).
void wsb_mask_copy(uint8_t *dst, const uint8_t *src, size_t len, uint32_t key);

/// Returns the length of the longest prefix of `data` that contains only ASCII bytes (< 0x80).
size_t wsb_ascii_prefix_length(const uint8_t *data, size_t len);

/// Returns a length `L <= len` such that `data[0..<L]` is valid UTF-8 that ends on a character
/// boundary, given that `data` starts on one. `L` may fall short of the longest such prefix: it stops
/// before the 32-byte block where an error shows and before a character that the end of `data` splits,
/// and it is 0 for inputs under 32 bytes or where no block-wise kernel exists (below AVX2). The
/// caller validates `data[L...]` byte by byte, which finds the exact offset of any error.
size_t wsb_utf8_valid_prefix_length(const uint8_t *data, size_t len);

/// Returns 1 if the selected kernel set has a block-wise UTF-8 kernel (AVX2 or wider), else 0.
int wsb_utf8_kernel_available(void);

/// Names the kernel chosen at run time ("avx512bw", "avx2" or "sse2"; "portable" off x86-64).
const char *wsb_simd_kernel_name(void);

/// The identifier of the kernel chosen at run time (one of the `WSB_KERNEL_*` values).
int wsb_selected_kernel(void);

/// Returns 1 if `kernel` is compiled in and this CPU (and OS) can run it, else 0.
int wsb_kernel_supported(int kernel);

/// Names `kernel` ("portable", "sse2", "avx2", "avx512bw"), or "unknown".
const char *wsb_kernel_name(int kernel);

/// `wsb_mask_inplace` with an explicit kernel (for tests and benchmarks). `kernel` must be supported.
void wsb_mask_inplace_with(int kernel, uint8_t *data, size_t len, uint32_t key);

/// `wsb_mask_copy` with an explicit kernel (for tests and benchmarks). `kernel` must be supported.
void wsb_mask_copy_with(int kernel, uint8_t *dst, const uint8_t *src, size_t len, uint32_t key);

/// `wsb_ascii_prefix_length` with an explicit kernel (for tests and benchmarks). `kernel` must be supported.
size_t wsb_ascii_prefix_length_with(int kernel, const uint8_t *data, size_t len);

/// `wsb_utf8_valid_prefix_length` with an explicit kernel (for tests and benchmarks); returns 0 for
/// kernels without a UTF-8 implementation. `kernel` must be supported.
size_t wsb_utf8_valid_prefix_length_with(int kernel, const uint8_t *data, size_t len);

#endif
