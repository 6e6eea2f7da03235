#!/usr/bin/env bash
# The main job on a fresh Debian/Ubuntu machine with Swift: install the system libraries when
# missing, build in release mode, and train the article-6311 MNIST baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product numswift
.build/release/numswift info
.build/release/numswift mnist --epochs 5 --batch-size 128 --seed 42 "$@"
