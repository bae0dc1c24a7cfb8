#ifndef CWEBSOCKETSIMD_H
#define CWEBSOCKETSIMD_H
#include <stddef.h>
#include <stdint.h>

/// XOR `len` bytes at `data` in place with the repeating 4-byte key `key` (wire bytes packed in
/// memory order; byte 0 of `data` is XORed with the low byte of `key`). Run-time dispatch picks
/// the widest kernel the CPU supports (AVX-512BW, AVX2, SSE2).
void wsb_mask_inplace(uint8_t *data, size_t len, uint32_t key);

/// Like `wsb_mask_inplace`, but reads `src` and writes `dst` (the regions must not overlap).
void wsb_mask_copy(uint8_t *dst, const uint8_t *src, size_t len, uint32_t key);

/// Returns the length of the longest prefix of `data` that contains only ASCII bytes (< 0x80).
size_t wsb_ascii_prefix_length(const uint8_t *data, size_t len);

/// Names the kernel chosen at run time ("avx512bw", "avx2" or "sse2").
const char *wsb_simd_kernel_name(void);

#endif
