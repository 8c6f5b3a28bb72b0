// reshape<R> with a number of braced sizes other than R must not compile, and the first error
// states both counts. Built twice by CTest: plain (must compile) and with TENSR_FAILTEST
// (must not).
// TENSR_FAILTEST_EXPECT: tensr: reshape<2> was given 3 sizes
#include <tensr/tensr.hpp>

int main() {
  tensr::Tensor<float, 1> a({24});
#ifdef TENSR_FAILTEST
  auto r = a.reshape<2>({2, 3, 4});  // three sizes for a rank-2 result
#else
  auto r = a.reshape<3>({2, 3, 4});
#endif
  return r.shape(2) == 4 ? 0 : 1;
}
