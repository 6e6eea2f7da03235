#include "tensor/ck_runtime.h"
#include <cblas.h>

const char *ck_blas_config(void) { return openblas_get_config(); }
const char *ck_blas_corename(void) { return openblas_get_corename(); }
int ck_blas_get_num_threads(void) { return openblas_get_num_threads(); }
void ck_blas_set_num_threads(int n) { openblas_set_num_threads(n < 1 ? 1 : n); }
int ck_blas_num_procs(void) { return openblas_get_num_procs(); }
int ck_blas_parallel(void) { return openblas_get_parallel(); }
