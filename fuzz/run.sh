#!/bin/sh
# Builds tensr's libFuzzer targets (clang++, libFuzzer + ASan + UBSan) and runs each for a
# bounded time from its committed seed corpus. Exits non-zero when a fuzzer finds a crash, a
# sanitizer report, a wrong result, an unexpected exception, a leak or an oversized allocation.
#
#   fuzz/run.sh [seconds] [target ...]   default 60 seconds each; targets npy einsum gemm (all)
#   TENSR_FUZZ_BUILD_DIR=...             build and corpus directory (default $TMPDIR/tensr_fuzz)
#   TENSR_FUZZ_JOBS=n                    fuzzers run at once (default 1; each uses one core)
#   TENSR_FUZZ_BUILD_ONLY=1              build, do not run
#   TENSR_FUZZ_OPT=-O0                   optimization level (default -O1: slower to build,
#                                        faster to run)
#   CXX=...                              the clang++ to use (default: clang++)
#
# Seeds: npy from tests/data/npy, einsum and gemm from fuzz/corpus/<target>. What a run adds
# to a corpus stays in the build directory; a finding is written to <build>/artifacts/.
set -eu

seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-npy einsum gemm}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${TENSR_FUZZ_BUILD_DIR:-${TMPDIR:-/tmp}/tensr_fuzz}
jobs=${TENSR_FUZZ_JOBS:-1}

exes=
for t in $targets; do
  case "$t" in
    npy | einsum | gemm) exes="$exes ${t}_fuzzer" ;;
    *)
      echo "fuzz/run.sh: unknown target '$t' (npy, einsum, gemm)" >&2
      exit 2
      ;;
  esac
done

cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER="${CXX:-clang++}" \
  -DTENSR_FUZZ_OPT="${TENSR_FUZZ_OPT:--O1}" >/dev/null
# shellcheck disable=SC2086
cmake --build "$build" -j2 --target $exes
[ "${TENSR_FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0

mkdir -p "$build/artifacts"
for t in $targets; do rm -f "$build/$t.rc" "$build/$t.log"; done

# Runs one target; its output goes to <build>/<target>.log.
run_one() {
  t=$1
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  case "$t" in
    npy)
      cp "$root"/tests/data/npy/*.npy "$corpus/"
      # Inputs are at most 4 KiB, so no legitimate allocation comes near 64 MB.
      set -- -dict="$here/npy.dict" -max_len=4096 -malloc_limit_mb=64 -timeout=10
      ;;
    einsum)
      cp "$here"/corpus/einsum/* "$corpus/"
      # Operands of at most 3 x 3 x 3: no allocation comes near 64 MB.
      set -- -dict="$here/einsum.dict" -max_len=256 -malloc_limit_mb=64 -timeout=10
      ;;
    gemm)
      cp "$here"/corpus/gemm/* "$corpus/"
      # The largest products (sizes up to 160, or one size up to 3100) need a few MB.
      set -- -max_len=64 -malloc_limit_mb=256 -timeout=30
      ;;
  esac
  rc=0
  "$build/${t}_fuzzer" "$corpus" "$@" -max_total_time="$seconds" -rss_limit_mb=2048 \
    -artifact_prefix="$build/artifacts/${t}-" -print_final_stats=1 >"$build/$t.log" 2>&1 ||
    rc=$?
  echo "$rc" >"$build/$t.rc"
}

# Starts the targets, at most $jobs at a time, then reports each one's result.
status=0
pids=
running=0
for t in $targets; do
  if [ "$running" -ge "$jobs" ]; then
    # POSIX sh has no "wait for any": wait for the oldest.
    first=${pids%% *}
    case "$pids" in
      *" "*) pids=${pids#* } ;;
      *) pids= ;;
    esac
    wait "${first#*:}" || true
    running=$((running - 1))
  fi
  echo "== fuzz: $t for $seconds s"
  run_one "$t" &
  pids="$pids $t:$!"
  pids=${pids# }
  running=$((running + 1))
done
for entry in $pids; do wait "${entry#*:}" || true; done

for t in $targets; do
  log="$build/$t.log"
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  if [ "$(cat "$build/$t.rc" 2>/dev/null)" = 0 ] && grep -q "^Done [0-9]* runs" "$log"; then
    echo "fuzz $t: ${runs:-?} runs, no finding"
    grep -h "^einsum_fuzzer: .* cases" "$log" | tail -n 1 || true
  else
    echo "fuzz $t: FAILED after ${runs:-?} runs; the end of $log:" >&2
    tail -n 40 "$log" >&2
    status=1
  fi
done
exit $status
