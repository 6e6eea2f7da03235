// Fused optimiser updates (vectorised, one pass over memory).
#include "tensor/ck_optim.h"
#include "fastmath.h"
#include <math.h>

CK_CLONES void ck_adam_update(size_t n, float *p, const float *g, float *m, float *v, float alpha,
                              float beta1, float beta2, float eps) {
    float c1 = 1.0f - beta1, c2 = 1.0f - beta2;
    for (size_t i = 0; i < n; i++) {
        float gi = g[i];
        float mi = m[i] + c1 * (gi - m[i]);
        float vi = v[i] + c2 * (gi * gi - v[i]);
        m[i] = mi;
        v[i] = vi;
        p[i] -= alpha * mi / (ck_sqrtf(vi) + eps);
    }
}

CK_CLONES void ck_sgd_update(size_t n, float *p, const float *g, float *vel, float lr, float momentum, int nesterov) {
    if (momentum == 0.0f || vel == NULL) {
        for (size_t i = 0; i < n; i++) p[i] -= lr * g[i];
        return;
    }
    for (size_t i = 0; i < n; i++) {
        float u = momentum * vel[i] - lr * g[i];
        vel[i] = u;
        p[i] += nesterov ? momentum * u - lr * g[i] : u;
    }
}
