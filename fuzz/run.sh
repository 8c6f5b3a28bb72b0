#!/bin/sh
# Builds fuzz/npy_fuzzer (clang++, libFuzzer + ASan + UBSan) and runs it for a bounded time,
# starting from the .npy files in tests/data/npy. Exits non-zero when the fuzzer finds a
# crash, a sanitizer report, an unexpected exception or an oversized allocation.
#
#   fuzz/run.sh [seconds]        default 60
#   TENSR_FUZZ_BUILD_DIR=...     build and corpus directory (default: $TMPDIR/tensr_fuzz)
#   CXX=...                      the clang++ to use (default: clang++)
set -eu

seconds=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${TENSR_FUZZ_BUILD_DIR:-${TMPDIR:-/tmp}/tensr_fuzz}

cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER="${CXX:-clang++}" >/dev/null
cmake --build "$build" -j2

corpus="$build/corpus"
mkdir -p "$corpus" "$build/artifacts"
cp "$root"/tests/data/npy/*.npy "$corpus/"

# Inputs are at most 4 KiB, so no legitimate allocation comes near 64 MB.
"$build/npy_fuzzer" "$corpus" -dict="$here/npy.dict" -max_total_time="$seconds" \
  -max_len=4096 -malloc_limit_mb=64 -rss_limit_mb=1024 -timeout=10 \
  -artifact_prefix="$build/artifacts/" -print_final_stats=1
