// 1-D convolution (cross-correlation, as in Keras Conv1D) over channels-last sequences,
// computed as im2col + one GEMM over all batch·length rows (in chunks of about 16 MB of
// columns); a pointwise kernel without padding needs no columns at all.
//
// Shapes (row-major): x [batch, len, cin], w [width, cin, cout], y [batch, out_len, cout].
// Output position o reads input rows o*stride + j*dilation - pad_left for taps j < width;
// rows outside [0, len) count as zeros (padding).
//
// Every call takes a caller-owned workspace of ck_conv1d_workspace(g) floats (may be NULL when
// that is 0). Inputs and outputs must not alias. Thread safety: calls on distinct outputs and
// workspaces may run concurrently; the GEMMs use OpenBLAS's own threads.
#ifndef CK_CONV_H
#define CK_CONV_H
#include <stddef.h>

/// Geometry of a 1-D convolution, as in the comment above. work_limit bounds the workspace of one
/// chunk in floats (0: the default of 4 Mi floats); a chunk holds at least one batch element
/// (or one row).
///
/// rows (optional): ascending flat output rows b*out_len + o, n_rows of them. When given, only
/// those output rows are computed and every other output row is zero: the result is
/// conv1d(x, w) times a 0/1 row mask, and the backward calls are the adjoints of that (dy is
/// read at the listed rows only). Sequences padded to a common length then cost only their real
/// rows.
typedef struct {
    size_t batch, len, cin, cout, width, stride, dilation, pad_left, out_len, work_limit;
    const size_t *rows;
    size_t n_rows;
} ck_conv1d_geom;

/// Floats of workspace the three conv1d calls need for geometry g.
size_t ck_conv1d_workspace(ck_conv1d_geom g);

/// y [batch, out_len, cout] = conv1d(x, w). y is fully overwritten.
void ck_conv1d_forward(ck_conv1d_geom g, const float *x, const float *w, float *y, float *work);

/// dx [batch, len, cin] (overwritten) = the adjoint of conv1d in x applied to dy [batch, out_len, cout].
void ck_conv1d_backward_input(ck_conv1d_geom g, const float *dy, const float *w, float *dx, float *work);

/// dw [width, cin, cout] (overwritten) = the adjoint of conv1d in w applied to dy.
void ck_conv1d_backward_kernel(ck_conv1d_geom g, const float *x, const float *dy, float *dw, float *work);

// MARK: 2-D convolution, NHWC, Keras kernel layout [kh, kw, cin, cout].

/// Geometry of a 2-D convolution: input [b, h, w, cin] -> output [b, oh, ow, cout]; output
/// pixel (oy, ox) reads input (oy*sh + ky*dh - pt, ox*sw + kx*dw - pl) for taps (ky, kx).
typedef struct {
    size_t b, h, w, cin, cout, kh, kw, sh, sw, dh, dw, pt, pl, oh, ow;
} ck_conv2d_geom;

/// Number of floats of the im2col workspace the conv2d calls need: b*oh*ow*kh*kw*cin.
size_t ck_conv2d_workspace(ck_conv2d_geom g);

/// y [b, oh, ow, cout] = conv2d(x, w) via im2col into `cols` and one GEMM.
void ck_conv2d_forward(ck_conv2d_geom g, const float *x, const float *w, float *y, float *cols);

/// dx [b, h, w, cin] (overwritten) from dy [b, oh, ow, cout]: GEMM into `cols`, then col2im.
void ck_conv2d_backward_input(ck_conv2d_geom g, const float *dy, const float *w, float *dx, float *cols);

/// dw [kh, kw, cin, cout] (overwritten) = im2col(x)ᵀ · dy.
void ck_conv2d_backward_kernel(ck_conv2d_geom g, const float *x, const float *dy, float *dw, float *cols);
#endif
