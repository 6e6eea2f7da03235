// Counter-based random numbers (Philox4x32-10, Salmon et al., SC'11).
//
// Every value is a pure function of (seed, stream, index): element i of a fill is drawn from
// counter block (offset + i/4, stream), lane i%4. A fill split into chunks on several threads
// therefore gives exactly the numbers of a single-threaded fill.
#ifndef CK_RANDOM_H
#define CK_RANDOM_H
#include <stddef.h>
#include <stdint.h>

/// Explicit generator state: a 64-bit key (seed), a 64-bit stream id and a 64-bit block offset.
typedef struct {
    uint64_t seed;
    uint64_t stream;
    uint64_t offset;  // in blocks of four 32-bit words
} ck_philox_state;

/// One Philox4x32-10 block: four 32-bit words for counter (ctr_lo, ctr_hi) and key.
void ck_philox4x32(uint64_t seed, uint64_t stream, uint64_t counter, uint32_t out[4]);

/// Fills out[0..n) with raw 32-bit words; element i comes from block state.offset + (first+i)/4.
void ck_random_bits(ck_philox_state state, size_t first, uint32_t *out, size_t n);

/// Uniform floats in the open interval (lo, hi); element index first+i as above.
void ck_random_uniform(ck_philox_state state, size_t first, float *out, size_t n, float lo, float hi);

/// Normal(mean, std) floats by Box–Muller on lane pairs (0,1) and (2,3) of each block.
void ck_random_normal(ck_philox_state state, size_t first, float *out, size_t n, float mean, float std);

/// Normal(mean, std) truncated to [mean - 2 std, mean + 2 std] (Keras truncated_normal),
/// by rejection on successive blocks of a per-element sub-stream.
void ck_random_truncated_normal(ck_philox_state state, size_t first, float *out, size_t n,
                                float mean, float std);

/// Standard Gumbel samples g = -log(-log(u)), u uniform in (0, 1).
void ck_random_gumbel(ck_philox_state state, size_t first, float *out, size_t n);

/// Number of blocks a fill of n values consumes (advance state.offset by this between fills).
size_t ck_random_blocks(size_t n);
#endif
