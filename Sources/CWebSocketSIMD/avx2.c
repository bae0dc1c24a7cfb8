// AVX2 kernels: 32-byte vectors, 128 bytes per loop step; compiled for AVX2 whatever the build's
// baseline, and only called after the dispatcher has checked the CPU supports it.
#include "kernels.h"
#ifdef WSB_X86_64
#include <immintrin.h>

#define WSB_AVX2 __attribute__((target("avx2")))

/// Above this length the destination is first aligned to 32 bytes so that no store splits a cache line.
#define WSB_AVX2_ALIGN_FROM 256

WSB_AVX2 void wsb_mask_inplace_avx2(uint8_t *p, size_t n, uint32_t key) {
    if (n < 32) {
        wsb_mask_short_inplace(p, n, key);
        return;
    }
    if (n >= WSB_AVX2_ALIGN_FROM) {
        size_t head = (size_t)(-(uintptr_t)p) & 31;
        wsb_mask_short_inplace(p, head, key);
        p += head;
        n -= head;
        key = wsb_rotate_key(key, head);
    }
    uint8_t *const end = p + n;
    const size_t tail_count = n & 31;
    const __m256i tail = _mm256_loadu_si256((const __m256i *)(end - 32));
    const __m256i tail_key = _mm256_set1_epi32((int)wsb_rotate_key(key, n - 32));
    const __m256i k = _mm256_set1_epi32((int)key);
    while (n >= 128) {
        __m256i a = _mm256_loadu_si256((const __m256i *)p);
        __m256i b = _mm256_loadu_si256((const __m256i *)(p + 32));
        __m256i c = _mm256_loadu_si256((const __m256i *)(p + 64));
        __m256i d = _mm256_loadu_si256((const __m256i *)(p + 96));
        _mm256_storeu_si256((__m256i *)p, _mm256_xor_si256(a, k));
        _mm256_storeu_si256((__m256i *)(p + 32), _mm256_xor_si256(b, k));
        _mm256_storeu_si256((__m256i *)(p + 64), _mm256_xor_si256(c, k));
        _mm256_storeu_si256((__m256i *)(p + 96), _mm256_xor_si256(d, k));
        p += 128;
        n -= 128;
    }
    while (n >= 32) {
        _mm256_storeu_si256((__m256i *)p, _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)p), k));
        p += 32;
        n -= 32;
    }
    if (tail_count > 0) {
        // The last 32 bytes, loaded before the loop stored anything: XOR all of them and store,
        // rewriting the bytes the loop already masked with the same values. (Reloading them after
        // the loop's stores would stall on store-to-load forwarding.)
        _mm256_storeu_si256((__m256i *)(end - 32), _mm256_xor_si256(tail, tail_key));
    }
}

WSB_AVX2 void wsb_mask_copy_avx2(uint8_t *dst, const uint8_t *src, size_t n, uint32_t key) {
    if (n < 32) {
        wsb_mask_short_copy(dst, src, n, key);
        return;
    }
    if (n >= WSB_AVX2_ALIGN_FROM) {
        size_t head = (size_t)(-(uintptr_t)dst) & 31;
        wsb_mask_short_copy(dst, src, head, key);
        dst += head;
        src += head;
        n -= head;
        key = wsb_rotate_key(key, head);
    }
    const __m256i k = _mm256_set1_epi32((int)key);
    while (n >= 128) {
        __m256i a = _mm256_loadu_si256((const __m256i *)src);
        __m256i b = _mm256_loadu_si256((const __m256i *)(src + 32));
        __m256i c = _mm256_loadu_si256((const __m256i *)(src + 64));
        __m256i d = _mm256_loadu_si256((const __m256i *)(src + 96));
        _mm256_storeu_si256((__m256i *)dst, _mm256_xor_si256(a, k));
        _mm256_storeu_si256((__m256i *)(dst + 32), _mm256_xor_si256(b, k));
        _mm256_storeu_si256((__m256i *)(dst + 64), _mm256_xor_si256(c, k));
        _mm256_storeu_si256((__m256i *)(dst + 96), _mm256_xor_si256(d, k));
        src += 128;
        dst += 128;
        n -= 128;
    }
    while (n >= 32) {
        _mm256_storeu_si256((__m256i *)dst, _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)src), k));
        src += 32;
        dst += 32;
        n -= 32;
    }
    if (n > 0) {
        // The last 32 bytes again, ending exactly at the end: rewrites some bytes with the same value.
        const __m256i kt = _mm256_set1_epi32((int)wsb_rotate_key(key, n));
        const __m256i v = _mm256_loadu_si256((const __m256i *)(src + n - 32));
        _mm256_storeu_si256((__m256i *)(dst + n - 32), _mm256_xor_si256(v, kt));
    }
}

WSB_AVX2 size_t wsb_ascii_prefix_avx2(const uint8_t *p, size_t n) {
    if (n < 32) return wsb_ascii_prefix_short(p, n);
    size_t i = 0;
    while (n - i >= 128) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(p + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(p + i + 32));
        __m256i c = _mm256_loadu_si256((const __m256i *)(p + i + 64));
        __m256i d = _mm256_loadu_si256((const __m256i *)(p + i + 96));
        if (_mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(a, b), _mm256_or_si256(c, d)))) break;
        i += 128;
    }
    while (n - i >= 32) {
        unsigned m = (unsigned)_mm256_movemask_epi8(_mm256_loadu_si256((const __m256i *)(p + i)));
        if (m) return i + (size_t)__builtin_ctz(m);
        i += 32;
    }
    if (i == n) return n;
    // The last 32 bytes; those before `i` are known to be ASCII, so the first set bit is the answer.
    unsigned m = (unsigned)_mm256_movemask_epi8(_mm256_loadu_si256((const __m256i *)(p + n - 32)));
    return m ? n - 32 + (size_t)__builtin_ctz(m) : n;
}
#endif
