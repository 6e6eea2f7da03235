#!/usr/bin/env python3
"""MLP forward+backward step: NumSwift (`numswift bench mlp`) vs a jitted JAX value_and_grad
(with --adam: the whole training step including an Adam update on both sides).

Same network (relu hidden layers, sparse softmax cross-entropy, mean over the batch), same batch,
one thread on both sides (XLA's Eigen pool disabled, OpenBLAS at 1 thread, both pinned to CPU 0).
Rounds alternate A (JAX, in this process) and B (NumSwift, subprocess); each side reports the
median step time of its round; the script prints the median over rounds and the ratio.

Setup: python3 -m venv benchmarks/compare/.venv && benchmarks/compare/.venv/bin/pip install "jax[cpu]" numpy
Run:   benchmarks/compare/.venv/bin/python benchmarks/compare/mlp_jax.py [--layers 784,256,256,10] [--batch 128]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
os.sched_setaffinity(0, {0})

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", default="784,256,256,10")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--reps", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--adam", action="store_true", help="full training step: gradients plus an Adam update")
    args = ap.parse_args()
    widths = [int(w) for w in args.layers.split(",")]
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    subprocess.run(["swift", "build", "-c", "release", "--product", "numswift"], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)
    binary = os.path.join(root, ".build", "release", "numswift")

    rng = np.random.default_rng(0)
    params = []
    for a, b in zip(widths[:-1], widths[1:]):
        params.append((jnp.asarray(rng.normal(0, (2 / a) ** 0.5, (a, b)), jnp.float32), jnp.zeros((b,), jnp.float32)))
    x = jnp.asarray(rng.normal(size=(args.batch, widths[0])), jnp.float32)
    y = jnp.asarray(rng.integers(0, widths[-1], args.batch))

    def loss_fn(ps, x, y):
        h = x
        for i, (w, b) in enumerate(ps):
            h = h @ w + b
            if i < len(ps) - 1:
                h = jax.nn.relu(h)
        logp = jax.nn.log_softmax(h)
        return -jnp.mean(jnp.take_along_axis(logp, y[:, None], axis=1))

    grad_fn = jax.value_and_grad(loss_fn)
    if args.adam:
        # Keras 3 Adam (lr 1e-3, beta 0.9/0.999, eps 1e-7), state threaded through the jitted step.
        def train_step(state, x, y):
            ps, ms, vs, t = state
            loss, gs = grad_fn(ps, x, y)
            t = t + 1
            alpha = 1e-3 * jnp.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
            ms = jax.tree.map(lambda m, g: m + 0.1 * (g - m), ms, gs)
            vs = jax.tree.map(lambda v, g: v + 0.001 * (g * g - v), vs, gs)
            ps = jax.tree.map(lambda p, m, v: p - alpha * m / (jnp.sqrt(v) + 1e-7), ps, ms, vs)
            return (ps, ms, vs, t), loss
        jitted = jax.jit(train_step, donate_argnums=0)
        zeros = jax.tree.map(jnp.zeros_like, params)
        state = [(params, zeros, jax.tree.map(jnp.zeros_like, params), jnp.float32(0))]

        def step(_params, x, y):
            state[0], loss = jitted(state[0], x, y)
            return loss
    else:
        step = jax.jit(grad_fn)
    for _ in range(20):
        jax.block_until_ready(step(params, x, y))

    jax_ms, ns_ms, gemm_ms = [], [], []
    for r in range(args.rounds):
        ts = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            jax.block_until_ready(step(params, x, y))
            ts.append(time.perf_counter() - t0)
        jax_ms.append(statistics.median(ts) * 1e3)
        out = subprocess.run(["taskset", "-c", "0", binary, "bench", "mlp", "--layers", args.layers,
                              "--batch", str(args.batch), "--threads", "1", "--reps", str(args.reps), "--json"]
                             + (["--adam"] if args.adam else []),
                             check=True, capture_output=True, text=True,
                             env={**os.environ, "OPENBLAS_NUM_THREADS": "1"}).stdout
        obj = json.loads(out.strip().splitlines()[-1])
        ns_ms.append(obj["step_ms"])
        gemm_ms.append(obj["gemm_ms"])
        print(f"round {r + 1}: jax {jax_ms[-1]:.3f} ms  numswift {ns_ms[-1]:.3f} ms  (gemms alone {gemm_ms[-1]:.3f} ms)",
              flush=True)
    j, n = statistics.median(jax_ms), statistics.median(ns_ms)
    what = "training step (fwd+bwd+Adam)" if args.adam else "fwd+bwd step"
    print(f"MLP {args.layers} batch {args.batch}, 1 thread, {what} medians: "
          f"jax {j:.3f} ms, numswift {n:.3f} ms, speed ratio numswift/jax = {j / n:.2f}x")
    print(json.dumps({"layers": args.layers, "batch": args.batch, "adam": args.adam, "jax_ms": j, "numswift_ms": n,
                      "gemm_ms": statistics.median(gemm_ms), "speedup_vs_jax": j / n}))


if __name__ == "__main__":
    sys.exit(main())
