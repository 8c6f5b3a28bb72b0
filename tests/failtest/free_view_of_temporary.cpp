// The free view functions reject a temporary Tensor with the members' sentence. Built twice
// by CTest: plain (must compile) and with TENSR_FAILTEST (must not).
// In the regex below '.' stands for the sentence's ';', which CMake would take as a list
// separator. (The regex is read as one line, hence no reflowing.)
// clang-format off
// TENSR_FAILTEST_EXPECT: tensr: a view of a temporary Tensor would dangle. bind it to a variable first
// clang-format on
#include <tensr/tensr.hpp>

static tensr::Tensor<float, 2> make() { return tensr::Tensor<float, 2>({2, 3}); }

int main() {
#ifdef TENSR_FAILTEST
  auto v = tensr::transpose(make());  // a view of a temporary must not compile
#else
  auto m = make();
  auto v = tensr::transpose(m);
#endif
  return v.shape(0) == 3 && v.shape(1) == 2 ? 0 : 1;
}
