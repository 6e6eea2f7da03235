#include "io/ck_gzio.h"
#include <zlib.h>
#include <stdlib.h>
#include <limits.h>
#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <sys/resource.h>

struct ck_gz_reader {
    gzFile file;
    const char *error;
};

ck_gz_reader *ck_gz_open(const char *path) {
    // zlib opens a directory and then reports "corrupt gzip" on the first read: refuse it here.
    struct stat st;
    int have_stat = stat(path, &st) == 0;
    if (have_stat && S_ISDIR(st.st_mode)) { errno = EISDIR; return NULL; }
    gzFile f = gzopen(path, "rb");
    if (!f) return NULL;
    // 128 KiB buffers (zlib allocates one for input and two for output) speed up large files; a
    // small regular file gets zlib's default 8 KiB instead of 384 KiB it would never fill.
    int small = have_stat && S_ISREG(st.st_mode) && st.st_size < (1 << 16);
    gzbuffer(f, small ? 8192 : 1 << 17);
    ck_gz_reader *r = (ck_gz_reader *)malloc(sizeof(ck_gz_reader));
    if (!r) { gzclose(f); return NULL; }
    r->file = f;
    r->error = "";
    return r;
}

int64_t ck_gz_read(ck_gz_reader *r, void *buf, size_t cap) {
    if (cap > (size_t)INT_MAX) cap = (size_t)INT_MAX;
    int n = gzread(r->file, buf, (unsigned)cap);
    if (n < 0) {
        int code = 0;
        const char *msg = gzerror(r->file, &code);
        r->error = msg ? msg : "read error";
        return -1;
    }
    if (n == 0) {
        // gzread reports a stream cut short as a plain end of file; gzerror says Z_BUF_ERROR.
        int code = 0;
        const char *msg = gzerror(r->file, &code);
        if (code == Z_BUF_ERROR || code == Z_DATA_ERROR) {
            r->error = msg && *msg ? msg : "truncated gzip stream";
            return -1;
        }
    }
    return n;
}

int ck_gz_seek(ck_gz_reader *r, int64_t offset) {
    if (offset < 0 || (int64_t)(z_off_t)offset != offset) { r->error = "offset out of range"; return -1; }
    if (gzseek(r->file, (z_off_t)offset, SEEK_SET) < 0) {
        int code = 0;
        const char *msg = gzerror(r->file, &code);
        r->error = msg && *msg ? msg : "seek failed";
        return -1;
    }
    return 0;
}

const char *ck_gz_error(ck_gz_reader *r) { return r ? r->error : ""; }

void ck_gz_close(ck_gz_reader *r) {
    if (!r) return;
    gzclose(r->file);
    free(r);
}

long long ck_mem_available(void) {
    long long best = -1;
    FILE *f = fopen("/proc/meminfo", "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof line, f)) {
            long long kb;
            if (sscanf(line, "MemAvailable: %lld kB", &kb) == 1) { best = kb * 1024; break; }
        }
        fclose(f);
    }
    FILE *c = fopen("/sys/fs/cgroup/memory.max", "r");
    if (c) {
        long long lim;
        if (fscanf(c, "%lld", &lim) == 1 && lim > 0 && (best < 0 || lim < best)) best = lim;
        fclose(c);
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        long long lim = (long long)rl.rlim_cur;
        if (best < 0 || lim < best) best = lim;
    }
    return best;
}
