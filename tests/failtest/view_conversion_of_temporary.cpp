// Converting a temporary Tensor to a view must not compile: the view would dangle. Built
// twice by CTest: plain (must compile) and with TENSR_FAILTEST (must not).
// TENSR_FAILTEST_EXPECT: deleted
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
