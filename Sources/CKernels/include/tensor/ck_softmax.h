// Fused, numerically stable softmax, log-softmax and softmax cross-entropy.
// Softmax runs along the middle axis of a [outer, n, inner] row-major view.
#ifndef CK_SOFTMAX_H
#define CK_SOFTMAX_H
#include <stddef.h>
#include <stdint.h>

/// y = softmax(x) (log_out == 0) or log_softmax(x) (log_out != 0) along the n axis.
/// Subtracts the row maximum first. x and y must not alias. n >= 1.
void ck_softmax(size_t outer, size_t n, size_t inner, const float *x, float *y, int log_out);

/// Backward of ck_softmax given its output y and the upstream gradient g:
/// softmax:     dx = y * (g - sum_n(g * y))
/// log-softmax: dx = g - exp(y) * sum_n(g)
/// dx may alias g.
void ck_softmax_backward(size_t outer, size_t n, size_t inner, const float *y, const float *g,
                         float *dx, int log_out);

/// Row logsumexp: lse[o, i] = log sum_j exp(x[o, j, i]) (stable).
void ck_logsumexp(size_t outer, size_t n, size_t inner, const float *x, float *lse);

/// Softmax cross-entropy with dense labels, rows of logits [b, n] and labels [b, n]:
/// loss[r] = -sum_j labels[r, j] * log_softmax(logits)[r, j]; logp [b, n] receives the
/// log-softmax for the backward pass.
void ck_softmax_xent(size_t b, size_t n, const float *logits, const float *labels, float *loss, float *logp);

/// Backward of ck_softmax_xent: dlogits[r, j] = g[r] * (exp(logp[r, j]) * sum_j labels[r, j] - labels[r, j]).
void ck_softmax_xent_backward(size_t b, size_t n, const float *logp, const float *labels,
                              const float *g, float *dlogits);

/// Sparse softmax cross-entropy: labels[r] in [0, n) is the class index of row r.
/// loss[r] = -log_softmax(logits)[r, labels[r]]; logp [b, n] as above.
/// Returns 0, or 1 + the first row whose label is out of range (nothing written past it).
int ck_sparse_softmax_xent(size_t b, size_t n, const float *logits, const int32_t *labels, float *loss, float *logp);

/// Backward: dlogits[r, j] = g[r] * (exp(logp[r, j]) - [j == labels[r]]).
void ck_sparse_softmax_xent_backward(size_t b, size_t n, const float *logp, const int32_t *labels,
                                     const float *g, float *dlogits);

/// Elementwise sigmoid cross-entropy on logits x and targets z (stable form):
/// loss[i] = max(x, 0) - x z + log(1 + exp(-|x|)).
void ck_sigmoid_xent(size_t n, const float *x, const float *z, float *loss);

/// Backward: dx[i] = g[i] (sigmoid(x[i]) - z[i]); dz[i] = -g[i] x[i] (dz may be NULL).
void ck_sigmoid_xent_backward(size_t n, const float *x, const float *z, const float *g, float *dx, float *dz);
#endif
