// zlib-format compression and CRC-32 through the system zlib, for writers of compressed formats
// (PNG). Caller-owned buffers, no global state, thread safe.
#ifndef CK_DEFLATE_H
#define CK_DEFLATE_H
#include <stddef.h>
#include <stdint.h>

/// An upper bound on the compressed size of `n` bytes (zlib compressBound).
size_t ck_deflate_bound(size_t n);

/// Compresses src[0..n) into a zlib stream (RFC 1950) in dst[0..*dst_len) at `level` (0–9).
/// On entry *dst_len is the capacity of dst (use ck_deflate_bound); on success it is the size
/// written. Returns 0, or a negative zlib error code (e.g. -5 when dst is too small).
int ck_deflate(const uint8_t *src, size_t n, uint8_t *dst, size_t *dst_len, int level);

/// CRC-32 (ISO-HDLC, as PNG and gzip use) of p[0..n), continuing from `crc` (start with 0).
uint32_t ck_crc32(uint32_t crc, const uint8_t *p, size_t n);
#endif
