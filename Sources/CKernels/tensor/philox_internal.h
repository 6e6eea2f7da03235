// Private helpers shared by the kernels that draw Philox4x32-10 words (random.c, gumbel.c):
// the constants, a vectorised block generator, the open-interval uniform map and a fast log.
#ifndef CK_PHILOX_INTERNAL_H
#define CK_PHILOX_INTERNAL_H
#include "fastmath.h"
#include <stdint.h>
#include <string.h>

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

// 24 random bits mapped to the centre of one of 2^24 cells: never 0, never 1. The centre of the
// top cell, 1 - 2^-25, is not a float and would round to 1.0 (then -log(-log(u + eps) + eps)
// takes the log of a negative number), so it is clamped to the float just below 1, 1 - 2^-24.
static inline float unit_open(uint32_t w) {
    float u = ((float)(w >> 8) + 0.5f) * (1.0f / 16777216.0f);
    return u < 0.99999994f ? u : 0.99999994f;
}

#define GROUP 16

// out[4*i + lane] = Philox4x32-10 words of counter block `block0 + i`, for i < nblocks.
//
// The four counter words live in 64-bit lanes whose upper halves are allowed to hold garbage:
// each product reads only the low 32 bits of its factor (`(uint32_t)c`, which is vpmuludq, no
// widening shuffles), the high word of a product is a clean shift, and the low word is the product
// itself, whose upper half only ever meets an XOR or the final truncation. The words are the same
// as ck_philox4x32's.
CK_CLONES static inline void philox_blocks(uint64_t seed, uint64_t stream, uint64_t block0, size_t nblocks, uint32_t *out) {
    for (size_t g = 0; g < nblocks; g += GROUP) {
        uint64_t c0[GROUP], c1[GROUP], c2[GROUP], c3[GROUP];
        for (int l = 0; l < GROUP; l++) {
            uint64_t ctr = block0 + g + (uint64_t)l;
            c0[l] = (uint32_t)ctr; c1[l] = ctr >> 32;
            c2[l] = (uint32_t)stream; c3[l] = stream >> 32;
        }
        uint64_t k0 = (uint32_t)seed, k1 = seed >> 32;
        // Fully unrolled, so the 8 vector registers of counters never go through the stack.
#pragma clang loop unroll(full)
        for (int r = 0; r < 10; r++) {
            for (int l = 0; l < GROUP; l++) {
                uint64_t p0 = (uint64_t)PHILOX_M0 * (uint32_t)c0[l];
                uint64_t p1 = (uint64_t)PHILOX_M1 * (uint32_t)c2[l];
                uint64_t n0 = (p1 >> 32) ^ c1[l] ^ k0;
                uint64_t n2 = (p0 >> 32) ^ c3[l] ^ k1;
                c0[l] = n0; c1[l] = p1; c2[l] = n2; c3[l] = p0;
            }
            k0 = (uint32_t)(k0 + PHILOX_W0); k1 = (uint32_t)(k1 + PHILOX_W1);
        }
        size_t m = nblocks - g < GROUP ? nblocks - g : GROUP;
        if (m == GROUP) {  // the usual case: a fixed trip count, so the interleave is shuffles
            for (int l = 0; l < GROUP; l++) {
                uint32_t *o = out + 4 * (g + (size_t)l);
                o[0] = (uint32_t)c0[l]; o[1] = (uint32_t)c1[l]; o[2] = (uint32_t)c2[l]; o[3] = (uint32_t)c3[l];
            }
            continue;
        }
        for (size_t l = 0; l < m; l++) {
            uint32_t *o = out + 4 * (g + l);
            o[0] = (uint32_t)c0[l]; o[1] = (uint32_t)c1[l]; o[2] = (uint32_t)c2[l]; o[3] = (uint32_t)c3[l];
        }
    }
}

// log(x) for positive normal x to about 5e-7 relative (3e-7 from the polynomial plus float
// rounding; checked against libm on every uniform the Gumbel kernels can draw, in
// GumbelTransformAccuracyTests), for the Gumbel transform, which applies it twice per element.
// x = m 2^e with m in [sqrt(1/2), sqrt(2)) by integer arithmetic on the bits, then
// log m = 2 atanh(s), s = (m - 1)/(m + 1), |s| < 0.1716, evaluated as t + t w (c0 + c1 w) with
// t = 2s and w = t^2, where c0, c1 come from a weighted least-squares (near-minimax) fit of the
// relative error on that interval. One division, four multiply-adds, no table; e ln 2 in one
// rounding (its error, < 2e-8 |e|, is far below the polynomial's).
static inline float log_gumbel(float x) {
    int32_t bits;
    memcpy(&bits, &x, sizeof bits);
    int32_t t = bits - 0x3f3504f3;  // bits of sqrt(1/2)
    int32_t e = t >> 23;            // arithmetic shift: floor
    bits = (t & 0x007fffff) + 0x3f3504f3;
    float m;
    memcpy(&m, &bits, sizeof m);
    float t2 = (m * 2.0f - 2.0f) / (m + 1.0f);  // 2s
    float w = t2 * t2;                           // 4 s^2
    float y = t2 * w * (0.08331953f + 0.012875608f * w) + t2;
    return (float)e * 0.69314718f + y;
}

// log(x) for positive normal x: x = m 2^e with m in [sqrt(1/2), sqrt(2)), Cephes polynomial
// for log(1 + f); about 1 ulp.
static inline float log_approx(float x) {
    int32_t bits;
    memcpy(&bits, &x, sizeof bits);
    int32_t e = ((bits >> 23) & 0xff) - 126;
    bits = (bits & 0x007fffff) | 0x3f000000;
    float m;
    memcpy(&m, &bits, sizeof m);
    int small = m < 0.70710678118654752f;
    e = small ? e - 1 : e;
    float f = small ? m + m - 1.0f : m - 1.0f;
    float z = f * f;
    float y = 7.0376836292e-2f;
    y = y * f - 1.1514610310e-1f;
    y = y * f + 1.1676998740e-1f;
    y = y * f - 1.2420140846e-1f;
    y = y * f + 1.4249322787e-1f;
    y = y * f - 1.6668057665e-1f;
    y = y * f + 2.0000714765e-1f;
    y = y * f - 2.4999993993e-1f;
    y = y * f + 3.3333331174e-1f;
    y = y * f * z;
    float fe = (float)e;
    y += -2.12194440e-4f * fe;
    y += -0.5f * z;
    return (f + y) + 0.693359375f * fe;
}

#endif
