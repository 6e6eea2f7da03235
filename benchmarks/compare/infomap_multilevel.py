#!/usr/bin/env python3
"""Multilevel codelength comparison: official Infomap 2.16.0 CLI vs `numswift infomap`.

Usage: python3 benchmarks/compare/infomap_multilevel.py GRAPH.txt [GRAPH.txt ...]
Each graph is run once by each tool (default multilevel search, seed 123, 1 trial, 1 thread;
`--directed` when the file's first line says `# directed`). Prints one markdown table row per
graph: official codelength, levels / top modules, the same for numswift, and the difference.
Official codelengths are read from its full-precision "Best codelength" line. Needs the venv of
infomap.py (benchmarks/compare/.venv) and a release build of numswift.
"""
import gzip, json, os, re, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OFFICIAL = os.path.join(HERE, ".venv", "bin", "infomap")
OURS = os.path.join(ROOT, ".build", "release", "numswift")


def tree_header(path):
    text = open(path).read(4000)
    m = re.search(r"partitioned into (\d+) levels with (\d+) top modules", text)
    return int(m.group(1)), int(m.group(2))


def compare(graph):
    work = tempfile.mkdtemp(prefix="imml")
    name = os.path.basename(graph)
    plain = os.path.join(work, name[:-3] if name.endswith(".gz") else name)
    with (gzip.open if graph.endswith(".gz") else open)(graph, "rb") as s, open(plain, "wb") as d:
        shutil.copyfileobj(s, d)
    directed = open(plain).readline().startswith("# directed")
    flags = ["--directed"] if directed else []
    base = os.path.splitext(os.path.basename(plain))[0]
    od, nd = os.path.join(work, "official"), os.path.join(work, "numswift")
    os.mkdir(od); os.mkdir(nd)
    r = subprocess.run([OFFICIAL, plain, od, "-s", "123", "-o", "tree", "--num-threads", "1"] + flags,
                       check=True, capture_output=True, text=True)
    off_l = float(re.search(r"Best codelength\s+([0-9.]+)", r.stdout).group(1))
    off_levels, off_top = tree_header(os.path.join(od, base + ".tree"))
    r = subprocess.run([OURS, "infomap", plain, nd, "-s", "123", "-o", "tree", "--json", "--threads", "1"] + flags,
                       check=True, capture_output=True, text=True)
    js = json.loads(r.stdout.strip().splitlines()[-1])
    shutil.rmtree(work)
    return directed, (off_l, off_levels, off_top), (js["codelength"], js["levels"], js["top_modules"])


def main():
    if not (os.path.exists(OFFICIAL) and os.path.exists(OURS)):
        sys.exit("needs benchmarks/compare/.venv (run infomap.py once) and swift build -c release")
    print("| graph | mode | official L | levels / top | numswift L | levels / top | numswift − official |")
    print("|---|---|---|---|---|---|---|")
    for g in sys.argv[1:]:
        d, o, u = compare(g)
        name = os.path.basename(g).replace(".txt", "").replace(".gz", "")
        print(f"| {name} | {'directed' if d else 'undirected'} | {o[0]:.6f} | {o[1]} / {o[2]} | "
              f"{u[0]:.6f} | {u[1]} / {u[2]} | {u[0] - o[0]:+.6f} |", flush=True)


if __name__ == "__main__":
    main()
