// Intel ISA-L igzip (Debian libisal-dev): stateful raw-deflate streams with sync flush and a history-size setting.
#ifndef WSBENCH_CISAL_SHIM_H
#define WSBENCH_CISAL_SHIM_H
#include <isa-l/igzip_lib.h>
#endif
