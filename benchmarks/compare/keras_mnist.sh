#!/usr/bin/env bash
# MNIST baseline (784 -> Dense 100 relu -> Dense 10 softmax, Adam 1e-3, batch 128): Keras 3 on JAX
# vs `numswift mnist`, both on one thread pinned to CPU 0, rounds interleaved (A B A B ...).
# Prints per-round samples/s and test accuracy, the medians and the ratio NumSwift / Keras.
# Usage: benchmarks/compare/keras_mnist.sh [--rounds 3] [--epochs 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=benchmarks/compare/.venv
if ! KERAS_BACKEND=jax "$VENV/bin/python" -c "import keras, jax" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q keras "jax[cpu]"
fi
swift build -c release --product numswift >/dev/null
exec nice "$VENV/bin/python" benchmarks/compare/keras_mnist.py "$@"
