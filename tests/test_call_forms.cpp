// The call forms a NumPy user types first: braced lists of Tensors and views for the joining
// functions (mixed with out=), braced shapes for broadcast_to and reshape, every spelling of
// tensordot's axis lists (std::array, std::vector with tensordot<K>, {} for none), and ddof
// as a type of its own for var and std. Each check names the NumPy call it mirrors; the
// expected values are worked out from NumPy's definitions.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <type_traits>
#include <vector>

using namespace tensr;

namespace {

/// x has shape `shape` and, in row-major order, `values`.
template <class X>
void check(const X& x, const shape_t<rank_of<X>>& shape, std::initializer_list<double> values) {
  const Tensor<value_type_of<X>, rank_of<X>> t(as_view(x));  // a row-major copy
  REQUIRE(t.shape() == shape);
  REQUIRE(static_cast<std::size_t>(t.size()) == values.size());
  const auto* p = t.data();
  for (const double v : values) CHECK(static_cast<double>(*p++) == doctest::Approx(v));
}

struct Inputs {
  Tensor<double, 2> a{{1, 2}, {3, 4}};
  Tensor<double, 2> b{{5, 6}, {7, 8}};
  TensorView<double, 2> vb = b.view();
  TensorView<const double, 2> ca = a;
  TensorView<const double, 2> cb = b;
  Tensor<double, 1> x{1, 2, 3};
  Tensor<double, 1> y{4, 5, 6};
};

}  // namespace

// ---- joining: braced lists ------------------------------------------------------------------

TEST_CASE_FIXTURE(Inputs, "concatenate/stack/hstack/vstack take braced lists of Tensors") {
  check(concatenate({a, b}, 0), {4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});  // np.concatenate((a, b), 0)
  check(concatenate({a, b}, 1), {2, 4}, {1, 2, 5, 6, 3, 4, 7, 8});  // np.concatenate((a, b), 1)
  check(concatenate({a, b}), {4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});     // np.concatenate((a, b))
  check(stack({a, b}), {2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});        // np.stack((a, b))
  check(stack({a, b}, 1), {2, 2, 2}, {1, 2, 5, 6, 3, 4, 7, 8});     // np.stack((a, b), 1)
  check(stack({a, b}, -1), {2, 2, 2}, {1, 5, 2, 6, 3, 7, 4, 8});    // np.stack((a, b), -1)
  check(hstack({a, b}), {2, 4}, {1, 2, 5, 6, 3, 4, 7, 8});          // np.hstack((a, b))
  check(vstack({a, b}), {4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});          // np.vstack((a, b))
  check(hstack({x, y}), {6}, {1, 2, 3, 4, 5, 6});                   // np.hstack((x, y))
  check(vstack({x, y}), {2, 3}, {1, 2, 3, 4, 5, 6});                // np.vstack((x, y))
  check(stack({x, y}, 1), {3, 2}, {1, 4, 2, 5, 3, 6});              // np.stack((x, y), 1)
  const Tensor<int, 1> xi{1, 2}, yi{3};
  const auto ci = concatenate({xi, yi});  // np.concatenate((xi, yi)): int stays int
  static_assert(std::is_same_v<decltype(ci), const Tensor<int, 1>>);
  check(ci, {3}, {1, 2, 3});
}

TEST_CASE_FIXTURE(Inputs, "braced lists of views and of read-only views") {
  check(concatenate({a.view(), vb}, -1), {2, 4}, {1, 2, 5, 6, 3, 4, 7, 8});  // axis=-1
  check(concatenate({ca, cb}), {4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  check(stack({ca, cb}, 2), {2, 2, 2}, {1, 5, 2, 6, 3, 7, 4, 8});  // np.stack((a, b), 2)
  check(hstack({ca, cb}), {2, 4}, {1, 2, 5, 6, 3, 4, 7, 8});
  check(vstack({vb, vb}), {4, 2}, {5, 6, 7, 8, 5, 6, 7, 8});
  // Transposed views: np.concatenate((a.T, b.T), 0)
  check(concatenate({a.t(), b.t()}), {4, 2}, {1, 3, 2, 4, 5, 7, 6, 8});
}

TEST_CASE_FIXTURE(Inputs, "out=: Tensors, views and read-only views mixed in one braced list") {
  Tensor<double, 2> o({6, 2});
  concatenate({a, vb, ca}, 0, o);  // np.concatenate((a, b, a), 0, out=o)
  check(o, {6, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4});
  Tensor<double, 2> o24({2, 4});
  concatenate({cb, a}, 1, o24.view());  // np.concatenate((b, a), 1, out=o24)
  check(o24, {2, 4}, {5, 6, 1, 2, 7, 8, 3, 4});
  Tensor<double, 3> o3({3, 2, 2});
  stack({a, vb, cb}, 0, o3);  // np.stack((a, b, b), 0, out=o3)
  check(o3, {3, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 8});
  Tensor<double, 2> o32({3, 2});
  stack({x.view(), y}, -1, o32);  // np.stack((x, y), -1, out=o32)
  check(o32, {3, 2}, {1, 4, 2, 5, 3, 6});
  // Inputs of another element type than out's, one type in the list (NumPy casts).
  const Tensor<int, 1> xi{1, 2}, yi{3};
  Tensor<double, 1> o1({3});
  concatenate({xi, yi}, 0, o1);  // np.concatenate((xi, yi), out=o1)
  check(o1, {3}, {1, 2, 3});
  Tensor<double, 2> o22({2, 2});
  stack({xi, xi}, 0, o22);  // np.stack((xi, xi), out=o22)
  check(o22, {2, 2}, {1, 2, 1, 2});
  // An out that is one of the inputs: every input is read first.
  Tensor<double, 1> z{1, 2, 3, 4};
  concatenate({z(range(2, 4)), z(range(0, 2))}, 0, z);  // np.concatenate((z[2:], z[:2]), out=z)
  check(z, {4}, {3, 4, 1, 2});
}

TEST_CASE_FIXTURE(Inputs, "braced lists: NumPy's errors") {
  const Tensor<double, 2> c({2, 3});
  CHECK_THROWS_WITH_AS(concatenate({a, c}, 0),
                       "all the input array dimensions except for the concatenation axis must "
                       "match exactly, but along dimension 1, the array at index 0 has size 2 "
                       "and the array at index 1 has size 3",
                       shape_error);
  CHECK_THROWS_WITH_AS(stack({a, c}), "all input arrays must have the same shape", shape_error);
  CHECK_THROWS_WITH_AS(concatenate({a, b}, 2), "axis 2 is out of bounds for array of dimension 2",
                       shape_error);
  Tensor<double, 2> o({3, 2});
  CHECK_THROWS_WITH_AS(concatenate({a, vb}, 0, o),
                       "Output array is the wrong shape: out has shape (3,2), the result has "
                       "shape (4,2)",
                       shape_error);
}

// ---- braced shapes ----------------------------------------------------------------------------

TEST_CASE_FIXTURE(Inputs, "broadcast_to and reshape take a braced shape") {
  const auto bx = broadcast_to(x, {2, 3});  // np.broadcast_to(x, (2, 3))
  static_assert(std::is_same_v<decltype(bx), const TensorView<const double, 2>>);
  check(bx, {2, 3}, {1, 2, 3, 1, 2, 3});
  CHECK(bx.strides() == shape_t<2>{0, 1});
  check(broadcast_to(ca, {2, 2, 2}), {2, 2, 2}, {1, 2, 3, 4, 1, 2, 3, 4});
  check(broadcast_to<2>(x, {2, 3}), {2, 3}, {1, 2, 3, 1, 2, 3});  // the rank given as well
  CHECK_THROWS_WITH_AS(broadcast_to(x, {2, 4}),
                       "operands could not be broadcast together with remapped shapes "
                       "[original->remapped]: (3,)  and requested shape (2,4)",
                       shape_error);
  const auto r = reshape(a, {4});  // np.reshape(a, (4,))
  static_assert(decltype(r)::rank == 1);
  check(r, {4}, {1, 2, 3, 4});
  check(reshape(vb, {-1, 1}), {4, 1}, {5, 6, 7, 8});  // np.reshape(b, (-1, 1))
  check(reshape<2>(x, {3, 1}), {3, 1}, {1, 2, 3});
  CHECK(reshape(a, {4}).data() == a.data());  // a view
}

// ---- tensordot's axis lists -------------------------------------------------------------------

TEST_CASE_FIXTURE(Inputs, "tensordot: braces, std::array, std::vector, and no axes") {
  // np.tensordot(a, b, axes=([1], [0])) = a @ b
  check(tensordot(a, b, {1}, {0}), {2, 2}, {19, 22, 43, 50});
  const std::array<index_t, 1> a1{1}, b0{0};
  check(tensordot(a, b, a1, b0), {2, 2}, {19, 22, 43, 50});
  const std::vector<index_t> va{1}, vb0{0};
  check(tensordot<1>(a, b, va, vb0), {2, 2}, {19, 22, 43, 50});
  // np.tensordot(a, b, axes=([0, 1], [0, 1])) = sum(a * b) = 70, a 0-d result
  const auto full = tensordot<2>(a, b, std::vector<index_t>{0, 1}, std::vector<index_t>{0, 1});
  static_assert(decltype(full)::rank == 0);
  CHECK(*full.data() == 70);
  // np.tensordot(x2, x3, axes=([], [])): the outer product
  const Tensor<double, 1> x2{1, 2}, x3{3, 4, 5};
  const auto outer = tensordot(x2, x3, {}, {});
  static_assert(decltype(outer)::rank == 2);
  check(outer, {2, 3}, {3, 4, 5, 6, 8, 10});
  check(tensordot(x2, x3, std::array<index_t, 0>{}, std::array<index_t, 0>{}), {2, 3},
        {3, 4, 5, 6, 8, 10});
  check(tensordot<0>(x2, x3, std::vector<index_t>{}, std::vector<index_t>{}), {2, 3},
        {3, 4, 5, 6, 8, 10});
  check(tensordot<0>(x2, x3), {2, 3}, {3, 4, 5, 6, 8, 10});  // np.tensordot(x2, x3, axes=0)
  check(tensordot<1>(a, b), {2, 2}, {19, 22, 43, 50});       // np.tensordot(a, b, axes=1)
  // Negative axes in a vector: np.tensordot(a, b, axes=([-1], [-2]))
  check(tensordot<1>(a, b, std::vector<index_t>{-1}, std::vector<index_t>{-2}), {2, 2},
        {19, 22, 43, 50});
}

TEST_CASE_FIXTURE(Inputs, "tensordot: the out forms of every axis spelling") {
  const Tensor<double, 1> x2{1, 2}, x3{3, 4, 5};
  Tensor<double, 2> o23({2, 3});
  tensordot(x2, x3, {}, {}, o23);
  check(o23, {2, 3}, {3, 4, 5, 6, 8, 10});
  o23 = Tensor<double, 2>({2, 3});
  tensordot(x2, x3, std::array<index_t, 0>{}, std::array<index_t, 0>{}, o23);
  check(o23, {2, 3}, {3, 4, 5, 6, 8, 10});
  Tensor<double, 2> o({2, 2});
  tensordot(a, b, std::array<index_t, 1>{1}, std::array<index_t, 1>{0}, o);
  check(o, {2, 2}, {19, 22, 43, 50});
  o = Tensor<double, 2>({2, 2});
  tensordot<1>(a, b, std::vector<index_t>{0}, std::vector<index_t>{1}, o.view());  // a.T @ b.T
  check(o, {2, 2}, {23, 31, 34, 46});
}

TEST_CASE_FIXTURE(Inputs, "tensordot: run-time axis lists of the wrong length") {
  // np.tensordot(a, b, axes=([1, 0], [0])) raises "shape-mismatch for sum"
  CHECK_THROWS_WITH_AS(tensordot<1>(a, b, std::vector<index_t>{1, 0}, std::vector<index_t>{0}),
                       "tensordot: shape-mismatch for sum: 2 axes of a paired with 1 axes of b",
                       shape_error);
  CHECK_THROWS_WITH_AS(tensordot<1>(a, b, std::vector<index_t>{}, std::vector<index_t>{}),
                       "tensordot<K>: K = 1 but the axis lists have 0 axes", shape_error);
  Tensor<double, 0> o0;
  CHECK_THROWS_WITH_AS(tensordot<2>(a, b, std::vector<index_t>{1}, std::vector<index_t>{0}, o0),
                       "tensordot<K>: K = 2 but the axis lists have 1 axes", shape_error);
  // np.tensordot(x, x2, axes=([0], [0])): sizes 3 and 2 differ
  const Tensor<double, 1> x2{1, 2};
  CHECK_THROWS_AS(tensordot<1>(x, x2, std::vector<index_t>{0}, std::vector<index_t>{0}),
                  shape_error);
}

// ---- ddof ---------------------------------------------------------------------------------------

TEST_CASE("var and std: ddof(n) is NumPy's ddof=n, a bare integer is an axis") {
  const Tensor<double, 2> m{{1, 2, 3}, {4, 5, 9}};
  static_assert(!std::is_convertible_v<int, ddof_t>);
  static_assert(decltype(var(m, 1))::rank == 1);  // np.var(m, 1): axis 1
  // np.var(m) = 40 / 6, np.var(m, ddof=1) = 40 / 5
  CHECK(var(m) == doctest::Approx(40.0 / 6));
  CHECK(var(m, ddof(1)) == doctest::Approx(8.0));
  CHECK(var(m, all, ddof(1)) == doctest::Approx(8.0));
  CHECK(tensr::std(m, ddof(1)) == doctest::Approx(std::sqrt(8.0)));  // np.std(m, ddof=1)
  CHECK(tensr::std(m, all, ddof(1)) == doctest::Approx(std::sqrt(8.0)));
  CHECK(var(Tensor<int, 1>{1, 2, 3, 4}, ddof(1)) == doctest::Approx(5.0 / 3));
  check(var(m, 1), {2}, {2.0 / 3, 14.0 / 3});                 // np.var(m, 1)
  check(var(m, 1, ddof(1)), {2}, {1, 7});                     // np.var(m, 1, ddof=1)
  check(var(m, 0, ddof(1)), {3}, {4.5, 4.5, 18});             // np.var(m, 0, ddof=1)
  check(tensr::std(m, -1, ddof(1)), {2}, {1, std::sqrt(7)});  // np.std(m, -1, ddof=1)
  // n - ddof <= 0 divides by 0, as NumPy (which warns): np.var(m, 1, ddof=3) is [inf, inf]
  const auto inf = var(m, 1, ddof(3));
  CHECK(std::isinf(inf(0)));
  CHECK(std::isinf(inf(1)));
}

TEST_CASE("var and std: out= forms with ddof") {
  const Tensor<double, 2> m{{1, 2, 3}, {4, 5, 9}};
  Tensor<double, 1> o2({2}), o3({3});
  var(m, 1, ddof(1), o2);  // np.var(m, 1, ddof=1, out=o2)
  check(o2, {2}, {1, 7});
  tensr::std(m, 1, ddof(1), o2.view());  // np.std(m, 1, ddof=1, out=o2)
  check(o2, {2}, {1, std::sqrt(7)});
  var(m, 0, o3);  // np.var(m, 0, out=o3)
  check(o3, {3}, {2.25, 2.25, 9});
  tensr::std(m, 0, o3);  // np.std(m, 0, out=o3)
  check(o3, {3}, {1.5, 1.5, 3});
}

// The bare-integer ddof still compiles, with a deprecation warning; it must still compute ddof.
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
TEST_CASE("var and std: the deprecated bare-integer ddof forms") {
  const Tensor<double, 2> m{{1, 2, 3}, {4, 5, 9}};
  CHECK(var(m, all, 1) == doctest::Approx(8.0));
  CHECK(tensr::std(m, all, 1) == doctest::Approx(std::sqrt(8.0)));
  check(var(m, 1, 1), {2}, {1, 7});
  check(tensr::std(m, 1, 1), {2}, {1, std::sqrt(7)});
  Tensor<double, 1> o2({2});
  var(m, 1, 1, o2);
  check(o2, {2}, {1, 7});
  tensr::std(m, 1, 1, o2);
  check(o2, {2}, {1, std::sqrt(7)});
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
