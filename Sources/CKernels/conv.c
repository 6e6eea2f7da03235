// 1-D convolution through strided GEMMs; see ck_conv.h.
#include "ck_conv.h"
#include "ck_gemm.h"
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
