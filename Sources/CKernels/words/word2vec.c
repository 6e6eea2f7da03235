// word2vec skip-gram / CBOW with negative sampling. See ck_word2vec.h.
#include "words/ck_word2vec.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CK_EXP_TABLE 1000
#define CK_MAX_EXP 6
#define CK_MAX_SENT 10000

// The logistic function tabulated on [-CK_MAX_EXP, CK_MAX_EXP), as in the original word2vec.
// Each call of ck_w2v_train fills its own copy in its scratch block (1000 exp calls, negligible
// next to one sentence), so the file has no global state.
static void w2v_fill_sigmoid(float *table) {
    for (int i = 0; i < CK_EXP_TABLE; i++) {
        double x = exp(((double)i / CK_EXP_TABLE * 2 - 1) * CK_MAX_EXP);
        table[i] = (float)(x / (x + 1));
    }
}

static inline float w2v_sigmoid(const float *table, float f) {
    return table[(int)((f + CK_MAX_EXP) * (CK_EXP_TABLE / CK_MAX_EXP / 2))];
}

static inline uint64_t w2v_lcg(uint64_t *s) {
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;  // 31 random bits
}

static inline uint32_t w2v_rand32(uint64_t *s) {
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*s >> 32);
}

// Sixteen independent partial sums, so the loop vectorises without -ffast-math; inlined into
// each target clone of ck_w2v_train.
static inline __attribute__((always_inline)) float w2v_dot(const float *restrict a, const float *restrict b, int n) {
    float acc[16] = {0};
    int i = 0;
    for (; i + 16 <= n; i += 16)
        for (int j = 0; j < 16; j++) acc[j] += a[i + j] * b[i + j];
    float s = 0;
    for (; i < n; i++) s += a[i] * b[i];
    for (int j = 0; j < 16; j++) s += acc[j];
    return s;
}

static inline __attribute__((always_inline)) void w2v_axpy(float g, const float *restrict x, float *restrict y, int n) {
    for (int i = 0; i < n; i++) y[i] += g * x[i];
}

static inline int32_t w2v_draw_negative(const ck_w2v_params *p, uint64_t *rs) {
    uint32_t r = w2v_rand32(rs) % p->cum_total;
    int32_t lo = 0, hi = p->vocab_size - 1;
    while (lo < hi) {  // first index with cum[idx] > r
        int32_t mid = (lo + hi) >> 1;
        if (p->cum[mid] > r) hi = mid; else lo = mid + 1;
    }
    return lo;
}

// One positive pair plus negatives: input vector `l1`, predicted word `target`; the gradient for
// the input accumulates in `neu1e`. The negatives are drawn first and their rows prefetched, since
// the output matrix rarely fits in L2.
static inline __attribute__((always_inline)) void w2v_neg_update(const ck_w2v_params *p, const float *sig, const float *l1, int32_t target, float alpha,
                                 float *neu1e, uint64_t *rs) {
    const int d = p->dim;
    int32_t ws[101];
    int nw = p->negative + 1;
    ws[0] = target;
    for (int k = 1; k < nw; k++) {
        ws[k] = w2v_draw_negative(p, rs);
        const char *row = (const char *)(p->syn1neg + (size_t)ws[k] * d);
        for (int b = 0; b < d * 4; b += 64) __builtin_prefetch(row + b, 1, 3);
    }
    for (int k = 0; k < nw; k++) {
        int32_t w = ws[k];
        float label = k == 0 ? 1.0f : 0.0f;
        if (k > 0 && w == target) continue;
        float *l2 = p->syn1neg + (size_t)w * d;
        float f = w2v_dot(l1, l2, d), g;
        if (f > CK_MAX_EXP) g = (label - 1) * alpha;
        else if (f < -CK_MAX_EXP) g = label * alpha;
        else g = (label - w2v_sigmoid(sig, f)) * alpha;
        w2v_axpy(g, l2, neu1e, d);
        w2v_axpy(g, l1, l2, d);
    }
}

// Hierarchical softmax: predict `target` from `l1` by the binary decisions along its Huffman path
// (label 1 - code at each inner node). Dot products outside the sigmoid table are skipped, as in
// the original word2vec and gensim.
static inline __attribute__((always_inline)) void w2v_hs_update(const ck_w2v_params *p, const float *sig, const float *l1, int32_t target, float alpha,
                                float *neu1e) {
    const int d = p->dim;
    for (int64_t k = p->code_start[target]; k < p->code_start[target + 1]; k++) {
        float *l2 = p->syn1 + (size_t)p->points[k] * d;
        float f = w2v_dot(l1, l2, d);
        if (f <= -CK_MAX_EXP || f >= CK_MAX_EXP) continue;
        float g = (1.0f - (float)p->codes[k] - w2v_sigmoid(sig, f)) * alpha;
        w2v_axpy(g, l2, neu1e, d);
        w2v_axpy(g, l1, l2, d);
    }
}

// Both output layers for one (input, target) pair, in gensim's order (hs, then negatives).
static inline __attribute__((always_inline)) void w2v_out_update(const ck_w2v_params *p, const float *sig, const float *l1, int32_t target, float alpha,
                                 float *neu1e, uint64_t *rs) {
    if (p->hs) w2v_hs_update(p, sig, l1, target, alpha, neu1e);
    if (p->negative > 0) w2v_neg_update(p, sig, l1, target, alpha, neu1e, rs);
}

// Linearly decayed learning rate after `done` of `total_words` tokens.
static inline float w2v_alpha(const ck_w2v_params *p, int64_t done) {
    double frac = (double)done / (double)(p->total_words + 1);
    float alpha = p->alpha0 - (p->alpha0 - p->min_alpha) * (float)(frac > 1 ? 1 : frac);
    return alpha < p->min_alpha ? p->min_alpha : alpha;
}

// The per-call state of one ck_w2v_train call: everything the loops write besides the caller's
// arrays. `neu1` (d floats) is the CBOW input mean, `neu1e` (d floats) the input gradient, `sig`
// the sigmoid table, `sen` one subsampled sentence piece, `rs` the call's random stream.
typedef struct {
    float *neu1;
    float *neu1e;
    float *sig;
    int32_t *sen;
    uint64_t rs;
} w2v_scratch;

// Skip-gram step at position i: each context word j predicts the centre word.
static inline __attribute__((always_inline)) void w2v_skipgram_at(const ck_w2v_params *p, w2v_scratch *sc, int i,
                                                                 int lo, int hi, float alpha) {
    const int d = p->dim;
    for (int j = lo; j <= hi; j++) {
        if (j == i) continue;
        const float *l1 = p->syn0 + (size_t)sc->sen[j] * d;
        memset(sc->neu1e, 0, sizeof(float) * d);
        w2v_out_update(p, sc->sig, l1, sc->sen[i], alpha, sc->neu1e, &sc->rs);
        w2v_axpy(1.0f, sc->neu1e, p->syn0 + (size_t)sc->sen[j] * d, d);
    }
}

// CBOW step at position i: the mean of the context vectors predicts the centre word.
static inline __attribute__((always_inline)) void w2v_cbow_at(const ck_w2v_params *p, w2v_scratch *sc, int i,
                                                             int lo, int hi, float alpha) {
    const int d = p->dim;
    int cw = 0;
    memset(sc->neu1, 0, sizeof(float) * d);
    for (int j = lo; j <= hi; j++) {
        if (j == i) continue;
        w2v_axpy(1.0f, p->syn0 + (size_t)sc->sen[j] * d, sc->neu1, d);
        cw++;
    }
    if (!cw) return;
    float inv = 1.0f / (float)cw;
    for (int k = 0; k < d; k++) sc->neu1[k] *= inv;
    memset(sc->neu1e, 0, sizeof(float) * d);
    w2v_out_update(p, sc->sig, sc->neu1, sc->sen[i], alpha, sc->neu1e, &sc->rs);
    // With the mean of the inputs, word2vec and gensim add the whole error to each input.
    for (int j = lo; j <= hi; j++) {
        if (j == i) continue;
        w2v_axpy(1.0f, sc->neu1e, p->syn0 + (size_t)sc->sen[j] * d, d);
    }
}

// Subsamples tokens[from ..< to] into sc->sen (out-of-vocabulary ids, < 0, are dropped);
// returns the number kept.
static inline int w2v_subsample(const ck_w2v_params *p, w2v_scratch *sc, const int32_t *tokens, int64_t from,
                                int64_t to) {
    int n = 0;
    for (int64_t i = from; i < to; i++) {
        int32_t w = tokens[i];
        if (w < 0) continue;
        if (p->keep[w] < 0xFFFFFFFFu && p->keep[w] < w2v_rand32(&sc->rs)) continue;
        sc->sen[n++] = w;
    }
    return n;
}

// One clone per ISA, except under ThreadSanitizer, whose runtime is not initialised yet when the
// ifunc resolver runs at load time (see CK_CLONES in tensor/fastmath.h).
#if defined(__SANITIZE_THREAD__)
#define W2V_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define W2V_TSAN 1
#endif
#endif
#ifndef W2V_TSAN
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
int64_t ck_w2v_train(const ck_w2v_params *p, const int32_t *tokens, const int64_t *starts,
                     int64_t first, int64_t last, uint64_t seed) {
    const int d = p->dim;
    float *floats = (float *)malloc(sizeof(float) * ((size_t)d * 2 + CK_EXP_TABLE));
    int32_t *sen = (int32_t *)malloc(sizeof(int32_t) * CK_MAX_SENT);
    if (!floats || !sen) { free(floats); free(sen); return -1; }
    w2v_scratch sc = {floats, floats + d, floats + 2 * (size_t)d, sen,
                      seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL};
    w2v_fill_sigmoid(sc.sig);
    int64_t trained = 0, pending = 0;
    // The rate decays with the shared progress counter; a call that starts mid-run (a later chunk
    // or epoch) starts from the decayed rate, not from alpha0.
    float alpha = w2v_alpha(p, __atomic_load_n(p->progress, __ATOMIC_RELAXED));
    for (int64_t s = first; s < last; s++) {
        int64_t a = starts[s], b = starts[s + 1];
        // Long sentences are cut into pieces of at most CK_MAX_SENT raw tokens (as gensim does).
        for (int64_t piece = a; piece < b; piece += CK_MAX_SENT) {
            int64_t end = piece + CK_MAX_SENT < b ? piece + CK_MAX_SENT : b;
            int n = w2v_subsample(p, &sc, tokens, piece, end);
            pending += end - piece;
            if (pending >= 10000) {
                int64_t done = __atomic_add_fetch(p->progress, pending, __ATOMIC_RELAXED);
                pending = 0;
                alpha = w2v_alpha(p, done);
            }
            for (int i = 0; i < n; i++) {
                int b2 = (int)(w2v_lcg(&sc.rs) % (uint64_t)p->window);
                int lo = i - p->window + b2, hi = i + p->window - b2;
                if (lo < 0) lo = 0;
                if (hi > n - 1) hi = n - 1;
                if (p->sg) w2v_skipgram_at(p, &sc, i, lo, hi, alpha);
                else w2v_cbow_at(p, &sc, i, lo, hi, alpha);
            }
            trained += n;
        }
    }
    if (pending) __atomic_add_fetch(p->progress, pending, __ATOMIC_RELAXED);
    free(floats); free(sen);
    return trained;
}
