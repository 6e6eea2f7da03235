#!/usr/bin/env python3
"""Nested (hierarchical) planted-partition test graphs for the multilevel Infomap comparison.

Usage: python3 benchmarks/compare/make_hier_graphs.py OUTDIR [--extra]
With --extra it also writes the wider comparison set of infomap_results.md (other seeds, two
larger graphs, and 16 graphs with random branching and probabilities drawn from seed 7).
Writes NAME.txt (edge list `source target`, 0-based, `#` header) and NAME.comm.txt
(`node path`, path = colon-separated planted modules, top first) for every graph below.
Standard library only; every graph has a fixed seed, so reruns are byte-identical.
Node pair (u, v) is linked with probability p[d], d = depth of the deepest planted module
shared by u and v (d = 0: different top modules).
"""
import os, random, sys

GRAPHS = [
    # name, branching per level (top first), link probability by shared depth, directed, seed
    ("hier2_4x4x16", [4, 4, 16], [0.002, 0.03, 0.45, None], False, 11),
    ("hier2_3x5x10", [3, 5, 10], [0.003, 0.05, 0.6, None], False, 12),
    ("hier3_3x3x3x10", [3, 3, 3, 10], [0.001, 0.01, 0.06, 0.6, None], False, 13),
    ("hier2_uneven", [5, 3, 12], [0.004, 0.04, 0.35, None], False, 14),
    ("hier2_dir_4x4x12", [4, 4, 12], [0.003, 0.04, 0.5, None], True, 15),
    ("hier2_noisy_4x4x16", [4, 4, 16], [0.006, 0.05, 0.35, None], False, 16),
    ("hier3_4x3x4x12", [4, 3, 4, 12], [0.0005, 0.004, 0.05, 0.5, None], False, 17),
    ("hier2_8x6x20", [8, 6, 20], [0.0005, 0.02, 0.3, None], False, 18),
]


def extra_graphs():
    out = []
    for name, branch, probs, directed in [
        ("r_hier3_3x4x3x10", [3, 4, 3, 10], [0.0008, 0.006, 0.06, 0.55, None], False),
        ("r_hier2_6x4x15", [6, 4, 15], [0.001, 0.03, 0.4, None], False),
        ("r_hier2_dir_5x3x12", [5, 3, 12], [0.002, 0.04, 0.5, None], True),
    ]:
        for seed in (101, 102, 103):
            out.append((f"{name}_s{seed}", branch, probs, directed, seed))
    out.append(("big_hier3_5x4x5x40", [5, 4, 5, 40], [0.00005, 0.0008, 0.01, 0.15, None], False, 201))
    out.append(("big_hier2_10x10x30", [10, 10, 30], [0.0002, 0.005, 0.25, None], False, 202))
    r = random.Random(7)
    for t in range(16):
        depth = r.choice([2, 2, 3])
        branch = [r.randint(2, 6) for _ in range(depth)] + [r.randint(6, 20)]
        probs = [r.uniform(0.25, 0.6)]
        for _ in range(depth):
            probs.insert(0, probs[0] * r.uniform(0.03, 0.2))
        directed = r.random() < 0.3
        name = f"rnd{t}_{'d' if directed else 'u'}_{'x'.join(map(str, branch))}"
        out.append((name, branch, probs + [None], directed, 300 + t))
    return out


def paths_of(branch):
    out = [[]]
    for b in branch:
        out = [p + [k] for p in out for k in range(b)]
    return out


def make(branch, probs, directed, seed):
    rng = random.Random(seed)
    paths = paths_of(branch)
    n = len(paths)
    edges = []
    for u in range(n):
        for v in range(n) if directed else range(u + 1, n):
            if u == v:
                continue
            d = 0
            while d < len(branch) - 1 and paths[u][d] == paths[v][d]:
                d += 1
            if rng.random() < probs[d]:
                edges.append((u, v))
    return paths, edges


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    graphs = GRAPHS + (extra_graphs() if "--extra" in sys.argv else [])
    for name, branch, probs, directed, seed in graphs:
        paths, edges = make(branch, probs, directed, seed)
        with open(os.path.join(out, name + ".txt"), "w") as f:
            f.write(f"# {'directed' if directed else 'undirected'} unweighted\n")
            f.write(f"# n={len(paths)} m={len(edges)} (ids 0..n-1)\n")
            f.write(f"# nested planted partition, branching {branch} (top first), p by shared depth {probs[:-1]}, seed {seed}\n")
            for u, v in edges:
                f.write(f"{u} {v}\n")
        with open(os.path.join(out, name + ".comm.txt"), "w") as f:
            for i, p in enumerate(paths):
                f.write(f"{i} {':'.join(str(x) for x in p[:-1])}\n")
        print(name, len(paths), len(edges))


if __name__ == "__main__":
    main()
