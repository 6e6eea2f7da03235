#include "tensor/ck_random.h"
#include "fastmath.h"
#include "philox_internal.h"
#include <math.h>
#include <string.h>

static inline void philox_round(uint32_t c[4], const uint32_t k[2]) {
    uint64_t p0 = (uint64_t)PHILOX_M0 * c[0];
    uint64_t p1 = (uint64_t)PHILOX_M1 * c[2];
    uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
    uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
    uint32_t n0 = hi1 ^ c[1] ^ k[0];
    uint32_t n2 = hi0 ^ c[3] ^ k[1];
    c[0] = n0; c[1] = lo1; c[2] = n2; c[3] = lo0;
}

void ck_philox4x32(uint64_t seed, uint64_t stream, uint64_t counter, uint32_t out[4]) {
    uint32_t c[4] = {(uint32_t)counter, (uint32_t)(counter >> 32), (uint32_t)stream,
                     (uint32_t)(stream >> 32)};
    uint32_t k[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    for (int r = 0; r < 10; r++) {
        philox_round(c, k);
        if (r < 9) { k[0] += PHILOX_W0; k[1] += PHILOX_W1; }
    }
    out[0] = c[0]; out[1] = c[1]; out[2] = c[2]; out[3] = c[3];
}

size_t ck_random_blocks(size_t n) { return (n + 3) / 4; }

// Iterates over blocks covering elements [first, first+n), calling BODY with lane words.
#define FOR_EACH_WORD(state, first, n, BODY)                                      \
    do {                                                                          \
        size_t i_ = 0;                                                            \
        while (i_ < (n)) {                                                        \
            size_t e_ = (first) + i_;                                             \
            uint32_t w_[4];                                                       \
            ck_philox4x32((state).seed, (state).stream, (state).offset + e_ / 4, w_); \
            for (size_t l_ = e_ % 4; l_ < 4 && i_ < (n); l_++, i_++) {            \
                uint32_t word = w_[l_];                                           \
                size_t idx = i_;                                                  \
                BODY                                                              \
            }                                                                     \
        }                                                                         \
    } while (0)

void ck_random_bits(ck_philox_state s, size_t first, uint32_t *out, size_t n) {
    FOR_EACH_WORD(s, first, n, { out[idx] = word; });
}

// MARK: - Vectorised fills
//
// Fills generate whole counter blocks in groups (philox_blocks in philox_internal.h), transform
// the words with branch-free approximations, and copy out the elements the call asked for.
// Element e still comes from block offset + e/4, lane e%4, so results do not depend on how a fill
// is split.

#define CHUNK_BLOCKS 64

// sin and cos of 2π u for u in (0, 1): quadrant j = round(4u), x = (4u − j) π/2 in [−π/4, π/4],
// Cephes minimax polynomials on that interval, then the quadrant rotation.
static inline void sincos_turn(float u, float *sn, float *cs) {
    float q = 4.0f * u;
    float j = floorf(q + 0.5f);
    float x = (q - j) * 1.57079632679489662f;
    float z = x * x;
    float sx = x + x * z * (-1.6666654611e-1f + z * (8.3321608736e-3f + z * -1.9515295891e-4f));
    float cx = 1.0f - 0.5f * z + z * z * (4.166664568298827e-2f + z * (-1.388731625493765e-3f + z * 2.443315711809948e-5f));
    int quadrant = (int)j & 3;
    float s0 = (quadrant == 0) ? sx : (quadrant == 1) ? cx : (quadrant == 2) ? -sx : -cx;
    float c0 = (quadrant == 0) ? cx : (quadrant == 1) ? -sx : (quadrant == 2) ? -cx : sx;
    *sn = s0;
    *cs = c0;
}

enum { FILL_UNIFORM, FILL_NORMAL, FILL_GUMBEL };

CK_CLONES static void transform(int kind, const uint32_t *w, float *v, size_t count, float a, float b) {
    switch (kind) {
    case FILL_UNIFORM:   // a = lo, b = span
        for (size_t i = 0; i < count; i++) v[i] = a + b * unit_open(w[i]);
        break;
    case FILL_GUMBEL:
        for (size_t i = 0; i < count; i++) v[i] = -log_gumbel(-log_gumbel(unit_open(w[i])));
        break;
    default:             // Box–Muller on word pairs (2p, 2p+1): cosine to 2p, sine to 2p+1
        for (size_t p = 0; p < count / 2; p++) {
            float r = ck_sqrtf(-2.0f * log_approx(unit_open(w[2 * p])));
            float sn, cs;
            sincos_turn(unit_open(w[2 * p + 1]), &sn, &cs);
            v[2 * p] = a + b * r * cs;
            v[2 * p + 1] = a + b * r * sn;
        }
        break;
    }
}

static void fill(int kind, ck_philox_state s, size_t first, float *out, size_t n, float a, float b) {
    uint32_t w[CHUNK_BLOCKS * 4];
    float v[CHUNK_BLOCKS * 4];
    for (size_t done = 0; done < n;) {
        size_t e0 = first + done, lane0 = e0 % 4;
        size_t take = n - done < CHUNK_BLOCKS * 4 - lane0 ? n - done : CHUNK_BLOCKS * 4 - lane0;
        size_t nb = (lane0 + take + 3) / 4;
        philox_blocks(s.seed, s.stream, s.offset + e0 / 4, nb, w);
        transform(kind, w, v, 4 * nb, a, b);
        memcpy(out + done, v + lane0, take * sizeof(float));
        done += take;
    }
}

void ck_random_uniform(ck_philox_state s, size_t first, float *out, size_t n, float lo, float hi) {
    fill(FILL_UNIFORM, s, first, out, n, lo, hi - lo);
}

void ck_random_gumbel(ck_philox_state s, size_t first, float *out, size_t n) {
    fill(FILL_GUMBEL, s, first, out, n, 0, 0);
}

// Box–Muller pairs lanes (0,1) and (2,3) of each block: element e takes the cosine branch when
// e is even and the sine branch when odd, so every element is a pure function of its index.
void ck_random_normal(ck_philox_state s, size_t first, float *out, size_t n, float mean, float std) {
    fill(FILL_NORMAL, s, first, out, n, mean, std);
}

void ck_random_truncated_normal(ck_philox_state s, size_t first, float *out, size_t n,
                                float mean, float std) {
    for (size_t i = 0; i < n; i++) {
        uint64_t e = (uint64_t)(first + i);
        // Each element draws from its own sub-stream until a value falls within two sigmas.
        for (uint64_t attempt = 0;; attempt++) {
            uint32_t w[4];
            ck_philox4x32(s.seed ^ 0x5bd1e995u, s.stream + (e << 20) + attempt, s.offset, w);
            float u1 = unit_open(w[0]), u2 = unit_open(w[1]);
            float r = sqrtf(-2.0f * logf(u1));
            float z = r * cosf(6.28318530717958647692f * u2);
            if (fabsf(z) <= 2.0f) { out[i] = mean + std * z; break; }
            z = r * sinf(6.28318530717958647692f * u2);
            if (fabsf(z) <= 2.0f) { out[i] = mean + std * z; break; }
        }
    }
}
