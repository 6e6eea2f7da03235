// Gumbel-Softmax, straight-through Gumbel-Softmax and Gumbel-Max over rows of logits.
//
// Each row is processed in chunks of CHUNK elements: the Philox words for the chunk come from
// philox_blocks (ten rounds across 16 counter blocks at once), then one vectorised map turns them
// into x + g. The softmax then runs as three straight maps over the row (max, exp and sum, scale),
// the same structure as softmax.c. Gumbel-Max keeps only a running (max, index) per chunk.
// On CPUs with AVX-512F the noise and the exponentials take the intrinsics of gumbel_avx512.h.
#include "tensor/ck_gumbel.h"
#include "tensor/ck_reduce.h"
#include "fastmath.h"
#include "gumbel_avx512.h"
#include "philox_internal.h"
#include <math.h>

int ck_gumbel_avx512_available(void) {
#if defined(CK_GUMBEL_HAVE_AVX512)
    return __builtin_cpu_supports("avx512f") ? 1 : 0;
#else
    return 0;
#endif
}

// Whether a call on `path` takes the AVX-512 code.
static int wide(ck_gumbel_path path) { return path == CK_GUMBEL_AUTO && ck_gumbel_avx512_available(); }

#define CHUNK 256  // elements per Philox batch (64 blocks), plus up to 3 lanes of misalignment

// a[i] = x[i] + g(w[i]) with g = -log(-log(u + eps) + eps); returns max(acc, max_i a[i]) (NaN
// skipped), so the softmax needs no separate pass for the row maximum.
CK_CLONES static float add_gumbel(const uint32_t *w, const float *x, float *a, size_t n, float eps, float acc) {
    float mx[CK_LANES];
    for (int l = 0; l < CK_LANES; l++) mx[l] = acc;
    size_t i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES)
        for (int l = 0; l < CK_LANES; l++) {
            float v = x[i + l] - log_gumbel(-log_gumbel(unit_open(w[i + l]) + eps) + eps);
            a[i + l] = v;
            mx[l] = v > mx[l] ? v : mx[l];
        }
    for (; i < n; i++) {
        float v = x[i] - log_gumbel(-log_gumbel(unit_open(w[i]) + eps) + eps);
        a[i] = v;
        acc = v > acc ? v : acc;
    }
    for (int l = 0; l < CK_LANES; l++) acc = mx[l] > acc ? mx[l] : acc;
    return acc;
}

// a[0..n) = x[0..n) + noise of global elements e0 .. e0 + n; returns the maximum of a (-inf if
// none, e.g. all NaN).
static float noisy_logits(int z, ck_philox_state s, size_t e0, size_t n, const float *x, float *a, float eps) {
    uint32_t w[CHUNK + 64];  // the AVX-512 generator writes whole groups of 16 blocks
    float m = -INFINITY;
    for (size_t done = 0; done < n;) {
        size_t e = e0 + done, lane0 = e % 4;
        size_t take = n - done < CHUNK ? n - done : CHUNK;
        size_t nb = (lane0 + take + 3) / 4;
#if defined(CK_GUMBEL_HAVE_AVX512)
        if (z) {
            z_philox_blocks(s.seed, s.stream, s.offset + e / 4, nb, w);
            m = z_add_gumbel(w + lane0, x + done, a + done, take, eps, m);
            done += take;
            continue;
        }
#endif
        philox_blocks(s.seed, s.stream, s.offset + e / 4, nb, w);
        m = add_gumbel(w + lane0, x + done, a + done, take, eps, m);
        done += take;
    }
    return m;
}

// First index holding the maximum m (found by row_max), or 0 when none does (all NaN). Blocks of
// CK_LANES are tested without an early exit (so they vectorise), then the hit block is scanned.
CK_CLONES static size_t first_index_of(const float *x, size_t n, float m) {
    size_t i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) {
        int hit = 0;
        for (int l = 0; l < CK_LANES; l++) hit |= x[i + l] == m;
        if (hit) break;
    }
    for (; i < n; i++)
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
    ck_gumbel_softmax_on(CK_GUMBEL_AUTO, s, first_row, rows, n, x, tau, eps, y_soft, argmax, y_hard);
}

void ck_gumbel_softmax_on(ck_gumbel_path path, ck_philox_state s, size_t first_row, size_t rows, size_t n,
                          const float *x, float tau, float eps, float *y_soft, int32_t *argmax, float *y_hard) {
    int z = wide(path);
    float inv_tau = 1.0f / tau;
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * n;
        float *y = y_soft + r * n;
        // The noisy logits a = x + g are staged in y, which the softmax then overwrites.
        float m = noisy_logits(z, s, (first_row + r) * n, n, xr, y, eps);
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
#if defined(CK_GUMBEL_HAVE_AVX512)
        float total = z ? z_exp_scaled_sum(y, n, m, inv_tau) : exp_scaled_sum(y, n, m, inv_tau);
#else
        float total = exp_scaled_sum(y, n, m, inv_tau);
#endif
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
    ck_gumbel_max_on(CK_GUMBEL_AUTO, s, first_row, rows, n, x, eps, out);
}

void ck_gumbel_max_on(ck_gumbel_path path, ck_philox_state s, size_t first_row, size_t rows, size_t n,
                      const float *x, float eps, int32_t *out) {
    int z = wide(path);
    float a[CHUNK];
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * n;
        size_t e0 = (first_row + r) * n;
        float best = -INFINITY;
        size_t best_i = 0;
        for (size_t done = 0; done < n;) {
            size_t take = n - done < CHUNK ? n - done : CHUNK;
            float m = noisy_logits(z, s, e0 + done, take, xr + done, a, eps);
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
    noisy_logits(wide(CK_GUMBEL_AUTO), s, first, n, out, out, eps);  // x and a alias: a pure map
}

void ck_gumbel_from_words(const uint32_t *w, float *out, size_t n, float eps) {
    ck_gumbel_from_words_on(CK_GUMBEL_AUTO, w, out, n, eps);
}

void ck_gumbel_from_words_on(ck_gumbel_path path, const uint32_t *w, float *out, size_t n, float eps) {
    memset(out, 0, n * sizeof(float));
#if defined(CK_GUMBEL_HAVE_AVX512)
    if (wide(path)) { z_add_gumbel(w, out, out, n, eps, -INFINITY); return; }
#endif
    add_gumbel(w, out, out, n, eps, -INFINITY);  // x and a alias: add_gumbel is a pure map
}
