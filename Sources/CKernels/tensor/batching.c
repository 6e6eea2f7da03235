#include "tensor/ck_batching.h"
#include <string.h>

// How many rows ahead to prefetch: enough to cover DRAM latency for ~3 KB rows, few enough
// that the prefetched lines are still in L1/L2 when copied.
#define CK_GATHER_AHEAD 4

static inline void prefetch_row(const float *p, size_t row_len) {
    const char *c = (const char *)p;
    size_t bytes = row_len * sizeof(float);
    for (size_t o = 0; o < bytes; o += 64) __builtin_prefetch(c + o, 0, 0);
}

int ck_gather_rows(const float *restrict src, size_t rows, size_t row_len, const int64_t *restrict indices,
                   size_t n, float *restrict dst) {
    for (size_t i = 0; i < n; i++) {
        if (indices[i] < 0 || (size_t)indices[i] >= rows) return (int)(i + 1);
    }
    for (size_t i = 0; i < n && i < CK_GATHER_AHEAD; i++) prefetch_row(src + (size_t)indices[i] * row_len, row_len);
    for (size_t i = 0; i < n; i++) {
        if (i + CK_GATHER_AHEAD < n) prefetch_row(src + (size_t)indices[i + CK_GATHER_AHEAD] * row_len, row_len);
        memcpy(dst + i * row_len, src + (size_t)indices[i] * row_len, row_len * sizeof(float));
    }
    return 0;
}
