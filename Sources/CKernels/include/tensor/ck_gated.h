// The gated residual of a DGCNN block (Su, kexue.fm/archives/5409 and 6671), fused so that the
// bias, the gate sigmoid, the highway mix and the mask cost one pass over memory each way.
//
// Shapes (row-major): rows = batch·length; x [rows, c]; h [rows, 2c] is the convolution output
// without bias, split along channels into gate logits g = h[:, :c] + bias[:c] and candidate
// cc = h[:, c:] + bias[c:]; bias [2c]; mask [rows] (1 valid, 0 padding) or NULL for all ones;
// noise [rows, c] multiplies the gate logits (inverted-dropout factors 0 or 1/(1-rate)) or NULL.
//
//   s = sigmoid(g · noise),  y = (x + (cc − x) · s) · mask
//
// Calls on disjoint row ranges may run concurrently (pass row-offset pointers).
#ifndef CK_GATED_H
#define CK_GATED_H
#include <stddef.h>

/// y [rows, c] (overwritten) as above. y must not alias the inputs.
void ck_gated_residual_forward(size_t rows, size_t c, const float *x, const float *h, const float *bias,
                               const float *mask, const float *noise, float *y);

/// Gradients from dy [rows, c]: dx [rows, c] (overwritten; the residual path only), dh
/// [rows, 2c] (overwritten), and dbias [2c] += the column sums of dh (accumulated, so a caller
/// splitting rows keeps one partial sum per worker). dbias may be NULL; dx and dh may not.
void ck_gated_residual_backward(size_t rows, size_t c, const float *x, const float *h, const float *bias,
                                const float *mask, const float *noise, const float *dy,
                                float *dx, float *dh, float *dbias);
#endif
