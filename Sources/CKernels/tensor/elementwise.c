// Elementwise kernels. Each public function is cloned for AVX-512, AVX2 and baseline x86-64;
// the switch on the op sits outside the loops so every loop body is a straight vectorisable map.
#include "tensor/ck_elementwise.h"
#include "fastmath.h"
#include <math.h>
#include <string.h>

// MARK: - Unary

// Φ(x) = erfc(-x/√2)/2 keeps full relative accuracy in the lower tail, where 1 + erf cancels.
static inline float normal_cdf(float x) { return 0.5f * erfcf(-x * 0.70710678118654752f); }
static inline float gelu_erf(float x) { return x * normal_cdf(x); }
// 0.5 (1 + tanh u) = sigmoid(2u): same tanh-form GELU without the cancellation for x << 0.
static inline float gelu_tanh(float x) {
    float u = 0.7978845608028654f * (x + 0.044715f * x * x * x);
    return x * ck_sigmoid_approx(2.0f * u);
}

#define MAP(expr) for (size_t i = 0; i < n; i++) { float v = x[i]; y[i] = (expr); } break

CK_CLONES void ck_unary(int op, const float *x, float *y, size_t n) {
    switch (op) {
    case CK_NEG: MAP(-v);
    case CK_EXP: MAP(ck_exp_approx(v));
    case CK_LOG: MAP(logf(v));
    case CK_LOG1P: MAP(log1pf(v));
    case CK_SQRT: MAP(ck_sqrtf(v));
    case CK_RSQRT: MAP(1.0f / ck_sqrtf(v));
    case CK_TANH: MAP(ck_tanh_approx(v));
    case CK_SIGMOID: MAP(ck_sigmoid_approx(v));
    // softplus(x) = max(x, 0) + log1p(exp(-|x|)), exact for large |x|.
    case CK_SOFTPLUS: MAP((v > 0 ? v : 0.0f) + log1pf(ck_exp_approx(-fabsf(v))));
    // NaN passes through (v < 0 is false for NaN) so a diverged activation stays visible.
    case CK_RELU: MAP(v < 0 ? 0.0f : v);
    case CK_GELU: MAP(gelu_erf(v));
    case CK_GELU_TANH: MAP(gelu_tanh(v));
    case CK_ABS: MAP(fabsf(v));
    case CK_SQUARE: MAP(v * v);
    case CK_SIGN: MAP(v > 0 ? 1.0f : (v < 0 ? -1.0f : 0.0f));
    case CK_EXPM1: MAP(expm1f(v));
    default: break;
    }
}
#undef MAP

#define BMAP(expr) for (size_t i = 0; i < n; i++) { float gi = g[i]; dx[i] = (expr); } break

CK_CLONES void ck_unary_backward(int op, const float *x, const float *y, const float *g, float *dx, size_t n) {
    switch (op) {
    case CK_NEG: BMAP(-gi);
    case CK_EXP: BMAP(gi * y[i]);
    case CK_LOG: BMAP(gi / x[i]);
    case CK_LOG1P: BMAP(gi / (1.0f + x[i]));
    case CK_SQRT: BMAP(gi * 0.5f / y[i]);
    case CK_RSQRT: BMAP(-0.5f * gi * y[i] * y[i] * y[i]);
    case CK_TANH: BMAP(gi * (1.0f - y[i] * y[i]));
    case CK_SIGMOID: BMAP(gi * y[i] * (1.0f - y[i]));
    case CK_SOFTPLUS: BMAP(gi * ck_sigmoid_approx(x[i]));
    case CK_RELU: BMAP(x[i] > 0 ? gi : 0.0f);
    case CK_GELU: {
        // d/dx x Φ(x) = Φ(x) + x φ(x)
        for (size_t i = 0; i < n; i++) {
            float v = x[i];
            float cdf = normal_cdf(v);
            float pdf = 0.3989422804014327f * ck_exp_approx(-0.5f * v * v);
            dx[i] = g[i] * (cdf + v * pdf);
        }
        break;
    }
    case CK_GELU_TANH: {
        for (size_t i = 0; i < n; i++) {
            float v = x[i];
            float u = 0.7978845608028654f * (v + 0.044715f * v * v * v);
            float s = ck_sigmoid_approx(2.0f * u);
            float du = 0.7978845608028654f * (1.0f + 3.0f * 0.044715f * v * v);
            dx[i] = g[i] * (s + 2.0f * v * s * (1.0f - s) * du);
        }
        break;
    }
    case CK_ABS: BMAP(x[i] > 0 ? gi : (x[i] < 0 ? -gi : 0.0f));
    case CK_SQUARE: BMAP(2.0f * gi * x[i]);
    case CK_SIGN: BMAP(gi * 0.0f);
    case CK_EXPM1: BMAP(gi * (y[i] + 1.0f));
    default: break;
    }
}
#undef BMAP

CK_CLONES void ck_clamp(const float *x, float *y, size_t n, float lo, float hi) {
    for (size_t i = 0; i < n; i++) {
        float v = x[i];
        v = v < lo ? lo : v;
        y[i] = v > hi ? hi : v;
    }
}

CK_CLONES void ck_clamp_backward(const float *x, const float *g, float *dx, size_t n, float lo, float hi) {
    for (size_t i = 0; i < n; i++) dx[i] = (x[i] >= lo && x[i] <= hi) ? g[i] : 0.0f;
}

// MARK: - Binary

// One loop per op; A(i) and B(i) are the element reads for the calling layout.
#define BINARY_SWITCH(A, B)                                                                 \
    switch (op) {                                                                           \
    case CK_ADD: for (size_t i = 0; i < n; i++) y[i] = A(i) + B(i); break;                  \
    case CK_SUB: for (size_t i = 0; i < n; i++) y[i] = A(i) - B(i); break;                  \
    case CK_MUL: for (size_t i = 0; i < n; i++) y[i] = A(i) * B(i); break;                  \
    case CK_DIV: for (size_t i = 0; i < n; i++) y[i] = A(i) / B(i); break;                  \
    case CK_POW: for (size_t i = 0; i < n; i++) y[i] = powf(A(i), B(i)); break;             \
    case CK_MAXIMUM: for (size_t i = 0; i < n; i++) { float p = A(i), q = B(i); y[i] = (p >= q || p != p) ? p : q; } break; \
    case CK_MINIMUM: for (size_t i = 0; i < n; i++) { float p = A(i), q = B(i); y[i] = (p <= q || p != p) ? p : q; } break; \
    case CK_LT: for (size_t i = 0; i < n; i++) y[i] = A(i) < B(i) ? 1.0f : 0.0f; break;     \
    case CK_LE: for (size_t i = 0; i < n; i++) y[i] = A(i) <= B(i) ? 1.0f : 0.0f; break;    \
    case CK_GT: for (size_t i = 0; i < n; i++) y[i] = A(i) > B(i) ? 1.0f : 0.0f; break;     \
    case CK_GE: for (size_t i = 0; i < n; i++) y[i] = A(i) >= B(i) ? 1.0f : 0.0f; break;    \
    case CK_EQ: for (size_t i = 0; i < n; i++) y[i] = A(i) == B(i) ? 1.0f : 0.0f; break;    \
    case CK_NE: for (size_t i = 0; i < n; i++) y[i] = A(i) != B(i) ? 1.0f : 0.0f; break;    \
    default: break;                                                                         \
    }

#define AV(i) a[i]
#define BV(i) b[i]
#define AS(i) s
#define BS(i) s
#define ASTR(i) a[(ptrdiff_t)(i) * as]
#define BSTR(i) b[(ptrdiff_t)(i) * bs]

CK_CLONES void ck_binary(int op, const float *a, const float *b, float *y, size_t n) { BINARY_SWITCH(AV, BV) }

CK_CLONES void ck_binary_scalar_right(int op, const float *a, float s, float *y, size_t n) { BINARY_SWITCH(AV, BS) }

CK_CLONES void ck_binary_scalar_left(int op, float s, const float *b, float *y, size_t n) { BINARY_SWITCH(AS, BV) }

void ck_binary_rows(int op, const float *a, const float *b, float *y, size_t rows, size_t n) {
    for (size_t r = 0; r < rows; r++) ck_binary(op, a + r * n, b, y + r * n, n);
}

CK_CLONES static void binary_inner_strided(int op, const float *a, ptrdiff_t as, const float *b, ptrdiff_t bs,
                                           float *y, size_t n) {
    BINARY_SWITCH(ASTR, BSTR)
}

void ck_binary_strided(int op, size_t rank, const size_t *shape, const float *a, const ptrdiff_t *sa,
                       const float *b, const ptrdiff_t *sb, float *y) {
    size_t total = 1;
    for (size_t d = 0; d < rank; d++) total *= shape[d];
    if (total == 0) return;
    size_t inner = shape[rank - 1];
    ptrdiff_t ia = sa[rank - 1], ib = sb[rank - 1];
    size_t idx[16] = {0};
    const float *pa = a, *pb = b;
    for (size_t done = 0; done < total; done += inner) {
        if (ia == 1 && ib == 1) ck_binary(op, pa, pb, y + done, inner);
        else if (ia == 1 && ib == 0) ck_binary_scalar_right(op, pa, *pb, y + done, inner);
        else if (ia == 0 && ib == 1) ck_binary_scalar_left(op, *pa, pb, y + done, inner);
        else binary_inner_strided(op, pa, ia, pb, ib, y + done, inner);
        // Odometer increment over the outer axes.
        for (ptrdiff_t d = (ptrdiff_t)rank - 2; d >= 0; d--) {
            idx[d]++;
            pa += sa[d];
            pb += sb[d];
            if (idx[d] < shape[d]) break;
            pa -= sa[d] * (ptrdiff_t)shape[d];
            pb -= sb[d] * (ptrdiff_t)shape[d];
            idx[d] = 0;
        }
    }
}

CK_CLONES void ck_select(const float *c, const float *a, const float *b, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = c[i] != 0.0f ? a[i] : b[i];
}

CK_CLONES void ck_axpy(size_t n, float alpha, const float *x, float *y) {
    for (size_t i = 0; i < n; i++) y[i] += alpha * x[i];
}

CK_CLONES void ck_scale(size_t n, float alpha, const float *x, float *y) {
    for (size_t i = 0; i < n; i++) y[i] = alpha * x[i];
}

CK_CLONES void ck_fill(float *y, size_t n, float v) {
    for (size_t i = 0; i < n; i++) y[i] = v;
}

// MARK: - Copies

void ck_copy_strided(size_t rank, const size_t *shape, const float *x, const ptrdiff_t *sx, float *y) {
    if (rank == 0) { y[0] = x[0]; return; }
    size_t total = 1;
    for (size_t d = 0; d < rank; d++) total *= shape[d];
    if (total == 0) return;
    size_t inner = shape[rank - 1];
    ptrdiff_t is = sx[rank - 1];
    size_t idx[16] = {0};
    const float *px = x;
    for (size_t done = 0; done < total; done += inner) {
        float *out = y + done;
        if (is == 1) memcpy(out, px, inner * sizeof(float));
        else if (is == 0) { float v = *px; for (size_t i = 0; i < inner; i++) out[i] = v; }
        else for (size_t i = 0; i < inner; i++) out[i] = px[(ptrdiff_t)i * is];
        for (ptrdiff_t d = (ptrdiff_t)rank - 2; d >= 0; d--) {
            idx[d]++;
            px += sx[d];
            if (idx[d] < shape[d]) break;
            px -= sx[d] * (ptrdiff_t)shape[d];
            idx[d] = 0;
        }
    }
}

void ck_transpose(size_t rows, size_t cols, const float *x, float *y) {
    const size_t B = 32;
    for (size_t r0 = 0; r0 < rows; r0 += B) {
        size_t r1 = r0 + B < rows ? r0 + B : rows;
        for (size_t c0 = 0; c0 < cols; c0 += B) {
            size_t c1 = c0 + B < cols ? c0 + B : cols;
            for (size_t r = r0; r < r1; r++)
                for (size_t c = c0; c < c1; c++) y[c * rows + r] = x[r * cols + c];
        }
    }
}
