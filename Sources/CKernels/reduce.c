// Reductions over the middle axis of a [outer, n, inner] view.
#include "ck_reduce.h"
#include "fastmath.h"
#include <string.h>

// Contiguous row sum in double: four independent accumulators keep the dependency chain short.
CK_CLONES static double row_sum(const float *x, size_t n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) { s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3]; }
    for (; i < n; i++) s0 += x[i];
    return (s0 + s1) + (s2 + s3);
}

CK_CLONES static float row_max(const float *x, size_t n) {
    float m = x[0];
    for (size_t i = 1; i < n; i++) m = (x[i] > m || x[i] != x[i]) ? x[i] : m;
    return m;
}

CK_CLONES static float row_min(const float *x, size_t n) {
    float m = x[0];
    for (size_t i = 1; i < n; i++) m = (x[i] < m || x[i] != x[i]) ? x[i] : m;
    return m;
}

// y[i] op= x[i] over a contiguous slab, the vectorised path for inner > 1.
CK_CLONES static void slab_accumulate(int op, const float *x, float *y, size_t inner) {
    switch (op) {
    case CK_RSUM: for (size_t i = 0; i < inner; i++) y[i] += x[i]; break;
    case CK_RMAX: for (size_t i = 0; i < inner; i++) y[i] = (x[i] > y[i] || x[i] != x[i]) ? x[i] : y[i]; break;
    case CK_RMIN: for (size_t i = 0; i < inner; i++) y[i] = (x[i] < y[i] || x[i] != x[i]) ? x[i] : y[i]; break;
    default: break;
    }
}

void ck_reduce(int op, size_t outer, size_t n, size_t inner, const float *x, float *y) {
    if (inner == 1) {
        for (size_t o = 0; o < outer; o++) {
            const float *row = x + o * n;
            switch (op) {
            case CK_RSUM: y[o] = (float)row_sum(row, n); break;
            case CK_RMAX: y[o] = row_max(row, n); break;
            case CK_RMIN: y[o] = row_min(row, n); break;
            default: break;
            }
        }
        return;
    }
    for (size_t o = 0; o < outer; o++) {
        const float *base = x + o * n * inner;
        float *out = y + o * inner;
        if (n == 0) { memset(out, 0, inner * sizeof(float)); continue; }
        memcpy(out, base, inner * sizeof(float));
        for (size_t j = 1; j < n; j++) slab_accumulate(op, base + j * inner, out, inner);
    }
}

void ck_argreduce(int take_min, size_t outer, size_t n, size_t inner, const float *x, int64_t *idx) {
    for (size_t o = 0; o < outer; o++) {
        for (size_t i = 0; i < inner; i++) {
            const float *p = x + o * n * inner + i;
            float best = p[0];
            int64_t bi = 0;
            for (size_t j = 1; j < n && best == best; j++) {
                float v = p[j * inner];
                int better = take_min ? (v < best) : (v > best);
                if (better || v != v) { best = v; bi = (int64_t)j; }
            }
            idx[o * inner + i] = bi;
        }
    }
}

double ck_sum_all(const float *x, size_t n) { return row_sum(x, n); }

CK_CLONES double ck_dot(const float *a, const float *b, size_t n) {
    double s0 = 0, s1 = 0;
    size_t i = 0;
    for (; i + 2 <= n; i += 2) { s0 += (double)a[i] * b[i]; s1 += (double)a[i + 1] * b[i + 1]; }
    for (; i < n; i++) s0 += (double)a[i] * b[i];
    return s0 + s1;
}
