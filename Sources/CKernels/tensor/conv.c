// 1-D convolution through strided GEMMs; see ck_conv.h.
#include "tensor/ck_conv.h"
#include "tensor/ck_gemm.h"
#include <string.h>

// Output range [o0, o1) whose tap-j input row lies inside [0, len).
static int tap_range(size_t j, size_t len, size_t stride, size_t dilation, size_t pad_left,
                     size_t out_len, size_t *o0, size_t *o1) {
    long off = (long)(j * dilation) - (long)pad_left;   // input row = o*stride + off
    long lo = off >= 0 ? 0 : (-off + (long)stride - 1) / (long)stride;
    long last = (long)len - 1 - off;                     // need o*stride <= last
    if (last < 0) return 0;
    long hi = last / (long)stride + 1;
    if (hi > (long)out_len) hi = (long)out_len;
    if (lo >= hi) return 0;
    *o0 = (size_t)lo;
    *o1 = (size_t)hi;
    return 1;
}

enum { FORWARD, BACKWARD_INPUT, BACKWARD_KERNEL };

// The three passes share one walk over (tap, batch element); each is one GEMM on row views
// whose row stride is stride*cin, accumulating (beta = 1) into a zeroed output.
static void conv1d_pass(int pass, size_t batch, size_t len, size_t cin, size_t cout, size_t width,
                        size_t stride, size_t dilation, size_t pad_left, size_t out_len,
                        const float *x, const float *w, const float *dy, float *out, size_t out_count) {
    memset(out, 0, out_count * sizeof(float));
    for (size_t j = 0; j < width; j++) {
        size_t o0, o1;
        if (!tap_range(j, len, stride, dilation, pad_left, out_len, &o0, &o1)) continue;
        size_t row0 = o0 * stride + j * dilation - pad_left, rows = o1 - o0;
        for (size_t b = 0; b < batch; b++) {
            size_t xr = (b * len + row0) * cin, yr = (b * out_len + o0) * cout;
            switch (pass) {
            case FORWARD:          // y[rows] += x[rows] · w_j
                ck_sgemm(0, 0, rows, cout, cin, 1.0f, x + xr, stride * cin, w + j * cin * cout, cout, 1.0f, out + yr, cout);
                break;
            case BACKWARD_INPUT:   // dx[rows] += dy[rows] · w_jᵀ
                ck_sgemm(0, 1, rows, cin, cout, 1.0f, dy + yr, cout, w + j * cin * cout, cout, 1.0f, out + xr, stride * cin);
                break;
            default:               // dw_j += x[rows]ᵀ · dy[rows]
                ck_sgemm(1, 0, cin, cout, rows, 1.0f, x + xr, stride * cin, dy + yr, cout, 1.0f, out + j * cin * cout, cout);
                break;
            }
        }
    }
}

void ck_conv1d_forward(size_t batch, size_t len, size_t cin, size_t cout, size_t width,
                       size_t stride, size_t dilation, size_t pad_left, size_t out_len,
                       const float *x, const float *w, float *y) {
    conv1d_pass(FORWARD, batch, len, cin, cout, width, stride, dilation, pad_left, out_len,
                x, w, NULL, y, batch * out_len * cout);
}

void ck_conv1d_backward_input(size_t batch, size_t len, size_t cin, size_t cout, size_t width,
                              size_t stride, size_t dilation, size_t pad_left, size_t out_len,
                              const float *dy, const float *w, float *dx) {
    conv1d_pass(BACKWARD_INPUT, batch, len, cin, cout, width, stride, dilation, pad_left, out_len,
                NULL, w, dy, dx, batch * len * cin);
}

void ck_conv1d_backward_kernel(size_t batch, size_t len, size_t cin, size_t cout, size_t width,
                               size_t stride, size_t dilation, size_t pad_left, size_t out_len,
                               const float *x, const float *dy, float *dw) {
    conv1d_pass(BACKWARD_KERNEL, batch, len, cin, cout, width, stride, dilation, pad_left, out_len,
                x, NULL, dy, dw, width * cin * cout);
}

// MARK: - 2-D convolution (im2col + GEMM)

size_t ck_conv2d_workspace(ck_conv2d_geom g) { return g.b * g.oh * g.ow * g.kh * g.kw * g.cin; }

// cols[(b, oy, ox), (ky, kx, ci)] = x[b, iy, ix, ci] or 0 outside the image. With accumulate,
// the reverse: x[b, iy, ix, ci] += cols[...] (col2im), x zeroed beforehand by the caller.
static void im2col(ck_conv2d_geom g, float *x, float *cols, int col2im) {
    size_t krow = g.kh * g.kw * g.cin;
    for (size_t b = 0; b < g.b; b++)
        for (size_t oy = 0; oy < g.oh; oy++)
            for (size_t ox = 0; ox < g.ow; ox++) {
                float *row = cols + ((b * g.oh + oy) * g.ow + ox) * krow;
                for (size_t ky = 0; ky < g.kh; ky++) {
                    long iy = (long)(oy * g.sh + ky * g.dh) - (long)g.pt;
                    for (size_t kx = 0; kx < g.kw; kx++) {
                        long ix = (long)(ox * g.sw + kx * g.dw) - (long)g.pl;
                        float *c = row + (ky * g.kw + kx) * g.cin;
                        int inside = iy >= 0 && iy < (long)g.h && ix >= 0 && ix < (long)g.w;
                        float *px = inside ? x + ((b * g.h + (size_t)iy) * g.w + (size_t)ix) * g.cin : NULL;
                        if (col2im) {
                            if (inside) for (size_t ci = 0; ci < g.cin; ci++) px[ci] += c[ci];
                        } else if (inside) {
                            memcpy(c, px, g.cin * sizeof(float));
                        } else {
                            memset(c, 0, g.cin * sizeof(float));
                        }
                    }
                }
            }
}

void ck_conv2d_forward(ck_conv2d_geom g, const float *x, const float *w, float *y, float *cols) {
    size_t m = g.b * g.oh * g.ow, k = g.kh * g.kw * g.cin;
    if (m == 0 || g.cout == 0) return;
    im2col(g, (float *)x, cols, 0);
    ck_sgemm(0, 0, m, g.cout, k, 1.0f, cols, k, w, g.cout, 0.0f, y, g.cout);
}

void ck_conv2d_backward_input(ck_conv2d_geom g, const float *dy, const float *w, float *dx, float *cols) {
    size_t m = g.b * g.oh * g.ow, k = g.kh * g.kw * g.cin;
    memset(dx, 0, g.b * g.h * g.w * g.cin * sizeof(float));
    if (m == 0 || k == 0) return;
    ck_sgemm(0, 1, m, k, g.cout, 1.0f, dy, g.cout, w, g.cout, 0.0f, cols, k);
    im2col(g, dx, cols, 1);
}

void ck_conv2d_backward_kernel(ck_conv2d_geom g, const float *x, const float *dy, float *dw, float *cols) {
    size_t m = g.b * g.oh * g.ow, k = g.kh * g.kw * g.cin;
    if (m == 0) { memset(dw, 0, k * g.cout * sizeof(float)); return; }
    im2col(g, (float *)x, cols, 0);
    ck_sgemm(1, 0, k, g.cout, m, 1.0f, cols, k, dy, g.cout, 0.0f, dw, g.cout);
}
