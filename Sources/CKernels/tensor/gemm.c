#include "tensor/ck_gemm.h"
#include <cblas.h>

void ck_sgemm(int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha,
              const float *a, size_t lda, const float *b, size_t ldb, float beta,
              float *c, size_t ldc) {
    if (m == 0 || n == 0) return;
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
                trans_b ? CblasTrans : CblasNoTrans, (blasint)m, (blasint)n, (blasint)k, alpha,
                a, (blasint)lda, b, (blasint)ldb, beta, c, (blasint)ldc);
}

void ck_sgemm_batched(int trans_a, int trans_b, size_t batch, size_t m, size_t n, size_t k,
                      float alpha, const float *a, size_t lda, size_t stride_a,
                      const float *b, size_t ldb, size_t stride_b, float beta,
                      float *c, size_t ldc, size_t stride_c) {
    for (size_t i = 0; i < batch; i++)
        ck_sgemm(trans_a, trans_b, m, n, k, alpha, a + i * stride_a, lda, b + i * stride_b, ldb,
                 beta, c + i * stride_c, ldc);
}

void ck_sgemv(int trans, size_t m_rows, size_t n_cols, float alpha, const float *a, size_t lda,
              const float *x, float beta, float *y) {
    if (m_rows == 0 || n_cols == 0) return;
    cblas_sgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, (blasint)m_rows,
                (blasint)n_cols, alpha, a, (blasint)lda, x, 1, beta, y, 1);
}
