#!/usr/bin/env bash
# Bad and unusual inputs for every `numswift` subcommand (issue 13), run against a release build.
#
#   bash scripts/hardening_cases.sh [path/to/numswift]     # default .build/release/numswift
#
# Each case states what it expects:
#   err   a clean failure: exit status 1-125 (no signal, no timeout), a message on stderr that is
#         shorter than 1,000 bytes and contains the given words (case-insensitive, | separated)
#   ok    success (exit 0); optional words must appear on stdout+stderr (e.g. a warning)
# (a word written !word must not appear)
# and every case runs under a 60 s timeout and an 8 GiB address-space limit, so a hang or an
# unbounded allocation fails the case instead of the machine. Prints one line per case and a
# closing "N passed, N failed" line; exits 1 when a case fails.
set -u
BIN=${1:-.build/release/numswift}
BIN=$(realpath "$BIN")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FIX_IM=$ROOT/Tests/InfoMapTests/Fixtures
FIX_WM=$ROOT/Tests/WordMiningTests/Fixtures
T=$(mktemp -d /tmp/numswift-cases.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T"
mkdir -p out

pass=0
fail=0
# run NAME EXPECT WORDS -- command...
run() {
    local name=$1 expect=$2 words=$3
    shift 4
    local start=$SECONDS
    (
        ulimit -v 8388608
        timeout 60 "$@" >"$T/stdout" 2>"$T/stderr" </dev/null
    )
    local rc=$?
    local secs=$((SECONDS - start))
    local errlen
    errlen=$(wc -c <"$T/stderr")
    local verdict=PASS why=""
    if [ $rc -eq 124 ]; then
        verdict=FAIL why="timeout (hang)"
    elif [ $rc -ge 128 ]; then
        verdict=FAIL why="killed by signal $((rc - 128)) (crash)"
    elif [ "$expect" = err ] && [ $rc -eq 0 ]; then
        verdict=FAIL why="exit 0 on bad input"
    elif [ "$expect" = ok ] && [ $rc -ne 0 ]; then
        verdict=FAIL why="exit $rc: $(head -c 300 "$T/stderr")"
    elif [ "$expect" = err ] && [ "$errlen" -ge 1000 ]; then
        verdict=FAIL why="error message of $errlen bytes"
    elif [ "$expect" = err ] && [ "$errlen" -eq 0 ]; then
        verdict=FAIL why="no message"
    fi
    if [ $verdict = PASS ] && [ -n "$words" ]; then
        local hay
        hay=$(cat "$T/stdout" "$T/stderr" | head -c 100000)
        IFS='|' read -ra ws <<<"$words"
        for w in "${ws[@]}"; do
            if [ "${w:0:1}" = "!" ]; then
                if grep -qiF -- "${w:1}" <<<"$hay"; then
                    verdict=FAIL why="output has \"${w:1}\": $(head -c 300 "$T/stderr")"
                    break
                fi
            elif ! grep -qiF -- "$w" <<<"$hay"; then
                verdict=FAIL why="output lacks \"$w\": $(head -c 300 "$T/stderr")"
                break
            fi
        done
    fi
    if [ $verdict = PASS ]; then
        pass=$((pass + 1))
        printf 'PASS %-44s %3ss  %s\n' "$name" "$secs" "$(head -c 160 "$T/stderr" | tr '\n' ' ')"
    else
        fail=$((fail + 1))
        printf 'FAIL %-44s %3ss  %s\n' "$name" "$secs" "$why"
    fi
}
# check NAME CONDITION...: a follow-up assertion on files a previous case left.
check() {
    local name=$1
    shift
    if "$@"; then pass=$((pass + 1)); printf 'PASS %s\n' "$name"; else fail=$((fail + 1)); printf 'FAIL %s\n' "$name"; fi
}

BIG=9223372036854775807
KARATE=$FIX_IM/karate.txt.gz
REVIEWS=$FIX_WM/reviews_head3000.txt.gz

# ---- fixtures made here ----
printf '1 2\n2 3\n3 1\n3 4\n4 5\n5 6\n6 4\n' >tri.txt
printf '%s 1\n' $BIG >bigid.clu
printf '1 %s\n' $BIG >bigmodule.clu
printf '1:%s 0.1 "1" 1\n' $BIG >bigpath.tree
printf 'a %s\nb %s\n' $BIG $BIG >bigcounts.txt
printf 'a 5\nb 3\n' >counts.txt
printf '我们 %s\n是 %s\n' $BIG $BIG >bigvocab.txt
printf '我们是\n' >text.txt
printf '50000000 20000\n' >w2v_4tb.txt                     # 20-byte header asking for 4 TB
printf '100000 20000\n' >w2v_8gb.bin                       # binary header for 2e9 floats, no data
printf '%s 2\n' $BIG >w2v_overflow.txt
printf '*Vertices 100000000\n*Edges\n1 2\n2 3\n' >huge.net # 40-byte Pajek file, 100M vertices
ln -s /dev/zero zero.net
ln -s /dev/zero zero.clu
head -c 52428800 /dev/zero | tr '\0' '7' >line50mb.txt     # one 50 MB line
printf '\n' >>line50mb.txt
{ printf '1 2 '; head -c 5000000 /dev/zero | tr '\0' 'x'; printf '\n'; } >badline5mb.txt
printf '\xef\xbb\xbf1 2\n2 3\n' >bom.txt
printf '1 2 1e308\n2 3 1e308\n3 1 1e308\n3 4 1e308\n4 5 1e308\n5 6 1e308\n6 4 1e308\n' >infweights.txt
printf '1 2 0\n2 3 0\n3 1 0\n' >zeroweights.txt
# MNIST-like directories: a label 10, and 20x20 images
python3 - <<'EOF'
import gzip, os, struct
def idx(path, dims, payload):
    with gzip.open(path, "wb") as f:
        f.write(bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + payload)
for name, side, label in (("mnist_label10", 28, 10), ("mnist_20x20", 20, 3)):
    os.makedirs(name, exist_ok=True)
    for split, n in (("train", 4), ("t10k", 2)):
        idx(f"{name}/{split}-images-idx3-ubyte.gz", [n, side, side], bytes(n * side * side))
        idx(f"{name}/{split}-labels-idx1-ubyte.gz", [n], bytes([label % 256] * n))
EOF
printf 'café café café le café est bon\nle café est bon café\ncafé au lait café\n' >cafe.txt
for i in $(seq 1 50); do cat cafe.txt; done >cafe50.txt
printf '3 2\nfoo 1 0\nbar 0.9 0.1\nbaz 0 1\n' >vec.txt
printf 'foo\nnovector\n' >seeds.txt
mkdir -p adir
for i in $(seq 1 200); do echo "a b c d e f g h i j"; done >tok.txt

# ---- integer overflow on values from outside ----
run cluster-data-node-id-int64max err "node id" -- "$BIN" infomap tri.txt out --cluster-data bigid.clu --no-infomap
run cluster-data-module-int64max err "module" -- "$BIN" infomap tri.txt out --cluster-data bigmodule.clu --no-infomap
run cluster-data-tree-path-int64max err "path" -- "$BIN" infomap tri.txt out --cluster-data bigpath.tree --no-infomap
python3 -c "
p = ':'.join(['1'] * 20000)
for i in range(1, 7): print(p + ':%d 0.1 \"%d\" %d' % (i, i, i))" >deep.tree          # 20,000 levels: main took 17 s for 3 nodes
run cluster-data-tree-20000-levels err "module levels" -- "$BIN" infomap tri.txt out --cluster-data deep.tree --no-infomap
run contrast-count-int64max err "count" -- "$BIN" words contrast bigcounts.txt counts.txt
run segment-vocab-count-int64max err "count" -- "$BIN" words segment --vocab bigvocab.txt text.txt
run threads-5e9 err "threads" -- "$BIN" infomap tri.txt out --threads 5000000000
run discover-max-entries-1000 ok "pruned" -- "$BIN" words discover "$REVIEWS" --max-entries 1000 -o out/w.txt
run discover-max-entries-1500 ok "" -- "$BIN" words discover "$REVIEWS" --max-entries 1500 -o out/w.txt
run discover-max-entries-3000 ok "" -- "$BIN" words discover "$REVIEWS" --max-entries 3000 -o out/w.txt
run discover-entropy-max-entries-1000 ok "pruned|no word passed" -- "$BIN" words discover "$REVIEWS" --entropy --max-entries 1000 -o out/w.txt
run discover-max-entries-int64max ok "" -- "$BIN" words discover "$REVIEWS" --max-entries $BIG -o out/w.txt
run word2vec-epochs-int64max err "epochs" -- "$BIN" word2vec tok.txt -o out/v.txt --epochs $BIG --min-count 1
run word2vec-window-int64max err "window" -- "$BIN" word2vec tok.txt -o out/v.txt --window $BIG --min-count 1
run word2vec-dim-int64max err "dim" -- "$BIN" word2vec tok.txt -o out/v.txt --dim $BIG --min-count 1
run infomap-knn-int64max ok "" -- "$BIN" infomap vec.txt out --word2vec --knn $BIG
run mnist-epochs-huge-batch err "batch" -- "$BIN" mnist --batch-size $BIG --data-dir mnist_20x20

# ---- sizes from headers ----
run word2vec-text-header-4tb err "header" -- "$BIN" words expand --vectors w2v_4tb.txt --seeds seeds.txt
run word2vec-text-header-4tb-knn err "header" -- "$BIN" infomap w2v_4tb.txt out --word2vec
run word2vec-header-overflow-knn err "header" -- "$BIN" infomap w2v_overflow.txt out --word2vec
run word2vec-binary-header-8gb err "header|vector" -- "$BIN" words expand --binary --vectors w2v_8gb.bin --seeds seeds.txt
run pajek-100M-vertices err "vertices" -- "$BIN" infomap huge.net out
run bench-gemm-size-4e9 err "size" -- "$BIN" bench gemm --size 4000000000
run bench-gemm-size-200k err "size" -- "$BIN" bench gemm --size 200000
run bench-mlp-layers-huge err "layers|batch" -- "$BIN" bench mlp --layers 784,100000000,10

# ---- endless or huge inputs ----
run devzero-linklist err "" -- "$BIN" infomap /dev/zero out
run devzero-pajek err "" -- "$BIN" infomap zero.net out
run devzero-cluster-data err "" -- "$BIN" infomap tri.txt out --cluster-data zero.clu --no-infomap
run devzero-discover err "" -- "$BIN" words discover /dev/zero
run devzero-segment-text err "" -- "$BIN" words segment --vocab counts.txt /dev/zero
run devzero-segment-vocab err "" -- "$BIN" words segment --vocab /dev/zero text.txt
run devzero-contrast err "" -- "$BIN" words contrast /dev/zero counts.txt
run devzero-expand-vectors err "" -- "$BIN" words expand --vectors /dev/zero --seeds seeds.txt
run devzero-expand-vectors-binary err "" -- "$BIN" words expand --binary --vectors /dev/zero --seeds seeds.txt
run devzero-word2vec err "" -- "$BIN" word2vec /dev/zero -o out/v.txt
run devzero-knn err "" -- "$BIN" infomap /dev/zero out --word2vec
run line-50mb-linklist err ":1:" -- "$BIN" infomap line50mb.txt out
run line-50mb-discover ok "" -- "$BIN" words discover line50mb.txt -o out/w.txt

# ---- data errors that must throw ----
run mnist-label-10 err "label" -- "$BIN" mnist --epochs 1 --data-dir mnist_label10
run mnist-images-20x20 err "28" -- "$BIN" mnist --epochs 1 --data-dir mnist_20x20

# ---- silent nonsense ----
run linklist-weights-overflow-inf err "weight" -- "$BIN" infomap infweights.txt out -o json
run linklist-all-zero-weights err "weight" -- "$BIN" infomap zeroweights.txt out
run output-formats-empty err "-o" -- "$BIN" infomap tri.txt out -o ''
run output-formats-only-commas err "-o" -- "$BIN" infomap tri.txt out -o ,
run out-name-escapes err "out-name" -- "$BIN" infomap tri.txt out --out-name ../x
run out-name-slash err "out-name" -- "$BIN" infomap tri.txt out --out-name a/b
run out-name-empty err "out-name" -- "$BIN" infomap tri.txt out --out-name ''
run knn-threshold-nan err "knn-threshold" -- "$BIN" infomap vec.txt out --word2vec --knn-threshold nan
run min-sim-nan err "min-sim" -- "$BIN" words expand --vectors vec.txt --seeds seeds.txt --min-sim nan
run max-sim-nan err "max-sim" -- "$BIN" words expand --vectors vec.txt --seeds seeds.txt --max-sim nan
run expand-alpha-nan err "alpha" -- "$BIN" words expand --vectors vec.txt --seeds seeds.txt --alpha nan
run teleport-nan err "teleportation|!numswift <subcommand>" -- "$BIN" infomap tri.txt out -p nan
run discover-min-proba-nan err "min-proba" -- "$BIN" words discover cafe.txt --min-proba nan
run discover-min-pmi-nan err "min-pmi" -- "$BIN" words discover cafe.txt --min-pmi nan
run discover-min-entropy-nan err "min-entropy" -- "$BIN" words discover cafe.txt --entropy --min-entropy nan
run word2vec-alpha-nan err "alpha" -- "$BIN" word2vec tok.txt -o out/v.txt --alpha nan --min-count 1
run word2vec-sample-nan err "sample" -- "$BIN" word2vec tok.txt -o out/v.txt --sample nan --min-count 1
run word2vec-alpha-inf err "alpha" -- "$BIN" word2vec tok.txt -o out/v.txt --alpha inf --min-count 1
run discover-keeps-cafe ok "café" -- "$BIN" words discover cafe50.txt
run expand-seed-without-vector ok "novector" -- "$BIN" words expand --vectors vec.txt --seeds seeds.txt
run expand-min-sim-below-floor ok "0.6" -- "$BIN" words expand --vectors vec.txt --seeds seeds.txt --min-sim 0.3

# ---- unclear errors ----
run bad-line-5mb-short-message err ":1:" -- "$BIN" infomap badline5mb.txt out
run bom-named err "byte-order mark|BOM" -- "$BIN" infomap bom.txt out
run bom-named-vocab err "byte-order mark|BOM" -- "$BIN" words segment --vocab bom.txt text.txt
run directory-as-network err "is a directory|!corrupt" -- "$BIN" infomap adir out
run directory-as-corpus err "is a directory|!corrupt" -- "$BIN" words discover adir
run directory-as-vectors err "is a directory|!corrupt" -- "$BIN" words expand --vectors adir --seeds seeds.txt
run directory-as-w2v-corpus err "is a directory|!corrupt" -- "$BIN" word2vec adir -o out/v.txt
run seed-negative err "seed|!missing value" -- "$BIN" infomap tri.txt out --seed -1
run threads-negative err "threads|!missing value" -- "$BIN" infomap tri.txt out --threads -2
run knn-negative err "knn|!missing value" -- "$BIN" infomap vec.txt out --word2vec --knn -3
run min-count-negative err "min-count|!missing value" -- "$BIN" words discover cafe.txt --min-count -1
run segment-no-threads-hint err "threads|!numswift <subcommand>" -- "$BIN" words segment --vocab counts.txt text.txt --threads 2
run word2vec-unwritable-output-early err "out/missing|!word2vec: " -- "$BIN" word2vec "$REVIEWS" -o out/missing/v.txt --epochs 50 --min-count 1
run discover-unwritable-output-early err "missing|!counting" -- "$BIN" words discover "$REVIEWS" -o out/missing/w.txt
run infomap-outdir-is-file err "directory" -- "$BIN" infomap tri.txt tri.txt

# ---- subcommands added after the first pass: ie, vae, bench dgcnn/gumbel/train-step ----
FIX_IE=$ROOT/Tests/RelationExtractionTests/Fixtures
IE=(--dev "$FIX_IE/eval_gold.jsonl" --schema "$FIX_IE/schema.json" --out out/ie)
printf '{"text": "a", "spo_list": [["a", "p", "b"]]}\n{"text": 5}\n' >ie_badtext.jsonl
printf '{"predicate": "p"}\n{"predicate": "p"}\n' >schema_dup.json
run ie-epochs-negative err "epochs|!missing value" -- "$BIN" ie train --train "$FIX_IE/eval_gold.jsonl" "${IE[@]}" --epochs -1
run ie-ema-decay-nan err "ema-decay" -- "$BIN" ie train --train "$FIX_IE/eval_gold.jsonl" "${IE[@]}" --ema-decay nan
run ie-train-directory err "is a directory|!corrupt" -- "$BIN" ie train --train adir "${IE[@]}" --epochs 1
run ie-train-devzero err "64 MiB" -- "$BIN" ie train --train /dev/zero "${IE[@]}" --epochs 1
run ie-schema-devzero err "NUL byte" -- "$BIN" ie train --train "$FIX_IE/eval_gold.jsonl" --dev "$FIX_IE/eval_gold.jsonl" --schema /dev/zero --out out/ie
run ie-schema-duplicate err "schema_dup.json:2" -- "$BIN" ie train --train "$FIX_IE/eval_gold.jsonl" --dev "$FIX_IE/eval_gold.jsonl" --schema schema_dup.json --out out/ie
run ie-eval-bad-line err "ie_badtext.jsonl:2" -- "$BIN" ie eval ie_badtext.jsonl "$FIX_IE/eval_gold.jsonl"
run ie-eval-devzero err "/dev/zero:1|!/dev/zero: /dev/zero" -- "$BIN" ie eval "$FIX_IE/eval_pred.jsonl" /dev/zero
run ie-predict-unwritable-output-early err "out/missing" -- "$BIN" ie predict --model adir "$FIX_IE/eval_gold.jsonl" -o out/missing/p.jsonl
run vae-epochs-negative err "epochs|!missing value" -- "$BIN" vae --epochs -1
run bench-gumbel-rows-int64max err "rows" -- "$BIN" bench gumbel --rows $BIG
run bench-gumbel-tau-nan err "tau" -- "$BIN" bench gumbel --tau nan
run bench-dgcnn-huge err "batch" -- "$BIN" bench dgcnn --batch 100000 --length 10000
run bench-dgcnn-negative err "batch|!missing value" -- "$BIN" bench dgcnn --batch -3
run bench-train-step-huge err "batch" -- "$BIN" bench train-step --batch 99999999999999
run mnist-orthogonal-factor-negative err "orthogonal-factor|!missing value" -- "$BIN" mnist --orthogonal full --orthogonal-factor -1

# ---- all-or-nothing multi-format output ----
mkdir -p out/aon && mkdir -p out/aon/tri.json
run multi-format-write-fails err "tri.json" -- "$BIN" infomap tri.txt out/aon -o clu,tree,json
check multi-format-nothing-written test ! -e out/aon/tri.clu -a ! -e out/aon/tri.tree
check multi-format-no-temp-files test -z "$(ls -A out/aon | grep -v '^tri.json$')"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
