// Internal to CWebSocketSIMD: the kernel functions of each instruction set and the small inline
// helpers (unaligned word access, key rotation, short tails) that every kernel shares.
#ifndef WSB_KERNELS_H
#define WSB_KERNELS_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "CWebSocketSIMD assumes a little-endian target (the packed key's low byte is wire byte 0)"
#endif

#if defined(__x86_64__) || defined(_M_X64)
#define WSB_X86_64 1
#endif

/// Each high bit of an 8-byte word: the non-ASCII test.
#define WSB_HIGH_BITS 0x8080808080808080ull

static inline uint64_t wsb_load64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}
static inline void wsb_store64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static inline uint32_t wsb_load32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static inline void wsb_store32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

/// The key as seen by bytes that start `n` bytes later in the stream (byte 0 becomes key byte n & 3).
static inline uint32_t wsb_rotate_key(uint32_t key, size_t n) {
    unsigned shift = (unsigned)(n & 3) * 8;
    return shift == 0 ? key : (key >> shift) | (key << (32 - shift));
}

/// Masks a short run in place (any length, meant for < 64 bytes): 8-byte words, a 4-byte word, bytes.
static inline void wsb_mask_short_inplace(uint8_t *p, size_t n, uint32_t key) {
    const uint64_t key64 = (uint64_t)key * 0x100000001ull;
#pragma clang loop vectorize(disable) unroll(disable)
    while (n >= 8) {
        wsb_store64(p, wsb_load64(p) ^ key64);
        p += 8;
        n -= 8;
    }
    if (n >= 4) {
        wsb_store32(p, wsb_load32(p) ^ key);
        p += 4;
        n -= 4;
    }
    if (n > 0) p[0] ^= (uint8_t)key;
    if (n > 1) p[1] ^= (uint8_t)(key >> 8);
    if (n > 2) p[2] ^= (uint8_t)(key >> 16);
}

/// Masks a short run from `src` to `dst` (any length, meant for < 64 bytes).
static inline void wsb_mask_short_copy(uint8_t *dst, const uint8_t *src, size_t n, uint32_t key) {
    const uint64_t key64 = (uint64_t)key * 0x100000001ull;
#pragma clang loop vectorize(disable) unroll(disable)
    while (n >= 8) {
        wsb_store64(dst, wsb_load64(src) ^ key64);
        dst += 8;
        src += 8;
        n -= 8;
    }
    if (n >= 4) {
        wsb_store32(dst, wsb_load32(src) ^ key);
        dst += 4;
        src += 4;
        n -= 4;
    }
    if (n > 0) dst[0] = src[0] ^ (uint8_t)key;
    if (n > 1) dst[1] = src[1] ^ (uint8_t)(key >> 8);
    if (n > 2) dst[2] = src[2] ^ (uint8_t)(key >> 16);
}

/// ASCII prefix of a short run (any length, meant for < 64 bytes): 8-byte words, then bytes.
static inline size_t wsb_ascii_prefix_short(const uint8_t *p, size_t n) {
    size_t i = 0;
#pragma clang loop vectorize(disable) unroll(disable)
    while (n - i >= 8) {
        uint64_t high = wsb_load64(p + i) & WSB_HIGH_BITS;
        if (high) return i + ((size_t)__builtin_ctzll(high) >> 3);
        i += 8;
    }
    while (i < n && p[i] < 0x80) i++;
    return i;
}

/// Backs `end` (a position validated by a block-wise kernel) up to the start of a character that
/// the last 1–3 bytes before it leave unfinished, so that the prefix ends on a character boundary.
static inline size_t wsb_utf8_boundary_before(const uint8_t *p, size_t end) {
    if (end >= 1 && p[end - 1] >= 0xC0) return end - 1;
    if (end >= 2 && p[end - 2] >= 0xE0) return end - 2;
    if (end >= 3 && p[end - 3] >= 0xF0) return end - 3;
    return end;
}

/// 64 bytes of 0x00 then 64 of 0xFF. A `W`-byte load at offset `64 - W + k` (k < W) is a byte mask
/// whose last `k` bytes are set: in-place tails re-read the last vector and XOR only its unmasked bytes.
extern const uint8_t wsb_tail_mask_bytes[128];

void wsb_mask_inplace_portable(uint8_t *data, size_t len, uint32_t key);
void wsb_mask_copy_portable(uint8_t *dst, const uint8_t *src, size_t len, uint32_t key);
size_t wsb_ascii_prefix_portable(const uint8_t *data, size_t len);
size_t wsb_utf8_valid_prefix_none(const uint8_t *data, size_t len);

#ifdef WSB_X86_64
void wsb_mask_inplace_sse2(uint8_t *data, size_t len, uint32_t key);
void wsb_mask_copy_sse2(uint8_t *dst, const uint8_t *src, size_t len, uint32_t key);
size_t wsb_ascii_prefix_sse2(const uint8_t *data, size_t len);

void wsb_mask_inplace_avx2(uint8_t *data, size_t len, uint32_t key);
void wsb_mask_copy_avx2(uint8_t *dst, const uint8_t *src, size_t len, uint32_t key);
size_t wsb_ascii_prefix_avx2(const uint8_t *data, size_t len);
size_t wsb_utf8_valid_prefix_avx2(const uint8_t *data, size_t len);

void wsb_mask_inplace_avx512bw(uint8_t *data, size_t len, uint32_t key);
void wsb_mask_copy_avx512bw(uint8_t *dst, const uint8_t *src, size_t len, uint32_t key);
size_t wsb_ascii_prefix_avx512bw(const uint8_t *data, size_t len);
#endif

#endif
