"""Data-parallel training speed (issue 12): 1 process × 1 thread against `mpirun -np 2` × 1 thread
(`--distributed`), interleaved (A B C A B C ...), medians of samples/s over the training loop
(the commands' own `samples_per_second`: model build, data loading and MPI start excluded).

Models: the MNIST MLP of `numswift mnist` (784-100-10, batch 128, one epoch of 60,000) and the
compute-heavier Gumbel-Softmax VAE of `numswift vae` (conv encoder/decoder, batch 100, one epoch of
`--vae-samples` images). Two MPI settings: Open MPI's defaults (busy polling, ranks bound to cores)
and `--bind-to none --mca mpi_yield_when_idle 1` (a waiting rank yields its core: better when the
machine is shared). Each 2-rank row also gives the all-reduce share of a step: seconds inside the
gradient all-reduce (waiting for the slower rank included) over the training seconds, per rank.
The 1-minute load average is recorded before every run. Samples per CPU second of rank 0 (the
process CPU time of the training loop) show what dedicated cores would give when the machine is
shared: the slowest rank is the critical path, and a rank waiting with `yield` costs little CPU.
Takes about 2-4 minutes.

usage: python3 benchmarks/compare/mpi_train.py [--reps 5] [--vae-samples 3000] [--json out.json]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MPIRUN = ["mpirun", "--allow-run-as-root", "-np", "2"]
YIELD = ["--bind-to", "none", "--mca", "mpi_yield_when_idle", "1"]


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def run(cmd, env):
    before = load()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}")
    js = [l for l in r.stdout.splitlines() if l.startswith("{")]
    if len(js) != 1:
        sys.exit(f"expected one JSON line (rank 0 only) from {' '.join(cmd)}:\n{r.stdout[-2000:]}")
    out = json.loads(js[0])
    out["load"] = before
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--vae-samples", type=int, default=3000)
    ap.add_argument("--numswift", default=os.path.join(ROOT, ".build/release/numswift"))
    ap.add_argument("--json", help="also write every run to this file")
    a = ap.parse_args()
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    tmp = tempfile.mkdtemp(prefix="mpi-train-")
    data = ["--data-dir", os.path.join(ROOT, "data/mnist")]
    models = {
        "mnist MLP 784-100-10, batch 128": ["mnist", "--epochs", "1"] + data,
        f"VAE (Gumbel-Softmax), batch 100, {a.vae_samples} images": [
            "vae", "--epochs", "1", "--train-samples", str(a.vae_samples), "--test-samples", "100",
            "--out", tmp] + data,
    }
    configs = {
        "1 process": ([], False),
        "2 ranks": (MPIRUN, True),
        "2 ranks, yield": (MPIRUN + YIELD, True),
    }
    common = ["--threads", "1", "--verbose", "0", "--json"]
    runs = []
    print(f"reps {a.reps}, interleaved, --threads 1, OPENBLAS_NUM_THREADS=1, {os.cpu_count()} CPUs")
    print("| model | setting | samples/s (median) | vs 1 process | samples per CPU s of rank 0 | vs 1 process | all-reduce share (median, per rank) | load 1 min (min–max) |")
    print("|---|---|---|---|---|---|---|---|")
    for model, args in models.items():
        got = {c: [] for c in configs}
        for _ in range(a.reps):
            for c, (prefix, dist) in configs.items():
                r = run(prefix + [a.numswift] + args + common + (["--distributed"] if dist else []), env)
                r.update(model=model, setting=c)
                got[c].append(r)
                runs.append(r)
        base = statistics.median(r["samples_per_second"] for r in got["1 process"])
        per_cpu = lambda rs: statistics.median(r["samples_per_second"] * r["seconds"] / r["cpu_seconds"] for r in rs)
        cpu_base = per_cpu(got["1 process"])
        for c, rs in got.items():
            sps = statistics.median(r["samples_per_second"] for r in rs)
            share = "–"
            if configs[c][1]:
                per_rank = zip(*[[s / r["seconds"] for s in r["all_reduce_seconds"]] for r in rs])
                share = ", ".join(f"{100 * statistics.median(x):.0f}%" for x in per_rank)
            loads = [r["load"] for r in rs]
            cpu = per_cpu(rs)
            print(f"| {model} | {c} | {sps:,.0f} | {sps / base:.2f}× | {cpu:,.0f} | {cpu / cpu_base:.2f}× | {share} | {min(loads):.1f}–{max(loads):.1f} |")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(runs, f, indent=1)


if __name__ == "__main__":
    main()
