// tensordot against NumPy (tests/data/gen_einsum_tensordot.py), and the seed question:
// einsum('ijk,jl->ilk', A(200,100,1), W(100,200)) equals tensordot(A, W, axes=((1),(0)))
// with its last two axes swapped, and equals A[:,:,0].dot(W)[..., None], in double and float.
#include "test_einsum_common.hpp"

#include <type_traits>

using namespace einsum_test;
using tensr::all;
using tensr::newaxis;
using tensr::Tensor;

TEST_CASE("tensordot matches NumPy"){
#include "data/einsum/tensordot.inc"
}

TEST_CASE("tensordot: result ranks at compile time, strided and mixed-type operands") {
  const auto a = op<3>(0, 2, 3, 4);
  const auto b = op<3>(1, 3, 4, 2);
  static_assert(decltype(tensr::tensordot(a, b))::rank == 2);
  static_assert(decltype(tensr::tensordot<1>(a, b.t()))::rank == 4);
  static_assert(decltype(tensr::tensordot<0>(a, b))::rank == 6);
  static_assert(decltype(tensr::tensordot(a, b, {0}, {2}))::rank == 4);
  // The same contraction through transposed views: NumPy's tensordot(a, b, axes=2) is
  // {{42, -17}, {-21, -19}} (see tensordot.inc).
  const Tensor<double, 3> at(a.t());  // a's elements, reversed axes
  const Tensor<double, 3> bt(b.t());
  compare(tensr::tensordot(at.t(), bt.t(), {1, 2}, {0, 1}), {{2, 2}, {42, -17, -21, -19}});
  compare(tensr::tensordot(at, bt, {1, 0}, {2, 1}), {{2, 2}, {42, -17, -21, -19}});
  // int with double promotes to double, like NumPy.
  const Tensor<int, 2> ai{{1, 2, 3}, {4, 5, 6}};
  const Tensor<double, 1> v{0.5, 1.0, 2.0};
  const auto r = tensr::tensordot<1>(ai, v);
  static_assert(std::is_same_v<decltype(r)::value_type, double>);
  compare(r, {{2}, {8.5, 19}});
}

namespace {
struct seed_pick {
  index_t i, j, k;
  double value;
};
#include "data/einsum/seed.inc"

template <class T>
void check_seed() {
  const Tensor<T, 3> A(op<3>(0, 200, 100, 1));
  const Tensor<T, 2> W(op<2>(1, 100, 200));
  const auto e = tensr::einsum<"ijk,jl->ilk">(A, W);
  const auto r = tensr::einsum<3>("ijk,jl->ilk", A, W);
  const auto td = tensr::tensordot(A, W, {1}, {0});  // (200, 1, 200)
  const auto sw = td.swapaxes(1, 2);                 // (200, 200, 1)
  const auto A0 = A(all, all, 0);
  const auto dotted = A0.dot(W);
  const auto route3 = dotted(all, all, newaxis);
  static_assert(decltype(e)::rank == 3 && decltype(td)::rank == 3);
  REQUIRE(e.shape() == tensr::shape_t<3>{200, 200, 1});
  REQUIRE(sw.shape() == e.shape());
  REQUIRE(route3.shape() == e.shape());
  double sum = 0, sum_sq = 0;
  bool same = true;
  for (index_t i = 0; i < 200; ++i)
    for (index_t l = 0; l < 200; ++l) {
      const T x = e(i, l, 0);
      same = same && x == sw(i, l, 0) && x == route3(i, l, 0) && x == r(i, l, 0);
      sum += double(x);
      sum_sq += double(x) * double(x);
    }
  CHECK(same);
  CHECK(sum == seed_sum);
  CHECK(sum_sq == seed_sum_sq);
  for (const auto& p : seed_picks) CHECK(double(e(p.i, p.j, p.k)) == p.value);
}
}  // namespace

TEST_CASE("the seed case: three routes agree with NumPy (double and float)") {
  check_seed<double>();
  check_seed<float>();  // sums of 100 products of small integers are exact in float too
}
