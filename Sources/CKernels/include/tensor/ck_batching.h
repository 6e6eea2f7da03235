// Minibatch assembly: gathering rows of a row-major matrix by index.
#ifndef CK_BATCHING_H
#define CK_BATCHING_H
#include <stddef.h>
#include <stdint.h>

/// Copies rows `indices[0..n)` of the row-major matrix `src` (rows of `row_len` floats, `rows`
/// rows) into consecutive rows of `dst` (`n * row_len` floats). Rows a few positions ahead are
/// prefetched so that the random reads of a shuffled minibatch overlap.
/// Returns 0, or 1 + i when `indices[i]` is outside `0..<rows` (nothing is read past `src`).
int ck_gather_rows(const float *restrict src, size_t rows, size_t row_len, const int64_t *restrict indices,
                   size_t n, float *restrict dst);
#endif
