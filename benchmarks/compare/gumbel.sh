#!/usr/bin/env bash
# Gumbel-Softmax soft/hard and Gumbel-Max: jitted JAX vs `numswift bench gumbel`, one thread each,
# interleaved (see gumbel.py). Usage: benchmarks/compare/gumbel.sh [--rounds 5] [--clock cpu|wall]
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=benchmarks/compare/.venv
if ! "$VENV/bin/python" -c "import jax" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "jax[cpu]"
fi
swift build -c release --product numswift >/dev/null
exec nice "$VENV/bin/python" benchmarks/compare/gumbel.py "$@"
