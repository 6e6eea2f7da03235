#include "tensor/ck_linalg.h"
#include <lapacke.h>
#include <string.h>
#include <stdint.h>

int ck_svd(size_t m, size_t n, float *a, float *u, float *s, float *vt) {
    size_t k = m < n ? m : n;
    return LAPACKE_sgesdd(LAPACK_ROW_MAJOR, 'S', (lapack_int)m, (lapack_int)n, a, (lapack_int)n,
                          s, u, (lapack_int)k, vt, (lapack_int)n);
}

_Static_assert(sizeof(lapack_int) == sizeof(int32_t), "ck_solve's ipiv is int32_t: LAPACKE must be LP64");

int ck_qr(size_t m, size_t n, float *a, float *q, float *r, float *tau) {
    if (m < n) return -1;
    int info = LAPACKE_sgeqrf(LAPACK_ROW_MAJOR, (lapack_int)m, (lapack_int)n, a, (lapack_int)n, tau);
    if (info == 0) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) r[i * n + j] = j >= i ? a[i * n + j] : 0.0f;
        info = LAPACKE_sorgqr(LAPACK_ROW_MAJOR, (lapack_int)m, (lapack_int)n, (lapack_int)n, a,
                              (lapack_int)n, tau);
        if (info == 0) memcpy(q, a, sizeof(float) * m * n);
    }
    return info;
}

int ck_syev(size_t n, float *a, float *w) {
    return LAPACKE_ssyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)n, a, (lapack_int)n, w);
}

int ck_solve(size_t n, size_t nrhs, float *a, float *b, int32_t *ipiv) {
    int info = LAPACKE_sgesv(LAPACK_ROW_MAJOR, (lapack_int)n, (lapack_int)nrhs, a, (lapack_int)n,
                             (lapack_int *)ipiv, b, (lapack_int)nrhs);
    return info;
}
