"""Trains gensim Word2Vec on a tokenised corpus (child process of words.py).

usage: words_gensim.py CORPUS OUT_VECTORS SG(0|1) THREADS [neg|hs]
Prints one JSON line: {"words_per_second": raw words x epochs / training seconds, "seconds": ..., "vocab": ...}.
"""
import json, sys, time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence


def main():
    corpus, out, sg, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    hs = len(sys.argv) > 5 and sys.argv[5] == "hs"
    m = Word2Vec(vector_size=100, window=5, negative=0 if hs else 5, hs=1 if hs else 0, min_count=5, sg=sg,
                 workers=threads, seed=1, sample=1e-3)
    m.build_vocab(LineSentence(corpus))
    t0 = time.perf_counter()
    m.train(LineSentence(corpus), total_examples=m.corpus_count, epochs=5)
    secs = time.perf_counter() - t0
    m.wv.save_word2vec_format(out)
    print(json.dumps({"words_per_second": m.corpus_total_words * 5 / secs, "seconds": secs, "vocab": len(m.wv)}))


if __name__ == "__main__":
    main()
