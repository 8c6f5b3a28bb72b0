// einsum<"spec"> parses the spec at compile time: an output index that no input has must
// not compile, and the first error says so in words, naming the index as a letter. Built
// twice by CTest: plain (must compile) and with TENSR_FAILTEST (must not).
// TENSR_FAILTEST_EXPECT: tensr: einsum output index 'z' does not appear in any input
#include <tensr/tensr.hpp>

int main() {
  tensr::Tensor<double, 2> a({2, 3});
  tensr::Tensor<double, 2> b({3, 4});
#ifdef TENSR_FAILTEST
  auto r = tensr::einsum<"ij,jk->iz">(a, b);
#else
  auto r = tensr::einsum<"ij,jk->ik">(a, b);
#endif
  return r.shape(1) == 4 ? 0 : 1;
}
