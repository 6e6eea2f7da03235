#!/usr/bin/env python3
"""Su's discrete VAE (kexue.fm/archives/6705 §3.4, bojone/vae vae_keras_cnn_gs.py) in Keras 3 on JAX
vs `numswift vae`, same model, seed, batch size and per-batch τ schedule, one thread each, rounds
interleaved (A B A B ...).

Model: x [28, 28, 1] → Conv2D(32, 3, s2, same, relu) → Conv2D(64, 3, s2, same, relu) → Flatten →
Dense 32 relu → Dense 320 → Reshape (32, 10) = logits → Gumbel-Softmax(τ) → Reshape 320 → Dense 32
relu → Dense 3136 relu → Reshape (7, 7, 64) → Conv2DTranspose(64, 3, s2, same, relu) →
Conv2DTranspose(32, 3, s2, same, relu) → Conv2DTranspose(1, 3, same, sigmoid). Loss = mean over the
batch of Σ pixel BCE (clipped at 1e-7) + Σ p log p (p = softmax(logits) clipped). RMSprop (Keras
defaults), batch 100, τ_t = 0.01 + 0.99 · 0.999^t set before every batch, shuffled each epoch.
Both sides sample the Gumbel noise in evaluation too (as Su's layer does).

Per round each side reports the test loss after the run and training samples per second of elapsed
time and per second of process CPU time (on a shared, oversubscribed machine the CPU figure
measures the work; elapsed time mostly measures waiting for a core): Keras over all epochs
including XLA compilation, and over epochs 2..N when N > 1; NumSwift over all epochs.
Both sides read data/mnist and are pinned to CPU 0 (XLA Eigen pool off, `--threads 1`).

Run: benchmarks/compare/.venv/bin/python benchmarks/compare/vae_keras.py [--rounds 2] [--epochs 1]
         [--train-samples 60000] [--test-samples 10000]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ENV = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", KERAS_BACKEND="jax", JAX_PLATFORMS="cpu",
           XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")


def keras_worker(a):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from keras_mnist import read_idx
    import numpy as np
    import keras
    from keras import layers, ops

    keras.utils.set_random_seed(a.seed)
    x_train = read_idx(os.path.join(ROOT, "data/mnist/train-images-idx3-ubyte.gz"))[: a.train_samples]
    x_test = read_idx(os.path.join(ROOT, "data/mnist/t10k-images-idx3-ubyte.gz"))[: a.test_samples]
    x_train = (x_train.astype("float32") / 255).reshape(-1, 28, 28, 1)
    x_test = (x_test.astype("float32") / 255).reshape(-1, 28, 28, 1)

    class GumbelSoftmax(layers.Layer):
        def __init__(self, **kw):
            super().__init__(**kw)
            self.tau = self.add_weight(shape=(), initializer="ones", trainable=False, name="tau")
            self.seeds = keras.random.SeedGenerator(a.seed + 6705)

        def call(self, x):
            u = keras.random.uniform(ops.shape(x), seed=self.seeds)
            g = -ops.log(-ops.log(u + 1e-7) + 1e-7)
            return ops.softmax((x + g) / self.tau, axis=-1)

    class VaeLoss(layers.Layer):
        def call(self, inputs):
            x, xr, logits = inputs
            xent = ops.sum(ops.binary_crossentropy(x, xr), axis=[1, 2, 3])
            p = ops.clip(ops.softmax(logits, axis=-1), 1e-7, 1 - 1e-7)
            kl = ops.sum(p * ops.log(p), axis=[1, 2])
            self.add_loss(ops.mean(xent + kl))
            return xr

    x_in = keras.Input((28, 28, 1))
    h = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(x_in)
    h = layers.Conv2D(64, 3, strides=2, padding="same", activation="relu")(h)
    h = layers.Dense(32, activation="relu")(layers.Flatten()(h))
    logits = layers.Reshape((32, 10))(layers.Dense(320)(h))
    gumbel = GumbelSoftmax()
    z = gumbel(logits)
    d = layers.Dense(32, activation="relu")(layers.Reshape((320,))(z))
    d = layers.Reshape((7, 7, 64))(layers.Dense(7 * 7 * 64, activation="relu")(d))
    d = layers.Conv2DTranspose(64, 3, strides=2, padding="same", activation="relu")(d)
    d = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(d)
    x_out = layers.Conv2DTranspose(1, 3, padding="same", activation="sigmoid")(d)
    out = VaeLoss()([x_in, x_out, logits])
    vae = keras.Model(x_in, out)
    vae.compile(optimizer="rmsprop")

    class Anneal(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.step, self.epoch_times, self.epoch_cpu = 0, [], []

        def on_train_batch_begin(self, batch, logs=None):
            gumbel.tau.assign(0.01 + 0.99 * 0.999 ** self.step)
            self.step += 1

        def on_epoch_begin(self, epoch, logs=None):
            self.t, self.c = time.perf_counter(), time.process_time()

        def on_epoch_end(self, epoch, logs=None):
            self.epoch_times.append(time.perf_counter() - self.t)
            self.epoch_cpu.append(time.process_time() - self.c)

    cb = Anneal()
    t0, c0 = time.perf_counter(), time.process_time()
    vae.fit(x_train, None, batch_size=a.batch_size, epochs=a.epochs, shuffle=True, callbacks=[cb], verbose=2)
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    test_loss = vae.evaluate(x_test, None, batch_size=a.batch_size, verbose=0)
    n = len(x_train)
    res = {"test_loss": float(test_loss), "samples_per_second": a.epochs * n / total, "seconds": total,
           "epochs": a.epochs, "cpu_seconds": cpu, "samples_per_cpu_second": a.epochs * n / cpu}
    if a.epochs > 1:
        res["samples_per_second_after_first"] = (a.epochs - 1) * n / sum(cb.epoch_times[1:])
        res["samples_per_cpu_second_after_first"] = (a.epochs - 1) * n / sum(cb.epoch_cpu[1:])
    print(json.dumps(res))


def run(cmd):
    p = subprocess.run(["taskset", "-c", "0"] + cmd, env=ENV, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=100)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--train-samples", type=int, default=60000)
    ap.add_argument("--test-samples", type=int, default=10000)
    ap.add_argument("--keras-worker", action="store_true")
    a = ap.parse_args()
    if a.keras_worker:
        return keras_worker(a)
    common = ["--epochs", str(a.epochs), "--batch-size", str(a.batch_size), "--seed", str(a.seed),
              "--train-samples", str(a.train_samples), "--test-samples", str(a.test_samples)]
    keras_cmd = [sys.executable, os.path.abspath(__file__), "--keras-worker", *common]
    ours_cmd = [os.environ.get("NUMSWIFT_BIN", os.path.join(ROOT, ".build/release/numswift")), "vae", *common, "--threads", "1", "--verbose", "0",
                "--out", "/tmp/numswift_vae_compare", "--json"]
    ks, os_ = [], []
    for r in range(a.rounds):
        ks.append(run(keras_cmd))
        os_.append(run(ours_cmd))
        print(f"round {r + 1}: keras loss {ks[-1]['test_loss']:.4f} {ks[-1]['samples_per_second']:.0f} samples/s"
              + (f" ({ks[-1]['samples_per_second_after_first']:.0f} after epoch 1)" if a.epochs > 1 else "")
              + f" | numswift loss {os_[-1]['test_loss']:.4f} {os_[-1]['samples_per_second']:.0f} samples/s", flush=True)
    kl, ol = statistics.median(k["test_loss"] for k in ks), statistics.median(o["test_loss"] for o in os_)
    kr, orate = statistics.median(k["samples_per_second"] for k in ks), statistics.median(o["samples_per_second"] for o in os_)
    print(f"medians over {a.rounds} rounds, {a.epochs} epoch(s) of {a.train_samples} samples, batch {a.batch_size}:")
    print(f"  test loss  keras {kl:.4f}  numswift {ol:.4f}  difference {100 * (ol - kl) / kl:+.2f}%")
    print(f"  samples/s  keras {kr:.0f}  numswift {orate:.0f}  ratio {orate / kr:.2f}x")
    if a.epochs > 1:
        ka = statistics.median(k["samples_per_second_after_first"] for k in ks)
        print(f"  samples/s  keras after epoch 1 {ka:.0f}  ratio {orate / ka:.2f}x")
    # Process CPU time: the work per sample, independent of how long each side waited for a core.
    kc = statistics.median(k["samples_per_cpu_second"] for k in ks)
    oc = statistics.median(o["samples_per_cpu_second"] for o in os_)
    print(f"  samples per CPU second  keras {kc:.0f}  numswift {oc:.0f}  ratio {oc / kc:.2f}x")
    if a.epochs > 1:
        kca = statistics.median(k["samples_per_cpu_second_after_first"] for k in ks)
        print(f"  samples per CPU second  keras after epoch 1 {kca:.0f}  ratio {oc / kca:.2f}x")


if __name__ == "__main__":
    main()
