// The headers under tensr/ are parts of the library, not an interface: including one on its
// own stops with tensr's own sentence. Built twice by CTest: plain (the umbrella header, must
// compile) and with TENSR_FAILTEST (an internal header on its own, must not).
// TENSR_FAILTEST_EXPECT: tensr: include <tensr/tensr.hpp>
#ifdef TENSR_FAILTEST
#include <tensr/core/tensor.hpp>
#else
#include <tensr/tensr.hpp>
#endif

int main() {
  tensr::Tensor<float, 1> a({3});
  return a.size() == 3 ? 0 : 1;
}
