// Umbrella header of the IO family: streaming reads of plain or gzip files through zlib (used by
// the NumSwiftSupport module, which every Swift module reads files through).
//
// Memory: ck_gz_open allocates the reader; ck_gz_close frees it (the Swift owner calls it in its
// deinit). Reads go into caller-owned buffers.
#ifndef CK_IO_H
#define CK_IO_H
#include "ck_gzio.h"
#endif
