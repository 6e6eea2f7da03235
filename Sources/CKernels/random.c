#include "ck_random.h"
#include <math.h>

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

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

// 24 random bits mapped to the centre of one of 2^24 cells: never 0, never 1.
static inline float unit_open(uint32_t w) { return ((float)(w >> 8) + 0.5f) * (1.0f / 16777216.0f); }

void ck_random_bits(ck_philox_state s, size_t first, uint32_t *out, size_t n) {
    FOR_EACH_WORD(s, first, n, { out[idx] = word; });
}

void ck_random_uniform(ck_philox_state s, size_t first, float *out, size_t n, float lo, float hi) {
    const float span = hi - lo;
    FOR_EACH_WORD(s, first, n, { out[idx] = lo + span * unit_open(word); });
}

void ck_random_gumbel(ck_philox_state s, size_t first, float *out, size_t n) {
    FOR_EACH_WORD(s, first, n, { out[idx] = -logf(-logf(unit_open(word))); });
}

// Box–Muller needs a pair of uniforms: element e uses the pair (2*(e/2), 2*(e/2)+1) of its block
// lanes (0,1) or (2,3), taking the cosine branch for even e and the sine branch for odd e. This
// keeps every element a pure function of its own index.
void ck_random_normal(ck_philox_state s, size_t first, float *out, size_t n, float mean, float std) {
    for (size_t i = 0; i < n; i++) {
        size_t e = first + i;
        uint32_t w[4];
        ck_philox4x32(s.seed, s.stream, s.offset + e / 4, w);
        size_t lane = e % 4, base = lane & ~(size_t)1;
        float u1 = unit_open(w[base]), u2 = unit_open(w[base + 1]);
        float r = sqrtf(-2.0f * logf(u1));
        float t = 6.28318530717958647692f * u2;
        float z = (lane & 1) ? r * sinf(t) : r * cosf(t);
        out[i] = mean + std * z;
        // Fast path: fill the partner lane too when it belongs to this call.
        if (!(lane & 1) && i + 1 < n) {
            out[i + 1] = mean + std * r * sinf(t);
            i++;
        }
    }
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
