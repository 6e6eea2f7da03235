// Elementwise kernels: unary maps, their fused backward passes, binary maps with
// broadcasting, selection and strided copies. All buffers are float32; outputs are
// contiguous. Buffers may alias only where a function says so.
#ifndef CK_ELEMENTWISE_H
#define CK_ELEMENTWISE_H
#include <stddef.h>
#include <stdint.h>

/// Unary operations understood by ck_unary / ck_unary_backward.
enum {
    CK_NEG = 0, CK_EXP, CK_LOG, CK_LOG1P, CK_SQRT, CK_RSQRT, CK_TANH, CK_SIGMOID,
    CK_SOFTPLUS, CK_RELU, CK_GELU, CK_GELU_TANH, CK_ABS, CK_SQUARE, CK_SIGN, CK_EXPM1
};

/// Binary operations understood by the ck_binary* family. Comparisons write 1 or 0.
enum {
    CK_ADD = 0, CK_SUB, CK_MUL, CK_DIV, CK_POW, CK_MAXIMUM, CK_MINIMUM,
    CK_LT, CK_LE, CK_GT, CK_GE, CK_EQ, CK_NE
};

/// y[i] = op(x[i]) for i < n. x and y may be the same buffer.
void ck_unary(int op, const float *x, float *y, size_t n);

/// dx[i] = g[i] * op'(x[i]), given the forward input x and output y (either may be unused
/// by a given op, but both must be valid when the op needs them: EXP, SQRT, RSQRT, TANH,
/// SIGMOID, EXPM1 read y; the others read x). dx may alias g.
void ck_unary_backward(int op, const float *x, const float *y, const float *g, float *dx, size_t n);

/// y[i] = min(max(x[i], lo), hi). x and y may alias.
void ck_clamp(const float *x, float *y, size_t n, float lo, float hi);

/// dx[i] = g[i] where lo <= x[i] <= hi, else 0.
void ck_clamp_backward(const float *x, const float *g, float *dx, size_t n, float lo, float hi);

/// y[i] = a[i] op b[i]. Any buffers may alias.
void ck_binary(int op, const float *a, const float *b, float *y, size_t n);

/// y[i] = a[i] op s.
void ck_binary_scalar_right(int op, const float *a, float s, float *y, size_t n);

/// y[i] = s op b[i].
void ck_binary_scalar_left(int op, float s, const float *b, float *y, size_t n);

/// Row broadcast: y[r, j] = a[r, j] op b[j] for a [rows, n] and b [n].
void ck_binary_rows(int op, const float *a, const float *b, float *y, size_t rows, size_t n);

/// General broadcast: y (contiguous, shape[rank]) = a op b, where a and b are read with
/// element strides sa[rank], sb[rank] (0 on broadcast axes). rank >= 1, rank <= 16.
void ck_binary_strided(int op, size_t rank, const size_t *shape, const float *a, const ptrdiff_t *sa,
                       const float *b, const ptrdiff_t *sb, float *y);

/// y[i] = c[i] != 0 ? a[i] : b[i].
void ck_select(const float *c, const float *a, const float *b, float *y, size_t n);

/// y[i] = alpha * x[i] + y[i] (in-place accumulate).
void ck_axpy(size_t n, float alpha, const float *x, float *y);

/// y[i] = alpha * x[i]. x and y may alias.
void ck_scale(size_t n, float alpha, const float *x, float *y);

/// y[i] = v.
void ck_fill(float *y, size_t n, float v);

/// Strided gather into a contiguous buffer: y (shape[rank], row-major) takes element
/// x[sum_d idx_d * sx[d]]. Covers permutes, slices (offset x) and expands (stride 0).
void ck_copy_strided(size_t rank, const size_t *shape, const float *x, const ptrdiff_t *sx, float *y);

/// Rank-2 transpose: y [cols, rows] = x [rows, cols]ᵀ, cache-blocked.
void ck_transpose(size_t rows, size_t cols, const float *x, float *y);
#endif
