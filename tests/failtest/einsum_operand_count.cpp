// einsum<"spec"> counts operands at compile time: two terms and three operands must not
// compile, and the first error says so in words. Built twice by CTest: plain (must
// compile) and with TENSR_FAILTEST (must not).
// TENSR_FAILTEST_EXPECT: einsum: the number of operands differs from the number of terms
#include <tensr/tensr.hpp>

int main() {
  tensr::Tensor<double, 2> a({2, 3});
  tensr::Tensor<double, 2> b({3, 4});
#ifdef TENSR_FAILTEST
  auto r = tensr::einsum<"ij,jk->ik">(a, b, b);
#else
  auto r = tensr::einsum<"ij,jk,kl->il">(a, b, b.t());
#endif
  return r.shape(1) == 3 ? 0 : 1;
}
