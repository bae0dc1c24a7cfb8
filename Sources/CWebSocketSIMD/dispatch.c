// Run-time kernel selection and the public entry points. The CPU is probed once, on first use;
// each entry point then costs one load and one indirect call (short inputs skip even that).
#include "CWebSocketSIMD.h"
#include "kernels.h"

typedef void (*wsb_mask_inplace_fn)(uint8_t *, size_t, uint32_t);
typedef void (*wsb_mask_copy_fn)(uint8_t *, const uint8_t *, size_t, uint32_t);
typedef size_t (*wsb_ascii_prefix_fn)(const uint8_t *, size_t);
typedef size_t (*wsb_utf8_prefix_fn)(const uint8_t *, size_t);

/// The kernels of one instruction set.
typedef struct {
    const char *name;
    wsb_mask_inplace_fn mask_inplace;
    wsb_mask_copy_fn mask_copy;
    wsb_ascii_prefix_fn ascii_prefix;
    wsb_utf8_prefix_fn utf8_prefix;
} wsb_kernel_set;

static const wsb_kernel_set wsb_kernel_sets[WSB_KERNEL_COUNT] = {
    {"portable", wsb_mask_inplace_portable, wsb_mask_copy_portable, wsb_ascii_prefix_portable,
     wsb_utf8_valid_prefix_none},
#ifdef WSB_X86_64
    {"sse2", wsb_mask_inplace_sse2, wsb_mask_copy_sse2, wsb_ascii_prefix_sse2, wsb_utf8_valid_prefix_none},
    {"avx2", wsb_mask_inplace_avx2, wsb_mask_copy_avx2, wsb_ascii_prefix_avx2, wsb_utf8_valid_prefix_avx2},
    // No AVX-512 UTF-8 kernel (yet): the AVX2 one runs on AVX-512 CPUs.
    {"avx512bw", wsb_mask_inplace_avx512bw, wsb_mask_copy_avx512bw, wsb_ascii_prefix_avx512bw,
     wsb_utf8_valid_prefix_avx2},
#else
    {"sse2", 0, 0, 0, 0},
    {"avx2", 0, 0, 0, 0},
    {"avx512bw", 0, 0, 0, 0},
#endif
};

/// Inputs shorter than this are handled inline by the entry points, without an indirect call.
#define WSB_SHORT_LENGTH 16

int wsb_kernel_supported(int kernel) {
    switch (kernel) {
    case WSB_KERNEL_PORTABLE:
        return 1;
#ifdef WSB_X86_64
    case WSB_KERNEL_SSE2:
        return 1; // part of the x86-64 baseline
    case WSB_KERNEL_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") ? 1 : 0;
    case WSB_KERNEL_AVX512BW:
        // compiler-rt/libgcc also check (XGETBV) that the OS saves the AVX-512 state.
        __builtin_cpu_init();
        return (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")) ? 1 : 0;
#endif
    default:
        return 0;
    }
}

/// The widest supported kernel.
static int wsb_best_kernel(void) {
    for (int kernel = WSB_KERNEL_COUNT - 1; kernel > WSB_KERNEL_PORTABLE; kernel--) {
        if (wsb_kernel_supported(kernel)) return kernel;
    }
    return WSB_KERNEL_PORTABLE;
}

static int wsb_selected = -1;

int wsb_selected_kernel(void) {
    int kernel = __atomic_load_n(&wsb_selected, __ATOMIC_RELAXED);
    if (kernel < 0) {
        // Racing first calls all compute the same answer; storing it twice is harmless.
        kernel = wsb_best_kernel();
        __atomic_store_n(&wsb_selected, kernel, __ATOMIC_RELAXED);
    }
    return kernel;
}

const char *wsb_kernel_name(int kernel) {
    if (kernel < 0 || kernel >= WSB_KERNEL_COUNT) return "unknown";
    return wsb_kernel_sets[kernel].name;
}

const char *wsb_simd_kernel_name(void) { return wsb_kernel_name(wsb_selected_kernel()); }

// Resolved entry points: each starts as a resolver that installs the selected kernel, then calls it.

static void wsb_resolve_mask_inplace(uint8_t *, size_t, uint32_t);
static void wsb_resolve_mask_copy(uint8_t *, const uint8_t *, size_t, uint32_t);
static size_t wsb_resolve_ascii_prefix(const uint8_t *, size_t);

static wsb_mask_inplace_fn wsb_mask_inplace_impl = wsb_resolve_mask_inplace;
static wsb_mask_copy_fn wsb_mask_copy_impl = wsb_resolve_mask_copy;
static wsb_ascii_prefix_fn wsb_ascii_prefix_impl = wsb_resolve_ascii_prefix;
static size_t wsb_resolve_utf8_prefix(const uint8_t *, size_t);
static wsb_utf8_prefix_fn wsb_utf8_prefix_impl = wsb_resolve_utf8_prefix;

static size_t wsb_resolve_utf8_prefix(const uint8_t *data, size_t len) {
    wsb_utf8_prefix_fn fn = wsb_kernel_sets[wsb_selected_kernel()].utf8_prefix;
    __atomic_store_n(&wsb_utf8_prefix_impl, fn, __ATOMIC_RELAXED);
    return fn(data, len);
}

static void wsb_resolve_mask_inplace(uint8_t *data, size_t len, uint32_t key) {
    wsb_mask_inplace_fn fn = wsb_kernel_sets[wsb_selected_kernel()].mask_inplace;
    __atomic_store_n(&wsb_mask_inplace_impl, fn, __ATOMIC_RELAXED);
    fn(data, len, key);
}

static void wsb_resolve_mask_copy(uint8_t *dst, const uint8_t *src, size_t len, uint32_t key) {
    wsb_mask_copy_fn fn = wsb_kernel_sets[wsb_selected_kernel()].mask_copy;
    __atomic_store_n(&wsb_mask_copy_impl, fn, __ATOMIC_RELAXED);
    fn(dst, src, len, key);
}

static size_t wsb_resolve_ascii_prefix(const uint8_t *data, size_t len) {
    wsb_ascii_prefix_fn fn = wsb_kernel_sets[wsb_selected_kernel()].ascii_prefix;
    __atomic_store_n(&wsb_ascii_prefix_impl, fn, __ATOMIC_RELAXED);
    return fn(data, len);
}

void wsb_mask_inplace(uint8_t *data, size_t len, uint32_t key) {
    if (len < WSB_SHORT_LENGTH) {
        wsb_mask_short_inplace(data, len, key);
        return;
    }
    __atomic_load_n(&wsb_mask_inplace_impl, __ATOMIC_RELAXED)(data, len, key);
}

void wsb_mask_copy(uint8_t *dst, const uint8_t *src, size_t len, uint32_t key) {
    if (len < WSB_SHORT_LENGTH) {
        wsb_mask_short_copy(dst, src, len, key);
        return;
    }
    __atomic_load_n(&wsb_mask_copy_impl, __ATOMIC_RELAXED)(dst, src, len, key);
}

size_t wsb_ascii_prefix_length(const uint8_t *data, size_t len) {
    if (len < WSB_SHORT_LENGTH) return wsb_ascii_prefix_short(data, len);
    return __atomic_load_n(&wsb_ascii_prefix_impl, __ATOMIC_RELAXED)(data, len);
}

size_t wsb_utf8_valid_prefix_length(const uint8_t *data, size_t len) {
    if (len < 32) return 0;
    return __atomic_load_n(&wsb_utf8_prefix_impl, __ATOMIC_RELAXED)(data, len);
}

int wsb_utf8_kernel_available(void) {
    return wsb_kernel_sets[wsb_selected_kernel()].utf8_prefix != wsb_utf8_valid_prefix_none;
}

void wsb_mask_inplace_with(int kernel, uint8_t *data, size_t len, uint32_t key) {
    if (!wsb_kernel_supported(kernel)) __builtin_trap();
    wsb_kernel_sets[kernel].mask_inplace(data, len, key);
}

void wsb_mask_copy_with(int kernel, uint8_t *dst, const uint8_t *src, size_t len, uint32_t key) {
    if (!wsb_kernel_supported(kernel)) __builtin_trap();
    wsb_kernel_sets[kernel].mask_copy(dst, src, len, key);
}

size_t wsb_ascii_prefix_length_with(int kernel, const uint8_t *data, size_t len) {
    if (!wsb_kernel_supported(kernel)) __builtin_trap();
    return wsb_kernel_sets[kernel].ascii_prefix(data, len);
}

size_t wsb_utf8_valid_prefix_length_with(int kernel, const uint8_t *data, size_t len) {
    if (!wsb_kernel_supported(kernel)) __builtin_trap();
    return wsb_kernel_sets[kernel].utf8_prefix(data, len);
}
