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

// Unchecked element access asserts in debug builds only.
#define TENSR_ASSERT(cond) assert(cond)

#if defined(__GNUC__) || defined(__clang__)
#define TENSR_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define TENSR_ALWAYS_INLINE inline
#endif
