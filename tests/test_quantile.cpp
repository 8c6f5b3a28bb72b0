// median, quantile / percentile (every method, q scalar and rank 1, axes, NaN, errors),
// average with weights and ptp. Expected values worked out from NumPy 1.24's definitions.
#include "test_ops_common.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

using namespace tensr;
using ops_test::check_values;

namespace {
constexpr double NAN_ = std::numeric_limits<double>::quiet_NaN();
constexpr double INF = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("median over all elements and along an axis") {
  const Tensor<double, 1> x{3., 1., 4., 1., 5.};
  CHECK(median(x) == 3.0);                                  // np.median([3,1,4,1,5])
  CHECK(median(Tensor<double, 1>{3., 1., 4., 2.}) == 2.5);  // np.median([3,1,4,2])
  CHECK(x(0) == 3.0);                                       // the input is not reordered
  const Tensor<float, 1> f{2.f, 1.f, 4.f, 3.f};
  static_assert(std::is_same_v<decltype(median(f)), float>);
  CHECK(median(f) == 2.5f);  // np.median(np.float32([2,1,4,3])) -> float32 2.5
  const Tensor<int, 2> i{{1, 2}, {3, 4}};
  static_assert(std::is_same_v<decltype(median(i, 1)), Tensor<double, 1>>);
  check_values(median(i, 1), {2}, {1.5, 3.5});   // np.median([[1,2],[3,4]], 1)
  check_values(median(i, -2), {2}, {2.0, 3.0});  // np.median([[1,2],[3,4]], -2)
  CHECK(median(i) == 2.5);

  // a = np.arange(12.).reshape(3, 4); a[1, 2] = np.nan
  Tensor<double, 2> a = arange<double>(12).reshape<2>({3, 4});
  a(1, 2) = NAN_;
  check_values(median(a, 0), {4}, {4.0, 5.0, NAN_, 7.0});  // np.median(a, 0)
  check_values(median(a, 1), {3}, {1.5, NAN_, 9.5});       // np.median(a, 1)
  CHECK(std::isnan(median(a)));                            // np.median(a)
  // Views: np.median(a[::2, ::-1], 1)
  check_values(median(a(range(0, 3, 2), range(3, -5, -1)), 1), {2}, {1.5, 9.5});

  // Empty: np.median([]) and np.median(np.zeros((2, 0)), 1) are NaN (NumPy warns).
  CHECK(std::isnan(median(Tensor<double, 1>({0}))));
  check_values(median(Tensor<double, 2>({2, 0}), 1), {2}, {NAN_, NAN_});
  check_values(median(Tensor<double, 2>({0, 3}), 1), {0}, std::initializer_list<double>{});
  CHECK_THROWS_WITH_AS(median(i, 2), "axis 2 is out of bounds for array of dimension 2",
                       shape_error);
}

TEST_CASE("quantile: every method of NumPy 1.24") {
  const Tensor<double, 1> x{3., 1., 4., 1., 5., 9., 2., 6.};
  const Tensor<double, 1> q{0., 0.1, 0.25, 0.5, 0.9, 1.};
  // np.quantile(x, [0, .1, .25, .5, .9, 1], method=m)
  check_values(quantile(x, q, "inverted_cdf"), {6}, {1.0, 1.0, 1.0, 3.0, 9.0, 9.0});
  check_values(quantile(x, q, "averaged_inverted_cdf"), {6}, {1.0, 1.0, 1.5, 3.5, 9.0, 9.0});
  check_values(quantile(x, q, "closest_observation"), {6}, {1.0, 1.0, 1.0, 3.0, 6.0, 9.0});
  check_values(quantile(x, q, "interpolated_inverted_cdf"), {6},
               {1.0, 1.0, 1.0, 3.0, 6.6000000000000005, 9.0});
  check_values(quantile(x, q, "hazen"), {6}, {1.0, 1.0, 1.5, 3.5, 8.100000000000001, 9.0});
  check_values(quantile(x, q, "weibull"), {6}, {1.0, 1.0, 1.25, 3.5, 9.0, 9.0});
  check_values(quantile(x, q, "linear"), {6}, {1.0, 1.0, 1.75, 3.5, 6.8999999999999995, 9.0});
  check_values(quantile(x, q), {6}, {1.0, 1.0, 1.75, 3.5, 6.8999999999999995, 9.0});
  check_values(quantile(x, q, "median_unbiased"), {6},
               {1.0, 1.0, 1.4166666666666665, 3.5, 8.500000000000002, 9.0});
  check_values(quantile(x, q, "normal_unbiased"), {6},
               {1.0, 1.0, 1.4375, 3.5, 8.399999999999999, 9.0});
  check_values(quantile(x, q, "lower"), {6}, {1.0, 1.0, 1.0, 3.0, 6.0, 9.0});
  check_values(quantile(x, q, "higher"), {6}, {1.0, 1.0, 2.0, 4.0, 9.0, 9.0});
  check_values(quantile(x, q, "midpoint"), {6}, {1.0, 1.0, 1.5, 3.5, 7.5, 9.0});
  check_values(quantile(x, q, "nearest"), {6}, {1.0, 1.0, 2.0, 4.0, 6.0, 9.0});
  // One q at a time takes the nth_element path: the same values.
  CHECK(quantile(x, 0.25) == 1.75);                          // np.quantile(x, .25)
  CHECK(quantile(x, 0.9, "hazen") == 8.100000000000001);     // method="hazen"
  CHECK(quantile(x, 0.25, "averaged_inverted_cdf") == 1.5);  // method="averaged_inverted_cdf"
  CHECK(quantile(x, 0.9, "closest_observation") == 6.0);     // method="closest_observation"
  // nearest rounds half to even, as np.around: np.quantile([1,2,3,4,5], .375 / .625, ...)
  const Tensor<int, 1> five{1, 2, 3, 4, 5};
  CHECK(quantile(five, 0.375, "nearest") == 3.0);
  CHECK(quantile(five, 0.625, "nearest") == 3.0);
  static_assert(std::is_same_v<decltype(quantile(five, 0.5)), double>);
  static_assert(std::is_same_v<decltype(quantile(Tensor<float, 1>{1.f}, 0.5)), double>);
}

TEST_CASE("quantile and percentile along an axis") {
  const Tensor<int, 2> a = arange<int>(12).reshape<2>({3, 4});
  // np.quantile(np.arange(12).reshape(3, 4), [.25, .5], axis=1): the q axis first
  check_values(quantile(a, Tensor<double, 1>{0.25, 0.5}, 1), {2, 3},
               {0.75, 4.75, 8.75, 1.5, 5.5, 9.5});
  check_values(quantile(a, Tensor<float, 1>{0.25f, 0.5f}, -1), {2, 3},
               {0.75, 4.75, 8.75, 1.5, 5.5, 9.5});
  // np.percentile(np.arange(12).reshape(3, 4), 40, axis=0)
  check_values(percentile(a, 40, 0), {4}, {3.2, 4.2, 5.2, 6.2});
  check_values(percentile(a, 50, 0, "lower"), {4}, {4.0, 5.0, 6.0, 7.0});
  CHECK(percentile(a, 100) == 11.0);  // np.percentile(a, 100)
  CHECK(percentile(a, 0) == 0.0);
  // An empty q: np.quantile(a, [], axis=1).shape == (0, 3)
  check_values(quantile(a, Tensor<double, 1>({0}), 1), {0, 3}, std::initializer_list<double>{});

  // NaN in a slice gives NaN for every q.
  Tensor<double, 2> f = arange<double>(6).reshape<2>({2, 3});
  f(0, 1) = NAN_;
  check_values(quantile(f, 0.5, 1), {2}, {NAN_, 4.0});  // np.quantile(f, .5, 1)
  check_values(quantile(f, Tensor<double, 1>{0.0, 1.0}, 1, "lower"), {2, 2},
               {NAN_, 3.0, NAN_, 5.0});  // np.quantile(f, [0, 1], 1, method="lower")
  CHECK(std::isnan(quantile(f, 0.0)));
  // Infinities: NumPy's lerp gives NaN between equal infinities, inf - inf.
  CHECK(std::isnan(quantile(Tensor<double, 1>{INF, INF}, 0.5)));  // np.quantile([inf, inf], .5)
  CHECK(quantile(Tensor<double, 1>{1.0, INF}, 1.0) == INF);       // np.quantile([1, inf], 1)
}

TEST_CASE("quantile errors") {
  const Tensor<double, 1> x{1., 2.};
  CHECK_THROWS_WITH_AS(quantile(x, 1.5), "quantile: Quantiles must be in the range [0, 1]",
                       shape_error);
  CHECK_THROWS_WITH_AS(quantile(x, Tensor<double, 1>{0.5, -0.1}),
                       "quantile: Quantiles must be in the range [0, 1]", shape_error);
  CHECK_THROWS_WITH_AS(quantile(x, NAN_), "quantile: Quantiles must be in the range [0, 1]",
                       shape_error);
  CHECK_THROWS_WITH_AS(percentile(x, 101, 0),
                       "percentile: Percentiles must be in the range [0, 100]", shape_error);
  CHECK_THROWS_WITH_AS(quantile(x, 0.5, "cubic"), "quantile: 'cubic' is not a valid method",
                       shape_error);
  // np.quantile(np.array([]), .5) raises IndexError
  CHECK_THROWS_WITH_AS(quantile(Tensor<double, 1>({0}), 0.5),
                       "quantile: cannot do a non-empty take from an empty axes.", shape_error);
  CHECK_THROWS_WITH_AS(quantile(Tensor<double, 2>({2, 0}), 0.5, 1),
                       "quantile: cannot do a non-empty take from an empty axes.", shape_error);
}

TEST_CASE("average with and without weights") {
  const Tensor<double, 2> a = arange<double>(6).reshape<2>({2, 3});
  CHECK(average(a) == 2.5);                      // np.average(a)
  check_values(average(a, 1), {2}, {1.0, 4.0});  // np.average(a, 1)
  CHECK(average(Tensor<int, 1>{1, 2, 3}, Tensor<int, 1>{3, 2, 1}) ==
        doctest::Approx(1.6666666666666667));  // weights=[3,2,1]
  static_assert(std::is_same_v<decltype(average(Tensor<int, 1>{1}, Tensor<int, 1>{1})), double>);
  static_assert(
      std::is_same_v<decltype(average(Tensor<float, 1>{1.f}, Tensor<float, 1>{1.f})), float>);
  static_assert(
      std::is_same_v<decltype(average(Tensor<float, 1>{1.f}, Tensor<int, 1>{1})), double>);
  // np.average(a, axis=1, weights=[1, 2, 3])
  const auto r = average(a, 1, Tensor<double, 1>{1., 2., 3.});
  REQUIRE(r.shape() == shape_t<1>{2});
  CHECK(r(0) == doctest::Approx(1.3333333333333333));
  CHECK(r(1) == doctest::Approx(4.333333333333333));
  // np.average(np.arange(6).reshape(2, 3), axis=0, weights=[[1, 0, 1], [1, 1, 3]])
  const Tensor<int, 2> ai = arange<int>(6).reshape<2>({2, 3});
  check_values(average(ai, 0, Tensor<int, 2>{{1, 0, 1}, {1, 1, 3}}), {3}, {1.5, 4.0, 4.25});
  check_values(average(ai, -2, Tensor<int, 1>{1, 3}), {3}, {2.25, 3.25, 4.25});

  CHECK_THROWS_WITH_AS(average(Tensor<double, 1>{1., 2.}, Tensor<double, 1>{1., -1.}),
                       "average: Weights sum to zero, can't be normalized", shape_error);
  CHECK_THROWS_WITH_AS(average(ai, 1, Tensor<int, 2>{{1, -1, 0}, {1, 1, 1}}),
                       "average: Weights sum to zero, can't be normalized", shape_error);
  CHECK_THROWS_WITH_AS(average(ai, 1, Tensor<int, 1>{1, 2}),
                       "average: Length of weights not compatible with specified axis.",
                       shape_error);
  CHECK_THROWS_WITH_AS(average(ai, 0, Tensor<int, 2>{{1, 2}}),
                       "average: 1D weights expected when shapes of a and weights differ.",
                       shape_error);
  CHECK_THROWS_WITH_AS(average(ai, Tensor<int, 2>{{1, 2}}),
                       "average: Axis must be specified when shapes of a and weights differ.",
                       shape_error);
}

TEST_CASE("ptp") {
  const Tensor<int, 2> a{{4, 9, 2}, {3, 5, 7}};
  CHECK(ptp(a) == 7);                       // np.ptp(a)
  check_values(ptp(a, 1), {2}, {7, 4});     // np.ptp(a, 1)
  check_values(ptp(a, 0), {3}, {1, 4, 5});  // np.ptp(a, 0)
  const Tensor<std::uint8_t, 1> u{std::uint8_t{10}, std::uint8_t{250}};
  static_assert(std::is_same_v<decltype(ptp(u)), std::uint8_t>);
  CHECK(ptp(u) == 240);
  CHECK(std::isnan(ptp(Tensor<double, 1>{1., NAN_})));  // NaN propagates through max
  CHECK_THROWS_AS(ptp(Tensor<double, 1>({0})), shape_error);
}
