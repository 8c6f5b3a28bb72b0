// Uses tensr through find_package(tensr): returns 0 when the transpose has the right shape and
// tensr's thread count is what the project expects. TENSR_CONSUMER_THREADS (set by the project,
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
