// isinf, signbit, logical_xor, and the whole-tensor comparisons isclose, allclose,
// array_equal, array_equiv. Expected values are NumPy 1.24's (the call is given beside each).
#include "test_ops_common.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

using namespace tensr;
using ops_test::check_values;

namespace {
constexpr double NAN_ = std::numeric_limits<double>::quiet_NaN();
constexpr double INF = std::numeric_limits<double>::infinity();
constexpr bool T = true;
constexpr bool F = false;
}  // namespace

TEST_CASE("isinf and signbit: floats, integers, views") {
  const Tensor<double, 1> x{1.0, INF, -INF, NAN_, 0.0, -0.0, -2.5, std::copysign(NAN_, -1.0)};
  const auto inf = isinf(x);
  static_assert(std::is_same_v<decltype(inf), const Tensor<bool, 1>>);
  check_values(inf, {8}, {F, T, T, F, F, F, F, F});         // np.isinf(x)
  check_values(signbit(x), {8}, {F, F, T, F, F, T, T, T});  // np.signbit(x): -0.0 and -nan too

  const Tensor<float, 2> f{{1.f, -std::numeric_limits<float>::infinity()}, {-0.f, 3.f}};
  check_values(isinf(f), {2, 2}, {F, T, F, F});        // np.isinf(f)
  check_values(signbit(f.t()), {2, 2}, {F, T, T, F});  // np.signbit(f.T)
  check_values(isinf(f(all, 1)), {2}, {T, F});         // np.isinf(f[:, 1])

  const Tensor<int, 1> i{-3, 0, 5, std::numeric_limits<int>::min()};
  check_values(isinf(i), {4}, {F, F, F, F});    // np.isinf(i): never for integers
  check_values(signbit(i), {4}, {T, F, F, T});  // np.signbit(i): i < 0
  const Tensor<std::uint8_t, 1> u{0, 255};
  check_values(signbit(u), {2}, {F, F});  // np.signbit(np.uint8([0, 255]))

  Tensor<bool, 1> out({8});
  isinf(x, out);  // np.isinf(x, out=out)
  check_values(out, {8}, {F, T, T, F, F, F, F, F});
  signbit(x, out);
  check_values(out, {8}, {F, F, T, F, F, T, T, T});

  CHECK(isinf(Tensor<double, 1>({0})).shape() == shape_t<1>{0});  // np.isinf(np.zeros(0))
}

TEST_CASE("logical_xor: truth of any type, broadcasting, scalars, out") {
  const Tensor<bool, 1> p{T, T, F, F};
  const Tensor<bool, 1> q{T, F, T, F};
  check_values(logical_xor(p, q), {4}, {F, T, T, F});  // np.logical_xor(p, q)

  const Tensor<double, 1> d{0.0, 2.0, -1.5, NAN_};
  check_values(logical_xor(d, 1), {4}, {T, F, F, F});  // np.logical_xor(d, 1): nan is true
  check_values(logical_xor(0, d), {4}, {F, T, T, T});  // np.logical_xor(0, d)

  const Tensor<int, 2> col{{0}, {3}};    // shape (2, 1)
  const Tensor<int, 1> row{0, -1, 2};    // shape (3,)
  const auto x = logical_xor(col, row);  // np.logical_xor(col, row): shape (2, 3)
  static_assert(std::is_same_v<decltype(x), const Tensor<bool, 2>>);
  check_values(x, {2, 3}, {F, T, T, T, F, F});

  Tensor<bool, 2> out({2, 3});
  logical_xor(col, row, out);  // np.logical_xor(col, row, out=out)
  check_values(out, {2, 3}, {F, T, T, T, F, F});
  CHECK_THROWS_AS(logical_xor(p, Tensor<bool, 1>({3})), shape_error);  // (4,) (3,)
}

TEST_CASE("isclose: the tolerance formula, its asymmetry and the defaults") {
  // np.isclose([1e10, 1e-7], [1.00001e10, 1e-8])
  check_values(isclose(Tensor<double, 1>{1e10, 1e-7}, Tensor<double, 1>{1.00001e10, 1e-8}), {2},
               {T, F});
  // np.isclose([1e10, 1e-8], [1.0001e10, 1e-9])
  check_values(isclose(Tensor<double, 1>{1e10, 1e-8}, Tensor<double, 1>{1.0001e10, 1e-9}), {2},
               {F, T});
  // atol alone: np.isclose([0, 0], [1e-9, 1e-7])
  check_values(isclose(Tensor<double, 1>{0, 0}, Tensor<double, 1>{1e-9, 1e-7}), {2}, {T, F});

  // rtol scales |b| only: np.isclose(1, 2, rtol=0.5, atol=0), np.isclose(2, 1, ...)
  const Tensor<double, 1> one{1.0}, two{2.0};
  check_values(isclose(one, two, 0.5, 0.0), {1}, {T});
  check_values(isclose(two, one, 0.5, 0.0), {1}, {F});
  // <= is inclusive: np.isclose([1, 1], [1.5, 1.5], rtol=0, atol=[0.5, 0.25]) one at a time
  check_values(isclose(one, Tensor<double, 1>{1.5}, 0.0, 0.5), {1}, {T});
  check_values(isclose(one, Tensor<double, 1>{1.5}, 0.0, 0.25), {1}, {F});

  // integers are compared in double: np.isclose([1, 2, 100000], [1, 3, 100001])
  check_values(isclose(Tensor<int, 1>{1, 2, 100000}, Tensor<int, 1>{1, 3, 100001}), {3}, {T, F, T});
  // np.isclose(np.float32([1, 1.1]), 1.0): float32 with a scalar
  const auto fs = isclose(Tensor<float, 1>{1.f, 1.1f}, 1.0);
  static_assert(std::is_same_v<decltype(fs), const Tensor<bool, 1>>);
  check_values(fs, {2}, {T, F});
  check_values(isclose(1.0, Tensor<float, 1>{1.f, 1.1f}), {2}, {T, F});  // np.isclose(1.0, f)
}

TEST_CASE("isclose: NaN, infinities and equal_nan") {
  const Tensor<double, 1> a{1.0, NAN_, INF, INF, -INF, INF, NAN_, NAN_};
  const Tensor<double, 1> b{1.0, NAN_, INF, -INF, -INF, 1e308, 1.0, INF};
  // np.isclose(a, b)
  check_values(isclose(a, b), {8}, {T, F, T, F, T, F, F, F});
  // np.isclose(a, b, equal_nan=True): only NaN against NaN changes
  check_values(isclose(a, b, 1e-05, 1e-08, true), {8}, {T, T, T, F, T, F, F, F});
  // np.isclose(inf, inf, rtol=0, atol=0), np.isclose(nan, inf, atol=inf)
  check_values(isclose(Tensor<double, 1>{INF}, INF, 0.0, 0.0), {1}, {T});
  check_values(isclose(Tensor<double, 1>{NAN_}, INF, 0.0, INF), {1}, {F});
  // finite operands whose difference overflows: np.isclose(1e308, -1e308, rtol=0, atol=np.inf)
  // is inf <= inf, and without atol inf <= 1e303
  check_values(isclose(Tensor<double, 1>{1e308}, -1e308, 0.0, INF), {1}, {T});
  check_values(isclose(Tensor<double, 1>{1e308}, -1e308), {1}, {F});
}

TEST_CASE("isclose: broadcasting, views, empty operands") {
  const Tensor<double, 2> col{{1.0}, {2.0}};  // shape (2, 1)
  const Tensor<double, 1> row{1.0, 2.0, 3.0};
  const auto c = isclose(col, row);  // np.isclose(col, row): shape (2, 3)
  static_assert(std::is_same_v<decltype(c), const Tensor<bool, 2>>);
  check_values(c, {2, 3}, {T, F, F, F, T, F});
  const Tensor<double, 2> m{{1.0, 2.0}, {3.0, 4.0}};
  // np.isclose(m.T, [[1, 3], [2, 5]])
  check_values(isclose(m.t(), Tensor<double, 2>{{1.0, 3.0}, {2.0, 5.0}}), {2, 2}, {T, T, T, F});
  check_values(isclose(m(all, 1), 2.0), {2}, {T, F});  // np.isclose(m[:, 1], 2.0)
  // np.isclose(np.zeros(0), np.zeros((2, 0)))
  CHECK(isclose(Tensor<double, 1>({0}), Tensor<double, 2>({2, 0})).shape() == shape_t<2>{2, 0});
  // np.isclose([1, 2], [1, 2, 3]): ValueError, operands could not be broadcast together
  CHECK_THROWS_WITH_AS(isclose(Tensor<double, 1>{1, 2}, row),
                       doctest::Contains("could not be broadcast"), shape_error);
}

TEST_CASE("allclose") {
  // np.allclose([1e10, 1e-7], [1.00001e10, 1e-8])
  CHECK_FALSE(allclose(Tensor<double, 1>{1e10, 1e-7}, Tensor<double, 1>{1.00001e10, 1e-8}));
  // np.allclose([1e10, 1e-8], [1.00001e10, 1e-9])
  CHECK(allclose(Tensor<double, 1>{1e10, 1e-8}, Tensor<double, 1>{1.00001e10, 1e-9}));
  const Tensor<double, 1> n{1.0, NAN_};
  CHECK_FALSE(allclose(n, n));                        // np.allclose([1, nan], [1, nan])
  CHECK(allclose(n, n, 1e-05, 1e-08, true));          // ..., equal_nan=True
  CHECK(allclose(Tensor<float, 2>({2, 2}, 3.f), 3));  // np.allclose(np.full((2, 2), 3.0), 3)
  CHECK(allclose(Tensor<int, 1>{1, 2}, Tensor<double, 1>{1.0, 2.00001}));  // |diff| 1e-5 <= 2e-5
  CHECK(allclose(Tensor<double, 1>({0}), Tensor<double, 1>({0})));         // empty: True
  CHECK_FALSE(allclose(Tensor<double, 1>{1, 2}, 1.0, 0.0, 0.5));  // np.allclose([1, 2], 1, 0, .5)
  CHECK_THROWS_AS(allclose(Tensor<double, 1>{1, 2, 3}, Tensor<double, 1>{1, 2}), shape_error);
}

TEST_CASE("array_equal: shapes must match; no exception when they do not") {
  const Tensor<int, 1> a{1, 2};
  CHECK(array_equal(a, Tensor<int, 1>{1, 2}));           // np.array_equal([1, 2], [1, 2])
  CHECK_FALSE(array_equal(a, Tensor<int, 1>{1, 2, 3}));  // [1, 2] vs [1, 2, 3]
  CHECK_FALSE(array_equal(a, Tensor<int, 1>{1, 4}));     // [1, 2] vs [1, 4]
  CHECK_FALSE(array_equal(a, Tensor<int, 2>{{1, 2}}));   // [1, 2] vs [[1, 2]]: not broadcast
  CHECK_FALSE(array_equal(Tensor<int, 2>{{1, 2}, {1, 2}}, a));
  CHECK(array_equal(a, Tensor<double, 1>{1.0, 2.0}));  // values compare across types
  const Tensor<int, 2> m{{1, 3}, {2, 4}};
  CHECK(array_equal(m.t(), Tensor<int, 2>{{1, 2}, {3, 4}}));  // np.array_equal(m.T, ...)
  CHECK(array_equal(m(all, 0), a));                           // np.array_equal(m[:, 0], a)
  CHECK(array_equal(Tensor<double, 0>(3.0), 3.0));            // np.array_equal(np.array(3.), 3.)
  CHECK_FALSE(array_equal(a, 1));                             // np.array_equal([1, 2], 1)

  const Tensor<double, 1> n{1.0, NAN_};
  CHECK_FALSE(array_equal(n, n));  // np.array_equal([1, nan], [1, nan])
  CHECK(array_equal(n, n, true));  // ..., equal_nan=True
  CHECK_FALSE(array_equal(n, Tensor<double, 1>{NAN_, 1.0}, true));     // nan in other places
  CHECK(array_equal(Tensor<double, 1>({0}), Tensor<double, 1>({0})));  // empty: True
  CHECK_FALSE(array_equal(Tensor<double, 2>({2, 0}), Tensor<double, 2>({0, 2})));
}

TEST_CASE("array_equiv: broadcast, then equal; not broadcastable is false") {
  const Tensor<int, 1> a{1, 2};
  CHECK(array_equiv(a, Tensor<int, 1>{1, 2}));                  // [1, 2], [1, 2]
  CHECK(array_equiv(a, Tensor<int, 2>{{1, 2}, {1, 2}}));        // [1, 2], [[1, 2], [1, 2]]
  CHECK_FALSE(array_equiv(a, Tensor<int, 2>{{1, 2}, {1, 3}}));  // [1, 2], [[1, 2], [1, 3]]
  CHECK_FALSE(array_equiv(a, Tensor<int, 2>{{1, 2, 1, 2}, {1, 2, 1, 2}}));  // (2,) vs (2, 4)
  CHECK_FALSE(array_equiv(a, Tensor<int, 1>{1, 2, 3}));                     // (2,) vs (3,)
  CHECK(array_equiv(Tensor<double, 2>({2, 3}, 3.0), 3));  // np.full((2, 3), 3.), 3
  CHECK(array_equiv(Tensor<int, 2>{{5}, {5}}, Tensor<float, 1>{5.f, 5.f, 5.f}));  // (2,1), (3,)
  CHECK_FALSE(array_equiv(Tensor<double, 1>{NAN_}, Tensor<double, 1>{NAN_}));     // nan != nan
  CHECK(array_equiv(Tensor<double, 1>({0}), Tensor<double, 2>({3, 0})));  // empty after broadcast
  const Tensor<int, 2> m{{1, 1}, {2, 2}};
  CHECK(array_equiv(m.t(), a));  // np.array_equiv(m.T, [1, 2])
}
