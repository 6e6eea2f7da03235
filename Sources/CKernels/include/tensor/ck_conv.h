// 1-D convolution (cross-correlation, as in Keras Conv1D) over channels-last sequences,
// computed as one GEMM per (batch element, kernel tap) on strided row views: no im2col copy.
//
// Shapes (row-major): x [batch, len, cin], w [width, cin, cout], y [batch, out_len, cout].
// Output position o reads input rows o*stride + j*dilation - pad_left for taps j < width;
// rows outside [0, len) count as zeros (padding).
#ifndef CK_CONV_H
#define CK_CONV_H
#include <stddef.h>

/// y = conv1d(x, w). y is fully overwritten.
void ck_conv1d_forward(size_t batch, size_t len, size_t cin, size_t cout, size_t width,
                       size_t stride, size_t dilation, size_t pad_left, size_t out_len,
                       const float *x, const float *w, float *y);

/// dx = d conv1d / dx applied to dy [batch, out_len, cout]; dx [batch, len, cin] is overwritten.
void ck_conv1d_backward_input(size_t batch, size_t len, size_t cin, size_t cout, size_t width,
                              size_t stride, size_t dilation, size_t pad_left, size_t out_len,
                              const float *dy, const float *w, float *dx);

/// dw = d conv1d / dw applied to dy; dw [width, cin, cout] is overwritten.
void ck_conv1d_backward_kernel(size_t batch, size_t len, size_t cin, size_t cout, size_t width,
                               size_t stride, size_t dilation, size_t pad_left, size_t out_len,
                               const float *x, const float *dy, float *dw);

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
