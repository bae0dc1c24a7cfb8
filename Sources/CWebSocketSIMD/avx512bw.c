// AVX-512BW kernels: 64-byte vectors, 256 bytes per loop step, masked loads/stores for the tail.
// Compiled whatever the build's baseline; only called after the dispatcher has checked the CPU
// (and OS) support AVX-512F and AVX-512BW.
#include "kernels.h"
#ifdef WSB_X86_64
#include <immintrin.h>

#define WSB_AVX512 __attribute__((target("avx512f,avx512bw")))

/// Above this length the destination is first aligned to 64 bytes so that no store splits a cache line.
#define WSB_AVX512_ALIGN_FROM 512

/// A byte mask selecting the first `n` (< 64) lanes.
static inline __mmask64 wsb_first_lanes(size_t n) { return (n >= 64) ? ~0ull : ((1ull << n) - 1); }

WSB_AVX512 void wsb_mask_inplace_avx512bw(uint8_t *p, size_t n, uint32_t key) {
    if (n < 16) {
        wsb_mask_short_inplace(p, n, key);
        return;
    }
    if (n >= WSB_AVX512_ALIGN_FROM) {
        size_t head = (size_t)(-(uintptr_t)p) & 63;
        const __mmask64 lanes = wsb_first_lanes(head);
        const __m512i v = _mm512_maskz_loadu_epi8(lanes, p);
        _mm512_mask_storeu_epi8(p, lanes, _mm512_xor_si512(v, _mm512_set1_epi32((int)key)));
        p += head;
        n -= head;
        key = wsb_rotate_key(key, head);
    }
    const __m512i k = _mm512_set1_epi32((int)key);
    while (n >= 256) {
        __m512i a = _mm512_loadu_si512((const void *)p);
        __m512i b = _mm512_loadu_si512((const void *)(p + 64));
        __m512i c = _mm512_loadu_si512((const void *)(p + 128));
        __m512i d = _mm512_loadu_si512((const void *)(p + 192));
        _mm512_storeu_si512((void *)p, _mm512_xor_si512(a, k));
        _mm512_storeu_si512((void *)(p + 64), _mm512_xor_si512(b, k));
        _mm512_storeu_si512((void *)(p + 128), _mm512_xor_si512(c, k));
        _mm512_storeu_si512((void *)(p + 192), _mm512_xor_si512(d, k));
        p += 256;
        n -= 256;
    }
    while (n >= 64) {
        _mm512_storeu_si512((void *)p, _mm512_xor_si512(_mm512_loadu_si512((const void *)p), k));
        p += 64;
        n -= 64;
    }
    if (n > 0) {
        const __mmask64 lanes = wsb_first_lanes(n);
        const __m512i v = _mm512_maskz_loadu_epi8(lanes, p);
        _mm512_mask_storeu_epi8(p, lanes, _mm512_xor_si512(v, k));
    }
}

WSB_AVX512 void wsb_mask_copy_avx512bw(uint8_t *dst, const uint8_t *src, size_t n, uint32_t key) {
    if (n < 16) {
        wsb_mask_short_copy(dst, src, n, key);
        return;
    }
    if (n >= WSB_AVX512_ALIGN_FROM) {
        size_t head = (size_t)(-(uintptr_t)dst) & 63;
        const __mmask64 lanes = wsb_first_lanes(head);
        const __m512i v = _mm512_maskz_loadu_epi8(lanes, src);
        _mm512_mask_storeu_epi8(dst, lanes, _mm512_xor_si512(v, _mm512_set1_epi32((int)key)));
        dst += head;
        src += head;
        n -= head;
        key = wsb_rotate_key(key, head);
    }
    const __m512i k = _mm512_set1_epi32((int)key);
    while (n >= 256) {
        __m512i a = _mm512_loadu_si512((const void *)src);
        __m512i b = _mm512_loadu_si512((const void *)(src + 64));
        __m512i c = _mm512_loadu_si512((const void *)(src + 128));
        __m512i d = _mm512_loadu_si512((const void *)(src + 192));
        _mm512_storeu_si512((void *)dst, _mm512_xor_si512(a, k));
        _mm512_storeu_si512((void *)(dst + 64), _mm512_xor_si512(b, k));
        _mm512_storeu_si512((void *)(dst + 128), _mm512_xor_si512(c, k));
        _mm512_storeu_si512((void *)(dst + 192), _mm512_xor_si512(d, k));
        src += 256;
        dst += 256;
        n -= 256;
    }
    while (n >= 64) {
        _mm512_storeu_si512((void *)dst, _mm512_xor_si512(_mm512_loadu_si512((const void *)src), k));
        src += 64;
        dst += 64;
        n -= 64;
    }
    if (n > 0) {
        const __mmask64 lanes = wsb_first_lanes(n);
        const __m512i v = _mm512_maskz_loadu_epi8(lanes, src);
        _mm512_mask_storeu_epi8(dst, lanes, _mm512_xor_si512(v, k));
    }
}

WSB_AVX512 size_t wsb_ascii_prefix_avx512bw(const uint8_t *p, size_t n) {
    if (n < 16) return wsb_ascii_prefix_short(p, n);
    size_t i = 0;
    while (n - i >= 256) {
        __m512i a = _mm512_loadu_si512((const void *)(p + i));
        __m512i b = _mm512_loadu_si512((const void *)(p + i + 64));
        __m512i c = _mm512_loadu_si512((const void *)(p + i + 128));
        __m512i d = _mm512_loadu_si512((const void *)(p + i + 192));
        __m512i any = _mm512_or_si512(_mm512_or_si512(a, b), _mm512_or_si512(c, d));
        if (_mm512_movepi8_mask(any)) break;
        i += 256;
    }
    while (n - i >= 64) {
        __mmask64 m = _mm512_movepi8_mask(_mm512_loadu_si512((const void *)(p + i)));
        if (m) return i + (size_t)__builtin_ctzll(m);
        i += 64;
    }
    if (i == n) return n;
    // Masked-off lanes read as zero (ASCII) and never fault.
    __mmask64 m = _mm512_movepi8_mask(_mm512_maskz_loadu_epi8(wsb_first_lanes(n - i), p + i));
    return m ? i + (size_t)__builtin_ctzll(m) : n;
}
#endif
