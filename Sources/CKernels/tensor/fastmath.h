// Private inline approximations that auto-vectorise (no libm calls in the loop body).
#ifndef CK_FASTMATH_H
#define CK_FASTMATH_H
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

// Function multiversioning: one clone per ISA, picked by an ifunc resolver at load time. Not under
// ThreadSanitizer: the resolvers run during relocation, before the TSan runtime is initialised,
// and an instrumented resolver crashes the process before main (scripts/sanitize.sh thread).
#if defined(__SANITIZE_THREAD__)
#define CK_CLONES
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CK_CLONES
#endif
#endif
#ifndef CK_CLONES
#define CK_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif

// IEEE square root without the errno side effect of sqrtf, so loops around it vectorise.
#if __has_builtin(__builtin_elementwise_sqrt)
#define ck_sqrtf(x) __builtin_elementwise_sqrt(x)
#else
#define ck_sqrtf(x) sqrtf(x)
#endif

// exp(x) by Cody–Waite range reduction x = k ln2 + r, |r| <= ln2/2, and a degree-6
// minimax polynomial for e^r (Cephes coefficients); relative error about 2 ulp.
// Returns 0 below -87.5 (instead of a denormal) and +inf above 88.72.
static inline float ck_exp_approx(float x) {
    // NaN is reduced as 0 (the result is x itself below): converting NaN to int is undefined.
    float xc = x != x ? 0.0f : (x < -87.5f ? -87.5f : (x > 88.5f ? 88.5f : x));
    float k = floorf(xc * 1.44269504088896341f + 0.5f);
    float r = xc - k * 0.693359375f;
    r = r + k * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float y = p * r * r + r + 1.0f;
    int32_t bits = ((int32_t)k + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    y = y * scale;
    y = x < -87.5f ? 0.0f : y;
    y = x > 88.72f ? INFINITY : y;
    return x != x ? x : y;
}

// tanh(x): odd polynomial for |x| < 0.625 (Cephes), 1 - 2/(e^{2|x|}+1) with the sign otherwise.
static inline float ck_tanh_approx(float x) {
    float ax = fabsf(x);
    float z = x * x;
    float small = ((((-5.70498872745e-3f * z + 2.06390887954e-2f) * z - 5.37397155531e-2f) * z
                    + 1.33314422036e-1f) * z - 3.33332819422e-1f) * z * x + x;
    float e = ck_exp_approx(2.0f * ax);
    float big = 1.0f - 2.0f / (e + 1.0f);
    big = x < 0 ? -big : big;
    return ax < 0.625f ? small : big;
}

// Logistic sigmoid, stable for both signs.
static inline float ck_sigmoid_approx(float x) {
    float e = ck_exp_approx(-fabsf(x));
    float s = 1.0f / (1.0f + e);
    return x >= 0 ? s : e * s;
}

// Reductions without -ffast-math: the compiler may not reorder a serial float sum, so these
// keep CK_LANES independent partial results that map onto one or two vector registers.
#define CK_LANES 16

static inline float ck_lanes_sum(const float *acc) {
    float s = 0;
    for (int l = 0; l < CK_LANES; l++) s += acc[l];
    return s;
}
// Maximum of x[0..n) in CK_LANES independent lanes (-inf when n == 0; NaN is skipped).
CK_CLONES static inline float ck_row_max(const float *x, size_t n) {
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
#endif
