// einsum against NumPy, two operands: matrix products, batches, outer and elementwise products,
// broadcasting, implicit output. Expected values: tests/data/gen_einsum.py (np.einsum). Each case
// runs the compile-time and the run-time form, on contiguous, column-major and flipped operands.
#include "test_einsum_common.hpp"

#include <type_traits>

using namespace einsum_test;

TEST_CASE("einsum matches NumPy: two"){
#include "data/einsum/cases_two.inc"
}

TEST_CASE("einsum: element types promote as NumPy's (int, float, mixed)") {
  // NumPy: np.einsum('ij,jk->ik', op0(2,3), op1(3,4)) -- the first case of cases_two.inc.
  const expected e{{2, 4}, {31, 4, -23, -6, -23, 4, 31, -30}};
  const auto a = op<2>(0, 2, 3), b = op<2>(1, 3, 4);
  const auto ai = a.astype<int>();
  const auto bi = b.astype<int>();
  const auto rint = tensr::einsum<"ij,jk->ik">(ai, bi);
  static_assert(std::is_same_v<decltype(rint)::value_type, int>);
  compare(rint.astype<double>(), e);
  const auto rmix = tensr::einsum<2>("ij,jk->ik", ai, b);
  static_assert(std::is_same_v<decltype(rmix)::value_type, double>);
  compare(rmix, e);
  const auto rf = tensr::einsum<"ij,jk->ik">(a.astype<float>(), b.astype<float>());
  static_assert(std::is_same_v<decltype(rf)::value_type, float>);
  compare(rf.astype<double>(), e);
  // Spaces are allowed, as in NumPy.
  compare(tensr::einsum<2>("ij, jk -> ik", a, b), e);
  compare(tensr::einsum<" ij,jk->ik ">(a, b), e);
  // x Wt with W given as a transposed view.
  compare(tensr::einsum<"ij,kj->ik">(a, b.t()), e);
}
