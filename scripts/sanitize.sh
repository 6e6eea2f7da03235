#!/usr/bin/env bash
# The test suite under the sanitizers (issue 13), each build in its own scratch path.
#
#   bash scripts/sanitize.sh address     # AddressSanitizer (+ LeakSanitizer off: Swift runtime caches)
#   bash scripts/sanitize.sh undefined   # UndefinedBehaviorSanitizer, stopping at the first report
#   bash scripts/sanitize.sh thread      # ThreadSanitizer on the multi-threaded paths
#   bash scripts/sanitize.sh thread-c    # ThreadSanitizer on the C kernels alone (gcc, pthread driver)
#   bash scripts/sanitize.sh all         # the three in turn
#
# Release builds (-c release -enable-testing, as CI) so the numeric tests run in minutes. Address
# and thread instrument the C kernels and the Swift code (SwiftPM passes -fsanitize to clang and
# -sanitize to swiftc); swiftc has no UBSan, so undefined instruments the C kernels only (where
# the shifts, casts and index arithmetic are) and links the UBSan runtime. Scratch paths: .build-asan, .build-ubsan, .build-tsan. Extra arguments after
# the mode go to `swift test` (e.g. --filter InfoMapTests).
#
# ThreadSanitizer runs the suites that start threads (word2vec Hogwild training, the parallel
# tensor kernels, InfoMap trials) with scripts/tsan.supp, which suppresses exactly word2vec's
# lock-free row updates: those races are the Hogwild algorithm, as in the original word2vec.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mode=${1:-all}
shift || true

run() {
    local san=$1 scratch=$2
    shift 2
    local flags=()
    # swiftc has no -sanitize=undefined: UBSan instruments the C kernels (clang) and is linked in.
    if [ "$san" = undefined ]; then
        flags=(-Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=undefined -Xswiftc -Xclang-linker -Xswiftc -fsanitize=undefined)
    else
        flags=(--sanitize="$san")
    fi
    echo "== $san: building in $scratch"
    nice swift build -c release -Xswiftc -enable-testing --build-tests "${flags[@]}" --scratch-path "$scratch" 2>&1 | tail -5
    echo "== $san: testing"
    nice swift test -c release -Xswiftc -enable-testing --skip-build "${flags[@]}" --scratch-path "$scratch" "$@"
}

case $mode in
address)
    # detect_leaks=0: the Swift runtime and Foundation keep process-lifetime caches LSan reports.
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:detect_stack_use_after_return=0}
    run address .build-asan "$@" ;;
undefined)
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    run undefined .build-ubsan "$@" ;;
thread-c)
    # The threaded C kernels called from pthreads as their Swift callers do (scripts/tsan/kernels_driver.c),
    # built with gcc -fsanitize=thread; exits non-zero at the first unsuppressed report.
    out=${TSAN_SCRATCH:-$ROOT/.build-tsan-c}
    mkdir -p "$out"
    nice gcc -O1 -g -fsanitize=thread -fno-omit-frame-pointer -I "$ROOT/Sources/CKernels/include" \
        "$ROOT/scripts/tsan/kernels_driver.c" "$ROOT"/Sources/CKernels/*/*.c -lopenblas -llapacke -lz -lm -lpthread \
        -o "$out/kernels_driver" 2>&1 | grep -v -i "warning\|note:\|^ " || true
    TSAN_OPTIONS=suppressions=$ROOT/scripts/tsan.supp:halt_on_error=1:exitcode=66 "$out/kernels_driver" ;;
thread)
    export TSAN_OPTIONS=${TSAN_OPTIONS:-suppressions=$ROOT/scripts/tsan.supp:halt_on_error=1:second_deadlock_stack=1}
    filter=${TSAN_FILTER:-Word2Vec|Parallel|Matmul|Elementwise|Reduction|Softmax|Search|Oracle}
    run thread .build-tsan --filter "$filter" "$@" ;;
all)
    bash "$0" address "$@"
    bash "$0" undefined "$@"
    bash "$0" thread "$@"
    bash "$0" thread-c ;;
*)
    echo "usage: $0 address|undefined|thread|thread-c|all [swift test arguments]" >&2
    exit 2 ;;
esac
