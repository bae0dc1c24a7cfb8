// libdeflate (Debian libdeflate-dev): whole-buffer raw deflate/inflate, so usable only without context takeover.
#ifndef WSBENCH_CLIBDEFLATE_SHIM_H
#define WSBENCH_CLIBDEFLATE_SHIM_H
#include <libdeflate.h>
#endif
