// Fused parameter updates: one pass over parameter, gradient and optimiser state.
#ifndef CK_OPTIM_H
#define CK_OPTIM_H
#include <stddef.h>

/// Adam step over n entries, Keras 3 form with the bias corrections folded into alpha:
///   m += (1 - beta1) (g - m);  v += (1 - beta2) (g² - v);  p -= alpha m / (sqrt(v) + eps)
/// where the caller passes alpha = lr sqrt(1 - beta2^t) / (1 - beta1^t). No buffers may alias.
void ck_adam_update(size_t n, float *p, const float *g, float *m, float *v, float alpha,
                    float beta1, float beta2, float eps);

/// SGD with momentum (Keras form): vel = momentum vel - lr g; p += vel (nesterov == 0) or
/// p += momentum vel - lr g (nesterov != 0). With momentum == 0, vel may be NULL.
void ck_sgd_update(size_t n, float *p, const float *g, float *vel, float lr, float momentum, int nesterov);
#endif
