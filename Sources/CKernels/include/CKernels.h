// Umbrella header for the NumSwift C kernels. One ck_<family>.h per family.
#ifndef CKERNELS_H
#define CKERNELS_H
#include "ck_runtime.h"
#include "ck_gemm.h"
#include "ck_random.h"
#include "ck_linalg.h"
#include "ck_gzio.h"
#include "ck_elementwise.h"
#include "ck_reduce.h"
#include "ck_softmax.h"
#include "ck_optim.h"
#include "ck_conv.h"
#include "ck_gated.h"
#include "ck_batching.h"
#include "ck_infomap.h"
#include "ck_im_links.h"
#include "ck_ngram.h"
#include "ck_wordfind.h"
#include "ck_word2vec.h"
#endif
