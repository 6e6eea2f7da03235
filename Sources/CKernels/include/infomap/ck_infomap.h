// InfoMap hot loops: PageRank power iteration, the map-equation core loop of single-node moves
// with exact delta codelength, and module aggregation. All buffers are caller-owned.
// References: Rosvall & Bergstrom (2008, 2009); mapequation/infomap 2.x; articles §4.3-4.5.
#ifndef CK_INFOMAP_H
#define CK_INFOMAP_H
#include <stddef.h>
#include <stdint.h>

/// A flow network in CSR form. Node i has out-links out_idx[out_start[i]..out_start[i+1]) with
/// flows out_flow[..], and in-links in_idx/in_flow the same way (the transpose). Self-links are
/// not stored (they never carry enter or exit flow). tele/tele_u are NULL unless recorded
/// teleportation is modelled: tele[i] = teleport flow leaving node i, tele_u[i] = its share of
/// the teleport target distribution.
typedef struct {
    int32_t n;
    const double *flow, *enter, *exit, *tele, *tele_u;
    const int64_t *out_start; const int32_t *out_idx; const double *out_flow;
    const int64_t *in_start;  const int32_t *in_idx;  const double *in_flow;
} ck_im_net;

/// Partition state over a ck_im_net with n nodes; every array holds n entries. module[i] is in
/// [0, n). mtele/mtele_u may be NULL when net->tele is NULL. The scalar terms are kept exact
/// under moves; codelength = index + module codelength (bits).
typedef struct {
    int32_t *module, *members;
    double *mflow, *menter, *mexit, *mtele, *mtele_u;
    double exit_network_flow;   // flow leaving a sub-network (0 at the top level)
    double node_flow_log_flow;  // sum over leaf nodes of plogp(p) (constant)
    double tele_total;          // total teleport flow (recorded teleportation only)
    double enter_sum, sum_plogp_enter, sum_plogp_exit, sum_plogp_exit_flow;
    double index_codelength, module_codelength, codelength;
} ck_im_state;

/// Scratch for ck_im_core_loop: arrays of n entries (int32: cand, mark, perm, empty; double:
/// dexit, denter; uint8: dirty). Contents on entry do not matter.
typedef struct {
    int32_t *cand, *mark, *perm, *empty;
    double *dexit, *denter;
    uint8_t *dirty;
} ck_im_work;

/// p * log2(p) with plogp(0) = 0 and tiny negative round-off clamped to 0.
double ck_im_plogp(double p);

/// Recomputes all module sums and codelength terms of `st` from st->module. O(n + links).
void ck_im_init_state(const ck_im_net *net, ck_im_state *st);

/// Runs up to `loop_limit` sweeps of randomised single-node moves. Each sweep visits the dirty
/// nodes in a fresh random order, moves each to the neighbouring (or a random, or an empty)
/// module with the most negative exact delta codelength, and stops early when no node moved or
/// the codelength improved by less than `min_improvement`. With `skip_multi_first` the first
/// sweep skips nodes whose module already has more than one member. `rng` is a 4-word
/// xoshiro256** state, advanced in place. Returns the number of sweeps that improved.
int32_t ck_im_core_loop(const ck_im_net *net, ck_im_state *st, ck_im_work *w, int32_t loop_limit,
                        int32_t skip_multi_first, double min_improvement, uint64_t rng[4]);

/// Uniform random integer in [0, n) from the xoshiro256** state.
uint64_t ck_im_rand_below(uint64_t rng[4], uint64_t n);

/// Aggregates nodes into modules. module[i] in [0, m) (compacted). Writes the module-level
/// out-links (CSR, merged parallel links, internal links dropped) into new_out_start[m+1],
/// new_out_idx / new_out_flow (capacity >= the input link count). Scratch: acc[m] doubles,
/// mark[m], members_start[m+1], members[n] int32. Returns the number of module links.
int64_t ck_im_aggregate(const ck_im_net *net, const int32_t *module, int32_t m,
                        int64_t *new_out_start, int32_t *new_out_idx, double *new_out_flow,
                        double *acc, int32_t *mark, int32_t *members_start, int32_t *members);

/// Builds the transpose CSR (in-links) of an out-link CSR with n nodes and out_start[n] links.
/// in_start has n+1 entries, in_idx / in_flow out_start[n]. Stable in source order.
void ck_im_transpose(int32_t n, const int64_t *out_start, const int32_t *out_idx,
                     const double *out_flow, int64_t *in_start, int32_t *in_idx, double *in_flow);

/// PageRank power iteration. trans[k] = P(i -> out_idx[k]) (row-stochastic over non-dangling
/// rows, self-links included); dangling[i] != 0 marks nodes without out-links; u = teleport
/// distribution (sums to 1); alpha = teleportation probability. p[n] receives the stationary
/// distribution; scratch[n] is workspace. Convergence as official Infomap: L1 change < 1e-15
/// after >= 50 iterations, at most 400. Returns the number of iterations.
int32_t ck_im_pagerank(int32_t n, const int64_t *out_start, const int32_t *out_idx,
                       const double *trans, const uint8_t *dangling, const double *u, double alpha,
                       double *p, double *scratch);
#endif
