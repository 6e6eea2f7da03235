// Gumbel sampling kernels: Gumbel-Softmax (soft and straight-through hard), its backward, and
// Gumbel-Max categorical sampling, each in one fused pass over rows of logits.
//
// Shapes: `x` is row-major [rows, n] (softmax and argmax along the last axis, n >= 1). Rows are
// independent; a caller may split them across threads by passing sub-ranges with the matching
// `first_row`.
//
// Noise: element (r, j) of a call is global element e = (first_row + r) * n + j and uses the
// uniform u of Philox block `state.offset + e / 4`, lane `e % 4`, exactly the u that
// ck_random_uniform(state, e, ..., 0, 1) returns. The Gumbel noise is
//     g = -log(-log(u + eps) + eps)
// (the eps guards of Su's code; u is already in the open interval (0, 1)). Results therefore
// depend only on (seed, stream, offset, e), never on how rows are split over threads. A full call
// over `rows` rows consumes ck_random_blocks(rows * n) blocks.
//
// The logarithms are a fast approximation (about 5e-7 relative, one division and four
// multiply-adds each); ck_gumbel_from_words exposes the transform so tests can compare it with libm
// on every possible u.
//
// Code paths: on x86-64 CPUs with AVX-512F the kernels run an intrinsics path (Philox in registers,
// vscalefps exponentials); elsewhere a portable auto-vectorised one. Both draw the same words and
// apply the same formulas; results agree to about one float ulp, and on one machine they never
// depend on the thread count. The `_on` variants take the path explicitly so tests can compare
// the two on any machine.
//
// Buffers are caller-owned; outputs must not alias `x`. Thread safe (no global state).
//
// References: Gumbel (1954); Jang, Gu & Poole, "Categorical Reparameterization with
// Gumbel-Softmax", arXiv 1611.01144 (straight-through variant); Su, kexue.fm/archives/6705.
#ifndef CK_GUMBEL_H
#define CK_GUMBEL_H
#include "ck_random.h"
#include <stddef.h>
#include <stdint.h>

/// Which code the `_on` variants run: AUTO is what the plain entry points use (AVX-512 when the
/// CPU has it), PORTABLE forces the auto-vectorised C path.
typedef enum { CK_GUMBEL_AUTO = 0, CK_GUMBEL_PORTABLE = 1 } ck_gumbel_path;

/// 1 when the AVX-512 path is compiled in and the CPU supports AVX-512F, else 0.
int ck_gumbel_avx512_available(void);

/// Gumbel-Softmax forward: y_soft[r, j] = softmax_j((x[r, j] + g[r, j]) / tau), tau > 0.
/// When `argmax` is not NULL, argmax[r] receives argmax_j (x[r, j] + g[r, j]) (first on ties),
/// which is the Gumbel-Max sample of row r for the same noise. When `y_hard` is not NULL it
/// receives the exact one-hot of that argmax ([rows, n], zeros elsewhere).
void ck_gumbel_softmax(ck_philox_state state, size_t first_row, size_t rows, size_t n, const float *x,
                       float tau, float eps, float *y_soft, int32_t *argmax, float *y_hard);
/// ck_gumbel_softmax on a chosen path.
void ck_gumbel_softmax_on(ck_gumbel_path path, ck_philox_state state, size_t first_row, size_t rows, size_t n,
                          const float *x, float tau, float eps, float *y_soft, int32_t *argmax, float *y_hard);

/// Backward of ck_gumbel_softmax with respect to x, given the soft output y and the upstream
/// gradient g ([rows, n] each): dx = y * (g - sum_j(g * y)) / tau. dx may alias g. The
/// straight-through hard variant uses the same backward (with g the gradient of the one-hot).
void ck_gumbel_softmax_backward(size_t rows, size_t n, const float *y, const float *g, float tau, float *dx);

/// Gumbel-Max sampling: out[r] = argmax_j (x[r, j] + g[r, j]) (first on ties). With x = logits
/// (or log-probabilities) the result is distributed exactly as Categorical(softmax(x[r])).
void ck_gumbel_max(ck_philox_state state, size_t first_row, size_t rows, size_t n, const float *x,
                   float eps, int32_t *out);
/// ck_gumbel_max on a chosen path.
void ck_gumbel_max_on(ck_gumbel_path path, ck_philox_state state, size_t first_row, size_t rows, size_t n,
                      const float *x, float eps, int32_t *out);

/// The noise alone: out[i] = g of global element first + i (as above), for tests and for callers
/// that need the perturbation itself.
void ck_gumbel_noise(ck_philox_state state, size_t first, float *out, size_t n, float eps);

/// The transform alone: out[i] = -log(-log(u_i + eps) + eps) with u_i = ((w[i] >> 8) + 0.5) / 2^24,
/// the map every Gumbel kernel applies to its Philox words (for accuracy tests over all 2^24 u).
void ck_gumbel_from_words(const uint32_t *w, float *out, size_t n, float eps);
/// ck_gumbel_from_words on a chosen path.
void ck_gumbel_from_words_on(ck_gumbel_path path, const uint32_t *w, float *out, size_t n, float eps);
#endif
