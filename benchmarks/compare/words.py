"""NumSwift word mining vs its peers, same inputs, interleaved runs (A B A B ...).

Discovery: `numswift words discover` vs nlp-zero 0.1.6 Word_Finder (min_proba 1e-6, min_pmi 0.5)
on reviews_zh and pd199801_raw: medians of time and peak RSS, ratio, top-1000 multi-character
overlap, precision@1000 against jieba's dictionary (reviews) and the gold word list (pd199801),
recall of gold words seen >= 5 times.
Run through words.sh, which prepares the venv.
"""
import argparse, gzip, json, os, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable


def read_words(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) >= 2:
                out.append((p[0], int(p[1])))
    return out


def read_dict(path, min_count=0):
    words = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) >= 2:
                words[p[0]] = int(p[1])
    return {w for w, c in words.items() if c >= min_count}


def top_multi(words, k=1000):
    return [w for w, _ in words if len(w) > 1][:k]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def discovery(args, corpus, tmp):
    ours_out, peer_out = os.path.join(tmp, "ours.txt"), os.path.join(tmp, "peer.txt")
    ours, peer = [], []
    for _ in range(args.reps):
        peer.append(run([PY, os.path.join(HERE, "words_nlpzero.py"), corpus, peer_out, "1e-6", "0.5"]))
        ours.append(run([args.numswift, "words", "discover", corpus, "-o", ours_out, "--min-proba", "1e-6",
                         "--min-pmi", "0.5", "--threads", "1", "--json"]))
    med = lambda rs, k: statistics.median(r[k] for r in rs)
    res = {"corpus": os.path.basename(corpus),
           "nlpzero_seconds": med(peer, "seconds"), "numswift_seconds": med(ours, "seconds"),
           "nlpzero_peak_rss_mb": med(peer, "peak_rss_mb"), "numswift_peak_rss_mb": med(ours, "peak_rss_mb"),
           "nlpzero_words": peer[0]["words"], "numswift_words": ours[0]["words"]}
    res["speedup"] = res["nlpzero_seconds"] / res["numswift_seconds"]
    a, b = read_words(ours_out), read_words(peer_out)
    ta, tb = top_multi(a), top_multi(b)
    res["top1000_overlap"] = len(set(ta) & set(tb)) / max(1, len(tb))
    res["identical_word_counts"] = dict(a) == dict(b)
    return res, a, b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--numswift", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        jieba = read_dict(os.path.join(args.data, "jieba_dict.txt.gz"))
        res, a, b = discovery(args, os.path.join(args.data, "reviews_zh.txt.gz"), tmp)
        res["numswift_precision@1000_jieba"] = sum(w in jieba for w in top_multi(a)) / 1000
        res["nlpzero_precision@1000_jieba"] = sum(w in jieba for w in top_multi(b)) / 1000
        print(json.dumps(res, ensure_ascii=False, indent=1), flush=True)

        gold = read_dict(os.path.join(args.data, "pd199801_goldwords.txt.gz"))
        gold5 = read_dict(os.path.join(args.data, "pd199801_goldwords.txt.gz"), min_count=5)
        res, a, b = discovery(args, os.path.join(args.data, "pd199801_raw.txt.gz"), tmp)
        for name, ws in (("numswift", a), ("nlpzero", b)):
            found = {w for w, _ in ws}
            res[f"{name}_precision@1000_gold"] = sum(w in gold for w in top_multi(ws)) / 1000
            res[f"{name}_recall_gold_count>=5"] = len(gold5 & found) / len(gold5)
            g5m = {w for w in gold5 if len(w) > 1}
            res[f"{name}_recall_gold_count>=5_multichar"] = len(g5m & found) / len(g5m)
        print(json.dumps(res, ensure_ascii=False, indent=1), flush=True)


if __name__ == "__main__":
    main()
