#!/usr/bin/env bash
# Tensor.matmul vs a direct cblas_sgemm call (ck_sgemm) in the same process, interleaved inside
# `numswift bench gemm`. Prints one line per (size, threads) and the JSON objects.
# Usage: benchmarks/compare/gemm.sh [sizes...]   (default: 256 1024; threads 1)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product numswift >/dev/null
BIN=.build/release/numswift
SIZES=${*:-256 1024}
THREADS=${THREADS:-1}
for t in $THREADS; do
  for n in $SIZES; do
    # Three runs; each run interleaves the two paths and reports medians.
    for run in 1 2 3; do
      OPENBLAS_NUM_THREADS=$t nice "$BIN" bench gemm --size "$n" --threads "$t" --json | tail -1
    done
  done
done
