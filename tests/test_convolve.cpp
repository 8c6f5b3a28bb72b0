// convolve and correlate: the three modes, the longer second operand (NumPy's swap), types,
// views and the errors. Expected values worked out from NumPy 1.24's definitions.
#include "test_ops_common.hpp"

#include <cstdint>
#include <type_traits>

using namespace tensr;
using ops_test::check_values;

TEST_CASE("convolve in each mode") {
  const Tensor<double, 1> a{1., 2., 3.}, v{0., 1., 0.5};
  check_values(convolve(a, v), {5}, {0.0, 1.0, 2.5, 4.0, 1.5});  // np.convolve(a, v)
  check_values(convolve(a, v, "full"), {5}, {0.0, 1.0, 2.5, 4.0, 1.5});
  check_values(convolve(a, v, "same"), {3}, {1.0, 2.5, 4.0});  // mode="same"
  check_values(convolve(a, v, "valid"), {1}, {2.5});           // mode="valid"
  const Tensor<int, 1> s{0, 1}, ai{1, 2, 3};
  // np.convolve([0, 1], [1, 2, 3], m): v the longer, swapped
  check_values(convolve(s, ai), {4}, {0, 1, 2, 3});
  check_values(convolve(s, ai, "same"), {3}, {0, 1, 2});
  check_values(convolve(s, ai, "valid"), {2}, {1, 2});
  const Tensor<int, 1> l{1, 2, 3, 4}, k{1, 2};
  check_values(convolve(l, k), {5}, {1, 4, 7, 10, 8});  // np.convolve([1,2,3,4],[1,2])
  check_values(convolve(l, k, "same"), {4}, {1, 4, 7, 10});
  check_values(convolve(l, k, "valid"), {3}, {4, 7, 10});
  check_values(convolve(l.flip(), k), {5}, {4, 11, 8, 5, 2});  // a view: np.convolve(l[::-1], k)
  static_assert(std::is_same_v<decltype(convolve(l, k)), Tensor<int, 1>>);
  static_assert(std::is_same_v<decltype(convolve(l, v)), Tensor<double, 1>>);
  // np.convolve(np.uint8([1, 2]), np.uint8([200, 2])): uint8 wraps
  const Tensor<std::uint8_t, 1> u1{std::uint8_t{1}, std::uint8_t{2}};
  const Tensor<std::uint8_t, 1> u2{std::uint8_t{200}, std::uint8_t{2}};
  check_values(convolve(u1, u2), {3}, {200, 146, 4});
  check_values(convolve(Tensor<double, 1>{2.}, Tensor<double, 1>{3.}), {1}, {6.0});
}

TEST_CASE("correlate in each mode") {
  const Tensor<double, 1> a{1., 2., 3.}, v{0., 1., 0.5};
  check_values(correlate(a, v), {1}, {3.5});  // np.correlate(a, v)
  check_values(correlate(a, v, "same"), {3}, {2.0, 3.5, 3.0});
  check_values(correlate(a, v, "full"), {5}, {0.5, 2.0, 3.5, 3.0, 0.0});
  const Tensor<int, 1> s{1, 2}, l{1, 2, 3, 4};
  // np.correlate([1, 2, 3, 4], [1, 2], m)
  check_values(correlate(l, s, "full"), {5}, {2, 5, 8, 11, 4});
  check_values(correlate(l, s, "same"), {4}, {2, 5, 8, 11});
  check_values(correlate(l, s), {3}, {5, 8, 11});
  // np.correlate([1, 2], [1, 2, 3, 4], m): correlate(v, a) reversed
  check_values(correlate(s, l, "full"), {5}, {4, 11, 8, 5, 2});
  check_values(correlate(s, l, "same"), {4}, {11, 8, 5, 2});
  check_values(correlate(s, l), {3}, {11, 8, 5});
  // np.correlate([True, False], [True, True]): bool uses or / and
  check_values(correlate(Tensor<bool, 1>{true, false}, Tensor<bool, 1>{true, true}), {1}, {true});
}

TEST_CASE("convolve and correlate errors") {
  const Tensor<double, 1> e({0}), one{1.};
  // np.convolve([], [1]) swaps first, so v is the empty one
  CHECK_THROWS_WITH_AS(convolve(e, one), "convolve: v cannot be empty", shape_error);
  CHECK_THROWS_WITH_AS(convolve(one, e), "convolve: v cannot be empty", shape_error);
  CHECK_THROWS_WITH_AS(convolve(e, e), "convolve: a cannot be empty", shape_error);
  CHECK_THROWS_WITH_AS(correlate(e, one), "correlate: first array argument cannot be empty",
                       shape_error);
  CHECK_THROWS_WITH_AS(correlate(one, e), "correlate: second array argument cannot be empty",
                       shape_error);
  CHECK_THROWS_WITH_AS(convolve(one, one, "bad"),
                       "convolve: mode must be one of 'valid', 'same', or 'full' (got 'bad')",
                       shape_error);
  CHECK_THROWS_WITH_AS(correlate(one, one, "Full"),
                       "correlate: mode must be one of 'valid', 'same', or 'full' (got 'Full')",
                       shape_error);
}
