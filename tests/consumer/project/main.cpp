// Uses tensr through find_package(tensr): returns 0 when the transpose has the right shape, a
// small product is right and tensr's thread count is what the project expects. TENSR_CONSUMER_THREADS (set by the project,
// run with OMP_NUM_THREADS=2): 2 when tensr::tensr brings OpenMP, 1 when the project turned it
// off, in which case no OpenMP flag may reach this file either.
#include <tensr/tensr.hpp>

#if defined(_OPENMP)
#include <omp.h>
#endif

int main() {
  tensr::Tensor<float, 2> a({2, 3});
  auto t = a.t();
  if (t.shape(0) != 3 || t.shape(1) != 2) return 1;
  // A product and a sum: linked to tensr::precompiled, their kernels come from its library
  // (this file only declares them). x·x + x = [[7, 10], [15, 22]] + x.
  const tensr::Tensor<float, 2> x{{1, 2}, {3, 4}};
  const auto y = tensr::matmul(x, x) + x;
  if (y(0, 0) != 8 || y(0, 1) != 12 || y(1, 0) != 18 || y(1, 1) != 26) return 6;
#if defined(TENSR_CONSUMER_THREADS)
#if TENSR_CONSUMER_THREADS > 1
#if !defined(_OPENMP)
  return 2;  // tensr::tensr did not bring OpenMP
#else
  if (omp_get_max_threads() != TENSR_CONSUMER_THREADS) return 3;
#endif
#elif defined(_OPENMP)
  return 4;  // OpenMP was forced on a project that turned it off
#endif
  if (tensr::get_num_threads() != TENSR_CONSUMER_THREADS) return 5;
#endif
  return 0;
}
