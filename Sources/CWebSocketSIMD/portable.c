// Portable kernels: 8-byte words, any CPU. The reference point for the SIMD kernels and the
// fallback off x86-64.
#include "kernels.h"

const uint8_t wsb_tail_mask_bytes[128] = {
    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

void wsb_mask_inplace_portable(uint8_t *p, size_t n, uint32_t key) {
    const uint64_t key64 = (uint64_t)key * 0x100000001ull;
    while (n >= 32) {
        wsb_store64(p, wsb_load64(p) ^ key64);
        wsb_store64(p + 8, wsb_load64(p + 8) ^ key64);
        wsb_store64(p + 16, wsb_load64(p + 16) ^ key64);
        wsb_store64(p + 24, wsb_load64(p + 24) ^ key64);
        p += 32;
        n -= 32;
    }
    wsb_mask_short_inplace(p, n, key);
}

void wsb_mask_copy_portable(uint8_t *dst, const uint8_t *src, size_t n, uint32_t key) {
    const uint64_t key64 = (uint64_t)key * 0x100000001ull;
    while (n >= 32) {
        wsb_store64(dst, wsb_load64(src) ^ key64);
        wsb_store64(dst + 8, wsb_load64(src + 8) ^ key64);
        wsb_store64(dst + 16, wsb_load64(src + 16) ^ key64);
        wsb_store64(dst + 24, wsb_load64(src + 24) ^ key64);
        dst += 32;
        src += 32;
        n -= 32;
    }
    wsb_mask_short_copy(dst, src, n, key);
}

size_t wsb_ascii_prefix_portable(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (n - i >= 32) {
        uint64_t any = wsb_load64(p + i) | wsb_load64(p + i + 8) | wsb_load64(p + i + 16) |
                       wsb_load64(p + i + 24);
        if (any & WSB_HIGH_BITS) break;
        i += 32;
    }
    return i + wsb_ascii_prefix_short(p + i, n - i);
}

size_t wsb_utf8_valid_prefix_none(const uint8_t *data, size_t len) {
    (void)data;
    (void)len;
    return 0; // no block-wise UTF-8 kernel below AVX2: the caller's scalar loop does it all
}
