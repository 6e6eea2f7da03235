"""Runs nlp-zero 0.1.6 Word_Finder on one corpus (child process of words.py).

usage: words_nlpzero.py CORPUS OUT MIN_PROBA MIN_PMI
Prints one JSON line: {"words": n, "seconds": s, "peak_rss_mb": m}.
"""
import gzip, json, resource, sys, time

from nlp_zero import Word_Finder


def lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\n")


def main():
    corpus, out, min_proba, min_pmi = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    t0 = time.perf_counter()
    f = Word_Finder(min_proba=min_proba, min_pmi=min_pmi)
    f.train(lines(corpus))
    f.find(lines(corpus))
    secs = time.perf_counter() - t0
    words = sorted(f.words.items(), key=lambda kv: -kv[1])
    with open(out, "w", encoding="utf-8") as g:
        for w, c in words:
            g.write(f"{w} {c}\n")
    # VmHWM is this process image's own peak; ru_maxrss would also count the (large) parent it
    # was forked from, since Linux carries the high-water mark across fork/exec.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open("/proc/self/status") as st:
        for line in st:
            if line.startswith("VmHWM:"):
                rss = int(line.split()[1]) / 1024
    print(json.dumps({"words": len(words), "seconds": secs, "peak_rss_mb": rss}))


if __name__ == "__main__":
    main()
