#!/usr/bin/env python3
"""Gumbel-Softmax (soft, straight-through hard) and Gumbel-Max sampling: jitted JAX vs
`numswift bench gumbel`, one thread each, rounds interleaved (A B A B ...).

Each op runs forward only on a [rows, classes] float32 logits matrix with a fresh PRNG key per call:
  soft: softmax((x + g) / tau), g = -log(-log(u + 1e-7) + 1e-7), u ~ U(0, 1)   (Su's layer)
  hard: y_hard - stop_gradient(y_soft) + y_soft, y_hard = one_hot(argmax y_soft)  (Jang et al.)
  max:  jax.random.categorical(key, x)                                            (Gumbel-Max)
Both sides are pinned to one core (`--cpu`, default 0) with one compute thread (XLA Eigen pool off, `--threads 1`) and time
every call by process CPU time (the machine is shared and oversubscribed, so elapsed time mostly
measures waiting for a core) and by elapsed time; each side reports the median per op, in rows/s.
The script prints per-round figures, medians over rounds and the ratios NumSwift / JAX.

Run: benchmarks/compare/gumbel.sh [--rounds 5] [--rows 1024] [--classes 1000] [--tau 0.5]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ENV = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", JAX_PLATFORMS="cpu",
           XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
OPS = ("soft", "hard", "max")


def jax_worker(rows, classes, tau, reps, clock):
    import jax
    import jax.numpy as jnp

    eps = 1e-7

    def soft(x, key):
        u = jax.random.uniform(key, x.shape, dtype=jnp.float32)
        g = -jnp.log(-jnp.log(u + eps) + eps)
        return jax.nn.softmax((x + g) / tau, axis=-1)

    def hard(x, key):
        y = soft(x, key)
        h = jax.nn.one_hot(jnp.argmax(y, axis=-1), x.shape[-1], dtype=y.dtype)
        return h - jax.lax.stop_gradient(y) + y

    def cat(x, key):
        return jax.random.categorical(key, x, axis=-1)

    fns = {"soft": jax.jit(soft), "hard": jax.jit(hard), "max": jax.jit(cat)}
    x = jax.random.normal(jax.random.PRNGKey(1), (rows, classes), dtype=jnp.float32)
    base = jax.random.PRNGKey(2)
    tick = time.process_time if clock == "cpu" else time.perf_counter
    for f in fns.values():  # compile and warm up
        f(x, base).block_until_ready()
        f(x, jax.random.fold_in(base, 1)).block_until_ready()
    times = {k: [] for k in OPS}
    for i in range(reps):
        for k in OPS:
            key = jax.random.fold_in(base, 10 + i)
            t = tick()
            fns[k](x, key).block_until_ready()
            times[k].append(tick() - t)
    print(json.dumps({f"{k}_rows_per_second": rows / statistics.median(v) for k, v in times.items()}))


def run(cmd, cpu):
    out = subprocess.run(["taskset", "-c", str(cpu)] + cmd, env=ENV, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--rows", type=int, default=1024)
    ap.add_argument("--classes", type=int, default=1000)
    ap.add_argument("--tau", type=float, default=0.5)
    ap.add_argument("--reps", type=int, default=60)
    ap.add_argument("--clock", choices=["cpu", "wall"], default="cpu")
    ap.add_argument("--cpu", type=int, default=0, help="the core both sides are pinned to")
    ap.add_argument("--numswift", default=os.path.join(ROOT, ".build", "release", "numswift"))
    ap.add_argument("--jax-worker", action="store_true")
    a = ap.parse_args()
    if a.jax_worker:
        return jax_worker(a.rows, a.classes, a.tau, a.reps, a.clock)
    shape = ["--rows", str(a.rows), "--classes", str(a.classes), "--tau", str(a.tau)]
    ours_cmd = [a.numswift, "bench", "gumbel", *shape,
                "--threads", "1", "--reps", str(a.reps), "--clock", a.clock, "--json"]
    jax_cmd = [sys.executable, os.path.abspath(__file__), "--jax-worker", *shape, "--reps", str(a.reps), "--clock", a.clock]
    res = {"jax": [], "numswift": []}
    for r in range(a.rounds):
        res["jax"].append(run(jax_cmd, a.cpu))
        res["numswift"].append(run(ours_cmd, a.cpu))
        print(f"round {r + 1}: " + "  ".join(
            f"{k}: jax {res['jax'][-1][k + '_rows_per_second']:.0f} ours {res['numswift'][-1][k + '_rows_per_second']:.0f}"
            for k in OPS), flush=True)
    print(f"medians over {a.rounds} rounds ({a.clock} clock, rows/s), rows {a.rows} classes {a.classes} tau {a.tau}:")
    for k in OPS:
        j = statistics.median(x[k + "_rows_per_second"] for x in res["jax"])
        o = statistics.median(x[k + "_rows_per_second"] for x in res["numswift"])
        print(f"  {k:4s}  jax {j:10.0f}  numswift {o:10.0f}  ratio {o / j:6.2f}x")


if __name__ == "__main__":
    main()
