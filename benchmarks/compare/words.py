"""NumSwift word mining vs its peers, same inputs, interleaved runs (A B A B ...).

Discovery: `numswift words discover` vs nlp-zero 0.1.6 Word_Finder (min_proba 1e-6, min_pmi 0.5)
on reviews_zh and pd199801_raw: medians of time and peak RSS, ratio, top-1000 multi-character
overlap, precision@1000 against jieba's dictionary (reviews) and the gold word list (pd199801),
recall of gold words seen >= 5 times.

Evaluation protocol. shared/anchors.md gives nlp-zero's pd199801 figures (precision@1000 0.900,
recall 0.866) without saying how they were computed. Since our word lists are identical to
nlp-zero's, we looked for the protocol that reproduces both figures and found one that does so
exactly: precision@1000 = share of the 1000 most frequent multi-character words found in jieba's
dictionary (the same dictionary as for reviews_zh; the union of jieba's dictionary and the gold
list gives the same 0.900), and recall = share of the gold words made only of Han characters,
at least two of them, seen >= 5 times, that are in the discovered list. Both the "anchor
protocol" and the stricter readings (precision against the gold list alone, recall over all gold
words) are printed.
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


def sentiment_accuracy(vectors_path, corpus_lines, n_pos=16538):
    """Averaged word vectors + logistic regression; fixed 80/20 split (random_state 0)."""
    import numpy as np
    from gensim.models import KeyedVectors
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    kv = KeyedVectors.load_word2vec_format(vectors_path)
    X = np.zeros((len(corpus_lines), kv.vector_size), dtype=np.float32)
    for i, toks in enumerate(corpus_lines):
        vs = [kv[t] for t in toks if t in kv.key_to_index]
        if vs:
            X[i] = np.mean(vs, axis=0)
    y = np.array([1 if i < n_pos else 0 for i in range(len(corpus_lines))])
    a, b, ya, yb = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
    return float(LogisticRegression(max_iter=2000).fit(a, ya).score(b, yb))


def word2vec(args, tmp):
    import jieba, logging
    jieba.setLogLevel(logging.WARNING)
    seg = os.path.join(tmp, "reviews_seg.txt")
    lines = []
    with gzip.open(os.path.join(args.data, "reviews_zh.txt.gz"), "rt", encoding="utf-8") as f, open(seg, "w", encoding="utf-8") as g:
        for line in f:
            toks = [w for w in jieba.cut(line.strip()) if w.strip()]
            lines.append(toks)
            g.write(" ".join(toks) + "\n")
    out = {}
    # name: (gensim sg, gensim output layer, our extra flags). "skipgram-streamed" re-reads the
    # file every epoch on our side too, as gensim's LineSentence always does.
    modes = {"skipgram": (1, "neg", ["--sg"]), "cbow": (0, "neg", ["--cbow"]),
             "skipgram-hs": (1, "hs", ["--sg", "--hs", "--negative", "0"]),
             "skipgram-streamed": (1, "neg", ["--sg", "--max-corpus-memory-mb", "0"])}
    chosen = args.w2v_modes.split(",") + (["cbow"] if args.cbow else [])
    for name in chosen:
        sg, layer, flags = modes[name]
        ours, peer = [], []
        ov, pv = os.path.join(tmp, "ours.vec"), os.path.join(tmp, "peer.vec")
        for _ in range(args.reps):
            peer.append(run([PY, os.path.join(HERE, "words_gensim.py"), seg, pv, str(sg), "1", layer]))
            ours.append(run([args.numswift, "word2vec", seg, "-o", ov] + flags + ["--dim", "100", "--window", "5"]
                            + ([] if "--negative" in flags else ["--negative", "5"])
                            + ["--epochs", "5", "--min-count", "5", "--threads", "1", "--seed", "1", "--json"]))
        med = lambda rs: statistics.median(r["words_per_second"] for r in rs)
        res = {"gensim_words_per_second": med(peer), "numswift_words_per_second": med(ours),
               "gensim_vocab": peer[0]["vocab"], "numswift_vocab": ours[0]["vocab"]}
        res["speedup"] = res["numswift_words_per_second"] / res["gensim_words_per_second"]
        res["gensim_sentiment_accuracy"] = sentiment_accuracy(pv, lines)
        res["numswift_sentiment_accuracy"] = sentiment_accuracy(ov, lines)
        out[name] = res
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--numswift", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--only", choices=["discover", "word2vec", "all"], default="all")
    ap.add_argument("--cbow", action="store_true", help="also compare CBOW")
    ap.add_argument("--w2v-modes", default="skipgram",
                    help="comma-separated: skipgram, cbow, skipgram-hs (hierarchical softmax, no negatives), skipgram-streamed")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in ("word2vec", "all"):
            print(json.dumps({"word2vec": word2vec(args, tmp)}, ensure_ascii=False, indent=1), flush=True)
        if args.only == "word2vec":
            return
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
            # The protocol that reproduces the anchors' nlp-zero figures (see the module docstring).
            res[f"{name}_anchor_precision@1000_jieba"] = sum(w in jieba for w in top_multi(ws)) / 1000
            g5h = {w for w in g5m if all("\u4e00" <= ch <= "\u9fff" for ch in w)}
            res[f"{name}_anchor_recall_gold_han_multichar_count>=5"] = len(g5h & found) / len(g5h)
        print(json.dumps(res, ensure_ascii=False, indent=1), flush=True)


if __name__ == "__main__":
    main()
