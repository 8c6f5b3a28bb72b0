#!/usr/bin/env bash
# The per-ISA bench matrix: every instruction-set level this CPU has, each one run by tensr
# (forced with TENSR_ISA) against peers pinned to the same level -- OpenBLAS with
# OPENBLAS_CORETYPE, libxsmm with LIBXSMM_TARGET, Eigen and xtensor compiled for the level
# (TENSR_BENCH_PEER_FLAGS). One thread. Prints bench/matrix_table.py's table at the end.
#
# Environment:
#   TENSR_BENCH_LEVELS   levels to run, default: those the CPU has among "avx2 avx512"
#   TENSR_BENCH_TARGETS  benches to build and run, default "bench_gemm bench_ops"
#   TENSR_BENCH_FILTER   --benchmark_filter regex, default all
#   TENSR_BENCH_REPS     repetitions (the table takes the best), default 5
#   TENSR_JOBS           build jobs, default 2
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
has() { case " $flags " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
if [ -z "${TENSR_BENCH_LEVELS:-}" ]; then
  TENSR_BENCH_LEVELS=
  has avx2 && has fma && TENSR_BENCH_LEVELS="avx2"
  has avx512f && has avx512vl && has avx512dq && TENSR_BENCH_LEVELS="$TENSR_BENCH_LEVELS avx512"
fi
[ -n "$TENSR_BENCH_LEVELS" ] || { echo "bench_matrix: this CPU has neither AVX2 nor AVX-512" >&2; exit 1; }
targets=${TENSR_BENCH_TARGETS:-bench_gemm bench_ops}
reps=${TENSR_BENCH_REPS:-5}
out=build/bench-matrix
mkdir -p "$out"
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"

for level in $TENSR_BENCH_LEVELS; do
  case $level in
    avx2) peer_flags="-mavx2;-mfma" coretype=Haswell xsmm=hsw ;;
    avx512) peer_flags="-mavx2;-mfma;-mavx512f;-mavx512vl;-mavx512dq;-mavx512bw" coretype=SkylakeX xsmm=skx ;;
    *) echo "bench_matrix: unknown level '$level' (avx2 avx512)" >&2; exit 2 ;;
  esac
  build=build/bench-$level
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DTENSR_BUILD_BENCHES=ON \
    -DTENSR_BUILD_TESTS=OFF -DTENSR_BUILD_EXAMPLES=OFF "-DTENSR_BENCH_PEER_FLAGS=$peer_flags" >/dev/null
  # shellcheck disable=SC2086
  cmake --build "$build" -j "${TENSR_JOBS:-2}" --target $targets
  mkdir -p "$out/$level"
  for t in $targets; do
    echo "== $level: $t (TENSR_ISA=$level OPENBLAS_CORETYPE=$coretype LIBXSMM_TARGET=$xsmm)"
    TENSR_ISA=$level OPENBLAS_CORETYPE=$coretype LIBXSMM_TARGET=$xsmm OMP_NUM_THREADS=1 \
      OPENBLAS_NUM_THREADS=1 "$build/bench/$t" --benchmark_repetitions="$reps" \
      --benchmark_filter="${TENSR_BENCH_FILTER:-.}" --benchmark_format=json \
      --benchmark_out="$out/$level/$t.json" --benchmark_out_format=json >/dev/null
  done
done
/usr/bin/python3 bench/matrix_table.py "$out"
