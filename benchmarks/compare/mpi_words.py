"""Sharded new-word discovery (issue 12): `numswift words discover` on 1 process vs
`mpirun -np N numswift words discover --distributed`, interleaved (A B A B ...), medians.

For each corpus: wall time of the whole command (process start, MPI init and the output file
included), the tool's own `seconds` (after MPI init), peak RSS per rank (VmHWM), and whether the
word lists are byte-identical. Besides the two real corpora, `--scale K` adds a plain-text corpus
made of K copies of reviews_zh (the copies make every count K times larger, a stand-in for a larger
corpus of the same vocabulary) so that the fixed costs weigh less.

usage: python3 benchmarks/compare/mpi_words.py --data DIR [--reps 5] [--ranks 2]
       [--scale 8]
"""
import argparse, gzip, json, os, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def timed(cmd, env):
    """Wall time, the JSON summary, with `load` (1-minute load average before the run) and `cpu`
    (user + sys seconds of each process, from /usr/bin/time wrapped around numswift)."""
    with open("/proc/loadavg") as f:
        load = float(f.read().split()[0])
    i = next(k for k, c in enumerate(cmd) if c.endswith("numswift"))
    cmd = cmd[:i] + ["/usr/bin/time", "-f", "cpu %U %S"] + cmd[i:]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-3000:]}")
    js = [l for l in r.stdout.splitlines() if l.startswith("{")]
    out = json.loads(js[-1])
    out["load"] = load
    out["cpu"] = sorted((float(l.split()[1]) + float(l.split()[2]) for l in r.stderr.splitlines() if l.startswith("cpu ")), reverse=True)
    return wall, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="folder holding reviews_zh.txt.gz and pd199801_raw.txt.gz")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--scale", type=int, default=8)
    ap.add_argument("--numswift", default=os.path.join(ROOT, ".build/release/numswift"))
    ap.add_argument("--mpi-flags", default="--bind-to none --mca mpi_yield_when_idle 1",
                    help="extra mpirun flags (default: waiting ranks yield their core, for shared machines)")
    a = ap.parse_args()
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    tmp = tempfile.mkdtemp(prefix="mpi-words-")
    corpora = [os.path.join(a.data, "reviews_zh.txt.gz"), os.path.join(a.data, "pd199801_raw.txt.gz")]
    if a.scale > 1:
        big = os.path.join(tmp, f"reviews_zh_x{a.scale}.txt")
        with gzip.open(corpora[0], "rb") as f:
            text = f.read()
        with open(big, "wb") as f:
            for _ in range(a.scale):
                f.write(text)
        corpora.append(big)
    print(f"ranks {a.ranks}, reps {a.reps}, interleaved, --threads 1, OPENBLAS_NUM_THREADS=1")
    print(f"mpirun flags: {a.mpi_flags}; CPU = user + sys seconds per process (/usr/bin/time), slowest rank = critical path")
    print("| corpus | 1 process wall s | %d ranks wall s | wall speed-up | 1 process `seconds` | %d ranks `seconds` | speed-up | 1 process CPU s | slowest rank CPU s | CPU speed-up | peak MB 1 process | peak MB per rank | lists | load |" % (a.ranks, a.ranks))
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for corpus in corpora:
        one_out, dist_out = os.path.join(tmp, "one.txt"), os.path.join(tmp, "dist.txt")
        one_cmd = [a.numswift, "words", "discover", corpus, "-o", one_out, "--threads", "1", "--json"]
        dist_cmd = ["mpirun", "--allow-run-as-root", "--oversubscribe", "-np", str(a.ranks)] + a.mpi_flags.split() + [a.numswift, "words", "discover",
                    corpus, "-o", dist_out, "--distributed", "--threads", "1", "--json"]
        ones, dists = [], []
        for _ in range(a.reps):
            ones.append(timed(one_cmd, env))
            dists.append(timed(dist_cmd, env))
        same = open(one_out, "rb").read() == open(dist_out, "rb").read()
        mw1, mw2 = statistics.median(w for w, _ in ones), statistics.median(w for w, _ in dists)
        ms1, ms2 = statistics.median(j["seconds"] for _, j in ones), statistics.median(j["seconds"] for _, j in dists)
        rss1 = statistics.median(j["peak_rss_mb"] for _, j in ones)
        per_rank = [statistics.median(j["peak_rss_mb_per_rank"][r] for _, j in dists) for r in range(a.ranks)]
        words = ones[0][1]["words"]
        c1 = statistics.median(j["cpu"][0] for _, j in ones)
        c2 = statistics.median(j["cpu"][0] for _, j in dists)
        loads = [j["load"] for _, j in ones + dists]
        print(f"| {os.path.basename(corpus)} | {mw1:.3f} | {mw2:.3f} | {mw1 / mw2:.2f}x | {ms1:.3f} | {ms2:.3f} | {ms1 / ms2:.2f}x | "
              f"{c1:.2f} | {c2:.2f} | {c1 / c2:.2f}x | "
              f"{rss1:.1f} | {' / '.join(f'{x:.1f}' for x in per_rank)} | {'identical' if same else 'DIFFERENT'} ({words} words) | "
              f"{min(loads):.1f}–{max(loads):.1f} |", flush=True)
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
