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
         [--train-samples 60000] [--test-samples 10000] [--parallel] [--log-dir DIR]
--parallel runs the two sides of a round at the same time, unpinned (for long runs such as Su's 30 epochs
on a shared machine; the CPU-time throughput is the figure to compare then); --validate makes both
sides report the test loss after every epoch, so a long run stopped early still gives a comparison at
the last epoch both finished;
--log-dir keeps each worker's full output (per-epoch lines) in DIR/keras-rN.log / numswift-rN.log.
The Keras worker also writes DIR/keras_samples.png, a 10×10 grid of decoded random one-hot latents
like `numswift vae`'s samples.png.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import struct
import time
import zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ENV = dict(os.environ, PYTHONUNBUFFERED="1", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", KERAS_BACKEND="jax", JAX_PLATFORMS="cpu",
           XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")


def write_gray_png(pixels, path):
    """pixels: 2-D float array in [0, 1] -> 8-bit grayscale PNG (written to path + '.tmp', then renamed)."""
    import numpy as np
    img = (np.clip(pixels, 0, 1) * 255 + 0.5).astype(np.uint8)
    raw = b"".join(b"\x00" + row.tobytes() for row in img)
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    body = chunk(b"IHDR", struct.pack(">IIBBBBB", img.shape[1], img.shape[0], 8, 0, 0, 0, 0))
    body += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path + ".tmp", "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + body)
    os.replace(path + ".tmp", path)


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
        """Su's layer with τ_t = 0.01 + 0.99·0.999^t, t = training batches so far. The step counter is
        a non-trainable variable updated inside `call` (as BatchNormalization's moving statistics
        are): on the JAX backend `fit` threads the model state through the jitted step, so a value
        assigned from a callback (Su's Keras 2 `K.set_value`) would never reach it and τ would stay 1."""
        def __init__(self, **kw):
            super().__init__(**kw)
            self.step = self.add_weight(shape=(), initializer="zeros", trainable=False, name="step")
            self.seeds = keras.random.SeedGenerator(a.seed + 6705)

        def tau(self):
            return 0.01 + 0.99 * ops.power(0.999, self.step)

        def call(self, x, training=False):
            tau = self.tau()
            if training:
                self.step.assign(self.step + 1)
            u = keras.random.uniform(ops.shape(x), seed=self.seeds)
            g = -ops.log(-ops.log(u + 1e-7) + 1e-7)
            return ops.softmax((x + g) / tau, axis=-1)

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
    decoder = [layers.Reshape((320,)), layers.Dense(32, activation="relu"),
               layers.Dense(7 * 7 * 64, activation="relu"), layers.Reshape((7, 7, 64)),
               layers.Conv2DTranspose(64, 3, strides=2, padding="same", activation="relu"),
               layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu"),
               layers.Conv2DTranspose(1, 3, padding="same", activation="sigmoid")]
    x_out = z
    for layer in decoder:
        x_out = layer(x_out)
    out = VaeLoss()([x_in, x_out, logits])
    vae = keras.Model(x_in, out)
    vae.compile(optimizer="rmsprop")

    class EpochClock(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.epoch_times, self.epoch_cpu = [], []

        def on_epoch_begin(self, epoch, logs=None):
            self.t, self.c = time.perf_counter(), time.process_time()

        def on_epoch_end(self, epoch, logs=None):
            self.epoch_times.append(time.perf_counter() - self.t)
            self.epoch_cpu.append(time.process_time() - self.c)
            print(f"epoch {epoch + 1}: {self.epoch_times[-1]:.1f} s, {self.epoch_cpu[-1]:.1f} CPU s, tau {float(gumbel.tau()):.5f} after {int(gumbel.step.numpy())} batches", flush=True)

    cb = EpochClock()
    t0, c0 = time.perf_counter(), time.process_time()
    vae.fit(x_train, None, batch_size=a.batch_size, epochs=a.epochs, shuffle=True, callbacks=[cb], verbose=2,
            validation_data=(x_test, None) if a.validate else None)
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    test_loss = vae.evaluate(x_test, None, batch_size=a.batch_size, verbose=0)
    if a.log_dir:
        # Su's generation: each of the 32 latents takes a uniformly random class, then decode.
        rng = np.random.default_rng(a.seed)
        zs = np.eye(10, dtype="float32")[rng.integers(0, 10, size=(100, 32))]
        imgs = zs
        for layer in decoder:
            imgs = layer(imgs)
        imgs = np.asarray(imgs).reshape(10, 10, 28, 28)
        grid = np.zeros((300, 300), dtype="float32")
        for r in range(10):
            for c in range(10):
                grid[r * 30 + 1: r * 30 + 29, c * 30 + 1: c * 30 + 29] = imgs[r, c]
        os.makedirs(a.log_dir, exist_ok=True)
        write_gray_png(grid, os.path.join(a.log_dir, "keras_samples.png"))
    n = len(x_train)
    res = {"test_loss": float(test_loss), "samples_per_second": a.epochs * n / total, "seconds": total,
           "epochs": a.epochs, "cpu_seconds": cpu, "samples_per_cpu_second": a.epochs * n / cpu}
    if a.epochs > 1:
        res["samples_per_second_after_first"] = (a.epochs - 1) * n / sum(cb.epoch_times[1:])
        res["samples_per_cpu_second_after_first"] = (a.epochs - 1) * n / sum(cb.epoch_cpu[1:])
    print(json.dumps(res))


def start(cmd, cpu, log):
    """Starts cmd (pinned to `cpu` unless None), its stdout and stderr going to the file `log` (a temporary
    file if None)."""
    if log is None:
        fd, log = __import__("tempfile").mkstemp(suffix=".log")
        os.close(fd)
    with open(log, "w") as f:
        # stdbuf: line-buffered output, so a long run's log shows every epoch as it ends.
        pin = ["taskset", "-c", str(cpu)] if cpu is not None else []
        return subprocess.Popen(pin + ["stdbuf", "-oL", "-eL"] + cmd, env=ENV, stdout=f, stderr=subprocess.STDOUT), log


def finish(proc_log, cmd):
    """Waits for a worker and returns the JSON object on its last output line."""
    p, log = proc_log
    rc = p.wait()
    text = open(log).read()
    if rc != 0:
        sys.exit(f"{cmd[0]} failed:\n{text[-3000:]}")
    return json.loads(text.strip().splitlines()[-1])


def summarize(log_dir, r=1):
    """Per-epoch test loss (val_loss) of both sides from a --validate --log-dir run, finished or not,
    and the comparison at the last epoch both sides completed."""
    import re
    def val_losses(path):
        text = open(path).read() if os.path.exists(path) else ""
        return [float(v) for v in re.findall(r"val_loss: ([0-9.]+)", text)]
    k = val_losses(os.path.join(log_dir, f"keras-r{r}.log"))
    o = val_losses(os.path.join(log_dir, f"numswift-r{r}.log"))
    kpath = os.path.join(log_dir, f"keras-r{r}.log")
    kt = open(kpath).read() if os.path.exists(kpath) else ""
    kcpu = [float(c) for c in re.findall(r"epoch \d+: [0-9.]+ s, ([0-9.]+) CPU s", kt)]
    print("epoch  keras test loss  numswift test loss  difference")
    for e in range(max(len(k), len(o))):
        kv = f"{k[e]:15.4f}" if e < len(k) else " " * 15
        ov = f"{o[e]:18.4f}" if e < len(o) else " " * 18
        d = f"{100 * (o[e] - k[e]) / k[e]:+9.2f}%" if e < len(k) and e < len(o) else ""
        print(f"{e + 1:5d}  {kv}  {ov}  {d}")
    if kcpu:
        print("keras CPU seconds per epoch: " + ", ".join(f"{c:.0f}" for c in kcpu))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=100)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--train-samples", type=int, default=60000)
    ap.add_argument("--test-samples", type=int, default=10000)
    ap.add_argument("--parallel", action="store_true", help="run both sides of a round at once, unpinned")
    ap.add_argument("--log-dir", default=None, help="keep each worker's output and the Keras sample grid here")
    ap.add_argument("--validate", action="store_true", help="both sides report the test loss after every epoch")
    ap.add_argument("--summarize", metavar="DIR", help="print the per-epoch test losses of a --validate --log-dir run")
    ap.add_argument("--keras-worker", action="store_true")
    a = ap.parse_args()
    if a.keras_worker:
        return keras_worker(a)
    if a.summarize:
        return summarize(a.summarize)
    common = ["--epochs", str(a.epochs), "--batch-size", str(a.batch_size), "--seed", str(a.seed),
              "--train-samples", str(a.train_samples), "--test-samples", str(a.test_samples)]
    if a.validate:
        common.append("--validate")
    keras_extra = []
    if a.log_dir:
        os.makedirs(a.log_dir, exist_ok=True)
        keras_extra = ["--log-dir", os.path.abspath(a.log_dir)]
    keras_cmd = [sys.executable, os.path.abspath(__file__), "--keras-worker", *common, *keras_extra]
    ours_cmd = [os.environ.get("NUMSWIFT_BIN", os.path.join(ROOT, ".build/release/numswift")), "vae", *common,
                "--threads", "1", "--verbose", "2" if a.log_dir else "0",
                "--out", os.path.abspath(a.log_dir) if a.log_dir else "/tmp/numswift_vae_compare", "--json"]
    ks, os_ = [], []
    for r in range(a.rounds):
        klog = os.path.join(a.log_dir, f"keras-r{r + 1}.log") if a.log_dir else None
        olog = os.path.join(a.log_dir, f"numswift-r{r + 1}.log") if a.log_dir else None
        if a.parallel:
            kp, op = start(keras_cmd, None, klog), start(ours_cmd, None, olog)
            ks.append(finish(kp, keras_cmd))
            os_.append(finish(op, ours_cmd))
        else:
            ks.append(finish(start(keras_cmd, 0, klog), keras_cmd))
            os_.append(finish(start(ours_cmd, 0, olog), ours_cmd))
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
