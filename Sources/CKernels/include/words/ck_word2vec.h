// word2vec training loops (skip-gram / CBOW with negative sampling), Hogwild-safe.
#ifndef CK_WORD2VEC_H
#define CK_WORD2VEC_H
#include <stddef.h>
#include <stdint.h>

/// Hyper-parameters and shared state of one training run. All arrays are caller-owned.
typedef struct {
    int32_t dim;             ///< vector size d
    int32_t window;          ///< maximum window; each position draws an effective window in [1, window]
    int32_t negative;        ///< negative samples per positive pair (0 = no negative sampling; then hs must be 1)
    int32_t sg;              ///< 1 = skip-gram, 0 = CBOW (mean of the context vectors)
    int32_t vocab_size;      ///< V
    float alpha0;            ///< starting learning rate
    float min_alpha;         ///< final learning rate (linear decay over all epochs)
    int64_t total_words;     ///< epochs × corpus tokens: the denominator of the decay
    float *syn0;             ///< [V, d] input vectors, updated in place
    float *syn1neg;          ///< [V, d] output vectors, updated in place
    const uint32_t *keep;    ///< [V] subsampling: keep a token with probability keep[w] / 2^32
    const uint32_t *cum;     ///< [V] cumulative unigram^0.75 table, last entry = cum_total
    uint32_t cum_total;      ///< total of the cumulative table
    int64_t *progress;       ///< shared counter of processed tokens (updated atomically)
    int32_t hs;              ///< 1 = also train hierarchical softmax over the Huffman tree
    float *syn1;             ///< [V - 1, d] inner-node vectors of the Huffman tree (hs only)
    const int64_t *code_start; ///< [V + 1] word w's path is entries code_start[w] ..< code_start[w+1] (hs only)
    const uint8_t *codes;    ///< Huffman code bits along each path, root first (hs only)
    const int32_t *points;   ///< inner-node rows of syn1 along each path, root first (hs only)
} ck_w2v_params;

/// Trains over sentences [first, last) of a corpus held as token ids: tokens[starts[s] ..< starts[s+1]].
/// `seed` seeds this call's private random stream. Several threads may call this at once on
/// disjoint sentence ranges (Hogwild: unsynchronised updates of syn0/syn1neg).
/// Returns the number of tokens trained on after subsampling.
int64_t ck_w2v_train(const ck_w2v_params *p, const int32_t *tokens, const int64_t *starts,
                     int64_t first, int64_t last, uint64_t seed);
#endif
