// Gumbel-Softmax, straight-through Gumbel-Softmax and Gumbel-Max over rows of logits.
//
// Each row is processed in chunks of CHUNK elements: the Philox words for the chunk come from
// philox_blocks (ten rounds across 16 counter blocks at once), then one vectorised map turns them
// into x + g. The softmax then runs as three straight maps over the row (max, exp and sum, scale),
// the same structure as softmax.c. Gumbel-Max keeps only a running (max, index) per chunk.
#include "tensor/ck_gumbel.h"
#include "tensor/ck_reduce.h"
#include "fastmath.h"
#include "philox_internal.h"
#include <math.h>

#define CHUNK 256  // elements per Philox batch (64 blocks), plus up to 3 lanes of misalignment

// a[i] = x[i] + g(w[i]) with g = -log(-log(u + eps) + eps).
CK_CLONES static void add_gumbel(const uint32_t *w, const float *x, float *a, size_t n, float eps) {
    for (size_t i = 0; i < n; i++) {
        float u = unit_open(w[i]);
        a[i] = x[i] - log_approx(-log_approx(u + eps) + eps);
    }
}

// a[0..n) = x[0..n) + noise of global elements e0 .. e0 + n.
static void noisy_logits(ck_philox_state s, size_t e0, size_t n, const float *x, float *a, float eps) {
    uint32_t w[CHUNK + 4];
    for (size_t done = 0; done < n;) {
        size_t e = e0 + done, lane0 = e % 4;
        size_t take = n - done < CHUNK ? n - done : CHUNK;
        size_t nb = (lane0 + take + 3) / 4;
        philox_blocks(s.seed, s.stream, s.offset + e / 4, nb, w);
        add_gumbel(w + lane0, x + done, a + done, take, eps);
        done += take;
    }
}

// First index holding the maximum m (found by row_max), or 0 when none does (all NaN).
static size_t first_index_of(const float *x, size_t n, float m) {
    for (size_t i = 0; i < n; i++)
        if (x[i] == m) return i;
    return 0;
}

// y[i] = exp((y[i] - m) * inv_tau) in place; returns the sum in lanes.
CK_CLONES static float exp_scaled_sum(float *y, size_t n, float m, float inv_tau) {
    float acc[CK_LANES] = {0};
    size_t i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES)
        for (int l = 0; l < CK_LANES; l++) {
            float e = ck_exp_approx((y[i + l] - m) * inv_tau);
            y[i + l] = e;
            acc[l] += e;
        }
    float s = ck_lanes_sum(acc);
    for (; i < n; i++) { float e = ck_exp_approx((y[i] - m) * inv_tau); y[i] = e; s += e; }
    return s;
}

CK_CLONES static void scale_row(float *y, size_t n, float c) {
    for (size_t i = 0; i < n; i++) y[i] *= c;
}

void ck_gumbel_softmax(ck_philox_state s, size_t first_row, size_t rows, size_t n, const float *x,
                       float tau, float eps, float *y_soft, int32_t *argmax, float *y_hard) {
    float inv_tau = 1.0f / tau;
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * n;
        float *y = y_soft + r * n;
        // The noisy logits a = x + g are staged in y, which the softmax then overwrites.
        noisy_logits(s, (first_row + r) * n, n, xr, y, eps);
        float m = ck_row_max(y, n);
        if (argmax || y_hard) {
            size_t k = first_index_of(y, n, m);
            if (argmax) argmax[r] = (int32_t)k;
            if (y_hard) {
                float *h = y_hard + r * n;
                memset(h, 0, n * sizeof(float));
                h[k] = 1.0f;
            }
        }
        // The shift uses the maximum of x + g itself, so the largest exponent is exactly 0 and the
        // sum is at least 1 for every tau: no overflow as tau -> 0, no 0/0.
        if (!isfinite(m)) m = (isinf(m) && m < 0) ? 0.0f : m;
        float total = exp_scaled_sum(y, n, m, inv_tau);
        scale_row(y, n, 1.0f / total);
    }
}

CK_CLONES static void softmax_pullback_row(const float *y, const float *g, float *dx, size_t n, float s, float inv_tau) {
    for (size_t i = 0; i < n; i++) dx[i] = y[i] * (g[i] - s) * inv_tau;
}

void ck_gumbel_softmax_backward(size_t rows, size_t n, const float *y, const float *g, float tau, float *dx) {
    float inv_tau = 1.0f / tau;
    for (size_t r = 0; r < rows; r++) {
        float s = (float)ck_dot(g + r * n, y + r * n, n);  // double lanes: rows may be long
        softmax_pullback_row(y + r * n, g + r * n, dx + r * n, n, s, inv_tau);
    }
}

void ck_gumbel_max(ck_philox_state s, size_t first_row, size_t rows, size_t n, const float *x,
                   float eps, int32_t *out) {
    float a[CHUNK];
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * n;
        size_t e0 = (first_row + r) * n;
        float best = -INFINITY;
        size_t best_i = 0;
        for (size_t done = 0; done < n;) {
            size_t take = n - done < CHUNK ? n - done : CHUNK;
            noisy_logits(s, e0 + done, take, xr + done, a, eps);
            float m = ck_row_max(a, take);
            // Strictly greater keeps the first index on ties across chunks, as within a chunk.
            if (done == 0 || m > best) {
                best = m;
                best_i = done + first_index_of(a, take, m);
            }
            done += take;
        }
        out[r] = (int32_t)best_i;
    }
}

void ck_gumbel_noise(ck_philox_state s, size_t first, float *out, size_t n, float eps) {
    memset(out, 0, n * sizeof(float));
    noisy_logits(s, first, n, out, out, eps);  // x and a alias: add_gumbel is a pure map
}
