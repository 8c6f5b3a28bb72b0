// cumprod (each axis, flattened, 64-bit products), diff (orders, axes, bool, unsigned, errors)
// and cumsum's sign of zero. Expected values worked out from NumPy 1.24's definitions.
#include "test_ops_common.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

using namespace tensr;
using ops_test::check_values;

TEST_CASE("cumprod along each axis and flattened") {
  const Tensor<int, 2> a{{1, 2, 3}, {4, 5, 6}};
  static_assert(std::is_same_v<decltype(cumprod(a, 0)), Tensor<std::int64_t, 2>>);
  check_values(cumprod(a, 0), {2, 3}, {1, 2, 3, 4, 10, 18});   // np.cumprod(a, 0)
  check_values(cumprod(a, 1), {2, 3}, {1, 2, 6, 4, 20, 120});  // np.cumprod(a, 1)
  check_values(cumprod(a, -1), {2, 3}, {1, 2, 6, 4, 20, 120});
  check_values(cumprod(a), {6}, {1, 2, 6, 24, 120, 720});         // np.cumprod(a)
  check_values(cumprod(a.t(), 1), {3, 2}, {1, 4, 2, 10, 3, 18});  // np.cumprod(a.T, 1)
  // np.cumprod(np.int8([100, 100, 100])) is int64: no wrap at 8 bits
  const Tensor<std::int8_t, 1> i8{std::int8_t{100}, std::int8_t{100}, std::int8_t{100}};
  check_values(cumprod(i8), {3}, {std::int64_t{100}, std::int64_t{10000}, std::int64_t{1000000}});
  check_values(cumprod(Tensor<bool, 1>{true, false, true}), {3}, {1, 0, 0});
  const Tensor<double, 1> f{0.5, -2.0, std::numeric_limits<double>::quiet_NaN(), 3.0};
  const auto r = cumprod(f);
  CHECK(r(0) == 0.5);
  CHECK(r(1) == -1.0);
  CHECK(std::isnan(r(2)));
  CHECK(std::isnan(r(3)));
  check_values(cumprod(Tensor<double, 2>({0, 3}), 1), {0, 3}, std::initializer_list<double>{});
  check_values(cumprod(Tensor<double, 2>({2, 0})), {0}, std::initializer_list<double>{});
  CHECK_THROWS_WITH_AS(cumprod(a, 2), "axis 2 is out of bounds for array of dimension 2",
                       shape_error);
}

TEST_CASE("cumsum keeps -0.0 in the first place") {
  const auto r = cumsum(Tensor<double, 1>{-0.0, 1.0});  // np.cumsum([-0., 1.])
  CHECK(std::signbit(r(0)));
  const Tensor<double, 2> m{{-0.0, 1.0}};
  CHECK(std::signbit(cumsum(m, 0)(0, 0)));  // np.cumsum([[-0., 1.]], 0)
  CHECK(std::signbit(cumsum(m, 1)(0, 0)));
}

TEST_CASE("diff: orders, axes, types") {
  const Tensor<int, 1> x{1, 4, 9, 16, 25};
  check_values(diff(x), {4}, {3, 5, 7, 9});  // np.diff(x)
  check_values(diff(x, 2), {3}, {2, 2, 2});  // np.diff(x, 2)
  check_values(diff(x, 4), {1}, {0});
  check_values(diff(x, 5), {0}, std::initializer_list<int>{});  // np.diff(x, 5) is empty
  check_values(diff(x, 7), {0}, std::initializer_list<int>{});
  check_values(diff(x, 0), {5}, {1, 4, 9, 16, 25});
  const Tensor<int, 2> b{{1, 3, 6}, {10, 15, 21}};
  check_values(diff(b), {2, 2}, {2, 3, 5, 6});       // np.diff(b)
  check_values(diff(b, 1, 0), {1, 3}, {9, 12, 15});  // np.diff(b, axis=0)
  check_values(diff(b, 1, -2), {1, 3}, {9, 12, 15});
  check_values(diff(b.t(), 1, 1), {3, 1}, {9, 12, 15});  // np.diff(b.T, axis=1)
  check_values(diff(b, 2, 1), {2, 1}, {1, 1});           // np.diff(b, 2, axis=1)
  // bool: not_equal; unsigned wraps
  check_values(diff(Tensor<bool, 1>{true, false, false, true}), {3}, {true, false, true});
  const Tensor<std::uint8_t, 1> u{std::uint8_t{1}, std::uint8_t{0}};
  static_assert(std::is_same_v<decltype(diff(u)), Tensor<std::uint8_t, 1>>);
  check_values(diff(u), {1}, {255});
  const auto d = diff(Tensor<double, 1>{-0.0, std::numeric_limits<double>::infinity(),
                                        std::numeric_limits<double>::infinity()});
  CHECK(d(0) == std::numeric_limits<double>::infinity());
  CHECK(std::isnan(d(1)));  // inf - inf
  check_values(diff(Tensor<double, 2>({0, 3}), 1, 0), {0, 3}, std::initializer_list<double>{});
  CHECK_THROWS_WITH_AS(diff(x, -1), "diff: order must be non-negative but got -1", shape_error);
  CHECK_THROWS_WITH_AS(diff(b, 1, 2), "axis 2 is out of bounds for array of dimension 2",
                       shape_error);
}
