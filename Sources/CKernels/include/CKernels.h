// Umbrella header for the NumSwift C kernels. One ck_<family>.h per family.
#ifndef CKERNELS_H
#define CKERNELS_H
#include "ck_runtime.h"
#include "ck_gemm.h"
#include "ck_random.h"
#include "ck_linalg.h"
#include "ck_gzio.h"
#include "ck_ngram.h"
#include "ck_word2vec.h"
#endif
