// The instruction-set levels tensr's kernels are compiled for, the run-time choice among them,
// and the trampoline that compiles one kernel for each level. Every subsystem with kernels
// compiled more than once uses them: the GEMM micro-kernels (linalg/gemm_kernels.hpp), the
// elementwise and reduction loops (ops/loop.hpp, ops/reduce_kernel.hpp) and the transposing
// copies (core/transpose_kernels.hpp).
//
// The library needs no -march flags: a kernel for wider vectors is marked TENSR_TARGET_AVX2 or
// TENSR_TARGET_AVX512 and runs only when the CPU can, so one binary uses AVX-512 where it
// exists and still runs elsewhere. The CPU is asked once. The environment variable TENSR_ISA
// (portable, avx2 or avx512) caps the level for the whole process, for programs shipped to
// mixed machines and for tests; a value that is unknown or above the CPU's best is reported on
// stderr and ignored. Each subsystem keeps its own forced level (a test hook), so a test can
// force the GEMM kernel and leave the elementwise loops alone. The TENSR_TARGET_* macros stay
// defined for the headers that include this one; macro_unscope.hpp removes them at the end of
// tensr.hpp.
#pragma once

#include "tensr/core/internal.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "tensr/core/config.hpp"

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
// Defined when kernels above `generic` exist: x86 with g++ or clang++.
#define TENSR_TARGET_X86 1
// Compile one function for isa_level::avx2 / isa_level::avx512: the features cpu_isa() checks.
#if defined(__clang__)
#define TENSR_TARGET_AVX2 __attribute__((target("avx,avx2,fma")))
#else
// g++ would otherwise vectorize at the width its -mtune prefers (128 bits for some AVX2 CPUs,
// -mtune=znver1 among them); clang takes no such option in a target attribute.
#define TENSR_TARGET_AVX2 __attribute__((target("avx,avx2,fma,prefer-vector-width=256")))
#endif
#define TENSR_TARGET_AVX512 __attribute__((target("avx,avx2,fma,avx512f,avx512vl,avx512dq")))
#endif

TENSR_NAMESPACE_BEGIN
namespace detail {

/// Instruction-set levels, each one including the one before: `generic` is the build's own
/// target, `avx2` is AVX2 + FMA, `avx512` is AVX-512 F + VL + DQ. `automatic` is not a level:
/// forcing it returns a subsystem to the best level the CPU supports.
enum class isa_level { automatic, generic, avx2, avx512 };

inline const char* isa_name(isa_level l) noexcept {
  switch (l) {
    case isa_level::generic:
      return "generic";
    case isa_level::avx2:
      return "avx2";
    case isa_level::avx512:
      return "avx512";
    default:
      return "automatic";
  }
}

/// The best level this CPU (and OS) supports; asked once.
inline isa_level cpu_isa() noexcept {
  static const isa_level best = [] {
#if defined(TENSR_TARGET_X86)
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq"))
      return isa_level::avx512;
    if (avx2) return isa_level::avx2;
#endif
    return isa_level::generic;
  }();
  return best;
}

/// The outcome of reading TENSR_ISA: the level the process runs with, and the sentence to print
/// on stderr when the value was not taken (empty when it was, or when the variable is unset).
struct isa_env_choice {
  isa_level level;
  std::string message;
};

/// What TENSR_ISA = `value` (nullptr: unset) means on a CPU whose best level is `cpu`:
/// `portable` (or `generic`) runs the plain C++ kernels, `avx2` and `avx512` cap the level; an
/// unknown value, or a level the CPU lacks, keeps the CPU's best and says why.
inline isa_env_choice parse_isa_env(const char* value, isa_level cpu) {
  if (value == nullptr || *value == '\0') return {cpu, {}};
  const std::string_view v(value);
  isa_level asked = isa_level::automatic;
  if (v == "portable" || v == "generic")
    asked = isa_level::generic;
  else if (v == "avx2")
    asked = isa_level::avx2;
  else if (v == "avx512")
    asked = isa_level::avx512;
  const std::string best = cpu == isa_level::generic ? "portable" : isa_name(cpu);
  if (asked == isa_level::automatic)
    return {cpu, "tensr: TENSR_ISA=" + std::string(v) +
                     " is not one of portable, avx2, avx512; using the CPU's best level, " + best};
  if (cpu < asked)
    return {cpu, "tensr: TENSR_ISA=" + std::string(v) +
                     " is not supported by this CPU; using its best level, " + best};
  return {asked, {}};
}

/// The best level this process runs: the CPU's, capped by TENSR_ISA when that is set; read
/// once, the first time any kernel is chosen.
inline isa_level process_isa() noexcept {
  static const isa_level level = []() noexcept {
    try {
      const isa_env_choice c = parse_isa_env(std::getenv("TENSR_ISA"), cpu_isa());
      if (!c.message.empty()) std::fprintf(stderr, "%s\n", c.message.c_str());
      return c.level;
    } catch (...) {  // no memory for the message: the CPU's level, silently
      return cpu_isa();
    }
  }();
  return level;
}

/// True when this process may run code compiled for level l: the CPU can, and TENSR_ISA does
/// not exclude it (always for generic and automatic).
inline bool isa_supported(isa_level l) noexcept { return l <= process_isa(); }

/// The level one subsystem runs with: the process's best unless a test forced another. Each
/// subsystem owns one (an inline variable next to its kernels).
class isa_dispatch {
 public:
  constexpr isa_dispatch() noexcept = default;
  /// A dispatch that takes `best` (at most the CPU's) as the best level it may run: a CPU
  /// without the levels above it, for tests of the refusal.
  constexpr explicit isa_dispatch(isa_level best) noexcept : best_(best) {}

  /// Test hook: run with level l from now on (automatic: the best level again). Returns false,
  /// and changes nothing, when l is above the best level.
  bool force(isa_level l) noexcept {
    if (!(l <= best())) return false;
    forced_.store(l);
    return true;
  }
  /// The level in use; never automatic.
  isa_level active() const noexcept {
    const isa_level l = forced_.load(std::memory_order_relaxed);
    return l == isa_level::automatic ? best() : l;
  }
  /// The best level this dispatch may run: the process's (see process_isa), or the one it was
  /// made with if lower.
  isa_level best() const noexcept {
    const isa_level cpu = process_isa();
    return best_ == isa_level::automatic || cpu < best_ ? cpu : best_;
  }

 private:
  std::atomic<isa_level> forced_{isa_level::automatic};
  isa_level best_ = isa_level::automatic;
};

#if defined(TENSR_TARGET_X86)
template <class K, class... P>
TENSR_TARGET_AVX2 void isa_run_avx2(const K& k, P&&... p) {
  k(std::forward<P>(p)...);
}
template <class K, class... P>
TENSR_TARGET_AVX512 void isa_run_avx512(const K& k, P&&... p) {
  k(std::forward<P>(p)...);
}
#endif

/// k(p...) with the loops of k -- an always-inline kernel written once in plain C++ -- compiled
/// for level `isa`: the trampoline carries the target attribute, so the kernel inlined into it
/// is vectorized for that level's registers.
template <class K, class... P>
TENSR_ALWAYS_INLINE void isa_run(isa_level isa, const K& k, P&&... p) {
#if defined(TENSR_TARGET_X86)
  if (isa == isa_level::avx512) return isa_run_avx512(k, std::forward<P>(p)...);
  if (isa == isa_level::avx2) return isa_run_avx2(k, std::forward<P>(p)...);
#endif
  static_cast<void>(isa);
  k(std::forward<P>(p)...);
}

}  // namespace detail
TENSR_NAMESPACE_END
