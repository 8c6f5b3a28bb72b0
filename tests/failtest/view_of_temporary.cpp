// A view of a temporary Tensor must not compile: view-returning members are deleted on
// rvalue Tensors. Built twice by CTest: plain (must compile) and with TENSR_FAILTEST (must not).
// TENSR_FAILTEST_EXPECT: deleted
#include <tensr/tensr.hpp>

static tensr::Tensor<float, 2> make() { return tensr::Tensor<float, 2>({2, 3}); }

int main() {
#ifdef TENSR_FAILTEST
  auto v = make().t();  // a view of a temporary must not compile
#else
  auto m = make();
  auto v = m.t();
#endif
  return static_cast<int>(v.shape(0)) == 3 ? 0 : 1;
}
