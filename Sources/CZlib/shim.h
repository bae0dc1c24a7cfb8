#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/// A z_stream together with the number of bytes zlib currently holds through its allocator hooks.
/// One allocation per stream; `allocated_bytes` is updated by `wsb_zalloc` / `wsb_zfree`.
typedef struct wsb_zstream {
    z_stream stream;
    size_t allocated_bytes;
} wsb_zstream;

/// Bytes in front of every zlib allocation recording its size (16 keeps malloc's alignment).
#define WSB_ZALLOC_HEADER 16

static inline voidpf wsb_zalloc(voidpf opaque, uInt items, uInt size) {
    size_t bytes = (size_t)items * (size_t)size;
    unsigned char *block = (unsigned char *)malloc(bytes + WSB_ZALLOC_HEADER);
    if (block == NULL) return Z_NULL;
    memcpy(block, &bytes, sizeof(bytes));
    ((wsb_zstream *)opaque)->allocated_bytes += bytes;
    return block + WSB_ZALLOC_HEADER;
}

static inline void wsb_zfree(voidpf opaque, voidpf address) {
    if (address == Z_NULL) return;
    unsigned char *block = (unsigned char *)address - WSB_ZALLOC_HEADER;
    size_t bytes;
    memcpy(&bytes, block, sizeof(bytes));
    ((wsb_zstream *)opaque)->allocated_bytes -= bytes;
    free(block);
}

static inline void wsb_zstream_prepare(wsb_zstream *s) {
    memset(s, 0, sizeof(*s));
    s->stream.zalloc = wsb_zalloc;
    s->stream.zfree = wsb_zfree;
    s->stream.opaque = s;
}

/// `deflateInit2` (a macro in zlib.h) for raw deflate: `window_bits` is 9...15 (positive; negated here).
static inline int wsb_deflate_init_raw(wsb_zstream *s, int level, int window_bits, int mem_level) {
    wsb_zstream_prepare(s);
    return deflateInit2(&s->stream, level, Z_DEFLATED, -window_bits, mem_level, Z_DEFAULT_STRATEGY);
}

/// `inflateInit2` (a macro in zlib.h) for raw inflate: `window_bits` is 8...15 (positive; negated here).
static inline int wsb_inflate_init_raw(wsb_zstream *s, int window_bits) {
    wsb_zstream_prepare(s);
    return inflateInit2(&s->stream, -window_bits);
}

#endif
