#!/usr/bin/env bash
# DGCNN stack (article 6671) forward+backward: NumSwift vs jitted JAX, interleaved, 1 thread.
# Usage: benchmarks/compare/dgcnn_jax.sh [extra dgcnn_jax.py options, e.g. --rounds 7]
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=benchmarks/compare/.venv/bin/python
"$PY" -c "import jax" 2>/dev/null || { echo "install the venv first: python3 -m venv benchmarks/compare/.venv && benchmarks/compare/.venv/bin/pip install 'jax[cpu]' numpy" >&2; exit 1; }
swift build -c release --product numswift >/dev/null
OPENBLAS_NUM_THREADS=1 nice "$PY" benchmarks/compare/dgcnn_jax.py --binary .build/release/numswift \
  --batch 64 --length 128 --channels 128 --blocks 9 "$@"
