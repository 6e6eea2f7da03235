// Runtime facts about the BLAS library NumSwift links against.
#ifndef CK_RUNTIME_H
#define CK_RUNTIME_H
#include <stddef.h>

/// Configuration string of the linked OpenBLAS build (static storage, never free it).
const char *ck_blas_config(void);
/// Name of the kernel core OpenBLAS selected for this CPU, e.g. "Haswell", "SkylakeX", "Zen".
const char *ck_blas_corename(void);
/// Threads OpenBLAS uses for one call.
int ck_blas_get_num_threads(void);
/// Sets the number of threads OpenBLAS uses (n >= 1).
void ck_blas_set_num_threads(int n);
/// Number of processors OpenBLAS detected.
int ck_blas_num_procs(void);
/// Threading model of the BLAS build: 0 sequential, 1 pthreads, 2 OpenMP.
int ck_blas_parallel(void);
#endif
