// tensordot(a, b, n) with NumPy's axes=n as a function argument must not compile: n fixes the
// result's rank, so it is a template argument, and the first error says to write that.
// Built twice by CTest: plain (must compile) and with TENSR_FAILTEST (must not).
// TENSR_FAILTEST_EXPECT: tensr::tensordot: axes=N is a template argument, write tensordot<N>
#include <tensr/tensr.hpp>

int main() {
  const tensr::Tensor<float, 2> a({2, 3});
  const tensr::Tensor<float, 2> b({3, 4});
#ifdef TENSR_FAILTEST
  auto r = tensr::tensordot(a, b, 1);  // np.tensordot(a, b, axes=1)
#else
  auto r = tensr::tensordot<1>(a, b);
#endif
  return r.shape(1) == 4 ? 0 : 1;
}
