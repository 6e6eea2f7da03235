// Reductions over the middle axis of a [outer, n, inner] view.
#include "tensor/ck_reduce.h"
#include "fastmath.h"
#include <math.h>
#include <string.h>

// Contiguous row sum in double, in CK_LANES/2 independent lanes (vectorises as
// float-to-double conversions and double adds).
CK_CLONES static double row_sum(const float *x, size_t n) {
    double acc[CK_LANES / 2] = {0};
    size_t i = 0;
    for (; i + CK_LANES / 2 <= n; i += CK_LANES / 2)
        for (int l = 0; l < CK_LANES / 2; l++) acc[l] += (double)x[i + l];
    double s = 0;
    for (int l = 0; l < CK_LANES / 2; l++) s += acc[l];
    for (; i < n; i++) s += x[i];
    return s;
}

// NaN propagates: a NaN element makes the result NaN.
CK_CLONES static float row_max(const float *x, size_t n) {
    float acc[CK_LANES];
    for (int l = 0; l < CK_LANES; l++) acc[l] = x[0];
    size_t i = 0;
    int nan = 0;
    for (; i + CK_LANES <= n; i += CK_LANES)
        for (int l = 0; l < CK_LANES; l++) {
            float v = x[i + l];
            nan |= v != v;
            acc[l] = v > acc[l] ? v : acc[l];
        }
    float m = acc[0];
    for (int l = 1; l < CK_LANES; l++) m = acc[l] > m ? acc[l] : m;
    for (; i < n; i++) { nan |= x[i] != x[i]; m = x[i] > m ? x[i] : m; }
    return nan || x[0] != x[0] ? NAN : m;
}

CK_CLONES static float row_min(const float *x, size_t n) {
    float acc[CK_LANES];
    for (int l = 0; l < CK_LANES; l++) acc[l] = x[0];
    size_t i = 0;
    int nan = 0;
    for (; i + CK_LANES <= n; i += CK_LANES)
        for (int l = 0; l < CK_LANES; l++) {
            float v = x[i + l];
            nan |= v != v;
            acc[l] = v < acc[l] ? v : acc[l];
        }
    float m = acc[0];
    for (int l = 1; l < CK_LANES; l++) m = acc[l] < m ? acc[l] : m;
    for (; i < n; i++) { nan |= x[i] != x[i]; m = x[i] < m ? x[i] : m; }
    return nan || x[0] != x[0] ? NAN : m;
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
    double acc[CK_LANES / 2] = {0};
    size_t i = 0;
    for (; i + CK_LANES / 2 <= n; i += CK_LANES / 2)
        for (int l = 0; l < CK_LANES / 2; l++) acc[l] += (double)a[i + l] * (double)b[i + l];
    double s = 0;
    for (int l = 0; l < CK_LANES / 2; l++) s += acc[l];
    for (; i < n; i++) s += (double)a[i] * (double)b[i];
    return s;
}
