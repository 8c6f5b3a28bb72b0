// Version, namespace and the few internal macros every tensr header uses.
//
// Everything lives in tensr::TENSR_ABI_NAMESPACE, an inline namespace named after
// the version, so two copies of different versions in one program do not collide.
// Internal macros are undefined again at the end of tensr.hpp (macro_unscope.hpp).
#pragma once

#include "tensr/core/internal.hpp"

#include <cassert>

#define TENSR_VERSION_MAJOR 0
#define TENSR_VERSION_MINOR 1
#define TENSR_VERSION_PATCH 0

#define TENSR_ABI_CONCAT_EX(a, b, c) v##a##_##b##_##c
#define TENSR_ABI_CONCAT(a, b, c) TENSR_ABI_CONCAT_EX(a, b, c)
#define TENSR_ABI_NAMESPACE \
  TENSR_ABI_CONCAT(TENSR_VERSION_MAJOR, TENSR_VERSION_MINOR, TENSR_VERSION_PATCH)

#define TENSR_NAMESPACE_BEGIN \
  namespace tensr {           \
  inline namespace TENSR_ABI_NAMESPACE {
#define TENSR_NAMESPACE_END \
  }                         \
  }

// Threads. TENSR_OPENMP follows the compiler's OpenMP switch by default (_OPENMP, which
// -fopenmp defines), so the flag every OpenMP user knows is enough to get tensr's threads;
// -DTENSR_OPENMP=0 keeps tensr serial in an OpenMP build. After this block TENSR_OPENMP is
// defined (as 1) exactly when tensr uses OpenMP, which is what the headers test with
// defined(TENSR_OPENMP). Without _OPENMP a non-zero TENSR_OPENMP is dropped: the compiler
// would ignore the pragmas and nothing would provide omp_get_max_threads.
#if defined(TENSR_OPENMP) && (TENSR_OPENMP + 0) == 0 && (0 - TENSR_OPENMP - 1) != 1
#undef TENSR_OPENMP  // defined as 0: serial
#elif defined(_OPENMP)
#undef TENSR_OPENMP
#define TENSR_OPENMP 1
#else
#undef TENSR_OPENMP
#endif

// Unchecked element access asserts in debug builds only.
#define TENSR_ASSERT(cond) assert(cond)

#if defined(__GNUC__) || defined(__clang__)
#define TENSR_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define TENSR_ALWAYS_INLINE inline
#endif
