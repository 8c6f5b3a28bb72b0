// The NaN-skipping reductions: every function over all elements and along each axis, all-NaN
// slices (NaN, 0 or NumPy's error), empty inputs, integer inputs (the plain reductions) and
// count_nonzero. Expected values worked out from NumPy 1.24's definitions.
#include "test_ops_common.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

using namespace tensr;
using ops_test::check_values;

namespace {
constexpr double N = std::numeric_limits<double>::quiet_NaN();

// a = np.array([[1, nan, 3], [nan, nan, nan], [4, 5, nan]])
Tensor<double, 2> sample() { return Tensor<double, 2>{{1., N, 3.}, {N, N, N}, {4., 5., N}}; }
}  // namespace

TEST_CASE("nansum, nanprod, nanmean") {
  const auto a = sample();
  CHECK(nansum(a) == 13.0);                          // np.nansum(a)
  check_values(nansum(a, 0), {3}, {5.0, 5.0, 3.0});  // np.nansum(a, 0)
  check_values(nansum(a, 1), {3}, {4.0, 0.0, 9.0});  // all-NaN row sums to 0
  check_values(nansum(a, -1), {3}, {4.0, 0.0, 9.0});
  CHECK(nanprod(a) == 60.0);  // np.nanprod(a)
  check_values(nanprod(a, 0), {3}, {4.0, 5.0, 3.0});
  check_values(nanprod(a, 1), {3}, {3.0, 1.0, 20.0});  // all-NaN row: 1
  CHECK(nanmean(a) == 3.25);                           // np.nanmean(a)
  check_values(nanmean(a, 0), {3}, {2.5, 5.0, 3.0});
  check_values(nanmean(a, 1), {3}, {2.0, N, 4.5});     // all-NaN row: NaN
  CHECK(std::isnan(nanmean(Tensor<double, 1>({0}))));  // np.nanmean([]) is NaN
  const Tensor<float, 1> f{1.f, std::nanf(""), 2.f};
  static_assert(std::is_same_v<decltype(nanmean(f)), float>);
  CHECK(nanmean(f) == 1.5f);
  CHECK(nansum(f) == 3.f);
  // Integers: the plain reductions (np.nansum of int64 is int64, np.nanmean is float64).
  const Tensor<int, 2> i{{1, 2}, {3, 4}};
  static_assert(std::is_same_v<decltype(nansum(i)), std::int64_t>);
  CHECK(nansum(i) == 10);
  CHECK(nanprod(i) == 24);
  check_values(nanmean(i, 0), {2}, {2.0, 3.0});
  CHECK(nanmean(i) == 2.5);
}

TEST_CASE("nanvar and nanstd with ddof") {
  const auto a = sample();
  CHECK(nanvar(a) == 2.1875);                                        // np.nanvar(a)
  check_values(nanvar(a, 0), {3}, {2.25, 0.0, 0.0});                 // np.nanvar(a, 0)
  check_values(nanvar(a, 1), {3}, {1.0, N, 0.25});                   // np.nanvar(a, 1)
  CHECK(nanvar(a, ddof(1)) == doctest::Approx(2.9166666666666665));  // ddof=1
  check_values(nanvar(a, 1, ddof(1)), {3}, {2.0, N, 0.5});           // axis=1, ddof=1
  check_values(nanstd(a, -1), {3}, {1.0, N, 0.5});                   // np.nanstd(a, -1)
  const auto s = nanstd(a, 0, ddof(1));  // np.nanstd(a, 0, ddof=1): one value per column
  CHECK(s(0) == doctest::Approx(2.1213203435596424));
  CHECK(std::isnan(s(1)));  // one value, ddof 1: divisor 0 gives NaN
  CHECK(std::isnan(s(2)));
  CHECK(nanstd(a) == doctest::Approx(1.479019945774904));
  CHECK(std::isnan(nanvar(Tensor<double, 1>{N, N})));  // all NaN
  const Tensor<int, 1> i{1, 2, 3, 4};
  CHECK(nanvar(i) == 1.25);  // np.nanvar([1, 2, 3, 4])
  CHECK(nanstd(i, ddof(1)) == doctest::Approx(1.2909944487358056));
}

TEST_CASE("nanmax, nanmin, nanargmax, nanargmin") {
  const auto a = sample();
  CHECK(nanmax(a) == 5.0);  // np.nanmax(a)
  check_values(nanmax(a, 0), {3}, {4.0, 5.0, 3.0});
  check_values(nanmax(a, 1), {3}, {3.0, N, 5.0});  // all-NaN: NaN (NumPy warns)
  CHECK(nanmin(a) == 1.0);
  check_values(nanmin(a, -1), {3}, {1.0, N, 4.0});
  CHECK(nanargmax(a) == 7);  // np.nanargmax(a): flat index
  CHECK(nanargmin(a) == 0);
  check_values(nanargmax(a, 0), {3}, {2, 2, 0});  // np.nanargmax(a, 0)
  check_values(nanargmin(a, 0), {3}, {0, 2, 0});
  // Ties: the first; b = [3, nan, 7, 7, nan, 1]
  const Tensor<double, 1> b{3., N, 7., 7., N, 1.};
  CHECK(nanargmax(b) == 2);
  CHECK(nanargmin(b) == 5);
  CHECK(nanargmax(b.flip()) == 2);  // np.nanargmax(b[::-1])
  CHECK(std::isnan(nanmax(Tensor<double, 1>{N})));
  CHECK_THROWS_WITH_AS(nanargmax(a, 1), "nanargmax: All-NaN slice encountered", shape_error);
  CHECK_THROWS_WITH_AS(nanargmin(Tensor<double, 1>{N, N}), "nanargmin: All-NaN slice encountered",
                       shape_error);
  CHECK_THROWS_WITH_AS(nanargmax(Tensor<double, 1>({0})), "nanargmax: All-NaN slice encountered",
                       shape_error);
  CHECK_THROWS_WITH_AS(nanmax(Tensor<double, 1>({0})),
                       "zero-size array to reduction operation fmax which has no identity",
                       shape_error);
  CHECK_THROWS_WITH_AS(nanmin(Tensor<double, 2>({2, 0}), 1),
                       "zero-size array to reduction operation fmin which has no identity",
                       shape_error);
  check_values(nanmax(Tensor<double, 2>({0, 2}), 1), {0}, std::initializer_list<double>{});
  const Tensor<int, 2> i{{1, 5}, {7, 2}};
  CHECK(nanmax(i) == 7);
  check_values(nanargmin(i, 1), {2}, {0, 1});
  CHECK(nanargmax(i) == 2);
}

TEST_CASE("nanmedian, nanquantile, nanpercentile") {
  const auto a = sample();
  CHECK(nanmedian(a) == 3.5);  // np.nanmedian(a)
  check_values(nanmedian(a, 0), {3}, {2.5, 5.0, 3.0});
  check_values(nanmedian(a, 1), {3}, {2.0, N, 4.5});  // all-NaN: NaN
  CHECK(nanquantile(a, 0.5) == 3.5);                  // np.nanquantile(a, .5)
  // np.nanquantile(a, [.25, .75], axis=1)
  check_values(nanquantile(a, Tensor<double, 1>{0.25, 0.75}, 1), {2, 3},
               {1.5, N, 4.25, 2.5, N, 4.75});
  check_values(nanpercentile(a, 50, 0), {3}, {2.5, 5.0, 3.0});  // np.nanpercentile(a, 50, 0)
  CHECK(nanquantile(a, 1.0, "lower") == 5.0);
  CHECK(std::isnan(nanmedian(Tensor<double, 1>({0}))));         // np.nanmedian([]) is NaN
  CHECK(std::isnan(nanquantile(Tensor<double, 1>({0}), 0.5)));  // np.nanquantile([], .5)
  CHECK_THROWS_WITH_AS(nanquantile(a, 2.0), "nanquantile: Quantiles must be in the range [0, 1]",
                       shape_error);
  CHECK_THROWS_WITH_AS(nanpercentile(a, -1, 0),
                       "nanpercentile: Percentiles must be in the range [0, 100]", shape_error);
  const Tensor<int, 1> i{4, 1, 3, 2};
  CHECK(nanmedian(i) == 2.5);
  CHECK(nanpercentile(i, 25) == 1.75);
}

TEST_CASE("nancumsum, nancumprod") {
  const auto a = sample();
  // np.nancumsum(a)
  check_values(nancumsum(a), {9}, {1.0, 1.0, 4.0, 4.0, 4.0, 4.0, 8.0, 13.0, 13.0});
  check_values(nancumsum(a, 1), {3, 3}, {1.0, 1.0, 4.0, 0.0, 0.0, 0.0, 4.0, 9.0, 9.0});
  // np.nancumprod(a, 0)
  check_values(nancumprod(a, 0), {3, 3}, {1.0, 1.0, 3.0, 1.0, 1.0, 3.0, 4.0, 5.0, 3.0});
  check_values(nancumprod(Tensor<double, 1>{2., N, 3.}), {3}, {2.0, 2.0, 6.0});
  const Tensor<std::int8_t, 1> i{std::int8_t{100}, std::int8_t{100}};
  check_values(nancumsum(i), {2}, {std::int64_t{100}, std::int64_t{200}});  // 64-bit sums
}

TEST_CASE("count_nonzero") {
  const Tensor<double, 2> a{{0., 1., N}, {0., 0., -2.}};
  CHECK(count_nonzero(a) == 3);                       // np.count_nonzero(a): NaN counts
  check_values(count_nonzero(a, 0), {3}, {0, 1, 2});  // np.count_nonzero(a, 0)
  check_values(count_nonzero(a, -1), {2}, {2, 1});
  static_assert(std::is_same_v<decltype(count_nonzero(a, 0)), Tensor<index_t, 1>>);
  CHECK(count_nonzero(Tensor<bool, 1>{true, false, true}) == 2);
  CHECK(count_nonzero(Tensor<int, 1>({0})) == 0);
  check_values(count_nonzero(Tensor<int, 2>({0, 3}), 0), {3}, {0, 0, 0});
}
