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

void ck_conv1d_forward(size_t batch, size_t len, size_t cin, size_t cout, size_t width,
                       size_t stride, size_t dilation, size_t pad_left, size_t out_len,
                       const float *x, const float *w, float *y) {
    memset(y, 0, batch * out_len * cout * sizeof(float));
    for (size_t j = 0; j < width; j++) {
        size_t o0, o1;
        if (!tap_range(j, len, stride, dilation, pad_left, out_len, &o0, &o1)) continue;
        size_t row0 = o0 * stride + j * dilation - pad_left;
        for (size_t b = 0; b < batch; b++)
            ck_sgemm(0, 0, o1 - o0, cout, cin, 1.0f, x + (b * len + row0) * cin, stride * cin,
                     w + j * cin * cout, cout, 1.0f, y + (b * out_len + o0) * cout, cout);
    }
}

void ck_conv1d_backward_input(size_t batch, size_t len, size_t cin, size_t cout, size_t width,
                              size_t stride, size_t dilation, size_t pad_left, size_t out_len,
                              const float *dy, const float *w, float *dx) {
    memset(dx, 0, batch * len * cin * sizeof(float));
    for (size_t j = 0; j < width; j++) {
        size_t o0, o1;
        if (!tap_range(j, len, stride, dilation, pad_left, out_len, &o0, &o1)) continue;
        size_t row0 = o0 * stride + j * dilation - pad_left;
        for (size_t b = 0; b < batch; b++)
            ck_sgemm(0, 1, o1 - o0, cin, cout, 1.0f, dy + (b * out_len + o0) * cout, cout,
                     w + j * cin * cout, cout, 1.0f, dx + (b * len + row0) * cin, stride * cin);
    }
}

void ck_conv1d_backward_kernel(size_t batch, size_t len, size_t cin, size_t cout, size_t width,
                               size_t stride, size_t dilation, size_t pad_left, size_t out_len,
                               const float *x, const float *dy, float *dw) {
    memset(dw, 0, width * cin * cout * sizeof(float));
    for (size_t j = 0; j < width; j++) {
        size_t o0, o1;
        if (!tap_range(j, len, stride, dilation, pad_left, out_len, &o0, &o1)) continue;
        size_t row0 = o0 * stride + j * dilation - pad_left;
        for (size_t b = 0; b < batch; b++)
            ck_sgemm(1, 0, cin, cout, o1 - o0, 1.0f, x + (b * len + row0) * cin, stride * cin,
                     dy + (b * out_len + o0) * cout, cout, 1.0f, dw + j * cin * cout, cout);
    }
}
