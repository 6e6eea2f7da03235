#!/usr/bin/env python3
"""MNIST baseline training speed and accuracy: Keras 3 on JAX vs `numswift mnist`, one thread each.

The model is Su's baseline from kexue.fm/archives/6311: Input 784 -> Dense 100 relu -> Dense 10
softmax, Adam 1e-3 (eps 1e-7), categorical cross-entropy, accuracy, batch 128, shuffled each epoch.
Both sides read the project's own copy of the data (data/mnist/*.gz) and are pinned to CPU 0 with
one compute thread (XLA's Eigen pool off, OpenBLAS at 1 thread, `--threads 1`).

Rounds alternate A (Keras, a fresh subprocess of this script in --keras-worker mode) and B
(NumSwift). Per round each side reports training samples/s and test accuracy:
  * Keras: median samples/s over epochs 2..N (epoch 1 includes XLA compilation, so leaving it out
    favours Keras), plus the whole-run figure including compilation;
  * NumSwift: total training samples / training seconds over all epochs (no warm-up to exclude).
The script prints the per-round figures, the medians over rounds and the ratio NumSwift / Keras.

Measured 2026-11-25 on the shared 2-core build machine (Keras 3.15.1, jax 0.10.2; 5 epochs, both
sides pinned to CPU 0 while other jobs ran, so absolute numbers moved with the load; the ratio is
the figure to quote): medians NumSwift / Keras (epochs 2..5) = 198.5k / 124.8k = 1.59x (3 rounds),
147.5k / 81.3k = 1.81x (3 rounds), 106.5k / 62.0k = 1.72x (5 rounds). Test accuracy after 5 epochs,
seed 42: NumSwift 0.9724, Keras 0.9722. Autoencoder (--autoencoder): train loss per epoch
NumSwift 0.03817 0.01253 0.00737 0.00526 0.00421 vs Keras 0.03880 0.01302 0.00764 0.00533 0.00422;
test 0.00374 vs 0.00371.

Accuracy over seeds (2026-12-02, 5 epochs, 1 thread; Keras via `--keras-worker --seed S`, NumSwift
via `numswift mnist --seed S --threads 1`), seeds 42..49:
  Keras    0.9722 0.9694 0.9720 0.9705 0.9693 0.9719 0.9698 0.9713   mean 0.97080
  NumSwift 0.9718 0.9679 0.9726 0.9688 0.9714 0.9708 0.9702 0.9727   mean 0.97078
TrainingTests.baselineMatchesKerasMeanAccuracyOnMNISTOverEightSeeds holds the Keras column.

Setup:  benchmarks/compare/keras_mnist.sh installs keras and jax[cpu] into benchmarks/compare/.venv
Run:    benchmarks/compare/.venv/bin/python benchmarks/compare/keras_mnist.py [--rounds 3] [--epochs 3]
        ... --autoencoder: Su's target-free autoencoder (addLoss) vs Keras fit(x, x) + MSE, losses per epoch
"""
import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SINGLE_THREAD_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
    "KERAS_BACKEND": "jax",
    "JAX_PLATFORMS": "cpu",
}


def read_idx(path):
    """IDX (MNIST) unsigned-byte file -> numpy array."""
    import numpy as np

    with gzip.open(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 8:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def keras_worker(epochs, batch, seed, data_dir, autoencoder=False):
    """Trains the baseline (or Su's autoencoder) with Keras; prints one JSON line."""
    import numpy as np
    import keras

    keras.utils.set_random_seed(seed)
    xtr = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz")).reshape(-1, 784).astype("float32") / 255
    ytr = keras.utils.to_categorical(read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz")), 10)
    xte = read_idx(os.path.join(data_dir, "t10k-images-idx3-ubyte.gz")).reshape(-1, 784).astype("float32") / 255
    yte = keras.utils.to_categorical(read_idx(os.path.join(data_dir, "t10k-labels-idx1-ubyte.gz")), 10)

    x_in = keras.Input(shape=(784,))
    h = keras.layers.Dense(100, activation="relu")(x_in)
    if autoencoder:
        # Keras 3 has no symbolic add_loss on functional models; the target-free objective
        # mean((x_hat - x)^2) is the same as fit(x, x) with the mean squared error.
        xr = keras.layers.Dense(784, activation="sigmoid")(h)
        model = keras.Model(x_in, xr)
        model.compile(loss="mse", optimizer=keras.optimizers.Adam(1e-3))
        hist = model.fit(xtr, xtr, batch_size=batch, epochs=epochs, shuffle=True, verbose=0)
        print(json.dumps({"train_loss": hist.history["loss"],
                          "test_loss": float(model.evaluate(xte, xte, batch_size=1000, verbose=0))}))
        return
    y = keras.layers.Dense(10, activation="softmax")(h)
    model = keras.Model(x_in, y)
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(1e-3), metrics=["accuracy"])

    class EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t0)

    times = []
    t0 = time.perf_counter()
    model.fit(xtr, ytr, batch_size=batch, epochs=epochs, shuffle=True, verbose=0, callbacks=[EpochTimer()])
    total = time.perf_counter() - t0
    _, acc = model.evaluate(xte, yte, batch_size=1000, verbose=0)
    n = xtr.shape[0]
    steady = [n / t for t in times[1:]] or [n / times[0]]
    print(json.dumps({
        "test_accuracy": float(acc),
        "samples_per_second": statistics.median(steady),
        "samples_per_second_with_compile": epochs * n / total,
        "epoch_seconds": times,
    }))


def run_json(cmd, env):
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--data-dir", default=os.path.join(ROOT, "data", "mnist"))
    ap.add_argument("--numswift", default=os.path.join(ROOT, ".build", "release", "numswift"))
    ap.add_argument("--autoencoder", action="store_true",
                    help="compare Su's autoencoder (numswift mnist --autoencoder, addLoss) with Keras fit(x, x) + MSE")
    ap.add_argument("--keras-worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.keras_worker:
        keras_worker(args.epochs, args.batch_size, args.seed, args.data_dir, args.autoencoder)
        return

    if args.autoencoder:
        env = dict(os.environ, **SINGLE_THREAD_ENV)
        k = run_json(["taskset", "-c", "0", sys.executable, os.path.abspath(__file__), "--keras-worker", "--autoencoder",
                      "--epochs", str(args.epochs), "--batch-size", str(args.batch_size), "--seed", str(args.seed),
                      "--data-dir", args.data_dir], env)
        n = run_json(["taskset", "-c", "0", args.numswift, "mnist", "--autoencoder", "--epochs", str(args.epochs),
                      "--batch-size", str(args.batch_size), "--seed", str(args.seed), "--threads", "1",
                      "--verbose", "0", "--json", "--data-dir", args.data_dir], env)
        print("keras+jax train loss per epoch:", " ".join(f"{v:.5f}" for v in k["train_loss"]),
              f"test {k['test_loss']:.5f}")
        print("numswift  train loss per epoch:", " ".join(f"{v:.5f}" for v in n["train_loss"]),
              f"test {n['test_loss']:.5f}")
        return

    env = dict(os.environ, **SINGLE_THREAD_ENV)
    pin = ["taskset", "-c", "0"]
    keras_cmd = pin + [sys.executable, os.path.abspath(__file__), "--keras-worker", "--epochs", str(args.epochs),
                       "--batch-size", str(args.batch_size), "--seed", str(args.seed), "--data-dir", args.data_dir]
    ns_cmd = pin + [args.numswift, "mnist", "--epochs", str(args.epochs), "--batch-size", str(args.batch_size),
                    "--seed", str(args.seed), "--threads", "1", "--verbose", "0", "--json", "--data-dir", args.data_dir]
    keras_runs, ns_runs = [], []
    for r in range(args.rounds):
        k = run_json(keras_cmd, env)
        keras_runs.append(k)
        print(f"round {r + 1} A keras+jax : {k['samples_per_second']:9.0f} samples/s "
              f"({k['samples_per_second_with_compile']:.0f} with compile), test acc {k['test_accuracy']:.4f}", flush=True)
        n = run_json(ns_cmd, env)
        ns_runs.append(n)
        print(f"round {r + 1} B numswift  : {n['samples_per_second']:9.0f} samples/s, test acc {n['test_accuracy']:.4f}",
              flush=True)
    k_med = statistics.median(k["samples_per_second"] for k in keras_runs)
    k_med_c = statistics.median(k["samples_per_second_with_compile"] for k in keras_runs)
    n_med = statistics.median(n["samples_per_second"] for n in ns_runs)
    print(f"median keras+jax (epochs 2..{args.epochs}): {k_med:.0f} samples/s; with compile {k_med_c:.0f}")
    print(f"median numswift: {n_med:.0f} samples/s")
    print(f"ratio numswift / keras: {n_med / k_med:.2f}x (vs keras incl. compile {n_med / k_med_c:.2f}x)")
    print(json.dumps({"keras_samples_per_second": k_med, "numswift_samples_per_second": n_med,
                      "ratio": n_med / k_med, "epochs": args.epochs, "rounds": args.rounds,
                      "keras_test_accuracy": [k["test_accuracy"] for k in keras_runs],
                      "numswift_test_accuracy": [n["test_accuracy"] for n in ns_runs]}))


if __name__ == "__main__":
    main()
