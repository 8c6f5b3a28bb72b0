// The library-wide thread setting: set_num_threads / get_num_threads, and the rule that keeps
// tensr serial inside a parallel region the caller already opened (no nested
// oversubscription). Without TENSR_OPENMP everything runs on the calling thread.
#pragma once

#include "tensr/core/internal.hpp"

#include <atomic>

#include "tensr/core/config.hpp"

#if defined(TENSR_OPENMP)
#include <omp.h>
#endif

TENSR_NAMESPACE_BEGIN

namespace detail {
/// 0 = "use OpenMP's default" (OMP_NUM_THREADS or the number of cores).
inline std::atomic<int>& requested_threads() noexcept {
  static std::atomic<int> n{0};
  return n;
}
}  // namespace detail

/// Number of threads tensr's parallel kernels use from now on; n <= 0 restores the default.
inline void set_num_threads(int n) noexcept { detail::requested_threads().store(n > 0 ? n : 0); }

/// Number of threads a parallel kernel started here would use (1 in serial builds and
/// inside an active parallel region).
inline int get_num_threads() noexcept {
#if defined(TENSR_OPENMP)
  if (omp_in_parallel()) return 1;
  const int n = detail::requested_threads().load();
  return n > 0 ? n : omp_get_max_threads();
#else
  return 1;
#endif
}

TENSR_NAMESPACE_END
