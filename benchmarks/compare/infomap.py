#!/usr/bin/env python3
"""Side-by-side benchmark: official Infomap (PyPI, CLI) vs `numswift infomap`.

Usage: python3 benchmarks/compare/infomap.py GRAPH[.gz] [--reps 3] [--trials 1] [--directed]
Installs infomap==2.16.0 into benchmarks/compare/.venv on first use. Both tools read the same
plain-text copy of the graph, run with 1 thread, seed 123, two-level (or --multilevel), interleaved A B A B; the
script prints per-run wall time, peak RSS and codelength, then medians and ratios.
Build NumSwift first: swift build -c release.
"""
import argparse, gzip, os, re, shutil, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
VENV = os.path.join(HERE, ".venv")


def ensure_official():
    exe = os.path.join(VENV, "bin", "infomap")
    if not os.path.exists(exe):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([os.path.join(VENV, "bin", "pip"), "install", "-q", "infomap==2.16.0"])
    return exe


def timed(cmd, env):
    """Runs cmd under /usr/bin/time; returns (wall s, peak MB, stdout)."""
    p = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M"] + cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-2000:]}")
    m = re.findall(r"TIME ([0-9.]+) ([0-9]+)", p.stderr)[-1]
    return float(m[0]), int(m[1]) / 1024, p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("graph")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--trials", type=int, default=1)
    ap.add_argument("--directed", action="store_true")
    ap.add_argument("--multilevel", action="store_true", help="default multilevel search instead of --two-level")
    a = ap.parse_args()
    official = ensure_official()
    ours = os.path.join(ROOT, ".build", "release", "numswift")
    if not os.path.exists(ours):
        sys.exit("build first: swift build -c release")
    work = tempfile.mkdtemp(prefix="imbench")
    name = os.path.basename(a.graph)
    plain = os.path.join(work, name[:-3] if name.endswith(".gz") else name)
    opener = gzip.open if a.graph.endswith(".gz") else open
    with opener(a.graph, "rb") as src, open(plain, "wb") as dst:
        shutil.copyfileobj(src, dst)
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    extra = (["--directed"] if a.directed else []) + ([] if a.multilevel else ["--two-level"])
    off_cmd = [official, plain, work, "-N", str(a.trials), "--num-threads", "1", "-s", "123",
               "-o", "clu"] + extra
    our_cmd = [ours, "infomap", plain, work, "--num-trials", str(a.trials), "--threads", "1",
               "--seed", "123", "-o", "clu", "--json"] + extra
    res = {"official": [], "numswift": []}
    for r in range(a.reps):
        for tool, cmd in (("official", off_cmd), ("numswift", our_cmd)):
            t, mb, out = timed(cmd, env)
            if tool == "official":
                # Both write .clu; the official log prints the codelength with 9 decimals.
                cl = float(re.search(r"Best codelength\s+([0-9.eE+-]+)", out).group(1))
            else:
                cl = float(re.search(r'"codelength":([0-9.eE+-]+)', out.strip().splitlines()[-1]).group(1))
            res[tool].append((t, mb, cl))
            print(f"rep {r + 1} {tool:9s} wall {t:7.2f} s  peak {mb:7.1f} MB  codelength {cl:.6f}", flush=True)
    med = {k: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v), min(x[2] for x in v))
           for k, v in res.items()}
    o, n = med["official"], med["numswift"]
    print(f"\n{name} {'multilevel' if a.multilevel else 'two-level'} trials={a.trials} median wall: official {o[0]:.2f} s, numswift {n[0]:.2f} s, "
          f"speed-up {o[0] / n[0]:.2f}x; peak RSS official {o[1]:.0f} MB, numswift {n[1]:.0f} MB; "
          f"codelength official {o[2]:.6f}, numswift {n[2]:.6f}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
