#!/usr/bin/env bash
# MLP forward+backward (relu, sparse softmax cross-entropy) vs the sum of its GEMM times,
# measured interleaved in one process by `numswift bench mlp`.
# Usage: benchmarks/compare/mlp.sh [layers] [batch]   (default 784,256,256,10 and 128; threads 1)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product numswift >/dev/null
LAYERS=${1:-784,256,256,10}
BATCH=${2:-128}
for run in 1 2 3; do
  OPENBLAS_NUM_THREADS=1 nice .build/release/numswift bench mlp --layers "$LAYERS" --batch "$BATCH" --threads 1 --reps 500 --json | tail -1
done
