// 1-D convolution through im2col and one large GEMM per pass; see ck_conv.h.
#include "tensor/ck_conv.h"
#include "tensor/ck_gemm.h"
#include "fastmath.h"
#include <string.h>

// MARK: - 1-D convolution (im2col + GEMM over all batch·length rows)

// Why im2col and not one GEMM per (tap, batch element): with [64, 128, 128] inputs the
// per-element GEMMs are 128×128×256, too small for OpenBLAS to reach its peak (measured about
// 16 GFLOP/s). One GEMM over all rows of a chunk (M = rows, K = width·cin) runs near the
// machine's sgemm rate, and the copy that builds the columns is a small fraction of it.

// Output range [o0, o1) whose tap-j input row lies inside [0, len).
static int tap_range(const ck_conv1d_geom *g, size_t j, size_t *o0, size_t *o1) {
    long off = (long)(j * g->dilation) - (long)g->pad_left;   // input row = o*stride + off
    long lo = off >= 0 ? 0 : (-off + (long)g->stride - 1) / (long)g->stride;
    long last = (long)g->len - 1 - off;                        // need o*stride <= last
    if (last < 0) return 0;
    long hi = last / (long)g->stride + 1;
    if (hi > (long)g->out_len) hi = (long)g->out_len;
    if (lo >= hi) return 0;
    *o0 = (size_t)lo;
    *o1 = (size_t)hi;
    return 1;
}

// A pointwise convolution reads x directly as a [rows, cin] matrix (row stride stride·cin
// inside one sequence), so it needs no columns when one sequence's rows are evenly spaced
// across the batch too, i.e. when len == out_len·stride (always true for stride 1).
static int is_direct(const ck_conv1d_geom *g) {
    return g->width == 1 && g->pad_left == 0 && g->len == g->out_len * g->stride;
}

// Batch elements per chunk: enough rows to keep the GEMM efficient, few enough that the
// columns of one chunk stay within work_limit (default CK_CONV1D_CHUNK_FLOATS, 16 MB).
#define CK_CONV1D_CHUNK_FLOATS ((size_t)4 << 20)
static size_t chunk_batch(const ck_conv1d_geom *g) {
    size_t row = g->out_len * g->width * g->cin;
    if (row == 0) return g->batch > 0 ? g->batch : 1;
    size_t c = (g->work_limit ? g->work_limit : CK_CONV1D_CHUNK_FLOATS) / row;
    if (c < 1) c = 1;
    return c < g->batch ? c : g->batch;
}

// Listed rows per chunk: the columns and the compact output rows of a chunk fit in work_limit.
static size_t chunk_rows(const ck_conv1d_geom *g) {
    size_t per = g->width * g->cin + g->cout;
    size_t c = (g->work_limit ? g->work_limit : CK_CONV1D_CHUNK_FLOATS) / (per ? per : 1);
    if (c < 1) c = 1;
    return c < g->n_rows ? c : (g->n_rows ? g->n_rows : 1);
}

size_t ck_conv1d_workspace(ck_conv1d_geom g) {
    if (g.rows) return g.n_rows ? chunk_rows(&g) * (g.width * g.cin + g.cout) : 0;
    if (is_direct(&g) || g.batch == 0) return 0;
    return chunk_batch(&g) * g.out_len * g.width * g.cin;
}

// MARK: - Listed output rows

CK_CLONES static void add_into(float *restrict y, const float *restrict a, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] += a[i];
}


// cols[k, j·cin + ci] = x[b, o·stride + j·dilation − pad_left, ci] for the listed row
// rows[k] = b·out_len + o, or 0 where that input row is padding.
static void im2col_rows(const ck_conv1d_geom *g, const size_t *rows, size_t n, const float *x, float *cols) {
    size_t krow = g->width * g->cin, seg = g->cin * sizeof(float);
    for (size_t k = 0; k < n; k++) {
        size_t b = rows[k] / g->out_len, o = rows[k] % g->out_len;
        for (size_t j = 0; j < g->width; j++) {
            long i = (long)(o * g->stride + j * g->dilation) - (long)g->pad_left;
            float *dst = cols + k * krow + j * g->cin;
            if (i < 0 || i >= (long)g->len) memset(dst, 0, seg);
            else memcpy(dst, x + (b * g->len + (size_t)i) * g->cin, seg);
        }
    }
}

static void gather_rows(const size_t *rows, size_t n, size_t width, const float *src, float *dst) {
    for (size_t k = 0; k < n; k++) memcpy(dst + k * width, src + rows[k] * width, width * sizeof(float));
}

static void forward_rows(ck_conv1d_geom g, const float *x, const float *w, float *y, float *work) {
    size_t k = g.width * g.cin, cr = chunk_rows(&g);
    memset(y, 0, g.batch * g.out_len * g.cout * sizeof(float));
    if (g.n_rows == 0) return;  // no listed row: no workspace either (work may be NULL)
    float *cols = work, *yc = work + cr * k;
    for (size_t r0 = 0; r0 < g.n_rows; r0 += cr) {
        size_t n = r0 + cr < g.n_rows ? cr : g.n_rows - r0;
        im2col_rows(&g, g.rows + r0, n, x, cols);
        ck_sgemm(0, 0, n, g.cout, k, 1.0f, cols, k, w, g.cout, 0.0f, yc, g.cout);
        for (size_t t = 0; t < n; t++) memcpy(y + g.rows[r0 + t] * g.cout, yc + t * g.cout, g.cout * sizeof(float));
    }
}

static void backward_input_rows(ck_conv1d_geom g, const float *dy, const float *w, float *dx, float *work) {
    size_t k = g.width * g.cin, cr = chunk_rows(&g);
    memset(dx, 0, g.batch * g.len * g.cin * sizeof(float));
    if (g.n_rows == 0) return;  // no listed row: no workspace either (work may be NULL)
    float *dcols = work, *dyc = work + cr * k;
    for (size_t r0 = 0; r0 < g.n_rows; r0 += cr) {
        size_t n = r0 + cr < g.n_rows ? cr : g.n_rows - r0;
        gather_rows(g.rows + r0, n, g.cout, dy, dyc);
        ck_sgemm(0, 1, n, k, g.cout, 1.0f, dyc, g.cout, w, g.cout, 0.0f, dcols, k);
        for (size_t t = 0; t < n; t++) {   // scatter-add: the adjoint of im2col_rows
            size_t b = g.rows[r0 + t] / g.out_len, o = g.rows[r0 + t] % g.out_len;
            for (size_t j = 0; j < g.width; j++) {
                long i = (long)(o * g.stride + j * g.dilation) - (long)g.pad_left;
                if (i >= 0 && i < (long)g.len) add_into(dx + (b * g.len + (size_t)i) * g.cin, dcols + t * k + j * g.cin, g.cin);
            }
        }
    }
}

static void backward_kernel_rows(ck_conv1d_geom g, const float *x, const float *dy, float *dw, float *work) {
    size_t k = g.width * g.cin, cr = chunk_rows(&g);
    memset(dw, 0, k * g.cout * sizeof(float));
    if (g.n_rows == 0) return;  // no listed row: no workspace either (work may be NULL)
    float *cols = work, *dyc = work + cr * k;
    for (size_t r0 = 0; r0 < g.n_rows; r0 += cr) {
        size_t n = r0 + cr < g.n_rows ? cr : g.n_rows - r0;
        im2col_rows(&g, g.rows + r0, n, x, cols);
        gather_rows(g.rows + r0, n, g.cout, dy, dyc);
        ck_sgemm(1, 0, k, g.cout, n, 1.0f, cols, k, dyc, g.cout, 1.0f, dw, g.cout);
    }
}

// cols[(b − b0)·out_len + o, j·cin + ci] = x[b, o·stride + j·dilation − pad_left, ci], or 0
// where that row is padding.
static void im2col(const ck_conv1d_geom *g, size_t b0, size_t b1, const float *x, float *cols) {
    size_t krow = g->width * g->cin, seg = g->cin * sizeof(float);
    for (size_t b = b0; b < b1; b++) {
        float *base = cols + (b - b0) * g->out_len * krow;
        for (size_t j = 0; j < g->width; j++) {
            size_t o0 = 0, o1 = 0;
            if (!tap_range(g, j, &o0, &o1)) o0 = o1 = g->out_len;
            for (size_t o = 0; o < o0; o++) memset(base + o * krow + j * g->cin, 0, seg);
            const float *src = x + (b * g->len + o0 * g->stride + j * g->dilation - g->pad_left) * g->cin;
            for (size_t o = o0; o < o1; o++, src += g->stride * g->cin)
                memcpy(base + o * krow + j * g->cin, src, seg);
            for (size_t o = o1; o < g->out_len; o++) memset(base + o * krow + j * g->cin, 0, seg);
        }
    }
}

// The adjoint of im2col, as a gather so that every dx row is written once:
// dx[b, i] = Σ_j dcols[o, j] over the taps j with o·stride + j·dilation − pad_left = i.
static void col2im(const ck_conv1d_geom *g, size_t b0, size_t b1, const float *dcols, float *dx) {
    size_t krow = g->width * g->cin;
    for (size_t b = b0; b < b1; b++) {
        const float *base = dcols + (b - b0) * g->out_len * krow;
        for (size_t i = 0; i < g->len; i++) {
            float *row = dx + (b * g->len + i) * g->cin;
            int first = 1;
            for (size_t j = 0; j < g->width; j++) {
                long t = (long)i + (long)g->pad_left - (long)(j * g->dilation);   // = o·stride
                if (t < 0 || t % (long)g->stride != 0) continue;
                size_t o = (size_t)t / g->stride;
                if (o >= g->out_len) continue;
                const float *src = base + o * krow + j * g->cin;
                if (first) memcpy(row, src, g->cin * sizeof(float)); else add_into(row, src, g->cin);
                first = 0;
            }
            if (first) memset(row, 0, g->cin * sizeof(float));
        }
    }
}

void ck_conv1d_forward(ck_conv1d_geom g, const float *x, const float *w, float *y, float *work) {
    size_t k = g.width * g.cin;
    if (g.batch * g.out_len == 0 || g.cout == 0) return;
    if (g.rows) { forward_rows(g, x, w, y, work); return; }
    if (k == 0) { memset(y, 0, g.batch * g.out_len * g.cout * sizeof(float)); return; }
    if (is_direct(&g)) {   // y = x[rows] · w
        ck_sgemm(0, 0, g.batch * g.out_len, g.cout, g.cin, 1.0f, x, g.stride * g.cin, w, g.cout, 0.0f, y, g.cout);
        return;
    }
    size_t cb = chunk_batch(&g);
    for (size_t b0 = 0; b0 < g.batch; b0 += cb) {
        size_t b1 = b0 + cb < g.batch ? b0 + cb : g.batch, m = (b1 - b0) * g.out_len;
        im2col(&g, b0, b1, x, work);
        ck_sgemm(0, 0, m, g.cout, k, 1.0f, work, k, w, g.cout, 0.0f, y + b0 * g.out_len * g.cout, g.cout);
    }
}

void ck_conv1d_backward_input(ck_conv1d_geom g, const float *dy, const float *w, float *dx, float *work) {
    size_t k = g.width * g.cin;
    if (g.batch * g.len * g.cin == 0) return;
    if (g.out_len == 0 || g.cout == 0) { memset(dx, 0, g.batch * g.len * g.cin * sizeof(float)); return; }
    if (g.rows) { backward_input_rows(g, dy, w, dx, work); return; }
    if (is_direct(&g)) {   // dx[rows] = dy · wᵀ; rows skipped by the stride get 0
        if (g.stride > 1) memset(dx, 0, g.batch * g.len * g.cin * sizeof(float));
        ck_sgemm(0, 1, g.batch * g.out_len, g.cin, g.cout, 1.0f, dy, g.cout, w, g.cout, 0.0f, dx, g.stride * g.cin);
        return;
    }
    size_t cb = chunk_batch(&g);
    for (size_t b0 = 0; b0 < g.batch; b0 += cb) {
        size_t b1 = b0 + cb < g.batch ? b0 + cb : g.batch, m = (b1 - b0) * g.out_len;
        ck_sgemm(0, 1, m, k, g.cout, 1.0f, dy + b0 * g.out_len * g.cout, g.cout, w, g.cout, 0.0f, work, k);
        col2im(&g, b0, b1, work, dx);
    }
}

void ck_conv1d_backward_kernel(ck_conv1d_geom g, const float *x, const float *dy, float *dw, float *work) {
    size_t k = g.width * g.cin;
    if (k * g.cout == 0) return;
    if (g.batch * g.out_len == 0) { memset(dw, 0, k * g.cout * sizeof(float)); return; }
    if (g.rows) { backward_kernel_rows(g, x, dy, dw, work); return; }
    if (is_direct(&g)) {   // dw = x[rows]ᵀ · dy
        ck_sgemm(1, 0, g.cin, g.cout, g.batch * g.out_len, 1.0f, x, g.stride * g.cin, dy, g.cout, 0.0f, dw, g.cout);
        return;
    }
    size_t cb = chunk_batch(&g);
    for (size_t b0 = 0; b0 < g.batch; b0 += cb) {
        size_t b1 = b0 + cb < g.batch ? b0 + cb : g.batch, m = (b1 - b0) * g.out_len;
        im2col(&g, b0, b1, x, work);
        ck_sgemm(1, 0, k, g.cout, m, 1.0f, work, k, dy + b0 * g.out_len * g.cout, g.cout, b0 == 0 ? 0.0f : 1.0f, dw, g.cout);
    }
}

// MARK: - 2-D convolution (im2col + GEMM)

size_t ck_conv2d_workspace(ck_conv2d_geom g) { return g.b * g.oh * g.ow * g.kh * g.kw * g.cin; }

// cols[(b, oy, ox), (ky, kx, ci)] = x[b, iy, ix, ci] or 0 outside the image. With accumulate,
// the reverse: x[b, iy, ix, ci] += cols[...] (col2im), x zeroed beforehand by the caller.
static void im2col2d(ck_conv2d_geom g, float *x, float *cols, int col2im) {
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
    im2col2d(g, (float *)x, cols, 0);
    ck_sgemm(0, 0, m, g.cout, k, 1.0f, cols, k, w, g.cout, 0.0f, y, g.cout);
}

void ck_conv2d_backward_input(ck_conv2d_geom g, const float *dy, const float *w, float *dx, float *cols) {
    size_t m = g.b * g.oh * g.ow, k = g.kh * g.kw * g.cin;
    memset(dx, 0, g.b * g.h * g.w * g.cin * sizeof(float));
    if (m == 0 || k == 0) return;
    ck_sgemm(0, 1, m, k, g.cout, 1.0f, dy, g.cout, w, g.cout, 0.0f, cols, k);
    im2col2d(g, dx, cols, 1);
}

void ck_conv2d_backward_kernel(ck_conv2d_geom g, const float *x, const float *dy, float *dw, float *cols) {
    size_t m = g.b * g.oh * g.ow, k = g.kh * g.kw * g.cin;
    if (m == 0) { memset(dw, 0, k * g.cout * sizeof(float)); return; }
    im2col2d(g, (float *)x, cols, 0);
    ck_sgemm(1, 0, k, g.cout, m, 1.0f, cols, k, dy, g.cout, 0.0f, dw, g.cout);
}
