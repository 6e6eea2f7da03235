// Fused DGCNN gated residual; see ck_gated.h.
#include "tensor/ck_gated.h"
#include "fastmath.h"

// The loops come in two versions, with and without gate noise, instead of one loop with
// `noise ? noise[j] : 1`: compilers turn that select into a masked vector load from the NULL
// pointer, which on AMD Zen 4 takes a microcode assist per vector (measured: 7 ms instead of
// 1 ms for 8192 × 128 elements).

__attribute__((always_inline)) static inline void forward_row(size_t c, const float *restrict x, const float *restrict g, const float *restrict cand,
                               const float *restrict bias, const float *restrict noise, float m, float *restrict y) {
    if (noise) {
        for (size_t j = 0; j < c; j++) {
            float s = ck_sigmoid_approx((g[j] + bias[j]) * noise[j]);
            y[j] = (x[j] + (cand[j] + bias[c + j] - x[j]) * s) * m;
        }
    } else {
        for (size_t j = 0; j < c; j++) {
            float s = ck_sigmoid_approx(g[j] + bias[j]);
            y[j] = (x[j] + (cand[j] + bias[c + j] - x[j]) * s) * m;
        }
    }
}

CK_CLONES void ck_gated_residual_forward(size_t rows, size_t c, const float *x, const float *h, const float *bias,
                                         const float *mask, const float *noise, float *y) {
    for (size_t r = 0; r < rows; r++) {
        float m = mask ? mask[r] : 1.0f;
        float *yr = y + r * c;
        if (m == 0.0f) {   // padding: the output is exactly zero whatever the inputs hold
            for (size_t j = 0; j < c; j++) yr[j] = 0.0f;
            continue;
        }
        const float *gr = h + r * 2 * c;
        forward_row(c, x + r * c, gr, gr + c, bias, noise ? noise + r * c : NULL, m, yr);
    }
}

// y = x (1 − s) + cand s:  ∂x = 1 − s,  ∂cand = s,  ∂g = (cand − x) s (1 − s) n.
__attribute__((always_inline)) static inline void backward_row(size_t c, const float *restrict x, const float *restrict g, const float *restrict cand,
                                const float *restrict bias, const float *restrict noise, float m, const float *restrict dy,
                                float *restrict dx, float *restrict dg, float *restrict dc) {
    if (noise) {
        for (size_t j = 0; j < c; j++) {
            float s = ck_sigmoid_approx((g[j] + bias[j]) * noise[j]);
            float d = dy[j] * m;
            dx[j] = d * (1.0f - s);
            dg[j] = d * (cand[j] + bias[c + j] - x[j]) * s * (1.0f - s) * noise[j];
            dc[j] = d * s;
        }
    } else {
        for (size_t j = 0; j < c; j++) {
            float s = ck_sigmoid_approx(g[j] + bias[j]);
            float d = dy[j] * m;
            dx[j] = d * (1.0f - s);
            dg[j] = d * (cand[j] + bias[c + j] - x[j]) * s * (1.0f - s);
            dc[j] = d * s;
        }
    }
}

CK_CLONES void ck_gated_residual_backward(size_t rows, size_t c, const float *x, const float *h, const float *bias,
                                          const float *mask, const float *noise, const float *dy,
                                          float *dx, float *dh, float *dbias) {
    for (size_t r = 0; r < rows; r++) {
        float m = mask ? mask[r] : 1.0f;
        float *dxr = dx + r * c, *dhr = dh + r * 2 * c;
        if (m == 0.0f) {
            for (size_t j = 0; j < c; j++) dxr[j] = 0.0f;
            for (size_t j = 0; j < 2 * c; j++) dhr[j] = 0.0f;
            continue;
        }
        const float *gr = h + r * 2 * c;
        backward_row(c, x + r * c, gr, gr + c, bias, noise ? noise + r * c : NULL, m, dy + r * c, dxr, dhr, dhr + c);
        if (dbias)
            for (size_t j = 0; j < 2 * c; j++) dbias[j] += dhr[j];
    }
}
