// zlib compress2 and crc32 behind size_t interfaces (zlib's own use uLong / uInt).
#include "io/ck_deflate.h"
#include <zlib.h>

size_t ck_deflate_bound(size_t n) { return (size_t)compressBound((uLong)n); }

int ck_deflate(const uint8_t *src, size_t n, uint8_t *dst, size_t *dst_len, int level) {
    uLongf out = (uLongf)*dst_len;
    int rc = compress2(dst, &out, src, (uLong)n, level);
    if (rc != Z_OK) return rc < 0 ? rc : -1;
    *dst_len = (size_t)out;
    return 0;
}

uint32_t ck_crc32(uint32_t crc, const uint8_t *p, size_t n) {
    uLong c = crc;
    // crc32 takes uInt lengths: feed large buffers in pieces.
    while (n > 0) {
        uInt take = n > (1u << 30) ? (1u << 30) : (uInt)n;
        c = crc32(c, p, take);
        p += take;
        n -= take;
    }
    return (uint32_t)c;
}
