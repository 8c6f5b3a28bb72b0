// einsum<"spec"> with '...': an operand with fewer axes than the letters next to '...' must
// not compile, and the first error says so in words. Built twice by CTest: plain (must
// compile) and with TENSR_FAILTEST (must not).
// TENSR_FAILTEST_EXPECT: einsum: an operand has fewer axes than the indices
#include <tensr/tensr.hpp>

int main() {
  tensr::Tensor<double, 1> v({3});
  tensr::Tensor<double, 3> x({2, 3, 3});
#ifdef TENSR_FAILTEST
  auto r = tensr::einsum<"...ij,...j->...i">(v, v);
#else
  auto r = tensr::einsum<"...ij,...j->...i">(x, v);
#endif
  return r.shape(1) == 3 ? 0 : 1;
}
