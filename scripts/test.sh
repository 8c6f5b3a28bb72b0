#!/usr/bin/env bash
# The tensr test suite. Installs what it needs when it can (root or passwordless sudo, with
# apt-get), otherwise runs what the machine has and says what it skips. Stages:
#   header   the single header is what scripts/amalgamate.py makes of include/
#   docs     every public name has a /// comment and docs/api/ is what scripts/apidoc.py
#            makes of the headers
#   fuzz     builds the libFuzzer targets (.npy reader, einsum, products; clang++ -O0, ASan + UBSan)
#            and runs each for TENSR_FUZZ_SECONDS (default 60), one core, alongside the stages
#            below; its result is reported at the end
#   tsan     the tests that run threads (ctest label threads), clang++ + libomp with
#            ThreadSanitizer, OMP_NUM_THREADS=2                         (build/tsan)
#   matrix   core, elementwise and GEMM tests (label matrix) with clang++-15, clang++-16 and
#            g++ -march=native                                         (build/matrix-*)
#   arm64    core, elementwise, reduction, GEMM (NEON kernels) and einsum tests (label arm64),
#            cross-compiled for AArch64 with g++-aarch64-linux-gnu
#            (cmake/toolchains/aarch64-linux-gnu.cmake) and run under qemu-aarch64,
#            OMP_NUM_THREADS=2                                         (build/arm64)
#   release  the whole suite, g++ (or $CXX), -DCMAKE_BUILD_TYPE=Release, against the single
#            header                                                    (build/release)
#   asan     the whole suite, clang++, Debug, ASan + UBSan             (build/asan)
# The whole suite is built by both compilers, optimized by one and sanitized by the other
# (optimizing a sanitized build costs several times its compile time); the matrix stage adds
# optimized clang++ builds of the core. Warnings are errors in every build. The README lists
# what each stage costs. Each test is compiled once per stage: release against the single
# header, the others against include/; release, asan and arm64 link the precompiled kernels
# (tensr::precompiled), tsan and matrix compile everything from the headers alone.
#
# Environment:
#   TENSR_TEST_CONFIGS  stages to run, default
#                       "header docs fuzz tsan matrix arm64 release asan"
#   TENSR_JOBS          parallel build and test jobs, default 2
#   TENSR_FUZZ_SECONDS  seconds per fuzz target, default 60
#   CXX                 compiler of the release stage (default: CMake's choice)
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

configs=${TENSR_TEST_CONFIGS:-header docs fuzz tsan matrix arm64 release asan}
jobs=${TENSR_JOBS:-2}
fuzz_seconds=${TENSR_FUZZ_SECONDS:-60}
for config in $configs; do
  case "$config" in
    header | docs | fuzz | tsan | matrix | arm64 | release | asan) ;;
    *)
      echo "error: unknown stage '$config' in TENSR_TEST_CONFIGS" \
        "(header docs fuzz tsan matrix arm64 release asan)" >&2
      exit 2
      ;;
  esac
done
wants() { case " $configs " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# --- what the machine has --------------------------------------------------------------------
# A Python 3, preferring one that imports numpy (the first python3 on PATH is often a
# virtualenv's or pyenv's without it). CMake looks for its own the same way.
python=
numpy_python=
for p in $(type -ap python3 python 2>/dev/null) /usr/bin/python3; do
  [ -x "$p" ] || continue
  "$p" -c 'import sys; sys.exit(sys.version_info[0] != 3)' >/dev/null 2>&1 || continue
  [ -n "$python" ] || python=$p
  if "$p" -c 'import numpy' >/dev/null 2>&1; then
    python=$p
    numpy_python=$p
    break
  fi
done

# Does `$1 <flags...>` compile and link a small program (read from $src)?
links() {
  local cxx=$1
  shift
  command -v "$cxx" >/dev/null 2>&1 &&
    "$cxx" "$@" -x c++ "$src" -o "$scratch/a.out" >/dev/null 2>&1
}
has_doctest() {
  printf '#include <doctest/doctest.h>\n' >"$scratch/doctest.cpp"
  "${CXX:-c++}" -std=c++20 -fsyntax-only "$scratch/doctest.cpp" >/dev/null 2>&1
}
has_fuzzer() {
  src=$scratch/fuzz.cpp
  printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' \
    >"$src"
  links clang++ -fsanitize=fuzzer,address,undefined
}
has_tsan_openmp() {
  src=$scratch/tsan.cpp
  printf '#include <omp.h>\nint main() { return omp_get_max_threads() > 0 ? 0 : 1; }\n' >"$src"
  links clang++ -fopenmp -fsanitize=thread
}

# Debian packages for what is missing: required ones first, then the stages' own.
missing=()
required=()
command -v cmake >/dev/null 2>&1 || required+=(cmake)
command -v "${CXX:-g++}" >/dev/null 2>&1 || required+=(g++)
command -v make >/dev/null 2>&1 || command -v ninja >/dev/null 2>&1 || required+=(make)
has_doctest || required+=(doctest-dev)
missing+=("${required[@]}")
[ -n "$python" ] || missing+=(python3)
[ -n "$numpy_python" ] || missing+=(python3-numpy)
if wants asan || wants fuzz || wants tsan; then
  command -v clang++ >/dev/null 2>&1 || missing+=(clang)
fi
if wants fuzz && ! has_fuzzer; then missing+=(libclang-rt-dev); fi
if wants tsan && ! has_tsan_openmp; then missing+=(libclang-rt-dev libomp-dev); fi
if wants matrix; then
  command -v clang++-15 >/dev/null 2>&1 || missing+=(clang-15)
  command -v clang++-16 >/dev/null 2>&1 || missing+=(clang-16)
fi
if wants arm64; then
  # The cross compiler brings the target's libc, libstdc++ and libgomp (libgomp1-arm64-cross).
  command -v aarch64-linux-gnu-g++ >/dev/null 2>&1 || missing+=(g++-aarch64-linux-gnu)
  command -v qemu-aarch64 >/dev/null 2>&1 || missing+=(qemu-user)
fi

if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++')
  sudo=()
  can_install=no
  if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
      can_install=yes
    elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
      sudo=(sudo -n)  # never waits for a password
      can_install=yes
    fi
  fi
  if [ $can_install = yes ]; then
    echo "== installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update || true
    # One by one: a package this release lacks must not stop the others.
    for pkg in "${missing[@]}"; do
      "${sudo[@]}" apt-get install -y --no-install-recommends "$pkg" ||
        echo "warning: could not install $pkg"
    done
    hash -r
    for p in $(type -ap python3 python 2>/dev/null) /usr/bin/python3; do
      [ -x "$p" ] || continue
      [ -n "$python" ] || python=$p
      if "$p" -c 'import numpy' >/dev/null 2>&1; then
        python=$p
        numpy_python=$p
        break
      fi
    done
  else
    echo "== missing: ${missing[*]} (not root, no passwordless sudo or no apt-get:" \
      "continuing without them)"
  fi
fi
if ! command -v cmake >/dev/null 2>&1 || ! has_doctest; then
  echo "error: cmake and doctest (Debian: doctest-dev) are needed to build the tests" >&2
  exit 1
fi
if [ -z "$numpy_python" ]; then
  echo "== no Python 3 with NumPy: the NumPy tests (npy_numpy_reads_tensr, numpy_differential)" \
    "are listed as not run"
fi

# --- stages -----------------------------------------------------------------------------------
failed=()
summary=()
total_passed=0
total_failed=0
run_start=$SECONDS

note() { summary+=("$1"); }
skip() {
  echo "== $1: skipped ($2)"
  note "$1: skipped ($2)"
}
finish() {  # finish <name> <status> <start>
  local elapsed=$((SECONDS - $3))
  if [ "$2" -eq 0 ]; then
    note "$1: passed (${elapsed}s)"
  else
    note "$1: FAILED (${elapsed}s)"
    failed+=("$1")
  fi
}

# ctest in a build directory; adds its counts to the totals. Extra arguments go to ctest.
run_ctest() {
  local dir=$1 status=0
  shift
  ctest --test-dir "$dir" -j "$jobs" --output-on-failure "$@" 2>&1 | tee "$dir/ctest.log" ||
    status=$?
  # ctest's own count: "N% tests passed, F tests failed out of T".
  local counts
  counts=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1 \2/p' \
    "$dir/ctest.log" | tail -n 1)
  if [ -n "$counts" ]; then
    local f t
    read -r f t <<<"$counts"
    total_failed=$((total_failed + f))
    total_passed=$((total_passed + t - f))
  fi
  return $status
}

# configure + build (+ target) + ctest: build_and_test <name> <dir> <target or ""> <ctest args>
# -- <cmake args>
build_and_test() {
  local name=$1 dir=$2 target=$3 status=0
  shift 3
  local ctest_args=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    ctest_args+=("$1")
    shift
  done
  shift
  echo "== $name: configure ($dir)"
  cmake -S . -B "$dir" -DTENSR_BUILD_BENCHES=OFF "$@" || status=$?
  if [ $status -eq 0 ]; then
    echo "== $name: build"
    if [ -n "$target" ]; then
      cmake --build "$dir" -j "$jobs" --target "$target" || status=$?
    else
      cmake --build "$dir" -j "$jobs" || status=$?
    fi
  fi
  if [ $status -eq 0 ]; then
    echo "== $name: test"
    run_ctest "$dir" "${ctest_args[@]}" || status=$?
  fi
  return $status
}

fuzz_pid=
if wants header; then
  start=$SECONDS
  echo "== header: the single header is current"
  if [ -z "$python" ]; then
    skip header "no Python 3"
  else
    status=0
    "$python" scripts/amalgamate.py --check || status=$?
    finish header $status "$start"
  fi
fi

if wants docs; then
  start=$SECONDS
  echo "== docs: every public name has a /// comment, docs/api/ is current"
  if [ -z "$python" ]; then
    skip docs "no Python 3"
  else
    status=0
    "$python" scripts/apidoc.py --check || status=$?
    finish docs $status "$start"
  fi
fi

if wants fuzz; then
  if ! has_fuzzer; then
    skip fuzz "clang++ with libFuzzer (Debian: clang, libclang-rt-dev) not found"
  else
    echo "== fuzz: build"
    start=$SECONDS
    if TENSR_FUZZ_BUILD_DIR="$PWD/build/fuzz" TENSR_FUZZ_BUILD_ONLY=1 TENSR_FUZZ_OPT=-O0 CXX=clang++ \
      fuzz/run.sh; then
      note "fuzz build: passed ($((SECONDS - start))s)"
      # The fuzzers run on one core next to the stages below (which leave a core idle at
      # times: configure steps, links, the last tests of a ctest run).
      echo "== fuzz: running ${fuzz_seconds} s per target in the background (build/fuzz/run.log)"
      rm -f build/fuzz/run.status
      (
        s=$SECONDS
        rc=0
        TENSR_FUZZ_BUILD_DIR="$PWD/build/fuzz" TENSR_FUZZ_JOBS=1 TENSR_FUZZ_OPT=-O0 CXX=clang++ \
          fuzz/run.sh "$fuzz_seconds" >build/fuzz/run.log 2>&1 || rc=$?
        echo "$rc $((SECONDS - s))" >build/fuzz/run.status
      ) &
      fuzz_pid=$!
    else
      finish "fuzz build" 1 "$start"
    fi
  fi
fi

if wants tsan; then
  if ! has_tsan_openmp; then
    skip tsan "clang++ with ThreadSanitizer and libomp (clang, libclang-rt-dev, libomp-dev) not found"
  else
    start=$SECONDS
    status=0
    # ignore_noninstrumented_modules: accesses inside libomp itself (not instrumented) are the
    # runtime's business; libomp's OMPT tool tells TSan about its synchronization.
    OMP_NUM_THREADS=2 TSAN_OPTIONS="halt_on_error=1 ignore_noninstrumented_modules=1" \
      build_and_test tsan build/tsan tensr_threads_tests -L threads -- \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
      -DTENSR_SANITIZE_THREAD=ON -DTENSR_TEST_PRECOMPILED=OFF -DTENSR_BUILD_EXAMPLES=OFF ||
      status=$?
    finish tsan $status "$start"
  fi
fi

if wants matrix; then
  for entry in clang15:clang++-15 clang16:clang++-16 native:g++; do
    name=matrix-${entry%%:*}
    cxx=${entry#*:}
    if ! command -v "$cxx" >/dev/null 2>&1; then
      skip "$name" "$cxx not found"
      continue
    fi
    extra=()
    [ "$name" = matrix-native ] && extra=(-DTENSR_NATIVE=ON)
    start=$SECONDS
    status=0
    build_and_test "$name" "build/$name" tensr_matrix_tests -L matrix -- \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" -DTENSR_TEST_PRECOMPILED=OFF \
      -DTENSR_BUILD_EXAMPLES=OFF "${extra[@]}" || status=$?
    finish "$name" $status "$start"
  done
fi

if wants arm64; then
  if ! command -v aarch64-linux-gnu-g++ >/dev/null 2>&1 ||
    ! command -v qemu-aarch64 >/dev/null 2>&1; then
    skip arm64 "g++-aarch64-linux-gnu and qemu-aarch64 (Debian: qemu-user) not found"
  else
    # The subset is the ctest label arm64 (tests/CMakeLists.txt), chosen so that the stage
    # stays near ten minutes on two cores: building is most of it, the tests run in seconds
    # even under emulation. Two OpenMP threads, so the threaded GEMM paths run too.
    echo "== arm64: subset: label arm64 (core, elementwise, reduction, GEMM with the NEON" \
      "micro-kernels, einsum), cross-compiled, run under qemu-aarch64"
    start=$SECONDS
    status=0
    OMP_NUM_THREADS=2 build_and_test arm64 build/arm64 tensr_arm64_tests -L arm64 -- \
      -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake \
      -DCMAKE_BUILD_TYPE=Release -DTENSR_BUILD_EXAMPLES=OFF || status=$?
    finish arm64 $status "$start"
  fi
fi

for config in release asan; do
  wants "$config" || continue
  case "$config" in
    release)
      args=(-DCMAKE_BUILD_TYPE=Release -DTENSR_TEST_SINGLE_HEADER=ON)
      if [ -n "${CXX:-}" ]; then
        args+=("-DCMAKE_CXX_COMPILER=$CXX")  # also when the build dir was made with another one
      fi
      ;;
    asan)
      args=(-DCMAKE_BUILD_TYPE=Debug -DTENSR_SANITIZE=ON -DTENSR_TEST_SINGLE_HEADER=OFF)
      # clang++, so that the whole suite meets the second compiler too (its warnings, its
      # failtest diagnostics, the consumer tests built with it); without it, CMake's choice.
      if command -v clang++ >/dev/null 2>&1; then
        args+=(-DCMAKE_CXX_COMPILER=clang++)
      else
        echo "== asan: clang++ not found, sanitizing with CMake's default compiler"
      fi
      export ASAN_OPTIONS=detect_leaks=1
      export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
      ;;
  esac
  start=$SECONDS
  status=0
  build_and_test "$config" "build/$config" "" -- -DTENSR_BUILD_TESTS=ON \
    -DTENSR_BUILD_EXAMPLES=ON "${args[@]}" || status=$?
  # The NumPy differential suite's own count ("differential: N cases, M failed").
  diffline=$(grep -h '^differential: [0-9]* cases' "build/$config/Testing/Temporary/LastTest.log" \
    2>/dev/null | tail -n 1 || true)
  if [ -n "$diffline" ]; then
    echo "== $config: NumPy $diffline"
    note "$config: NumPy $diffline"
  fi
  unset ASAN_OPTIONS UBSAN_OPTIONS
  finish "$config" $status "$start"
done

if [ -n "$fuzz_pid" ]; then
  echo "== fuzz: waiting for the fuzzers"
  wait "$fuzz_pid"
  cat build/fuzz/run.log
  read -r status fuzz_elapsed <build/fuzz/run.status || status=1
  while read -r line; do note "  $line"; done < <(grep -E '^(fuzz [a-z]+:|einsum_fuzzer:)' build/fuzz/run.log)
  if [ "$status" -eq 0 ]; then
    note "fuzz runs: passed (${fuzz_elapsed}s on one core, alongside the stages above)"
  else
    note "fuzz runs: FAILED (${fuzz_elapsed:-?}s)"
    failed+=(fuzz)
  fi
fi

echo "== summary"
printf '  %s\n' "${summary[@]}"
echo "ctest: ${total_passed} passed, ${total_failed} failed"
echo "total: $((SECONDS - run_start))s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
