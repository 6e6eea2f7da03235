// Streaming reads of plain or gzip-compressed files through zlib (gzread passes plain files through).
#ifndef CK_GZIO_H
#define CK_GZIO_H
#include <stddef.h>
#include <stdint.h>

/// Opaque reader handle owned by the caller; close it with ck_gz_close.
typedef struct ck_gz_reader ck_gz_reader;

/// Opens `path` for reading (gzip or plain). Returns NULL with errno set when the file cannot be
/// opened (EISDIR for a directory).
ck_gz_reader *ck_gz_open(const char *path);

/// Reads up to `cap` bytes into `buf`. Returns the number of bytes read (0 at end of file),
/// or -1 on a read error or a corrupt/truncated gzip stream (see ck_gz_error).
int64_t ck_gz_read(ck_gz_reader *r, void *buf, size_t cap);

/// Moves to byte `offset` of the uncompressed stream (for gzip, by decompressing up to it).
/// Returns 0, or -1 when the offset cannot be reached (see ck_gz_error).
int ck_gz_seek(ck_gz_reader *r, int64_t offset);

/// A static description of the last error on this reader ("" when none).
const char *ck_gz_error(ck_gz_reader *r);

/// Closes the reader and frees its state. NULL is accepted.
void ck_gz_close(ck_gz_reader *r);

/// Bytes this process may still allocate: MemAvailable of /proc/meminfo, lowered to the address-space
/// limit (RLIMIT_AS) and the cgroup v2 memory.max when those are set; -1 when unknown.
long long ck_mem_available(void);
#endif
