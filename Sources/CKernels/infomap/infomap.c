// InfoMap hot loops (see include/ck_infomap.h). Own implementation of the map-equation
// optimiser described in the articles digest §4.4-4.5.
#include "infomap/ck_infomap.h"
#include <math.h>
#include <string.h>

double ck_im_plogp(double p) { return p > 1e-300 ? p * log2(p) : 0.0; }
#define PL ck_im_plogp

// MARK: - random numbers (xoshiro256**)

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static inline uint64_t xnext(uint64_t s[4]) {
    uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
    return r;
}
uint64_t ck_im_rand_below(uint64_t rng[4], uint64_t n) {
    // Lemire's multiply-shift; the tiny bias is irrelevant for shuffling.
    return (uint64_t)(((__uint128_t)xnext(rng) * n) >> 64);
}

// MARK: - state

static void finish_codelength(ck_im_state *st) {
    double enf = st->exit_network_flow;
    st->index_codelength = PL(st->enter_sum + enf) - st->sum_plogp_enter - PL(enf);
    st->module_codelength = -st->sum_plogp_exit + st->sum_plogp_exit_flow - st->node_flow_log_flow;
    st->codelength = st->index_codelength + st->module_codelength;
}

void ck_im_init_state(const ck_im_net *net, ck_im_state *st) {
    int32_t n = net->n;
    int rec = net->tele != NULL && st->mtele != NULL;
    for (int32_t i = 0; i < n; i++) {
        st->mflow[i] = st->menter[i] = st->mexit[i] = 0; st->members[i] = 0;
        if (rec) st->mtele[i] = st->mtele_u[i] = 0;
    }
    for (int32_t i = 0; i < n; i++) {
        int32_t m = st->module[i];
        st->members[m]++;
        st->mflow[m] += net->flow[i];
        st->mexit[m] += net->exit[i];
        st->menter[m] += net->enter[i];
        if (rec) {
            double tu = net->tele[i] * net->tele_u[i];
            st->mexit[m] += tu; st->menter[m] += tu;
            st->mtele[m] += net->tele[i]; st->mtele_u[m] += net->tele_u[i];
        }
        for (int64_t k = net->out_start[i]; k < net->out_start[i + 1]; k++) {
            int32_t j = net->out_idx[k];
            if (j != i && st->module[j] == m) { st->mexit[m] -= net->out_flow[k]; st->menter[m] -= net->out_flow[k]; }
        }
    }
    st->enter_sum = st->sum_plogp_enter = st->sum_plogp_exit = st->sum_plogp_exit_flow = 0;
    for (int32_t m = 0; m < n; m++) {
        if (st->members[m] == 0) continue;
        if (rec) {
            double tu = st->mtele[m] * st->mtele_u[m];
            st->mexit[m] -= tu; st->menter[m] -= tu;
        }
        st->enter_sum += st->menter[m];
        st->sum_plogp_enter += PL(st->menter[m]);
        st->sum_plogp_exit += PL(st->mexit[m]);
        st->sum_plogp_exit_flow += PL(st->mexit[m] + st->mflow[m]);
    }
    finish_codelength(st);
}

// MARK: - core loop

typedef struct { double x, n, f; } mdelta;

int32_t ck_im_core_loop(const ck_im_net *net, ck_im_state *st, ck_im_work *w, int32_t loop_limit,
                        int32_t skip_multi_first, double min_improvement, uint64_t rng[4]) {
    const int32_t n = net->n;
    const int rec = net->tele != NULL && st->mtele != NULL;
    int32_t *mod = st->module, *mem = st->members;
    double *MF = st->mflow, *MN = st->menter, *MX = st->mexit;
    int32_t n_empty = 0;
    for (int32_t i = 0; i < n; i++) {
        w->perm[i] = i; w->mark[i] = -1; w->dirty[i] = 1;
        if (mem[i] == 0) w->empty[n_empty++] = i;
    }
    const double enf = st->exit_network_flow;
    int32_t effective = 0;
    double l_prev = st->codelength;
    for (int32_t loop = 0; loop < loop_limit; loop++) {
        for (int32_t i = n - 1; i > 0; i--) {
            int32_t j = (int32_t)ck_im_rand_below(rng, (uint64_t)i + 1);
            int32_t t = w->perm[i]; w->perm[i] = w->perm[j]; w->perm[j] = t;
        }
        int64_t moved = 0;
        for (int32_t pi = 0; pi < n; pi++) {
            const int32_t c = w->perm[pi];
            if (!w->dirty[c]) continue;
            const int32_t old = mod[c];
            if (skip_multi_first && loop == 0 && mem[old] > 1) continue;
            int32_t nc = 0;
            // Gather neighbouring modules with the flow between c and each of them.
            int64_t o0 = net->out_start[c], o1 = net->out_start[c + 1];
            int64_t i0 = net->in_start[c], i1 = net->in_start[c + 1];
            for (int64_t k = o0; k < o1; k++) {
                int32_t b = net->out_idx[k]; if (b == c) continue;
                int32_t m = mod[b];
                if (w->mark[m] != c) { w->mark[m] = c; w->dexit[m] = 0; w->denter[m] = 0; w->cand[nc++] = m; }
                w->dexit[m] += net->out_flow[k];
            }
            for (int64_t k = i0; k < i1; k++) {
                int32_t b = net->in_idx[k]; if (b == c) continue;
                int32_t m = mod[b];
                if (w->mark[m] != c) { w->mark[m] = c; w->dexit[m] = 0; w->denter[m] = 0; w->cand[nc++] = m; }
                w->denter[m] += net->in_flow[k];
            }
            // Low-degree nodes also try the modules of a few random nodes (official 2.10+).
            if ((o1 - o0) + (i1 - i0) <= 2 && n > 1) {
                for (int r = 0; r < 5; r++) {
                    int32_t m = mod[ck_im_rand_below(rng, (uint64_t)n)];
                    if (w->mark[m] != c) { w->mark[m] = c; w->dexit[m] = 0; w->denter[m] = 0; w->cand[nc++] = m; }
                }
            }
            if (w->mark[old] != c) { w->mark[old] = c; w->dexit[old] = 0; w->denter[old] = 0; }
            if (mem[old] > 1 && n_empty > 0) {
                int32_t m = w->empty[n_empty - 1];
                if (w->mark[m] != c) { w->mark[m] = c; w->dexit[m] = 0; w->denter[m] = 0; w->cand[nc++] = m; }
            }
            const double pc = net->flow[c], xc = net->exit[c], ec = net->enter[c];
            const double tc = rec ? net->tele[c] : 0, uc = rec ? net->tele_u[c] : 0;
            double d_old = w->dexit[old] + w->denter[old];
            if (rec) d_old += (st->mtele[old] - tc) * uc + tc * (st->mtele_u[old] - uc);
            const double Xo = MX[old], No = MN[old], Fo = MF[old];
            const double Xo2 = Xo - xc + d_old, No2 = No - ec + d_old, Fo2 = Fo - pc;
            const double base_old = PL(No2) - PL(No) + PL(Xo2) - PL(Xo) - (PL(Xo2 + Fo2) - PL(Xo + Fo));
            const double E0 = st->enter_sum + enf, plE0 = PL(E0);
            // Visit the candidates in random order so ties do not favour link order.
            for (int32_t i = nc - 1; i > 0; i--) {
                int32_t j = (int32_t)ck_im_rand_below(rng, (uint64_t)i + 1);
                int32_t t = w->cand[i]; w->cand[i] = w->cand[j]; w->cand[j] = t;
            }
            int32_t best = old, strongest = old;
            double best_d = 0, strongest_d = 0, strongest_x = -1;
            mdelta bo = {Xo2, No2, Fo2}, bn = {0, 0, 0};
            double best_dn = 0;
            for (int32_t q = 0; q < nc; q++) {
                int32_t m = w->cand[q];
                if (m == old) continue;
                double d_new = w->dexit[m] + w->denter[m];
                if (rec) d_new += st->mtele[m] * uc + tc * st->mtele_u[m];
                double Xn = MX[m], Nn = MN[m], Fn = MF[m];
                double Xn2 = Xn + xc - d_new, Nn2 = Nn + ec - d_new, Fn2 = Fn + pc;
                double dl = PL(E0 + d_old - d_new) - plE0
                    - (base_old + PL(Nn2) - PL(Nn) + PL(Xn2) - PL(Xn))
                    + (PL(Xn2 + Fn2) - PL(Xn + Fn));
                if (dl < best_d - 1e-16) { best = m; best_d = dl; bn = (mdelta){Xn2, Nn2, Fn2}; best_dn = d_new; }
                if (w->dexit[m] > strongest_x) { strongest_x = w->dexit[m]; strongest = m; strongest_d = dl;
                    if (best != m && dl <= best_d + 1e-16 && best != old) {} }
            }
            // Prefer the module c sends most flow to when it is as good as the best.
            if (best != old && strongest != best && strongest != old && strongest_d <= best_d + 1e-16) {
                int32_t m = strongest;
                double d_new = w->dexit[m] + w->denter[m];
                if (rec) d_new += st->mtele[m] * uc + tc * st->mtele_u[m];
                best = m; best_d = strongest_d; best_dn = d_new;
                bn = (mdelta){MX[m] + xc - d_new, MN[m] + ec - d_new, MF[m] + pc};
            }
            if (best == old) { w->dirty[c] = 0; continue; }
            // Apply the move.
            const int32_t nm = best;
            if (mem[nm] == 0) n_empty--; // it was the top of the empty stack
            st->enter_sum += d_old - best_dn;
            st->sum_plogp_enter += PL(bo.n) + PL(bn.n) - PL(No) - PL(MN[nm]);
            st->sum_plogp_exit += PL(bo.x) + PL(bn.x) - PL(Xo) - PL(MX[nm]);
            st->sum_plogp_exit_flow += PL(bo.x + bo.f) + PL(bn.x + bn.f) - PL(Xo + Fo) - PL(MX[nm] + MF[nm]);
            MX[old] = bo.x; MN[old] = bo.n; MF[old] = bo.f;
            MX[nm] = bn.x; MN[nm] = bn.n; MF[nm] = bn.f;
            if (rec) { st->mtele[old] -= tc; st->mtele_u[old] -= uc; st->mtele[nm] += tc; st->mtele_u[nm] += uc; }
            mem[old]--; mem[nm]++;
            if (mem[old] == 0) { w->empty[n_empty++] = old; MX[old] = MN[old] = MF[old] = 0;
                if (rec) st->mtele[old] = st->mtele_u[old] = 0; }
            mod[c] = nm;
            moved++;
            for (int64_t k = o0; k < o1; k++) w->dirty[net->out_idx[k]] = 1;
            for (int64_t k = i0; k < i1; k++) w->dirty[net->in_idx[k]] = 1;
        }
        finish_codelength(st);
        if (moved == 0 || st->codelength >= l_prev - min_improvement) break;
        effective++;
        l_prev = st->codelength;
    }
    finish_codelength(st);
    return effective;
}

// MARK: - aggregation and CSR helpers

int64_t ck_im_aggregate(const ck_im_net *net, const int32_t *module, int32_t m,
                        int64_t *new_out_start, int32_t *new_out_idx, double *new_out_flow,
                        double *acc, int32_t *mark, int32_t *members_start, int32_t *members) {
    int32_t n = net->n;
    memset(members_start, 0, sizeof(int32_t) * ((size_t)m + 1));
    for (int32_t i = 0; i < n; i++) members_start[module[i] + 1]++;
    for (int32_t k = 0; k < m; k++) members_start[k + 1] += members_start[k];
    for (int32_t k = 0; k < m; k++) mark[k] = members_start[k]; // fill cursor
    for (int32_t i = 0; i < n; i++) members[mark[module[i]]++] = i;
    for (int32_t k = 0; k < m; k++) mark[k] = -1;
    int64_t cnt = 0;
    for (int32_t a = 0; a < m; a++) {
        new_out_start[a] = cnt;
        for (int32_t q = members_start[a]; q < members_start[a + 1]; q++) {
            int32_t i = members[q];
            for (int64_t k = net->out_start[i]; k < net->out_start[i + 1]; k++) {
                int32_t b = module[net->out_idx[k]];
                if (b == a) continue;
                if (mark[b] != a) { mark[b] = a; acc[b] = 0; new_out_idx[cnt++] = b; }
                acc[b] += net->out_flow[k];
            }
        }
        for (int64_t k = new_out_start[a]; k < cnt; k++) new_out_flow[k] = acc[new_out_idx[k]];
    }
    new_out_start[m] = cnt;
    return cnt;
}

void ck_im_transpose(int32_t n, const int64_t *out_start, const int32_t *out_idx,
                     const double *out_flow, int64_t *in_start, int32_t *in_idx, double *in_flow) {
    int64_t e = out_start[n];
    memset(in_start, 0, sizeof(int64_t) * ((size_t)n + 1));
    for (int64_t k = 0; k < e; k++) in_start[out_idx[k] + 1]++;
    for (int32_t i = 0; i < n; i++) in_start[i + 1] += in_start[i];
    for (int32_t i = 0; i < n; i++)
        for (int64_t k = out_start[i]; k < out_start[i + 1]; k++) {
            int64_t pos = in_start[out_idx[k]]++;
            in_idx[pos] = i; in_flow[pos] = out_flow[k];
        }
    for (int32_t i = n; i > 0; i--) in_start[i] = in_start[i - 1];
    in_start[0] = 0;
}

// MARK: - PageRank

int32_t ck_im_pagerank(int32_t n, const int64_t *out_start, const int32_t *out_idx,
                       const double *trans, const uint8_t *dangling, const double *u, double alpha,
                       double *p, double *scratch) {
    for (int32_t i = 0; i < n; i++) p[i] = 1.0 / n;
    double err_prev = 0;
    int32_t it = 0;
    while (1) {
        double beta = 1.0 - alpha, dmass = 0;
        for (int32_t i = 0; i < n; i++) if (dangling[i]) dmass += p[i];
        double tele = alpha + beta * dmass;
        for (int32_t i = 0; i < n; i++) scratch[i] = tele * u[i];
        for (int32_t i = 0; i < n; i++) {
            if (dangling[i]) continue;
            double bp = beta * p[i];
            for (int64_t k = out_start[i]; k < out_start[i + 1]; k++) scratch[out_idx[k]] += bp * trans[k];
        }
        double sum = 0;
        for (int32_t i = 0; i < n; i++) sum += scratch[i];
        if (fabs(sum - 1.0) > 1e-10) for (int32_t i = 0; i < n; i++) scratch[i] /= sum;
        double err = 0;
        for (int32_t i = 0; i < n; i++) { err += fabs(scratch[i] - p[i]); p[i] = scratch[i]; }
        it++;
        if ((err < 1e-15 && it >= 50) || it >= 400) break;
        if (fabs(err - err_prev) < 1e-17) alpha += 1e-12; // nudge a stalled iteration
        err_prev = err;
    }
    return it;
}
