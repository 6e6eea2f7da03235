#!/usr/bin/env bash
# NumSwift `words discover` vs nlp-zero 0.1.6 Word_Finder, and `word2vec` vs gensim (see words.py).
# usage: benchmarks/compare/words.sh DATA_DIR [REPS=3] [words.py options]
#   DATA_DIR holds the corpora (reviews_zh.txt.gz, pd199801_raw.txt.gz; not in the project: see
#   benchmarks/README.md), e.g. `words.sh ~/data/text 3 --only discover` runs only the discovery comparison.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${1:?usage: words.sh DATA_DIR [REPS] [words.py options]: the folder holding the corpora}"
reps="${2:-3}"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install -q nlp-zero==0.1.6 jieba==0.42.1 gensim scikit-learn
# nlp-zero 0.1.6 imports Iterable from collections, which Python >= 3.10 removed.
nz="$("$venv/bin/python" -c 'import importlib.util as u; print(u.find_spec("nlp_zero").submodule_search_locations[0])')/nlp_zero.py"
sed -i 's/^from collections import defaultdict, Iterable$/from collections import defaultdict\nfrom collections.abc import Iterable/' "$nz"
(cd "$root" && swift build -c release --product numswift >/dev/null)
export OPENBLAS_NUM_THREADS=1
exec nice "$venv/bin/python" "$here/words.py" --numswift "$root/.build/release/numswift" --data "$data" --reps "$reps" "${@:3}"
