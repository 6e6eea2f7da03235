// Single-precision matrix products over OpenBLAS. All matrices are row-major.
#ifndef CK_GEMM_H
#define CK_GEMM_H
#include <stddef.h>

/// C[m,n] = alpha * op(A) * op(B) + beta * C, row-major.
/// op(A) is [m,k]: A is stored [m,k] (lda >= k) or, when trans_a != 0, [k,m] (lda >= m).
/// op(B) is [k,n]: B is stored [k,n] (ldb >= n) or, when trans_b != 0, [n,k] (ldb >= k).
/// ldc >= n. No allocation.
void ck_sgemm(int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha,
              const float *a, size_t lda, const float *b, size_t ldb, float beta,
              float *c, size_t ldc);

/// Batched ck_sgemm: for i in [0, batch): C_i = alpha op(A_i) op(B_i) + beta C_i with
/// A_i = a + i*stride_a, etc. A stride of 0 broadcasts one matrix across the batch.
void ck_sgemm_batched(int trans_a, int trans_b, size_t batch, size_t m, size_t n, size_t k,
                      float alpha, const float *a, size_t lda, size_t stride_a,
                      const float *b, size_t ldb, size_t stride_b, float beta,
                      float *c, size_t ldc, size_t stride_c);

/// y[m] = alpha * op(A) x + beta * y, A row-major [m_rows, n_cols] (lda >= n_cols);
/// op(A) = A (trans = 0, x has n_cols entries, y has m_rows) or Aᵀ (trans != 0).
void ck_sgemv(int trans, size_t m_rows, size_t n_cols, float alpha, const float *a, size_t lda,
              const float *x, float beta, float *y);
#endif
