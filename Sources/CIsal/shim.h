// Intel ISA-L igzip (Debian libisal-dev): stateful raw-deflate streams with sync flush and a history-size setting.
#ifndef WSBENCH_CISAL_SHIM_H
#define WSBENCH_CISAL_SHIM_H
#include <isa-l/igzip_lib.h>

/// Bytes of the level-1 work buffer (`level_buf`) isal_deflate needs (ISAL_DEF_LVL1_DEFAULT: 276 KiB;
/// the macro is built from others Swift does not import).
static const unsigned int wsb_isal_level1_buffer_size = ISAL_DEF_LVL1_DEFAULT;

/// Whether an inflate state is between blocks with nothing buffered (after a sync flush's empty
/// stored block it waits for the next header: ISAL_BLOCK_HDR with no bits or bytes held).
static inline int wsb_isal_inflate_between_blocks(const struct inflate_state *s) {
    return (s->block_state == ISAL_BLOCK_NEW_HDR || s->block_state == ISAL_BLOCK_HDR)
        && s->read_in_length == 0 && s->tmp_in_size == 0 && s->tmp_out_valid == s->tmp_out_processed;
}

/// Whether an inflate state has decoded a block with BFINAL set (the stream ended).
static inline int wsb_isal_inflate_stream_ended(const struct inflate_state *s) {
    return s->block_state == ISAL_BLOCK_INPUT_DONE || s->block_state == ISAL_BLOCK_FINISH;
}
#endif
