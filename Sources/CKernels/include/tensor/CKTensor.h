// Umbrella header of the tensor-math family: the kernels under NumSwift's Tensor, autodiff,
// optimisers, random numbers and linear algebra.
//
// Memory: every function here works on caller-owned buffers and allocates nothing. Scratch space
// is passed in (ck_conv2d_workspace sizes the convolution's, ck_qr takes `tau`, ck_solve takes
// `ipiv`). The only allocations behind these calls are the ones LAPACKE makes internally for
// row-major input (ck_svd, ck_qr, ck_syev, ck_solve: its transposed copies and work arrays, freed
// before it returns) and OpenBLAS's own thread buffers.
#ifndef CK_TENSOR_H
#define CK_TENSOR_H
#include "ck_runtime.h"
#include "ck_gemm.h"
#include "ck_random.h"
#include "ck_linalg.h"
#include "ck_elementwise.h"
#include "ck_reduce.h"
#include "ck_softmax.h"
#include "ck_optim.h"
#include "ck_conv.h"
#include "ck_batching.h"
#endif
