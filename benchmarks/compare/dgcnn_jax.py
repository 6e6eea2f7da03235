#!/usr/bin/env python3
"""DGCNN encoder forward+backward: NumSwift (`numswift bench dgcnn`) vs the same stack in jitted JAX.

The stack of article 6671 (kexue.fm/archives/6671, §2.3 step 4): `blocks` gated dilated residual
blocks, dilations cycling 1, 2, 5; each block is h = Conv1D(2C, kernel 3, same, dilation r)(x) + b,
split into gate logits g and candidate c, y = (x + (c - x) * sigmoid(g)) * mask. The loss is
sum(y_last * probe) and the step computes the gradients of every kernel and bias (not of the input),
as `numswift bench dgcnn` does. Same shapes, same mask pattern (sequence i is shorter by
(i mod 8) * L/16 positions), one thread on both sides (XLA's Eigen pool off, OpenBLAS at 1 thread,
both pinned to CPU 0).

Rounds alternate A (JAX, in this process) and B (NumSwift, a subprocess); each side reports the
median seconds per batch of its round; the script prints the medians over rounds and the ratio.

Setup: python3 -m venv benchmarks/compare/.venv && benchmarks/compare/.venv/bin/pip install "jax[cpu]" numpy
Run:   benchmarks/compare/dgcnn_jax.sh   (or this script with --batch/--length/--channels/--blocks)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.sched_setaffinity(0, {0})

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402


def block(x, kernel, bias, dilation, mask):
    c = x.shape[-1]
    h = jax.lax.conv_general_dilated(x, kernel, window_strides=(1,), padding=[(dilation, dilation)],
                                     rhs_dilation=(dilation,), dimension_numbers=("NWC", "WIO", "NWC")) + bias
    g, cand = h[..., :c], h[..., c:]
    return (x + (cand - x) * jax.nn.sigmoid(g)) * mask


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--length", type=int, default=128)
    ap.add_argument("--channels", type=int, default=128)
    ap.add_argument("--blocks", type=int, default=9)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--binary", default=None, help="numswift binary (default: build .build/release/numswift)")
    args = ap.parse_args()
    b, l, c = args.batch, args.length, args.channels
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    binary = args.binary
    if binary is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "numswift"], cwd=root, check=True,
                       stdout=subprocess.DEVNULL)
        binary = os.path.join(root, ".build", "release", "numswift")

    rng = np.random.default_rng(7)
    dilations = [[1, 2, 5][i % 3] for i in range(args.blocks)]
    kernels = [jnp.asarray(rng.normal(0, (1 / (3 * c)) ** 0.5, (3, c, 2 * c)), jnp.float32) for _ in range(args.blocks)]
    biases = [jnp.zeros((2 * c,), jnp.float32) for _ in range(args.blocks)]
    x = jnp.asarray(rng.normal(size=(b, l, c)), jnp.float32)
    k = np.arange(b * l)
    mask = jnp.asarray((k % l < l - (k // l % 8) * l // 16).astype(np.float32).reshape(b, l, 1))
    probe = jnp.asarray(rng.normal(size=(b, l, c)), jnp.float32)

    def loss_fn(params, x):
        h = x
        for (w, bias), d in zip(params, dilations):
            h = block(h, w, bias, d, mask)
        return jnp.sum(h * probe)

    step = jax.jit(jax.value_and_grad(loss_fn))
    params = list(zip(kernels, biases))
    for _ in range(3):
        jax.block_until_ready(step(params, x))

    jax_s, ns_s = [], []
    for r in range(args.rounds):
        ts = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            jax.block_until_ready(step(params, x))
            ts.append(time.perf_counter() - t0)
        jax_s.append(statistics.median(ts))
        out = subprocess.run(["taskset", "-c", "0", binary, "bench", "dgcnn", "--batch", str(b), "--length", str(l),
                              "--channels", str(c), "--blocks", str(args.blocks), "--threads", "1",
                              "--reps", str(args.reps), "--json"],
                             check=True, capture_output=True, text=True,
                             env={**os.environ, "OPENBLAS_NUM_THREADS": "1"}).stdout
        ns_s.append(json.loads(out.strip().splitlines()[-1])["seconds_per_batch"])
        print(f"round {r + 1}: jax {jax_s[-1]:.4f} s/batch  numswift {ns_s[-1]:.4f} s/batch", flush=True)
    j, n = statistics.median(jax_s), statistics.median(ns_s)
    print(f"DGCNN {args.blocks} blocks, batch {b}, length {l}, channels {c}, 1 thread, fwd+bwd medians: "
          f"jax {j:.4f} s, numswift {n:.4f} s, time ratio numswift/jax = {n / j:.3f}")
    print(json.dumps({"batch": b, "length": l, "channels": c, "blocks": args.blocks, "jax_seconds_per_batch": j,
                      "numswift_seconds_per_batch": n, "time_ratio": n / j, "rounds": args.rounds, "reps": args.reps}))


if __name__ == "__main__":
    sys.exit(main())
