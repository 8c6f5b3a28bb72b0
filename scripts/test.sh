#!/usr/bin/env bash
# The tensr test suite: installs what it needs when missing, checks that the single header is
# current, then builds and runs every test in three configurations:
#   release  -DCMAKE_BUILD_TYPE=Release                       (build/release)
#   asan     -DCMAKE_BUILD_TYPE=Debug -DTENSR_SANITIZE=ON     (build/asan, ASan + UBSan)
#   clang    -DCMAKE_BUILD_TYPE=Release with clang++          (build/clang)
# and then fuzzes the .npy parser for TENSR_FUZZ_SECONDS (default 60) with libFuzzer (fuzz).
# The tests run against include/ in both, and against the single header in release only (the
# same code again under the sanitizers would double the build time and find nothing new).
#
# Environment:
#   TENSR_TEST_CONFIGS  configurations to run, default "release asan clang fuzz"
#   TENSR_JOBS          parallel build and test jobs, default 2
#   CXX                 compiler, as CMake reads it (default: CMake's choice)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

configs=${TENSR_TEST_CONFIGS:-release asan clang fuzz}
jobs=${TENSR_JOBS:-2}
python=/usr/bin/python3

# --- dependencies -----------------------------------------------------------------------------
missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v "${CXX:-g++}" >/dev/null 2>&1 || missing+=(g++)
command -v make >/dev/null 2>&1 || command -v ninja >/dev/null 2>&1 || missing+=(make)
[ -f /usr/include/doctest/doctest.h ] || missing+=(doctest-dev)
[ -x "$python" ] || missing+=(python3)
# NumPy reads the .npy files tensr writes (the test skips without it).
"$python" -c "import numpy" >/dev/null 2>&1 || missing+=(python3-numpy)
case " $configs " in
  *" clang "* | *" fuzz "*) command -v clang++ >/dev/null 2>&1 || missing+=(clang) ;;
esac
case " $configs " in
  *" fuzz "*) [ -n "$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ] ||
    missing+=(libclang-rt-dev) ;;
esac

if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "error: missing ${missing[*]}, and not root and no sudo to install them" >&2
      exit 1
    fi
    sudo=(sudo)
    [ -t 0 ] || sudo=(sudo -n)  # never wait for a password without a terminal
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

# --- the single header --------------------------------------------------------------------------
echo "== single header"
"$python" scripts/amalgamate.py --check

# --- build and test -----------------------------------------------------------------------------
failed=()
summary=()
total_passed=0
total_failed=0
for config in $configs; do
  if [ "$config" = fuzz ]; then
    # The .npy parser under libFuzzer (+ ASan/UBSan) for a bounded time.
    echo "== fuzz: ${TENSR_FUZZ_SECONDS:-60} s on the .npy parser"
    start=$SECONDS
    if TENSR_FUZZ_BUILD_DIR="$PWD/build/fuzz" CXX=clang++ fuzz/run.sh "${TENSR_FUZZ_SECONDS:-60}"; then
      summary+=("fuzz: passed ($((SECONDS - start))s)")
    else
      summary+=("fuzz: FAILED ($((SECONDS - start))s)")
      failed+=(fuzz)
    fi
    continue
  fi
  case "$config" in
    release)
      args=(-DCMAKE_BUILD_TYPE=Release -DTENSR_TEST_SINGLE_HEADER=ON)
      ;;
    asan)
      args=(-DCMAKE_BUILD_TYPE=Debug -DTENSR_SANITIZE=ON -DTENSR_TEST_SINGLE_HEADER=OFF)
      export ASAN_OPTIONS=detect_leaks=1
      export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
      ;;
    clang)
      # The same warnings-as-errors build with the other supported compiler.
      args=(-DCMAKE_BUILD_TYPE=Release -DTENSR_TEST_SINGLE_HEADER=OFF -DCMAKE_CXX_COMPILER=clang++)
      ;;
    *)
      echo "error: unknown configuration '$config' in TENSR_TEST_CONFIGS (release, asan, clang, fuzz)" >&2
      exit 2
      ;;
  esac
  dir=build/$config
  echo "== $config: configure ($dir)"
  start=$SECONDS
  status=0
  if [ -n "${CXX:-}" ]; then
    args+=("-DCMAKE_CXX_COMPILER=$CXX")  # also when the build dir was made with another one
  fi
  cmake -S . -B "$dir" -DTENSR_BUILD_TESTS=ON -DTENSR_BUILD_EXAMPLES=ON \
    -DTENSR_BUILD_BENCHES=OFF "${args[@]}" || status=$?
  if [ $status -eq 0 ]; then
    echo "== $config: build"
    cmake --build "$dir" -j "$jobs" || status=$?
  fi
  if [ $status -eq 0 ]; then
    echo "== $config: test"
    ctest --test-dir "$dir" -j "$jobs" --output-on-failure 2>&1 | tee "$dir/ctest.log" ||
      status=$?
    # ctest's own count: "N% tests passed, F tests failed out of T".
    counts=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1 \2/p' \
      "$dir/ctest.log" | tail -n 1)
    if [ -n "$counts" ]; then
      read -r f t <<<"$counts"
      total_failed=$((total_failed + f))
      total_passed=$((total_passed + t - f))
    fi
    # The NumPy differential suite's own count ("differential: N cases, M failed").
    diffline=$(grep -h '^differential: [0-9]* cases' "$dir/Testing/Temporary/LastTest.log" \
      2>/dev/null | tail -n 1 || true)
    if [ -n "$diffline" ]; then
      echo "== $config: NumPy $diffline"
      summary+=("$config: NumPy $diffline")
    fi
  fi
  unset ASAN_OPTIONS UBSAN_OPTIONS
  elapsed=$((SECONDS - start))
  if [ $status -eq 0 ]; then
    summary+=("$config: passed (${elapsed}s)")
  else
    summary+=("$config: FAILED (${elapsed}s)")
    failed+=("$config")
  fi
done

echo "== summary"
printf '  %s\n' "${summary[@]}"
echo "ctest: ${total_passed} passed, ${total_failed} failed"
if [ ${#failed[@]} -gt 0 ]; then
  exit 1
fi
