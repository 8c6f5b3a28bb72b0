// More indices than the rank must not compile. Built twice by CTest: plain (must compile)
// and with TENSR_FAILTEST (must not).
// TENSR_FAILTEST_EXPECT: tensr: too many indices
#include <tensr/tensr.hpp>

int main() {
  tensr::Tensor<float, 2> a({2, 3});
#ifdef TENSR_FAILTEST
  float x = a(0, 0, 0);  // three indices on a rank-2 tensor must not compile
#else
  float x = a(0, 0);
#endif
  return x == 0.0f ? 0 : 1;
}
