// einsum<"spec"> with an output index written twice must not compile, and the first error
// names the index as a letter. Built twice by CTest: plain (must compile) and with
// TENSR_FAILTEST (must not).
// TENSR_FAILTEST_EXPECT: tensr: einsum output index 'i' appears more than once
#include <tensr/tensr.hpp>

int main() {
  tensr::Tensor<double, 2> a({2, 3});
  tensr::Tensor<double, 2> b({3, 2});
#ifdef TENSR_FAILTEST
  auto r = tensr::einsum<"ij,jk->ii">(a, b);
#else
  auto r = tensr::einsum<"ij,jk->ik">(a, b);
#endif
  return r.shape(1) == 2 ? 0 : 1;
}
