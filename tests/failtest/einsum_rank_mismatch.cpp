// einsum<"spec"> checks operand ranks at compile time: a rank-3 operand where the spec gives
// two indices must not compile, and the first error says so in words. Built twice by CTest:
// plain (must compile) and with TENSR_FAILTEST (must not).
// TENSR_FAILTEST_EXPECT: einsum: an operand's rank differs from the number of indices
#include <tensr/tensr.hpp>

int main() {
  tensr::Tensor<float, 3> A({4, 3, 1});
  tensr::Tensor<float, 2> W({3, 5});
#ifdef TENSR_FAILTEST
  auto r = tensr::einsum<"ij,jl->il">(A, W);  // operand 0 has rank 3, the spec gives it 2
#else
  auto r = tensr::einsum<"ijk,jl->ilk">(A, W);
#endif
  return r.shape(1) == 5 ? 0 : 1;
}
