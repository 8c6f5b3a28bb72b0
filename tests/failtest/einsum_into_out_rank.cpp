// einsum_into<"spec">(out, ...) checks out's rank at compile time: a rank-3 out for a spec
// whose output has two indices must not compile, and the first error says so in words. Built
// twice by CTest: plain (must compile) and with TENSR_FAILTEST (must not).
// TENSR_FAILTEST_EXPECT: einsum_into: out's rank differs from the rank of the spec's output
#include <tensr/tensr.hpp>

int main() {
  tensr::Tensor<float, 2> a({4, 3});
  tensr::Tensor<float, 2> b({3, 5});
#ifdef TENSR_FAILTEST
  tensr::Tensor<float, 3> out({4, 5, 1});  // the spec's output "ik" has rank 2
#else
  tensr::Tensor<float, 2> out({4, 5});
#endif
  tensr::einsum_into<"ij,jk->ik">(out, a, b);
  return out.shape(1) == 5 ? 0 : 1;
}
