// Fused softmax family: one pass for the maximum, one for exp and the sum, one to normalise.
#include "tensor/ck_softmax.h"
#include "fastmath.h"
#include <math.h>

CK_CLONES static float vmax(const float *x, size_t n) {
    float acc[CK_LANES];
    for (int l = 0; l < CK_LANES; l++) acc[l] = -INFINITY;
    size_t i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES)
        for (int l = 0; l < CK_LANES; l++) acc[l] = x[i + l] > acc[l] ? x[i + l] : acc[l];
    float m = -INFINITY;
    for (int l = 0; l < CK_LANES; l++) m = acc[l] > m ? acc[l] : m;
    for (; i < n; i++) m = x[i] > m ? x[i] : m;
    return m;
}

CK_CLONES static float vsum(const float *x, size_t n) {
    float acc[CK_LANES] = {0};
    size_t i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES)
        for (int l = 0; l < CK_LANES; l++) acc[l] += x[i + l];
    float s = ck_lanes_sum(acc);
    for (; i < n; i++) s += x[i];
    return s;
}

// y = exp(x - m), a pure map the compiler vectorises; the sum is a separate lane reduction.
CK_CLONES static void exp_shift(const float *x, float *y, size_t n, float m) {
    for (size_t i = 0; i < n; i++) y[i] = ck_exp_approx(x[i] - m);
}

CK_CLONES static void scale_row(float *y, size_t n, float c) {
    for (size_t i = 0; i < n; i++) y[i] *= c;
}

// y = (x - m) - c: subtracting the maximum first keeps full precision when |m| >> c.
CK_CLONES static void shift_row(const float *x, float *y, size_t n, float m, float c) {
    for (size_t i = 0; i < n; i++) y[i] = (x[i] - m) - c;
}

static void softmax_row(const float *x, float *y, size_t n, int log_out) {
    float m = vmax(x, n);
    if (!isfinite(m)) {
        // All -inf, or a +inf/NaN present: fall back to the definition so NaN/inf propagate.
        m = isinf(m) && m < 0 ? 0.0f : m;
    }
    // y is scratch for the exponentials in both cases (x and y must not alias).
    exp_shift(x, y, n, m);
    float s = vsum(y, n);
    if (log_out) shift_row(x, y, n, m, logf(s));
    else scale_row(y, n, 1.0f / s);
}

// Softmax across rows of a [n, w] slab with row stride `inner` (w <= SLAB): the loops run
// along the contiguous inner axis, so they vectorise without gathering columns into a buffer.
#define SLAB 256
CK_CLONES static void softmax_slab(const float *x, float *y, size_t n, size_t inner, size_t w, int log_out) {
    float m[SLAB], s[SLAB];
    for (size_t i = 0; i < w; i++) { m[i] = x[i]; s[i] = 0; }
    for (size_t j = 1; j < n; j++) {
        const float *r = x + j * inner;
        for (size_t i = 0; i < w; i++) m[i] = r[i] > m[i] ? r[i] : m[i];
    }
    for (size_t i = 0; i < w; i++) m[i] = (isinf(m[i]) && m[i] < 0) ? 0.0f : m[i];
    for (size_t j = 0; j < n; j++) {
        const float *r = x + j * inner;
        float *o = y + j * inner;
        for (size_t i = 0; i < w; i++) { float e = ck_exp_approx(r[i] - m[i]); o[i] = e; s[i] += e; }
    }
    if (log_out) {
        for (size_t i = 0; i < w; i++) s[i] = logf(s[i]);
        for (size_t j = 0; j < n; j++) {
            const float *r = x + j * inner;
            float *o = y + j * inner;
            for (size_t i = 0; i < w; i++) o[i] = (r[i] - m[i]) - s[i];
        }
    } else {
        for (size_t i = 0; i < w; i++) s[i] = 1.0f / s[i];
        for (size_t j = 0; j < n; j++) {
            float *o = y + j * inner;
            for (size_t i = 0; i < w; i++) o[i] *= s[i];
        }
    }
}

void ck_softmax(size_t outer, size_t n, size_t inner, const float *x, float *y, int log_out) {
    if (inner == 1) {
        for (size_t o = 0; o < outer; o++) softmax_row(x + o * n, y + o * n, n, log_out);
        return;
    }
    for (size_t o = 0; o < outer; o++)
        for (size_t i0 = 0; i0 < inner; i0 += SLAB) {
            size_t w = inner - i0 < SLAB ? inner - i0 : SLAB;
            softmax_slab(x + o * n * inner + i0, y + o * n * inner + i0, n, inner, w, log_out);
        }
}

CK_CLONES static void softmax_backward_row(const float *y, const float *g, float *dx, size_t n, size_t stride, int log_out) {
    if (log_out) {
        float s = 0;
        for (size_t j = 0; j < n; j++) s += g[j * stride];
        for (size_t j = 0; j < n; j++) dx[j * stride] = g[j * stride] - ck_exp_approx(y[j * stride]) * s;
    } else {
        float s = 0;
        for (size_t j = 0; j < n; j++) s += g[j * stride] * y[j * stride];
        for (size_t j = 0; j < n; j++) dx[j * stride] = y[j * stride] * (g[j * stride] - s);
    }
}

void ck_softmax_backward(size_t outer, size_t n, size_t inner, const float *y, const float *g,
                         float *dx, int log_out) {
    for (size_t o = 0; o < outer; o++)
        for (size_t i = 0; i < inner; i++) {
            size_t off = o * n * inner + i;
            softmax_backward_row(y + off, g + off, dx + off, n, inner, log_out);
        }
}

// Σ exp(x - m) in lanes, without storing the exponentials.
CK_CLONES static float exp_shift_total(const float *x, size_t n, float m) {
    float acc[CK_LANES] = {0};
    size_t i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES)
        for (int l = 0; l < CK_LANES; l++) acc[l] += ck_exp_approx(x[i + l] - m);
    float s = ck_lanes_sum(acc);
    for (; i < n; i++) s += ck_exp_approx(x[i] - m);
    return s;
}

void ck_logsumexp(size_t outer, size_t n, size_t inner, const float *x, float *lse) {
    for (size_t o = 0; o < outer; o++)
        for (size_t i = 0; i < inner; i++) {
            const float *p = x + o * n * inner + i;
            float m, s = 0;
            if (inner == 1) {
                m = vmax(p, n);
                if (isinf(m)) { lse[o] = m; continue; }
                s = exp_shift_total(p, n, m);
            } else {
                m = p[0];
                for (size_t j = 1; j < n; j++) m = p[j * inner] > m ? p[j * inner] : m;
                if (isinf(m)) { lse[o * inner + i] = m; continue; }
                for (size_t j = 0; j < n; j++) s += ck_exp_approx(p[j * inner] - m);
            }
            lse[o * inner + i] = m + logf(s);
        }
}

CK_CLONES static float neg_dot(const float *a, const float *b, size_t n) {
    float acc[CK_LANES] = {0};
    size_t i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES)
        for (int l = 0; l < CK_LANES; l++) acc[l] += a[i + l] * b[i + l];
    float s = ck_lanes_sum(acc);
    for (; i < n; i++) s += a[i] * b[i];
    return -s;
}

void ck_softmax_xent(size_t b, size_t n, const float *logits, const float *labels, float *loss, float *logp) {
    for (size_t r = 0; r < b; r++) {
        softmax_row(logits + r * n, logp + r * n, n, 1);
        loss[r] = neg_dot(labels + r * n, logp + r * n, n);
    }
}

CK_CLONES static void xent_backward_row(const float *lp, const float *lab, float gr, float *d, size_t n) {
    float total = 0;
    for (size_t j = 0; j < n; j++) total += lab[j];
    for (size_t j = 0; j < n; j++) d[j] = gr * (ck_exp_approx(lp[j]) * total - lab[j]);
}

void ck_softmax_xent_backward(size_t b, size_t n, const float *logp, const float *labels,
                              const float *g, float *dlogits) {
    for (size_t r = 0; r < b; r++) xent_backward_row(logp + r * n, labels + r * n, g[r], dlogits + r * n, n);
}

int ck_sparse_softmax_xent(size_t b, size_t n, const float *logits, const int32_t *labels, float *loss, float *logp) {
    for (size_t r = 0; r < b; r++) {
        int32_t c = labels[r];
        if (c < 0 || (size_t)c >= n) return (int)r + 1;
        softmax_row(logits + r * n, logp + r * n, n, 1);
        loss[r] = -logp[r * n + (size_t)c];
    }
    return 0;
}

CK_CLONES static void exp_scaled(const float *lp, float gr, float *d, size_t n) {
    for (size_t j = 0; j < n; j++) d[j] = gr * ck_exp_approx(lp[j]);
}

void ck_sparse_softmax_xent_backward(size_t b, size_t n, const float *logp, const int32_t *labels,
                                     const float *g, float *dlogits) {
    for (size_t r = 0; r < b; r++) {
        exp_scaled(logp + r * n, g[r], dlogits + r * n, n);
        dlogits[r * n + (size_t)labels[r]] -= g[r];
    }
}

CK_CLONES void ck_sigmoid_xent(size_t n, const float *x, const float *z, float *loss) {
    for (size_t i = 0; i < n; i++) {
        float v = x[i];
        loss[i] = (v > 0 ? v : 0.0f) - v * z[i] + log1pf(ck_exp_approx(-fabsf(v)));
    }
}

CK_CLONES void ck_sigmoid_xent_backward(size_t n, const float *x, const float *z, const float *g, float *dx, float *dz) {
    if (dx) for (size_t i = 0; i < n; i++) dx[i] = g[i] * (ck_sigmoid_approx(x[i]) - z[i]);
    if (dz) for (size_t i = 0; i < n; i++) dz[i] = -g[i] * x[i];
}
