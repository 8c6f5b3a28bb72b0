// The broadcasting engine: NumPy's shape rule across ranks 0-4 (size-0 and size-1 axes),
// its exact error texts, strided / transposed / negative-stride / zero-stride inputs, the
// out-parameter check, and overlap between the destination and the inputs.
// Expected values: tests/data/gen_ops.py.
#include "test_ops_common.hpp"

#include <limits>
#include <type_traits>

using namespace tensr;
using ops_test::ar;
using ops_test::check_values;

TEST_CASE("broadcast shapes") {
  using detail::broadcast_shapes;
  CHECK(broadcast_shapes(shape_t<2>{2, 3}, shape_t<1>{3}) == shape_t<2>{2, 3});
  CHECK(broadcast_shapes(shape_t<0>{}, shape_t<0>{}) == shape_t<0>{});
  CHECK(broadcast_shapes(shape_t<0>{}, shape_t<3>{4, 1, 2}) == shape_t<3>{4, 1, 2});
  CHECK(broadcast_shapes(shape_t<3>{2, 1, 3}, shape_t<2>{4, 1}) == shape_t<3>{2, 4, 3});
  CHECK(broadcast_shapes(shape_t<4>{2, 1, 3, 1}, shape_t<3>{4, 1, 2}) == shape_t<4>{2, 4, 3, 2});
  CHECK(broadcast_shapes(shape_t<2>{0, 3}, shape_t<1>{3}) == shape_t<2>{0, 3});
  CHECK(broadcast_shapes(shape_t<2>{1, 0}, shape_t<2>{3, 1}) == shape_t<2>{3, 0});
  CHECK(broadcast_shapes(shape_t<2>{0, 1}, shape_t<1>{1}) == shape_t<2>{0, 1});
  CHECK(broadcast_shapes(shape_t<1>{1}, shape_t<2>{1, 1}, shape_t<3>{5, 1, 1}) ==
        shape_t<3>{5, 1, 1});
  CHECK_THROWS_WITH_AS(broadcast_shapes(shape_t<2>{0, 3}, shape_t<1>{2}),
                       "operands could not be broadcast together with shapes (0,3) (2,)",
                       shape_error);
}

TEST_CASE("broadcast errors name every operand, as NumPy") {
  const auto a = ar<2>({2, 3});
  const auto b = ar<1>({4});
  CHECK_THROWS_WITH_AS(a + b, "operands could not be broadcast together with shapes (2,3) (4,)",
                       shape_error);
  CHECK_THROWS_WITH_AS(b * a, "operands could not be broadcast together with shapes (4,) (2,3)",
                       shape_error);
  CHECK_THROWS_WITH_AS(where(a > 1.0, b, a),
                       "operands could not be broadcast together with shapes (2,3) (4,) (2,3)",
                       shape_error);
  // With a destination, NumPy lists it last.
  auto c = ar<2>({2, 3});
  CHECK_THROWS_WITH_AS(
      c += b, "operands could not be broadcast together with shapes (2,3) (4,) (2,3)", shape_error);
  CHECK_THROWS_WITH_AS(add(a, b, c),
                       "operands could not be broadcast together with shapes (2,3) (4,) (2,3)",
                       shape_error);
  Tensor<double, 1> small({3});
  CHECK_THROWS_WITH_AS(
      small += a,
      "non-broadcastable output operand with shape (3,) doesn't match the broadcast shape (2,3)",
      shape_error);
  CHECK_THROWS_WITH_AS(
      exp(a, small),
      "non-broadcastable output operand with shape (3,) doesn't match the broadcast shape (2,3)",
      shape_error);
  Tensor<double, 2> big({2, 3});
  CHECK_THROWS_WITH_AS(
      add(small, small, big),
      "non-broadcastable output operand with shape (2,3) doesn't match the broadcast shape (3,)",
      shape_error);
  // The operands are left untouched.
  check_values(c, {2, 3}, {0., 1., 2., 3., 4., 5.});
  // A destination with extra leading size-1 axes is accepted.
  Tensor<double, 3> lead({1, 2, 3});
  add(a, 1.0, lead);
  CHECK(lead(0, 1, 2) == 6.0);
}

TEST_CASE("broadcast across ranks 0-4") {
  check_values(ar<3>({2, 1, 3}) - ar<2>({4, 1}), {2, 4, 3},
               {0.0, 1.0, 2.0, -1.0, 0.0, 1.0, -2.0, -1.0, 0.0, -3.0, -2.0, -1.0,
                3.0, 4.0, 5.0, 2.0,  3.0, 4.0, 1.0,  2.0,  3.0, 0.0,  1.0,  2.0});
  check_values(ar<4>({2, 1, 3, 1}) * ar<3>({4, 1, 2}, 1), {2, 4, 3, 2},
               {0.0,  0.0,  1.0,  2.0,  2.0,  4.0,  0.0,  0.0,  3.0,  4.0,  6.0,  8.0,
                0.0,  0.0,  5.0,  6.0,  10.0, 12.0, 0.0,  0.0,  7.0,  8.0,  14.0, 16.0,
                3.0,  6.0,  4.0,  8.0,  5.0,  10.0, 9.0,  12.0, 12.0, 16.0, 15.0, 20.0,
                15.0, 18.0, 20.0, 24.0, 25.0, 30.0, 21.0, 24.0, 28.0, 32.0, 35.0, 40.0});
  // Scalars and rank-0 tensors on either side.
  check_values(3.0 - ar<2>({2, 2}), {2, 2}, {3.0, 2.0, 1.0, 0.0});
  check_values(Tensor<double, 0>(3.0) - ar<2>({2, 2}), {2, 2}, {3.0, 2.0, 1.0, 0.0});
  const auto r0 = Tensor<double, 0>(2.0) * Tensor<double, 0>(4.0);
  static_assert(std::is_same_v<decltype(r0), const Tensor<double, 0>>);
  CHECK(r0.item() == 8.0);
  // Size-0 and size-1 axes.
  const auto e1 = ar<2>({0, 3}) + ar<1>({3});
  CHECK(e1.shape() == shape_t<2>{0, 3});
  const auto e2 = ar<2>({1, 0}) + ar<2>({3, 1});
  CHECK(e2.shape() == shape_t<2>{3, 0});
  const auto e3 = ar<4>({2, 0, 1, 3}) * 2.0;
  CHECK(e3.shape() == shape_t<4>{2, 0, 1, 3});
  check_values(ar<2>({1, 1}) + ar<1>({1}, 5), {1, 1}, {5.0});
}

TEST_CASE("strided, transposed, negative-stride and zero-stride inputs") {
  const auto a = ar<2>({3, 2});
  check_values(a.t() + ar<2>({2, 3}), {2, 3}, {0.0, 3.0, 6.0, 4.0, 7.0, 10.0});
  const auto v = ar<1>({5});
  const auto v1 = ar<1>({5}, 1);
  check_values(v.flip() / v1, {5}, {4.0, 1.5, 0.6666666666666666, 0.25, 0.0});
  // Every other element, and a broadcast (stride-0) operand.
  const auto w = ar<1>({10});
  check_values(w(range(1, 10, 2)) + 1.0, {5}, {2.0, 4.0, 6.0, 8.0, 10.0});
  check_values(broadcast_to(v, shape_t<2>{2, 5}) * 1.0, {2, 5},
               {0., 1., 2., 3., 4., 0., 1., 2., 3., 4.});
  const auto m23 = ar<2>({2, 3});
  check_values(m23(all, range(none, none, -1)) - m23.t().t(), {2, 3}, {2., 0., -2., 2., 0., -2.});
  // Strided destination: writes only the selected elements.
  auto d = Tensor<double, 2>({3, 4}, -1.0);
  add(ar<2>({3, 2}), 10.0, d(all, range(0, 4, 2)));
  check_values(d, {3, 4}, {10., -1., 11., -1., 12., -1., 13., -1., 14., -1., 15., -1.});
  // Column (inner stride != 1) operand.
  const auto m = ar<2>({3, 3});
  check_values(m(all, 1) + m(1, all), {3}, {4., 8., 12.});
}

TEST_CASE("mixed element types promote") {
  Tensor<int, 1> i{1, 2, 3};
  Tensor<float, 1> f{0.5f, 0.5f, 0.5f};
  static_assert(std::is_same_v<decltype(i + f), Tensor<float, 1>>);
  static_assert(std::is_same_v<decltype(i + 1), Tensor<int, 1>>);
  static_assert(std::is_same_v<decltype(i + 1.0), Tensor<double, 1>>);
  static_assert(std::is_same_v<decltype(f * 2.0), Tensor<float, 1>>);  // NumPy: weak scalar
  static_assert(std::is_same_v<decltype(2 * f), Tensor<float, 1>>);
  static_assert(std::is_same_v<decltype(i < f), Tensor<bool, 1>>);
  static_assert(std::is_same_v<decltype(exp(i)), Tensor<double, 1>>);
  static_assert(std::is_same_v<decltype(exp(f)), Tensor<float, 1>>);
  static_assert(std::is_same_v<decltype(abs(i)), Tensor<int, 1>>);
  static_assert(std::is_same_v<decltype(isnan(f)), Tensor<bool, 1>>);
  static_assert(std::is_same_v<decltype(where(i > 1, f, 0)), Tensor<float, 1>>);
  static_assert(std::is_same_v<decltype(clip(i, 0, 2)), Tensor<int, 1>>);
  static_assert(std::is_same_v<decltype(i.view() + f.view()), Tensor<float, 1>>);
  Tensor<std::uint8_t, 1> u{250, 7};
  static_assert(std::is_same_v<decltype(u + 10), Tensor<std::uint8_t, 1>>);
  check_values(u + 10, {2}, {4, 17});  // wraps like NumPy's uint8
  check_values(i + f, {3}, {1.5f, 2.5f, 3.5f});
}
