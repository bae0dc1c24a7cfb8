// Placeholder scalar kernels; replaced by the SIMD implementation.
#include "CWebSocketSIMD.h"
#include <string.h>

void wsb_mask_inplace(uint8_t *data, size_t len, uint32_t key) {
    for (size_t i = 0; i < len; i++) data[i] ^= (uint8_t)(key >> ((i & 3) * 8));
}
void wsb_mask_copy(uint8_t *dst, const uint8_t *src, size_t len, uint32_t key) {
    for (size_t i = 0; i < len; i++) dst[i] = src[i] ^ (uint8_t)(key >> ((i & 3) * 8));
}
size_t wsb_ascii_prefix_length(const uint8_t *data, size_t len) {
    size_t i = 0;
    while (i < len && data[i] < 0x80) i++;
    return i;
}
const char *wsb_simd_kernel_name(void) { return "scalar"; }
