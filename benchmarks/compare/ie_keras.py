"""Article 6671 lite relation extractor in Keras 3 + JAX: the peer of `numswift ie train --lite --chars-only`.

Same data (data/ie), char vocabulary (count >= 2 over train+dev, 0 pad, 1 unk, first-seen order),
labels (first occurrence of s and o), sampling (k1 uniform over subject starts, k2 uniform over
subject ends >= k1), augmentation (same-predicate entity swap, p = 0.5), architecture (128 dims,
12 gated dilated residual blocks [1,2,5]x3+[1,1,1] with gate dropout 0.1, pn1/pn2/pc gates,
8x16 attention without bias or output projection, lite concat subject encoding, shared
zero-initialised position table), loss (masked BCE, predicates summed inside), Adam 1e-3 with a
one-epoch linear warm-up, EMA 0.9999 with the TF num_updates remedy (decay_t = min(0.9999,
(1+t)/(10+t))), the two-stage schedule and the 0.5/0.4 decoding.

Batches are padded to a multiple of 32 characters (JAX compiles one program per shape; padding
to the batch maximum would compile about 100 programs, each taking 30 s or more). Training speed is training sentences per
second of each epoch, excluding dev evaluation, as in `numswift ie train`.

Usage: KERAS_BACKEND=jax OPENBLAS_NUM_THREADS=1 python ie_keras.py --epochs N [--seed 1] [--json]
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers, ops  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "ie")
D, MAXLEN, BUCKET = 128, 512, 32


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def labels(sentence, predicates):
    """(text, subjects {(start, end_excl): [(ostart, oend_excl, p)]}) or None."""
    text = sentence["text"][:MAXLEN]
    subjects = {}
    for t in sentence["spo_list"]:
        if t["predicate"] not in predicates or not t["subject"] or not t["object"]:
            continue
        si, oi = text.find(t["subject"]), text.find(t["object"])
        if si < 0 or oi < 0:
            continue
        key = (si, si + len(t["subject"]))
        subjects.setdefault(key, []).append((oi, oi + len(t["object"]), predicates[t["predicate"]]))
    return (text, subjects) if subjects else None


def augment(sentence, by_predicate, rng):
    if not sentence["spo_list"] or rng.random() >= 0.5:
        return sentence
    old = sentence["spo_list"][rng.integers(len(sentence["spo_list"]))]
    pool = by_predicate[old["predicate"]]
    new = pool[rng.integers(len(pool))]

    def f(s):
        return s.replace(old["subject"], new["subject"]).replace(old["object"], new["object"])

    return {"text": f(sentence["text"]),
            "spo_list": [{"subject": f(t["subject"]), "predicate": t["predicate"], "object": f(t["object"])}
                         for t in sentence["spo_list"]]}


class DGCNNBlock(layers.Layer):
    """Y = X + (C - X) * sigmoid(G), G with dropout, masked; kernel 3, dilation r."""

    def __init__(self, rate, **kw):
        super().__init__(**kw)
        self.rate = rate
        self.drop = layers.Dropout(0.1)

    def build(self, shape):
        c = shape[-1]
        self.kernel = self.add_weight(shape=(3, c, 2 * c), initializer="glorot_uniform", name="kernel")
        self.bias = self.add_weight(shape=(2 * c,), initializer="zeros", name="bias")

    def call(self, x, mask, training=False):
        h = ops.conv(x, self.kernel, padding="same", dilation_rate=self.rate) + self.bias
        c = x.shape[-1]
        g = ops.sigmoid(self.drop(h[..., :c], training=training))
        return (x + (h[..., c:] - x) * g) * mask


class SelfAttention(layers.Layer):
    """8 heads x 16, no bias, no output projection, padded keys get -1e10."""

    def __init__(self, heads=8, size=16, **kw):
        super().__init__(**kw)
        self.heads, self.size = heads, size

    def build(self, shape):
        o = self.heads * self.size
        self.wq, self.wk, self.wv = (self.add_weight(shape=(shape[-1], o), initializer="glorot_normal", name=n)
                                     for n in ("q", "k", "v"))

    def call(self, x, mask):
        b, l = ops.shape(x)[0], ops.shape(x)[1]

        def split(w):
            return ops.transpose(ops.reshape(ops.matmul(x, w), (b, l, self.heads, self.size)), (0, 2, 1, 3))

        q, k, v = split(self.wq), split(self.wk), split(self.wv)
        s = ops.matmul(q, ops.transpose(k, (0, 1, 3, 2))) / np.sqrt(self.size)
        s = s - (1 - ops.reshape(mask, (b, 1, 1, l))) * 1e10
        out = ops.matmul(ops.softmax(s, axis=-1), v)
        return ops.reshape(ops.transpose(out, (0, 2, 1, 3)), (b, l, self.heads * self.size))


class LiteExtractor(keras.Model):
    def __init__(self, vocab, predicates, **kw):
        super().__init__(**kw)
        self.p = predicates
        self.char = layers.Embedding(vocab, D)
        self.pos = layers.Embedding(MAXLEN, D, embeddings_initializer="zeros")
        self.drop = layers.Dropout(0.25)
        self.blocks = [DGCNNBlock(r) for r in [1, 2, 5, 1, 2, 5, 1, 2, 5, 1, 1, 1]]
        self.pn1h, self.pn1 = layers.Dense(D, activation="relu"), layers.Dense(1, activation="sigmoid")
        self.pn2h, self.pn2 = layers.Dense(D, activation="relu"), layers.Dense(1, activation="sigmoid")
        self.satt, self.sconv = SelfAttention(), layers.Conv1D(D, 3, padding="same", activation="relu")
        self.ps1, self.ps2 = layers.Dense(1, activation="sigmoid"), layers.Dense(1, activation="sigmoid")
        self.pch, self.pc = layers.Dense(D, activation="relu"), layers.Dense(predicates, activation="sigmoid")
        self.oatt, self.oconv = SelfAttention(), layers.Conv1D(D, 3, padding="same", activation="relu")
        self.po = layers.Dense(1, activation="sigmoid")
        self.po1, self.po2 = layers.Dense(predicates, activation="sigmoid"), layers.Dense(predicates, activation="sigmoid")

    def encode(self, ids, training=False):
        mask = ops.expand_dims(ops.cast(ids > 0, "float32"), -1)
        l = ops.shape(ids)[1]
        t = self.char(ids) + self.pos(ops.expand_dims(ops.arange(l), 0))
        t = self.drop(t, training=training) * mask
        for blk in self.blocks:
            t = blk(t, mask, training=training)
        pn1, pn2 = self.pn1(self.pn1h(t)), self.pn2(self.pn2h(t))
        pc = self.pc(self.pch(ops.max(t - (1 - mask) * 1e10, axis=1)))
        return t, mask, pn1, pn2, pc

    def subjects(self, t, mask, pn1, pn2):
        h = self.sconv(ops.concatenate([t, self.satt(t, mask)], axis=-1))
        return self.ps1(h)[..., 0] * pn1[..., 0], self.ps2(h)[..., 0] * pn2[..., 0]

    def objects(self, t, mask, pn1, pn2, pc, k1, k2):
        l = ops.shape(t)[1]
        rows = ops.arange(ops.shape(t)[0])
        subj = ops.concatenate([t[rows, k1], t[rows, k2]], axis=-1)  # lite: T[k1]; T[k2]
        i = ops.expand_dims(ops.arange(l), 0)
        rel = ops.concatenate([self.pos(ops.abs(i - k1[:, None])), self.pos(ops.abs(i - k2[:, None]))], axis=-1)
        k = ops.expand_dims(subj, 1) + rel
        h = self.oconv(ops.concatenate([t, self.oatt(t, mask), k], axis=-1))
        po, pc = self.po(h), ops.expand_dims(pc, 1)
        return po * self.po1(h) * pc * pn1, po * self.po2(h) * pc * pn2

    def call(self, inputs, training=False):
        ids, k1, k2 = inputs
        t, mask, pn1, pn2, pc = self.encode(ids, training)
        ps1, ps2 = self.subjects(t, mask, pn1, pn2)
        po1, po2 = self.objects(t, mask, pn1, pn2, pc, k1, k2)
        return ps1, ps2, po1, po2, mask[..., 0]

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        ps1, ps2, po1, po2, m = y_pred
        s1, s2, o1, o2 = y

        def bce(t, p):
            p = ops.clip(p, 1e-7, 1 - 1e-7)
            return -(t * ops.log(p) + (1 - t) * ops.log(1 - p))

        n = ops.sum(m)
        return (ops.sum(bce(s1, ps1) * m) + ops.sum(bce(s2, ps2) * m)
                + ops.sum(ops.sum(bce(o1, po1), -1) * m) + ops.sum(ops.sum(bce(o2, po2), -1) * m)) / n


class WarmUp(keras.optimizers.schedules.LearningRateSchedule):
    def __init__(self, lr, steps):
        self.lr, self.steps = lr, steps

    def __call__(self, step):
        return self.lr * ops.minimum((ops.cast(step, "float32") + 1) / self.steps, 1.0)


def pad_to(n):
    return max(BUCKET, -(-n // BUCKET) * BUCKET)


def decode(model, texts, char_id, predicates, batch=64):
    names = {v: k for k, v in predicates.items()}
    out = []
    for i in range(0, len(texts), batch):
        chunk = [t[:MAXLEN] for t in texts[i:i + batch]]
        ids = np.zeros((len(chunk), pad_to(max(len(t) for t in chunk))), "int32")
        for r, t in enumerate(chunk):
            ids[r, :len(t)] = [char_id.get(c, 1) for c in t]
        t, mask, pn1, pn2, pc = model.encode(ids)
        ps1, ps2 = (np.asarray(v) for v in model.subjects(t, mask, pn1, pn2))
        pairs = []
        for r, text in enumerate(chunk):
            n = len(text)
            ends = np.where(ps2[r, :n] > 0.4)[0]
            for s in np.where(ps1[r, :n] > 0.5)[0]:
                e = ends[ends >= s]
                if len(e):
                    pairs.append((r, s, e[0]))
        res = [set() for _ in chunk]
        if pairs:
            rows = np.array([p[0] for p in pairs])
            sel = lambda v: ops.take(v, rows, axis=0)  # noqa: E731
            po1, po2 = model.objects(sel(t), sel(mask), sel(pn1), sel(pn2), sel(pc),
                                     np.array([p[1] for p in pairs], "int32"), np.array([p[2] for p in pairs], "int32"))
            po1, po2 = np.asarray(po1), np.asarray(po2)
            for j, (r, s, e) in enumerate(pairs):
                n, text = len(chunk[r]), chunk[r]
                starts, ends2 = np.where(po1[j, :n] > 0.5), np.where(po2[j, :n] > 0.4)
                for a, pa in zip(*starts):
                    for b, pb in zip(*ends2):
                        if a <= b and pa == pb:
                            res[r].add((text[s:e + 1], names[pa], text[a:b + 1]))
                            break
        out += res
    return out


def score(gold, pred):
    a, b, c = 1e-10, 1e-10, 1e-10
    for g, p in zip(gold, pred):
        g = {(t["subject"], t["predicate"], t["object"]) for t in g["spo_list"]}
        a += len(g & p)
        b += len(p)
        c += len(g)
    return 2 * a / (b + c), a / b, a / c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=120)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--stage-switch-epoch", type=int, default=50)
    ap.add_argument("--patience", type=int, default=8)
    ap.add_argument("--ema-decay", type=float, default=0.9999)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N training sentences (smoke tests)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    keras.utils.set_random_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    train, dev = read(os.path.join(DATA, "train.jsonl")), read(os.path.join(DATA, "dev.jsonl"))
    if a.limit:
        train, dev = train[:a.limit], dev[:a.limit]
    predicates = {json.loads(x)["predicate"]: i for i, x in enumerate(open(os.path.join(DATA, "schema.json"), encoding="utf-8"))
                  if x.strip()}
    counts = {}
    for s in train + dev:
        for ch in s["text"]:
            counts[ch] = counts.get(ch, 0) + 1
    char_id = {ch: i + 2 for i, ch in enumerate(c for c, n in counts.items() if n >= 2)}
    by_predicate = {}
    for s in train:
        for t in s["spo_list"]:
            by_predicate.setdefault(t["predicate"], []).append(t)
    usable = sum(labels(s, predicates) is not None for s in train)
    steps = -(-usable // a.batch_size)
    P = len(predicates)
    model = LiteExtractor(len(char_id) + 2, P)
    model.compile(optimizer=keras.optimizers.Adam(WarmUp(1e-3, steps)))
    # A subclassed Keras 3 model has no variables until it is called once: build it before
    # collecting them, or the average below runs over an empty list and dev is scored with the
    # raw weights (the bug of the first runs, found in review).
    model((np.ones((1, BUCKET), "int32"), np.zeros(1, "int32"), np.zeros(1, "int32")))
    variables = model.trainable_variables
    assert variables, "the model has no trainable variables after building"
    # EMA with the num-updates ramp, from the initial weights (as NumSwift's WeightAverage):
    # update t (1-based) uses decay min(ema_decay, t / (9 + t)).
    ema, t_ema = [np.asarray(v.value).copy() for v in variables], 0

    def batch_arrays(items):
        l = pad_to(max(len(x[0]) for x in items))
        b = len(items)
        ids = np.zeros((b, l), "int32")
        s1, s2 = np.zeros((b, l), "float32"), np.zeros((b, l), "float32")
        o1, o2 = np.zeros((b, l, P), "float32"), np.zeros((b, l, P), "float32")
        k1, k2 = np.zeros(b, "int32"), np.zeros(b, "int32")
        for r, (text, subs) in enumerate(items):
            ids[r, :len(text)] = [char_id.get(c, 1) for c in text]
            keys = list(subs)
            for (s, e) in keys:
                s1[r, s], s2[r, e - 1] = 1, 1
            a1 = keys[rng.integers(len(keys))][0]
            ends = [e - 1 for (_, e) in keys if e - 1 >= a1]
            a2 = ends[rng.integers(len(ends))]
            k1[r], k2[r] = a1, a2
            for (os_, oe, p) in subs.get((a1, a2 + 1), []):
                o1[r, os_, p], o2[r, oe - 1, p] = 1, 1
        return (ids, k1, k2), (s1, s2, o1, o2)

    best, best_w, history, stage, since, speeds = -1.0, None, [], 1, 0, []
    for epoch in range(1, a.epochs + 1):
        print(f"Epoch {epoch}/{a.epochs} (stage {stage})", flush=True)
        t0, seen, losses, pending = time.time(), 0, [], []
        bar = keras.utils.Progbar(steps)

        def run():
            nonlocal ema, t_ema, seen
            x, y = batch_arrays(pending)
            loss = model.train_on_batch(x, y)
            t_ema += 1
            d = min(a.ema_decay, t_ema / (9 + t_ema))
            ema = [d * e + (1 - d) * np.asarray(v.value) for e, v in zip(ema, variables)]
            losses.append(float(loss))
            seen += len(pending)
            bar.update(len(losses), values=[("loss", float(loss))])
            pending.clear()

        for i in rng.permutation(len(train)):
            lab = labels(augment(train[i], by_predicate, rng), predicates)
            if lab is None:
                continue
            pending.append(lab)
            if len(pending) == a.batch_size:
                run()
        if pending:
            run()
        speed = seen / (time.time() - t0)
        speeds.append(speed)
        current = [np.asarray(v.value) for v in variables]
        for v, e in zip(variables, ema):
            v.assign(e)
        f1, prec, rec = score(dev, decode(model, [s["text"] for s in dev], char_id, predicates))
        history.append(f1)
        if f1 > best or best <= 0:  # while F1 is 0 the latest weights count as the best
            best, best_w, since = f1, [e.copy() for e in ema], 0
            best_pr = (prec, rec)
        else:
            since += 1
        print(f"dev f1: {f1:.4f}, precision: {prec:.4f}, recall: {rec:.4f}, best f1: {best:.4f} "
              f"(loss {np.mean(losses):.4f}, {speed:.1f} sentences/s)", flush=True)
        for v, c in zip(variables, current):
            v.assign(c)
        best_index = int(np.argmax(history))
        if stage == 1 and (epoch == a.stage_switch_epoch or
                           (epoch > 10 and (f1 < 0.5 or best_index < len(history) - 8))):
            stage, since, t_ema = 2, 0, 0
            for v, w in zip(variables, best_w):
                v.assign(w)
            ema = [w.copy() for w in best_w]
            model.compile(optimizer=keras.optimizers.Adam(1e-4))
        elif stage == 2 and a.patience and since >= a.patience:
            print(f"early stop: dev F1 has not improved for {a.patience} epochs")
            break
    summary = {"dev_f1": best, "dev_precision": best_pr[0], "dev_recall": best_pr[1], "epochs": epoch,
               "train_sentences_per_second": float(np.median(speeds)), "speeds": [round(s, 2) for s in speeds]}
    print(json.dumps(summary) if a.json else summary)


if __name__ == "__main__":
    sys.exit(main())
