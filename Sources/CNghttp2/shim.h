// nghttp2 (Debian libnghttp2-dev): HTTP/2 framing, HPACK, flow control and SETTINGS, including
// SETTINGS_ENABLE_CONNECT_PROTOCOL and the :protocol pseudo-header of RFC 8441.
#ifndef WSBENCH_CNGHTTP2_SHIM_H
#define WSBENCH_CNGHTTP2_SHIM_H
#include <nghttp2/nghttp2.h>
#endif
