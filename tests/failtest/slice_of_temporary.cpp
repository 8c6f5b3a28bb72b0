// A slice of a temporary Tensor must not compile: it would dangle, and the first error says
// so. Built twice by CTest: plain (must compile) and with TENSR_FAILTEST (must not).
// In the regex below '.' stands for the sentence's ';', which CMake would take as a list
// separator. (The regex is read as one line, hence no reflowing.)
// clang-format off
// TENSR_FAILTEST_EXPECT: tensr: a view of a temporary Tensor would dangle. bind it to a variable first
// clang-format on
#include <tensr/tensr.hpp>

static tensr::Tensor<float, 2> make() { return tensr::Tensor<float, 2>({2, 3}); }

int main() {
  using tensr::range;
#ifdef TENSR_FAILTEST
  auto v = make()(range(0, 1));  // a slice of a temporary must not compile
#else
  auto m = make();
  auto v = m(range(0, 1));
#endif
  return v.shape(0) == 1 && v.shape(1) == 3 ? 0 : 1;
}
