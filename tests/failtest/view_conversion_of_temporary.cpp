// Converting a temporary Tensor to a view must not compile: the view would dangle, and the
// first error says so. Built twice by CTest: plain (must compile) and with TENSR_FAILTEST
// (must not).
// In the regex below '.' stands for the sentence's ';', which CMake would take as a list
// separator. (The regex is read as one line, hence no reflowing.)
// clang-format off
// TENSR_FAILTEST_EXPECT: tensr: a view of a temporary Tensor would dangle. bind it to a variable first
// clang-format on
#include <tensr/tensr.hpp>

static tensr::Tensor<float, 2> make() { return tensr::Tensor<float, 2>({2, 3}); }

int main() {
#ifdef TENSR_FAILTEST
  tensr::TensorView<const float, 2> v = make();  // a view of a temporary must not compile
#else
  auto m = make();
  tensr::TensorView<const float, 2> v = m;
#endif
  return v.shape(0) == 2 && v.shape(1) == 3 ? 0 : 1;
}
