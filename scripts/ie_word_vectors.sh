#!/usr/bin/env bash
# Word features for `numswift ie train --word-vectors` (article 6671 §2.3 with the tools of 6540):
# new-word discovery on the People's Daily raw corpus, segmentation of the corpus with the
# discovered words (maximum-probability path), then skip-gram word2vec with negative sampling.
# Usage: scripts/ie_word_vectors.sh [OUT_DIR]   (default build/ie; writes words.txt, vectors.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-build/ie}
mkdir -p "$OUT"
swift build -c release --product numswift >/dev/null
NS=.build/release/numswift
CORPUS=data/text/pd199801_raw.txt.gz
"$NS" words discover "$CORPUS" -o "$OUT/words.txt" --min-proba 1e-6 --min-pmi 0.5
"$NS" words segment --vocab "$OUT/words.txt" "$CORPUS" -o "$OUT/segmented.txt"
"$NS" word2vec "$OUT/segmented.txt" -o "$OUT/vectors.txt" --sg --dim 100 --window 5 --negative 5 --epochs 10 --min-count 2 --seed 1
wc -l "$OUT/words.txt" "$OUT/vectors.txt"
