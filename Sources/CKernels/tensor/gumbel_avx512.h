// AVX-512 path of the Gumbel kernels (gumbel.c), chosen at run time when the CPU has AVX-512F.
//
// Same random words and the same formulas as the portable path, written with intrinsics so that:
// - Philox4x32-10 runs 16 counter blocks in eight registers (64-bit lanes, as philox_blocks) and
//   leaves its 64 words in element order with four two-source permutes, no trip through arrays;
// - both logarithms of the noise use the portable log_gumbel steps, 16 lanes at a time;
// - the softmax exponentials, whose arguments are never positive, are computed as 2^t with
//   t = (y - m) log2(e) / tau: a rounding to the nearest integer k, a degree-6 polynomial for 2^(t-k)
//   and vscalefps for 2^k, which runs through the subnormals to 0 without any clamping of k;
// - row tails use masked loads and stores, so every element of a row goes through the same code.
// The noise is bit for bit the portable path's. The probabilities differ by a few float ulps, plus
// the rounding of the exponent's argument, which both paths incur (about |ln y| ulps relative);
// the portable exp returns 0 below e^-87.5 where this one returns the subnormal.
// GumbelKernelPathTests compares the two.
#ifndef CK_GUMBEL_AVX512_H
#define CK_GUMBEL_AVX512_H
#if defined(__x86_64__)
#define CK_GUMBEL_HAVE_AVX512 1
#include "philox_internal.h"
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#define CK_Z_INLINE __attribute__((target("avx512f,fma,avx2"), always_inline)) static inline
#define CK_Z __attribute__((target("avx512f,fma,avx2"))) static

// Low mask of r lanes, 0 <= r <= 16.
static inline __mmask16 z_lanes(size_t r) { return (__mmask16)((1u << r) - 1u); }

CK_Z_INLINE __m512i z_xor3(__m512i a, __m512i b, __m512i c) { return _mm512_ternarylogic_epi64(a, b, c, 0x96); }

// Words of counter blocks block0 .. block0 + 15 in element order: out[k] holds the 16 words of
// blocks block0 + 4k .. block0 + 4k + 3, word j of block b at lane 4(b - block0 - 4k) + j.
CK_Z_INLINE void z_philox16(uint64_t seed, uint64_t stream, uint64_t block0, __m512i out[4]) {
    const __m512i m0 = _mm512_set1_epi64(PHILOX_M0), m1 = _mm512_set1_epi64(PHILOX_M1);
    __m512i ca = _mm512_add_epi64(_mm512_set1_epi64((long long)block0), _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0));
    __m512i cb = _mm512_add_epi64(ca, _mm512_set1_epi64(8));
    // Word 0 of each counter is the low half of the 64-bit lane; the upper half is never read.
    __m512i a0 = ca, a1 = _mm512_srli_epi64(ca, 32), b0 = cb, b1 = _mm512_srli_epi64(cb, 32);
    __m512i a2 = _mm512_set1_epi64((uint32_t)stream), a3 = _mm512_set1_epi64(stream >> 32), b2 = a2, b3 = a3;
    uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
#pragma clang loop unroll(full)
    for (int r = 0; r < 10; r++) {
        __m512i key0 = _mm512_set1_epi64(k0), key1 = _mm512_set1_epi64(k1);
        __m512i pa0 = _mm512_mul_epu32(m0, a0), pa1 = _mm512_mul_epu32(m1, a2);
        __m512i pb0 = _mm512_mul_epu32(m0, b0), pb1 = _mm512_mul_epu32(m1, b2);
        a0 = z_xor3(_mm512_srli_epi64(pa1, 32), a1, key0);
        a2 = z_xor3(_mm512_srli_epi64(pa0, 32), a3, key1);
        b0 = z_xor3(_mm512_srli_epi64(pb1, 32), b1, key0);
        b2 = z_xor3(_mm512_srli_epi64(pb0, 32), b3, key1);
        a1 = pa1; a3 = pa0; b1 = pb1; b3 = pb0;
        k0 += PHILOX_W0; k1 += PHILOX_W1;
    }
    // Pair words 0/1 and 2/3 of each block (low dwords of the 64-bit lanes), then merge the pairs.
    const __m512i pairs = _mm512_set_epi32(30, 14, 28, 12, 26, 10, 24, 8, 22, 6, 20, 4, 18, 2, 16, 0);
    const __m512i lo = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0), hi = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
    __m512i a01 = _mm512_permutex2var_epi32(a0, pairs, a1), a23 = _mm512_permutex2var_epi32(a2, pairs, a3);
    __m512i b01 = _mm512_permutex2var_epi32(b0, pairs, b1), b23 = _mm512_permutex2var_epi32(b2, pairs, b3);
    out[0] = _mm512_permutex2var_epi64(a01, lo, a23);
    out[1] = _mm512_permutex2var_epi64(a01, hi, a23);
    out[2] = _mm512_permutex2var_epi64(b01, lo, b23);
    out[3] = _mm512_permutex2var_epi64(b01, hi, b23);
}

// philox_blocks for nblocks blocks; writes 64 * ceil(nblocks / 16) words (the caller's buffer has
// room for the whole last group).
CK_Z void z_philox_blocks(uint64_t seed, uint64_t stream, uint64_t block0, size_t nblocks, uint32_t *out) {
    for (size_t g = 0; g < nblocks; g += 16) {
        __m512i w[4];
        z_philox16(seed, stream, block0 + g, w);
        for (int k = 0; k < 4; k++) _mm512_storeu_si512(out + 4 * g + 16 * (size_t)k, w[k]);
    }
}

// log_gumbel (philox_internal.h), 16 lanes.
CK_Z_INLINE __m512 z_log(__m512 x) {
    const __m512i c = _mm512_set1_epi32(0x3f3504f3);
    __m512i t = _mm512_sub_epi32(_mm512_castps_si512(x), c);
    __m512i e = _mm512_srai_epi32(t, 23);
    __m512 m = _mm512_castsi512_ps(_mm512_add_epi32(_mm512_and_si512(t, _mm512_set1_epi32(0x007fffff)), c));
    __m512 t2 = _mm512_div_ps(_mm512_fmadd_ps(m, _mm512_set1_ps(2.0f), _mm512_set1_ps(-2.0f)),
                              _mm512_add_ps(m, _mm512_set1_ps(1.0f)));
    __m512 w = _mm512_mul_ps(t2, t2);
    __m512 p = _mm512_fmadd_ps(_mm512_set1_ps(0.012875608f), w, _mm512_set1_ps(0.08331953f));
    __m512 y = _mm512_fmadd_ps(_mm512_mul_ps(t2, w), p, t2);
    return _mm512_fmadd_ps(_mm512_cvtepi32_ps(e), _mm512_set1_ps(0.69314718f), y);
}

// log(-log(u + eps) + eps) = -g for 16 words (unit_open, then the two guarded logarithms).
CK_Z_INLINE __m512 z_minus_gumbel(__m512i w, __m512 eps) {
    __m512 u = _mm512_cvtepi32_ps(_mm512_srli_epi32(w, 8));
    // (k + 0.5) 2^-24 in one rounding, the same float as unit_open's rounded k + 0.5 scaled by 2^-24.
    u = _mm512_fmadd_ps(u, _mm512_set1_ps(1.0f / 16777216.0f), _mm512_set1_ps(1.0f / 33554432.0f));
    u = _mm512_min_ps(u, _mm512_set1_ps(0.99999994f));
    return z_log(_mm512_sub_ps(eps, z_log(_mm512_add_ps(u, eps))));
}

// add_gumbel (gumbel.c): a = x + g, returns max(acc, max a) with NaN skipped.
CK_Z float z_add_gumbel(const uint32_t *w, const float *x, float *a, size_t n, float eps, float acc) {
    __m512 ve = _mm512_set1_ps(eps), mx = _mm512_set1_ps(acc);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 v = _mm512_sub_ps(_mm512_loadu_ps(x + i), z_minus_gumbel(_mm512_loadu_si512(w + i), ve));
        _mm512_storeu_ps(a + i, v);
        mx = _mm512_max_ps(v, mx);  // a NaN v returns the second operand: skipped
    }
    if (i < n) {
        __mmask16 k = z_lanes(n - i);
        __m512 v = _mm512_sub_ps(_mm512_maskz_loadu_ps(k, x + i), z_minus_gumbel(_mm512_maskz_loadu_epi32(k, w + i), ve));
        _mm512_mask_storeu_ps(a + i, k, v);
        mx = _mm512_mask_max_ps(mx, k, v, mx);
    }
    return _mm512_reduce_max_ps(mx);
}

// 2^t for t <= 0 (or NaN): t = k + r with k = round(t), |r| <= 1/2, a degree-6 polynomial for 2^r
// (coefficients from an iteratively reweighted least-squares fit of the relative error on
// [-1/2, 1/2]: 2e-9 in exact arithmetic, 1.0e-7 evaluated in float), and 2^k by vscalefps, which
// also takes the result smoothly through the subnormals to 0. t is clamped at -200 (2^-200 is 0
// in float) so -inf gives 0 rather than NaN; a NaN t stays NaN.
CK_Z_INLINE __m512 z_exp2_nonpositive(__m512 t) {
    t = _mm512_max_ps(_mm512_set1_ps(-200.0f), t);  // NaN t is returned as is
    __m512 k = _mm512_roundscale_ps(t, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_sub_ps(t, k);
    __m512 p = _mm512_set1_ps(1.5371736416e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3399690322e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(9.6183699119e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.5503296022e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(2.4022648485e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(6.9314720512e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, k);
}

// exp_scaled_sum (gumbel.c): y = exp((y - m) / tau) in place, returns the sum. y <= m, so every
// exponent is <= 0; it is evaluated as 2^((y - m) * (log2(e) / tau)).
CK_Z float z_exp_scaled_sum(float *y, size_t n, float m, float inv_tau) {
    __m512 vm = _mm512_set1_ps(m), vc = _mm512_set1_ps((float)(1.4426950408889634 * (double)inv_tau));
    __m512 s = _mm512_setzero_ps(), s2 = s;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {  // two sums, so consecutive adds do not wait on each other
        __m512 e = z_exp2_nonpositive(_mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(y + i), vm), vc));
        __m512 e2 = z_exp2_nonpositive(_mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(y + i + 16), vm), vc));
        _mm512_storeu_ps(y + i, e);
        _mm512_storeu_ps(y + i + 16, e2);
        s = _mm512_add_ps(s, e);
        s2 = _mm512_add_ps(s2, e2);
    }
    s = _mm512_add_ps(s, s2);
    for (; i + 16 <= n; i += 16) {
        __m512 e = z_exp2_nonpositive(_mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(y + i), vm), vc));
        _mm512_storeu_ps(y + i, e);
        s = _mm512_add_ps(s, e);
    }
    if (i < n) {
        __mmask16 k = z_lanes(n - i);
        __m512 e = z_exp2_nonpositive(_mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, y + i), vm), vc));
        _mm512_mask_storeu_ps(y + i, k, e);
        s = _mm512_mask_add_ps(s, k, s, e);
    }
    return _mm512_reduce_add_ps(s);
}
#endif
#endif
