// Dense linear algebra over LAPACKE (row-major, single precision).
// Each call overwrites its input buffer `a` as LAPACK does; callers pass a copy.
// Return value: 0 on success, < 0 for an illegal argument, > 0 when the algorithm failed to
// converge or the matrix is singular (the LAPACK `info`).
#ifndef CK_LINALG_H
#define CK_LINALG_H
#include <stddef.h>
#include <stdint.h>

/// Thin SVD of a [m, n] matrix: A = U diag(s) Vt, with k = min(m, n),
/// u [m, k], s [k] (descending), vt [k, n].
int ck_svd(size_t m, size_t n, float *a, float *u, float *s, float *vt);

/// Thin QR of a [m, n] matrix with m >= n: A = Q R, q [m, n] with orthonormal columns,
/// r [n, n] upper triangular. `a` is destroyed. `tau` is workspace of max(n, 1) floats.
int ck_qr(size_t m, size_t n, float *a, float *q, float *r, float *tau);

/// Symmetric eigendecomposition of a [n, n] matrix (upper triangle read):
/// w [n] ascending eigenvalues; on return `a` holds the eigenvectors as columns.
int ck_syev(size_t n, float *a, float *w);

/// Solves A X = B for a square [n, n] A and b [n, nrhs]; on return b holds X and `a` its LU
/// factors. `ipiv` is workspace of max(n, 1) pivot indices.
int ck_solve(size_t n, size_t nrhs, float *a, float *b, int32_t *ipiv);
#endif
