// ThreadSanitizer driver for the C kernels (scripts/sanitize.sh thread-c): calls the kernels that
// NumSwift runs on several threads the way their Swift callers do (Parallel.forChunks/forRows:
// disjoint chunks of shared arrays; word2vec: ck_w2v_train on disjoint sentence ranges of one
// shared model, Hogwild) from pthreads, so that TSan sees every access of the threaded paths.
// Built with gcc -fsanitize=thread together with every Sources/CKernels/*/*.c.
#include "tensor/CKTensor.h"
#include "words/CKWords.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 4
#define N (1 << 18)

static float *x, *y, *g, *m, *v, *p;

typedef struct { int t; } job;

// Elementwise, Adam and Philox kernels on the thread's own chunk, as Parallel.forChunks does.
static void *tensor_worker(void *arg) {
    int t = ((job *)arg)->t;
    size_t chunk = N / THREADS, start = (size_t)t * chunk;
    ck_philox_state s = {.seed = 42, .stream = 7, .offset = 0};
    ck_random_normal(s, start, x + start, chunk, 0.0f, 1.0f);
    ck_unary(0, x + start, y + start, chunk);
    ck_binary(CK_MUL, x + start, y + start, g + start, chunk);
    ck_adam_update(chunk, p + start, g + start, m + start, v + start, 1e-3f, 0.9f, 0.999f, 1e-7f);
    size_t rows = chunk / 64;
    ck_gumbel_softmax(s, start / 64, rows, 64, x + start, 0.5f, 1e-20f, y + start, NULL, NULL);
    return NULL;
}

enum { V = 50, D = 16, SENT = 400, LEN = 20 };
static ck_w2v_params wp;
static int32_t tokens[SENT * LEN];
static int64_t starts[SENT + 1];

// word2vec: each thread trains its sentence range into the shared syn0/syn1neg (Hogwild).
static void *w2v_worker(void *arg) {
    int t = ((job *)arg)->t;
    int64_t per = SENT / THREADS;
    ck_w2v_train(&wp, tokens, starts, t * per, (t + 1) * per, 1000 + (uint64_t)t);
    return NULL;
}

static void run(void *(*worker)(void *)) {
    pthread_t th[THREADS];
    job jobs[THREADS];
    for (int t = 0; t < THREADS; t++) { jobs[t].t = t; pthread_create(&th[t], NULL, worker, &jobs[t]); }
    for (int t = 0; t < THREADS; t++) pthread_join(th[t], NULL);
}

int main(void) {
    x = calloc(N, 4); y = calloc(N, 4); g = calloc(N, 4); m = calloc(N, 4); v = calloc(N, 4); p = calloc(N, 4);
    run(tensor_worker);
    double sum = 0;
    for (size_t i = 0; i < N; i++) sum += p[i];
    printf("tensor kernels on %d threads: checksum %.6f\n", THREADS, sum);

    static float syn0[V * D], syn1neg[V * D];
    static uint32_t keep[V], cum[V];
    int64_t progress = 0;
    uint32_t total = 0;
    for (int w = 0; w < V; w++) { keep[w] = UINT32_MAX; total += (uint32_t)(V - w); cum[w] = total; }
    for (int i = 0; i < V * D; i++) syn0[i] = (float)((i * 2654435761u) % 1000) / 1000.0f - 0.5f;
    for (int s = 0; s <= SENT; s++) starts[s] = (int64_t)s * LEN;
    for (int i = 0; i < SENT * LEN; i++) tokens[i] = (int32_t)((i * 7919u) % V);
    wp = (ck_w2v_params){.dim = D, .window = 3, .negative = 3, .sg = 1, .vocab_size = V, .alpha0 = 0.025f,
                         .min_alpha = 1e-4f, .total_words = SENT * LEN, .syn0 = syn0, .syn1neg = syn1neg,
                         .keep = keep, .cum = cum, .cum_total = total, .progress = &progress, .hs = 0};
    run(w2v_worker);
    printf("word2vec on %d threads: %lld tokens\n", THREADS, (long long)progress);
    return 0;
}
