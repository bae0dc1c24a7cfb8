// UTF-8 validation with AVX2, 32 bytes at a time, after Keiser & Lemire, "Validating UTF-8 in less
// than one instruction per byte" (2021), as in simdjson/simdutf: three 16-entry nibble lookups on each
// byte and the one before it flag every ill-formed pair; a saturating subtraction on the bytes two and
// three back checks the third and fourth bytes of long characters.
#include "kernels.h"
#ifdef WSB_X86_64
#include <immintrin.h>

#define WSB_AVX2 __attribute__((target("avx2")))

// Error classes, one bit each (a byte pair is ill-formed if all three lookups share a bit).
#define TOO_SHORT (1 << 0)      // 11______ 0_______ or 11______ 11______
#define TOO_LONG (1 << 1)       // 0_______ 10______
#define OVERLONG_3 (1 << 2)     // 11100000 100_____
#define TOO_LARGE (1 << 3)      // 11110100 1001____, 11110100 101_____, 11110101+ 1001____ / 101_____
#define SURROGATE (1 << 4)      // 11101101 101_____
#define OVERLONG_2 (1 << 5)     // 1100000_ 10______
#define TOO_LARGE_1000 (1 << 6) // 11110101+ 1000____
#define OVERLONG_4 (1 << 6)     // 11110000 1000____
#define TWO_CONTS (1 << 7)      // 10______ 10______ (legal only as byte 3 or 4)
#define CARRY (TOO_SHORT | TOO_LONG | TWO_CONTS)

/// Both 128-bit lanes hold the same 16-entry table (vpshufb looks up within a lane).
#define WSB_TABLE(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p)                                          \
    _mm256_setr_epi8(WSB_B(a), WSB_B(b), WSB_B(c), WSB_B(d), WSB_B(e), WSB_B(f), WSB_B(g), WSB_B(h), WSB_B(i),     \
                     WSB_B(j), WSB_B(k), WSB_B(l), WSB_B(m), WSB_B(n), WSB_B(o), WSB_B(p), WSB_B(a), WSB_B(b),     \
                     WSB_B(c), WSB_B(d), WSB_B(e), WSB_B(f), WSB_B(g), WSB_B(h), WSB_B(i), WSB_B(j), WSB_B(k),     \
                     WSB_B(l), WSB_B(m), WSB_B(n), WSB_B(o), WSB_B(p))
#define WSB_B(x) ((char)(unsigned char)(x))

/// The vector of bytes `N` positions earlier: lanes below `N` come from the end of `previous`.
#define WSB_PREVIOUS(input, previous, N)                                                                   \
    _mm256_alignr_epi8((input), _mm256_permute2x128_si256((previous), (input), 0x21), 16 - (N))

WSB_AVX2 static inline __m256i wsb_high_nibbles(__m256i v) {
    return _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0F));
}

/// Error bits for each byte of `input` given the 32 bytes before it.
WSB_AVX2 static inline __m256i wsb_utf8_errors(__m256i input, __m256i previous) {
    const __m256i prev1 = WSB_PREVIOUS(input, previous, 1);
    const __m256i byte_1_high = _mm256_shuffle_epi8(
        WSB_TABLE(TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,  // 0___
                  TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,                                        // 10__
                  TOO_SHORT | OVERLONG_2,                                                            // 1100
                  TOO_SHORT,                                                                         // 1101
                  TOO_SHORT | OVERLONG_3 | SURROGATE,                                                // 1110
                  TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4),                              // 1111
        wsb_high_nibbles(prev1));
    const __m256i byte_1_low = _mm256_shuffle_epi8(
        WSB_TABLE(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,                                      // ____0000
                  CARRY | OVERLONG_2,                                                                // ____0001
                  CARRY, CARRY,                                                                      // ____001_
                  CARRY | TOO_LARGE,                                                                 // ____0100
                  CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,            // 0101, 0110
                  CARRY | TOO_LARGE | TOO_LARGE_1000,                                                // ____0111
                  CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,            // 1000, 1001
                  CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,            // 1010, 1011
                  CARRY | TOO_LARGE | TOO_LARGE_1000,                                                // ____1100
                  CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,                                    // ____1101
                  CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000),           // 1110, 1111
        _mm256_and_si256(prev1, _mm256_set1_epi8(0x0F)));
    const __m256i byte_2_high = _mm256_shuffle_epi8(
        WSB_TABLE(TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, // 0___
                  TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,           // 1000
                  TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,                             // 1001
                  TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,                              // 1010
                  TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,                              // 1011
                  TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT),                                            // 11__
        wsb_high_nibbles(input));
    const __m256i special = _mm256_and_si256(_mm256_and_si256(byte_1_high, byte_1_low), byte_2_high);

    // A continuation after a continuation (TWO_CONTS) is legal exactly where the byte two back is a
    // 3- or 4-byte lead or the byte three back is a 4-byte lead; flip the bit there.
    const __m256i prev2 = WSB_PREVIOUS(input, previous, 2);
    const __m256i prev3 = WSB_PREVIOUS(input, previous, 3);
    const __m256i third = _mm256_subs_epu8(prev2, _mm256_set1_epi8((char)(0xE0 - 0x80)));
    const __m256i fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8((char)(0xF0 - 0x80)));
    const __m256i must_continue = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must_continue, special);
}

WSB_AVX2 size_t wsb_utf8_valid_prefix_avx2(const uint8_t *p, size_t n) {
    // Non-zero where the last three bytes of a block start a character the block does not finish.
    const __m256i incomplete_limit = _mm256_setr_epi8(
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    __m256i previous = _mm256_setzero_si256(); // as if after ASCII: `p` starts on a character boundary
    __m256i previous_incomplete = _mm256_setzero_si256();
    size_t i = 0;
    while (n - i >= 32) {
        const __m256i input = _mm256_loadu_si256((const __m256i *)(p + i));
        __m256i errors;
        if (_mm256_movemask_epi8(input) == 0) {
            errors = previous_incomplete; // ASCII: fine unless the last block left a character open
        } else {
            errors = wsb_utf8_errors(input, previous);
        }
        if (!_mm256_testz_si256(errors, errors)) break; // the error is in this block or just before it
        previous_incomplete = _mm256_subs_epu8(input, incomplete_limit);
        previous = input;
        i += 32;
    }
    return wsb_utf8_boundary_before(p, i);
}
#endif
