#include "ck_runtime.h"
#include <cblas.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

const char *ck_blas_config(void) { return openblas_get_config(); }
const char *ck_blas_corename(void) { return openblas_get_corename(); }
int ck_blas_get_num_threads(void) { return openblas_get_num_threads(); }
void ck_blas_set_num_threads(int n) { openblas_set_num_threads(n < 1 ? 1 : n); }
int ck_blas_num_procs(void) { return openblas_get_num_procs(); }
int ck_blas_parallel(void) { return openblas_get_parallel(); }

long long ck_mem_available(void) {
    long long best = -1;
    FILE *f = fopen("/proc/meminfo", "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof line, f)) {
            long long kb;
            if (sscanf(line, "MemAvailable: %lld kB", &kb) == 1) { best = kb * 1024; break; }
        }
        fclose(f);
    }
    FILE *c = fopen("/sys/fs/cgroup/memory.max", "r");
    if (c) {
        long long lim;
        if (fscanf(c, "%lld", &lim) == 1 && lim > 0 && (best < 0 || lim < best)) best = lim;
        fclose(c);
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        long long lim = (long long)rl.rlim_cur;
        if (best < 0 || lim < best) best = lim;
    }
    return best;
}
