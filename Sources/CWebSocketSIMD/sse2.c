// SSE2 kernels (x86-64 baseline): 16-byte vectors, 64 bytes per loop step.
#include "kernels.h"
#ifdef WSB_X86_64
#include <emmintrin.h>

void wsb_mask_inplace_sse2(uint8_t *p, size_t n, uint32_t key) {
    const __m128i k = _mm_set1_epi32((int)key);
    const size_t len = n;
    uint8_t *const end = p + n;
    __m128i tail = _mm_setzero_si128(), tail_key = _mm_setzero_si128();
    if (len >= 16) {
        tail = _mm_loadu_si128((const __m128i *)(end - 16));
        tail_key = _mm_set1_epi32((int)wsb_rotate_key(key, len - 16));
    }
    while (n >= 64) {
        __m128i a = _mm_loadu_si128((const __m128i *)p);
        __m128i b = _mm_loadu_si128((const __m128i *)(p + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(p + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(p + 48));
        _mm_storeu_si128((__m128i *)p, _mm_xor_si128(a, k));
        _mm_storeu_si128((__m128i *)(p + 16), _mm_xor_si128(b, k));
        _mm_storeu_si128((__m128i *)(p + 32), _mm_xor_si128(c, k));
        _mm_storeu_si128((__m128i *)(p + 48), _mm_xor_si128(d, k));
        p += 64;
        n -= 64;
    }
    while (n >= 16) {
        _mm_storeu_si128((__m128i *)p, _mm_xor_si128(_mm_loadu_si128((const __m128i *)p), k));
        p += 16;
        n -= 16;
    }
    if (n > 0 && len >= 16) {
        // The last 16 bytes, loaded before the loop stored anything (see the AVX2 kernel).
        _mm_storeu_si128((__m128i *)(end - 16), _mm_xor_si128(tail, tail_key));
        return;
    }
    wsb_mask_short_inplace(p, n, key);
}

void wsb_mask_copy_sse2(uint8_t *dst, const uint8_t *src, size_t n, uint32_t key) {
    const __m128i k = _mm_set1_epi32((int)key);
    const size_t len = n;
    while (n >= 64) {
        __m128i a = _mm_loadu_si128((const __m128i *)src);
        __m128i b = _mm_loadu_si128((const __m128i *)(src + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(src + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(src + 48));
        _mm_storeu_si128((__m128i *)dst, _mm_xor_si128(a, k));
        _mm_storeu_si128((__m128i *)(dst + 16), _mm_xor_si128(b, k));
        _mm_storeu_si128((__m128i *)(dst + 32), _mm_xor_si128(c, k));
        _mm_storeu_si128((__m128i *)(dst + 48), _mm_xor_si128(d, k));
        src += 64;
        dst += 64;
        n -= 64;
    }
    while (n >= 16) {
        _mm_storeu_si128((__m128i *)dst, _mm_xor_si128(_mm_loadu_si128((const __m128i *)src), k));
        src += 16;
        dst += 16;
        n -= 16;
    }
    if (n > 0 && len >= 16) {
        // The last 16 bytes again, ending exactly at the end: rewrites some bytes with the same value.
        const __m128i kt = _mm_set1_epi32((int)wsb_rotate_key(key, n));
        const __m128i v = _mm_loadu_si128((const __m128i *)(src + n - 16));
        _mm_storeu_si128((__m128i *)(dst + n - 16), _mm_xor_si128(v, kt));
        return;
    }
    wsb_mask_short_copy(dst, src, n, key);
}

size_t wsb_ascii_prefix_sse2(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (n - i >= 64) {
        __m128i a = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(p + i + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(p + i + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(p + i + 48));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d)))) break;
        i += 64;
    }
    while (n - i >= 16) {
        int m = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(p + i)));
        if (m) return i + (size_t)__builtin_ctz((unsigned)m);
        i += 16;
    }
    if (i < n && n >= 16) {
        // The last 16 bytes; those before `i` are known to be ASCII, so the first set bit is the answer.
        int m = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(p + n - 16)));
        return m ? n - 16 + (size_t)__builtin_ctz((unsigned)m) : n;
    }
    return i + wsb_ascii_prefix_short(p + i, n - i);
}
#endif
