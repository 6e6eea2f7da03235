#!/usr/bin/env bash
# libFuzzer targets for every NumSwift input parser (issue 13), outside the package manifest.
#
#   bash scripts/fuzz.sh build [TARGET...]   # build fuzz executables into .build-fuzz/ (default: all)
#   bash scripts/fuzz.sh run [TARGET...]     # build, then run each target in turn (nice'd)
#   bash scripts/fuzz.sh list
#
# The targets (fuzz/<target>.swift) of one library module (InfoMap, WordMining or NumSwift) are
# compiled with `swiftc -sanitize=fuzzer,address` together with that module's sources and the C
# kernels (clang -fsanitize=fuzzer-no-link,address) into one executable, fuzz-<Module>, which runs
# the target named by FUZZ_TARGET; the fuzz code sees internal functions without @testable. Seed corpora come from the test fixtures and small files made here.
# Environment: FUZZ_RUNS (executions per target, default 1000000), FUZZ_SECONDS (time cap per
# target, default 420), FUZZ_SCRATCH (default .build-fuzz). A run appends one line per target to
# $FUZZ_SCRATCH/results.tsv: target, executions, seconds, crashes (artifact files).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${FUZZ_SCRATCH:-$ROOT/.build-fuzz}
RUNS=${FUZZ_RUNS:-1000000}
SECONDS_CAP=${FUZZ_SECONDS:-420}
SWIFT_BIN=$(dirname "$(readlink -f "$(command -v swiftc)")")
CLANG=${CLANG:-$SWIFT_BIN/clang}

declare -A MODULE=(
    [linklist]=InfoMap [pajek]=InfoMap [clusterdata]=InfoMap [knnvectors]=InfoMap
    [idx]=NumSwift [safetensors]=NumSwift
    [w2vtext]=WordMining [w2vbinary]=WordMining [corpus]=WordMining [vocabulary]=WordMining [shards]=WordMining
    [iejson]=RelationExtraction [ieschema]=RelationExtraction
)
ALL=(linklist pajek clusterdata knnvectors idx safetensors w2vtext w2vbinary corpus vocabulary shards iejson ieschema)
# Library modules each fuzzed module imports (built first as instrumented objects + .swiftmodule).
declare -A DEPS=(
    [InfoMap]="NumSwiftSupport" [NumSwift]="NumSwiftSupport" [WordMining]="NumSwiftSupport"
    [RelationExtraction]="NumSwiftSupport WordMining"
)
# The sources of a fuzzed module: all of them, except RelationExtraction, whose readers are fuzzed
# without its model code (which would pull in the whole NumSwift module).
module_sources() {
    case $1 in
    RelationExtraction)
        for f in IEDataReader Schema RelationExtractionError Triple TripleScore; do echo "$ROOT/Sources/RelationExtraction/$f.swift"; done ;;
    *) find "$ROOT/Sources/$1" -name '*.swift' | sort ;;
    esac
}
SWIFTFLAGS=(-O -g -sanitize=fuzzer,address -parse-as-library -package-name numswift
    -I "$ROOT/Sources/CKernels/include" -I "$OUT/mods" -module-cache-path "$OUT/module-cache")

build_c() {
    mkdir -p "$OUT/obj"
    for c in "$ROOT"/Sources/CKernels/*/*.c; do
        local o="$OUT/obj/$(basename "$(dirname "$c")")-$(basename "${c%.c}").o"
        if [ ! -f "$o" ] || [ "$c" -nt "$o" ]; then
            nice "$CLANG" -O1 -g -fsanitize=fuzzer-no-link,address -fno-omit-frame-pointer \
                -I "$ROOT/Sources/CKernels/include" -c "$c" -o "$o"
        fi
    done
}

# A dependency as an instrumented library: $OUT/mods/<m>.swiftmodule and $OUT/lib/<m>.o.
build_lib() {
    local m=$1 o="$OUT/lib/$1.o"
    mkdir -p "$OUT/lib" "$OUT/mods"
    if [ -f "$o" ] && [ -z "$(find "$ROOT/Sources/$m" -name '*.swift' -newer "$o" -print -quit)" ]; then return; fi
    echo "building library $m"
    # shellcheck disable=SC2046
    nice swiftc "${SWIFTFLAGS[@]}" -wmo -module-name "$m" -emit-module -emit-module-path "$OUT/mods/$m.swiftmodule" \
        -c $(find "$ROOT/Sources/$m" -name '*.swift' | sort) -o "$o.new" 2>&1 | grep -v "Cannot export local symbol" || true
    [ -f "$o.new" ] || { echo "build of library $m failed" >&2; exit 1; }
    mv "$o.new" "$o"
}

# One fuzz executable per fuzzed module (its targets are chosen at run time by FUZZ_TARGET): the
# module's sources are compiled together with the target files, so they see internal functions.
build_module() {
    local m=$1
    local exe="$OUT/bin/fuzz-$m"
    mkdir -p "$OUT/bin"
    local d libs=() targets=()
    for d in ${DEPS[$m]}; do build_lib "$d"; libs+=("$OUT/lib/$d.o"); done
    for t in "${ALL[@]}"; do [ "${MODULE[$t]}" = "$m" ] && targets+=("$ROOT/fuzz/$t.swift"); done
    # Rebuild when a source, a target file, a library or a C object is newer than the executable.
    if [ -f "$exe" ] && [ -z "$(find "$ROOT/Sources/$m" "$ROOT/fuzz" "$OUT/obj" "$OUT/lib" \( -name '*.swift' -o -name '*.o' \) -newer "$exe" -print -quit)" ]; then
        return
    fi
    echo "building $exe"
    # shellcheck disable=SC2046
    nice swiftc "${SWIFTFLAGS[@]}" -module-name "$m" \
        $(module_sources "$m") "$ROOT/fuzz/FuzzSupport.swift" "$ROOT/fuzz/Targets$m.swift" "${targets[@]}" \
        "${libs[@]}" "$OUT"/obj/*.o -lopenblas -llapacke -lz -lm -o "$exe.new" 2>&1 | grep -v "Cannot export local symbol" || true
    [ -x "$exe.new" ] || { echo "build of $exe failed" >&2; exit 1; }
    mv "$exe.new" "$exe"
}

seeds() {
    local t=$1 d="$OUT/seeds/$1"
    [ -d "$d" ] && [ -n "$(ls -A "$d")" ] && return
    mkdir -p "$d"
    set +o pipefail # `zcat | head -c` ends zcat with SIGPIPE
    local im=$ROOT/Tests/InfoMapTests/Fixtures wm=$ROOT/Tests/WordMiningTests/Fixtures
    case $t in
    linklist)
        for f in "$im"/hier2_*.txt; do head -c 4000 "$f" >"$d/$(basename "$f")"; done
        zcat "$im/karate.txt.gz" | head -c 4000 >"$d/karate.txt"
        printf '# comment\n1 2 0.5\n2 3 1e-3\n3 1\n' >"$d/weights.txt" ;;
    pajek)
        head -c 4000 "$im/karate_pajek.net" >"$d/karate.net"
        cp "$im/ninetriangles.net" "$d/"
        printf '*Vertices 3\n*Arcs\n1 2 2\n2 3\n*Edges\n3 1 0.5\n' >"$d/implicit.net" ;;
    clusterdata)
        printf '\x00# clu\n1 0\n2 0\n3 0\n4 1\n5 1\n6 1\n7 2 0.1\n' >"$d/a.clu"
        printf '\x01# tree\n1:1 0.1 "1" 1\n1:2 0.1 "2" 2\n1:3 0.1 "3" 3\n2:1:1 0.1 "4" 4\n2:1:2 0.1 "5" 5\n2:2:1 0.1 "6" 6\n3:1 0.1 "7" 7\n' >"$d/b.tree"
        head -c 3000 "$im/karate.tree" | sed '1s/^/\x01/' >"$d/karate.tree"
        head -c 3000 "$im/karate.clu" | sed '1s/^/\x00/' >"$d/karate.clu" ;;
    knnvectors | w2vtext)
        printf '4 3\nfoo 1 0 0\nbar 0.9 0.1 0\nbaz 0 1 0.5\nqux -1 2e-3 1\n' >"$d/v.txt"
        printf '2 2\n\xe6\x88\x91 1.5 -2\ncaf\xc3\xa9 0 1\n' >"$d/utf8.txt"
        printf '2 2\nfoo 1 0\n' | gzip -c >"$d/v.txt.gz" ;;
    w2vbinary)
        python3 - "$d" <<'EOF'
import struct, sys, gzip
d = sys.argv[1]
def vecs(words, dim):
    out = f"{len(words)} {dim}\n".encode()
    for i, w in enumerate(words):
        out += w.encode() + b" " + struct.pack(f"<{dim}f", *[(i + k) * 0.25 for k in range(dim)]) + b"\n"
    return out
open(f"{d}/a.bin", "wb").write(vecs(["foo", "bar", "我们"], 4))
open(f"{d}/b.bin", "wb").write(vecs(["x"], 1))
open(f"{d}/c.bin.gz", "wb").write(gzip.compress(vecs(["foo", "bar"], 2)))
EOF
        ;;
    idx)
        python3 - "$d" <<'EOF'
import struct, sys, gzip
d = sys.argv[1]
def idx(dims, payload):
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", x) for x in dims) + payload
open(f"{d}/labels", "wb").write(idx([5], bytes([7, 2, 1, 0, 4])))
open(f"{d}/images", "wb").write(idx([2, 3, 4], bytes(range(24))))
open(f"{d}/images.gz", "wb").write(gzip.compress(idx([1, 28, 28], bytes(784))))
EOF
        ;;
    safetensors)
        python3 - "$d" <<'EOF'
import json, struct, sys
d = sys.argv[1]
def st(tensors, meta=None):
    header, data = {}, b""
    if meta: header["__metadata__"] = meta
    for name, (shape, values) in tensors.items():
        b = struct.pack(f"<{len(values)}f", *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [len(data), len(data) + len(b)]}
        data += b
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    return struct.pack("<Q", len(h)) + h + data
open(f"{d}/a.safetensors", "wb").write(st({"w": ([2, 2], [1, 2, 3, 4]), "b": ([2], [0.5, -1])}, {"format": "pt"}))
open(f"{d}/empty.safetensors", "wb").write(st({"s": ([], [3.0]), "z": ([0, 4], [])}))
EOF
        ;;
    corpus)
        zcat "$wm/reviews_head3000.txt.gz" | head -c 3000 >"$d/reviews.txt"
        printf 'café crème brûlée ABC123 x.y\r\n我们是\n\n' >"$d/mixed.txt"
        printf '\xff\xfe bad utf8 \xc3\n' >"$d/bad.txt"
        zcat "$wm/reviews_head3000.txt.gz" | head -c 800 | gzip -c >"$d/reviews.txt.gz" ;;
    shards)
        zcat "$wm/reviews_head3000.txt.gz" | head -c 3000 >"$d/reviews.txt"
        printf 'a\nbb\n\nccc\r\ndddd\n' >"$d/short.txt"
        printf '\x00\x01\n\n\n' >"$d/blank.txt" ;;
    iejson)
        head -c 3000 "$ROOT/Tests/RelationExtractionTests/Fixtures/eval_gold.jsonl" >"$d/gold.jsonl"
        printf '{"text": "ab", "spo_list": [["a", "p", "b"]]}\n{"text": "x", "spo_list": [{"subject": "x", "predicate": "q", "object": "y"}]}\n\n' >"$d/a.jsonl"
        printf '{"text": "\\u4e2d", "spo_list": []}\n' >"$d/b.jsonl" ;;
    ieschema)
        head -c 3000 "$ROOT/Tests/RelationExtractionTests/Fixtures/schema.json" >"$d/schema.json"
        printf '{"predicate": "p", "subject_type": "s", "object_type": "o"}\n{"predicate": "q"}\n' >"$d/a.json"
        printf '[{"predicate": "p"}, {"predicate": "q", "object_type": "o"}]\n' >"$d/b.json" ;;
    vocabulary)
        zcat "$wm/reviews_head3000.nlpzero.txt.gz" | head -c 3000 >"$d/vocab.txt"
        printf '我们 5\n是 3\ncafé 2\nab 1\n' >"$d/small.txt" ;;
    esac
    set -o pipefail
}

cmd=${1:-run}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${ALL[@]}")
case $cmd in
list) printf '%s\n' "${ALL[@]}"; exit 0 ;;
build | run) ;;
*) echo "usage: $0 build|run|list [TARGET...]" >&2; exit 2 ;;
esac
for t in "${targets[@]}"; do
    [ -n "${MODULE[$t]:-}" ] || { echo "unknown target $t (see: $0 list)" >&2; exit 2; }
done
build_c
for m in $(for t in "${targets[@]}"; do echo "${MODULE[$t]}"; done | sort -u); do build_module "$m"; done
[ "$cmd" = build ] && exit 0

for t in "${targets[@]}"; do
    seeds "$t"
    mkdir -p "$OUT/corpus/$t" "$OUT/artifacts/$t"
    log="$OUT/$t.log"
    start=$(date +%s)
    set +e
    (cd "$OUT" && OPENBLAS_NUM_THREADS=1 FUZZ_TARGET=$t nice "$OUT/bin/fuzz-${MODULE[$t]}" -runs="$RUNS" -max_total_time="$SECONDS_CAP" -max_len=4096 -timeout=10 \
        -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$t/" \
        "$OUT/corpus/$t" "$OUT/seeds/$t" >"$log" 2>&1)
    rc=$?
    set -e
    secs=$(($(date +%s) - start))
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    crashes=$(find "$OUT/artifacts/$t" -type f | wc -l)
    printf '%s\t%s\t%s\t%s\texit %s\n' "$t" "$execs" "$secs" "$crashes" "$rc" | tee -a "$OUT/results.tsv"
done
