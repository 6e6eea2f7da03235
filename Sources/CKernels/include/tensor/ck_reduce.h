// Reductions over the middle axis of a [outer, n, inner] row-major view.
#ifndef CK_REDUCE_H
#define CK_REDUCE_H
#include <stddef.h>
#include <stdint.h>

enum { CK_RSUM = 0, CK_RMAX, CK_RMIN };

/// y[o, i] = reduce_{j < n} x[o, j, i]. y has outer*inner entries. Sums accumulate in double
/// when inner == 1. n must be >= 1 for MAX/MIN.
void ck_reduce(int op, size_t outer, size_t n, size_t inner, const float *x, float *y);

/// idx[o, i] = index j of the first maximal (or minimal when take_min != 0) x[o, j, i].
/// NaN compares as larger than everything for argmax. n >= 1.
void ck_argreduce(int take_min, size_t outer, size_t n, size_t inner, const float *x, int64_t *idx);

/// Sum of all n entries, accumulated in double.
double ck_sum_all(const float *x, size_t n);

/// Dot product accumulated in double.
double ck_dot(const float *a, const float *b, size_t n);
#endif
