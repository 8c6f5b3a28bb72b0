// Set operations (unique, unique_all, isin, intersect1d, union1d, setdiff1d, setxor1d) and
// counting (bincount, digitize, histogram). Expected values are NumPy 1.24's (the call is
// given beside each).
#include "test_ops_common.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

using namespace tensr;
using ops_test::check_values;

namespace {
constexpr double NAN_ = std::numeric_limits<double>::quiet_NaN();
constexpr bool T = true;
constexpr bool F = false;
}  // namespace

TEST_CASE("unique and unique_all: sorted, one NaN, first indices, inverse, counts") {
  const Tensor<double, 2> a{{2.0, NAN_, 1.0}, {NAN_, 2.0, -0.0}};
  const auto u = unique(a);  // np.unique(a)
  static_assert(std::is_same_v<decltype(u), const Tensor<double, 1>>);
  check_values(u, {4}, {-0.0, 1.0, 2.0, NAN_});
  // np.unique(a, return_index=True, return_inverse=True, return_counts=True)
  const auto r = unique_all(a);
  check_values(r.values, {4}, {-0.0, 1.0, 2.0, NAN_});
  check_values(r.indices, {4}, {5, 2, 0, 1});
  check_values(r.inverse, {6}, {2, 3, 1, 3, 2, 0});
  check_values(r.counts, {4}, {1, 1, 2, 2});

  const Tensor<int, 1> i{3, 1, 3, 3, 0, 1};
  check_values(unique(i), {3}, {0, 1, 3});  // np.unique(i)
  const auto ri = unique_all(i);
  check_values(ri.indices, {3}, {4, 1, 0});
  check_values(ri.inverse, {6}, {2, 1, 2, 2, 0, 1});
  check_values(ri.counts, {3}, {1, 2, 3});

  const Tensor<float, 1> f{1.5f, 1.5f, NAN};
  const auto rf = unique_all(f);  // np.unique(np.float32([1.5, 1.5, nan]), ...)
  static_assert(std::is_same_v<decltype(rf.values), Tensor<float, 1>>);
  check_values(rf.values, {2}, {1.5f, NAN});
  check_values(rf.indices, {2}, {0, 2});
  check_values(rf.inverse, {3}, {0, 0, 1});
  check_values(rf.counts, {2}, {2, 1});

  const Tensor<bool, 1> b{T, F, T};
  const auto rb = unique_all(b);  // np.unique([True, False, True], return_counts=True)
  static_assert(std::is_same_v<decltype(rb.values), Tensor<bool, 1>>);
  check_values(rb.values, {2}, {F, T});
  check_values(rb.counts, {2}, {1, 2});
  check_values(isin(b, Tensor<bool, 1>{F}), {3}, {F, T, F});  // np.isin(b, [False])

  check_values(unique(a.t()), {4}, {-0.0, 1.0, 2.0, NAN_});  // np.unique(a.T)
  const Tensor<double, 2> e({0, 2});
  CHECK(unique(e).shape() == shape_t<1>{0});  // np.unique(np.zeros((0, 2)))
  const auto re = unique_all(e);
  CHECK(re.indices.size() == 0);
  CHECK(re.inverse.size() == 0);
  CHECK(re.counts.size() == 0);
}

TEST_CASE("isin: shape of a, NaN in nothing, mixed types, invert") {
  const Tensor<int, 2> a{{1, 2}, {3, 4}};
  const auto m = isin(a, Tensor<int, 1>{4, 1, 9});  // np.isin(a, [4, 1, 9])
  static_assert(std::is_same_v<decltype(m), const Tensor<bool, 2>>);
  check_values(m, {2, 2}, {T, F, F, T});
  // np.isin([1., nan, 2], [nan, 2])
  check_values(isin(Tensor<double, 1>{1.0, NAN_, 2.0}, Tensor<double, 1>{NAN_, 2.0}), {3},
               {F, F, T});
  // np.isin([1, 2, 3], [2.5, 3.0], invert=True): compared as double
  check_values(isin(Tensor<int, 1>{1, 2, 3}, Tensor<double, 1>{2.5, 3.0}, true), {3}, {T, T, F});
  check_values(isin(a.t(), Tensor<int, 2>{{2}, {3}}), {2, 2}, {F, T, T, F});
  check_values(isin(Tensor<int, 1>{1, 2}, Tensor<int, 1>({0})), {2}, {F, F});
  CHECK(isin(Tensor<int, 1>({0}), a).shape() == shape_t<1>{0});
}

TEST_CASE("intersect1d, union1d, setdiff1d, setxor1d") {
  const auto in = intersect1d(Tensor<int, 2>{{3, 1}, {1, 2}}, Tensor<int, 1>{2, 3, 5, 3});
  static_assert(std::is_same_v<decltype(in), const Tensor<int, 1>>);
  check_values(in, {2}, {2, 3});  // np.intersect1d([[3, 1], [1, 2]], [2, 3, 5, 3])
  const auto un = union1d(Tensor<int, 1>{3, 1}, Tensor<double, 2>{{2.5}, {1.0}});
  static_assert(std::is_same_v<decltype(un), const Tensor<double, 1>>);
  check_values(un, {3}, {1.0, 2.5, 3.0});  // np.union1d([3, 1], [[2.5], [1]])
  // np.setdiff1d([5, 1, 3, 1, nan], [3, 7])
  check_values(setdiff1d(Tensor<double, 1>{5, 1, 3, 1, NAN_}, Tensor<int, 1>{3, 7}), {3},
               {1.0, 5.0, NAN_});
  // np.setxor1d([1, 2, 2, 3], [3, 4])
  check_values(setxor1d(Tensor<int, 1>{1, 2, 2, 3}, Tensor<int, 1>{3, 4}), {3}, {1, 2, 4});

  // NaN: equal to nothing, except that each operand's NaNs are one value.
  const Tensor<double, 1> n1{1.0, NAN_}, n2{NAN_, 1.0}, nn{NAN_, NAN_};
  check_values(intersect1d(n1, n2), {1}, {1.0});      // np.intersect1d([1, nan], [nan, 1])
  check_values(union1d(nn, n1), {2}, {1.0, NAN_});    // np.union1d([nan, nan], [1, nan])
  check_values(setdiff1d(n1, nn), {2}, {1.0, NAN_});  // np.setdiff1d([1, nan], [nan, nan])
  check_values(setxor1d(n1, Tensor<double, 1>{NAN_, 2.0}), {4},  // np.setxor1d([nan, 1], [nan, 2])
               {1.0, 2.0, NAN_, NAN_});

  const Tensor<int, 1> none_({0});
  CHECK(intersect1d(none_, Tensor<int, 1>{1}).size() == 0);  // np.intersect1d([], [1])
  CHECK(setxor1d(none_, none_).size() == 0);
  check_values(union1d(none_, Tensor<int, 1>{2, 2}), {1}, {2});
  check_values(setdiff1d(Tensor<int, 1>{2, 1}, none_), {2}, {1, 2});
}

TEST_CASE("bincount: counts, minlength, weights, errors") {
  const auto c = bincount(Tensor<int, 1>{0, 1, 1, 3, 1});  // np.bincount([0, 1, 1, 3, 1])
  static_assert(std::is_same_v<decltype(c), const Tensor<index_t, 1>>);
  check_values(c, {4}, {1, 3, 0, 1});
  check_values(bincount(Tensor<int, 1>({0}), 3), {3}, {0, 0, 0});  // minlength=3
  CHECK(bincount(Tensor<int, 1>({0})).size() == 0);                // np.bincount([])
  check_values(bincount(Tensor<std::uint8_t, 1>{2, 0}, 1), {3}, {1, 0, 1});
  // np.bincount([0, 1, 1, 2], weights=[0.5, 1, 2, -1])
  const auto w = bincount(Tensor<int, 1>{0, 1, 1, 2}, Tensor<double, 1>{0.5, 1, 2, -1});
  static_assert(std::is_same_v<decltype(w), const Tensor<double, 1>>);
  check_values(w, {3}, {0.5, 3.0, -1.0});
  // np.bincount([0, 1, 1, 2], np.float32([0.5, 1, 2, -1]), 5): float64
  check_values(bincount(Tensor<int, 1>{0, 1, 1, 2}, Tensor<float, 1>{0.5f, 1, 2, -1}, 5), {5},
               {0.5, 3.0, -1.0, 0.0, 0.0});
  const Tensor<long, 2> m{{1, 0}, {2, 2}};
  check_values(bincount(m(all, 1)), {3}, {1, 0, 1});  // np.bincount(m[:, 1])

  CHECK_THROWS_WITH_AS(bincount(Tensor<int, 1>{1, -1}),
                       "bincount: 'list' argument must have no negative elements", shape_error);
  CHECK_THROWS_WITH_AS(bincount(Tensor<int, 1>{1}, -1),
                       "bincount: 'minlength' must not be negative", shape_error);
  CHECK_THROWS_WITH_AS(bincount(Tensor<int, 1>{1}, Tensor<double, 1>{1, 2}),
                       "bincount: The weights and list don't have the same length.", shape_error);
}

TEST_CASE("digitize: increasing and decreasing bins, right, NaN, scalars") {
  const Tensor<double, 1> x{0, 1, 1.5, 2, 3, 4, NAN_, -1};
  const Tensor<double, 1> up{1, 2, 3};
  const Tensor<int, 1> down{3, 2, 1};
  const auto d = digitize(x, up);  // np.digitize(x, [1, 2, 3])
  static_assert(std::is_same_v<decltype(d), const Tensor<index_t, 1>>);
  check_values(d, {8}, {0, 1, 1, 2, 3, 3, 3, 0});
  check_values(digitize(x, up, true), {8}, {0, 0, 1, 1, 2, 3, 3, 0});  // right=True
  check_values(digitize(x, down), {8}, {3, 2, 2, 1, 0, 0, 0, 3});      // np.digitize(x, [3, 2, 1])
  check_values(digitize(x, down, true), {8}, {3, 3, 2, 2, 1, 0, 0, 3});
  check_values(digitize(Tensor<int, 2>{{1}, {2}}, Tensor<int, 1>{1, 1, 2}), {2, 1}, {2, 3});
  check_values(digitize(Tensor<int, 1>{1, 2}, Tensor<int, 1>({0})), {2}, {0, 0});  // bins=[]
  static_assert(std::is_same_v<decltype(digitize(5, up)), index_t>);
  CHECK(digitize(5, Tensor<int, 1>{1, 5, 9}, true) == 1);  // np.digitize(5, [1, 5, 9], True)
  CHECK(digitize(2.5, down) == 1);                         // np.digitize(2.5, [3, 2, 1])
  CHECK_THROWS_WITH_AS(digitize(1, Tensor<int, 1>{1, 3, 2}),
                       "digitize: bins must be monotonically increasing or decreasing",
                       shape_error);
}

TEST_CASE("histogram: equal bins, range, edges, the last bin closed") {
  // np.histogram([1, 2, 1, 4, 5])
  const auto h = histogram(Tensor<int, 1>{1, 2, 1, 4, 5});
  static_assert(std::is_same_v<decltype(h.hist), Tensor<index_t, 1>>);
  static_assert(std::is_same_v<decltype(h.bin_edges), Tensor<double, 1>>);
  check_values(h.hist, {10}, {2, 0, 1, 0, 0, 0, 0, 1, 0, 1});
  check_values(
      h.bin_edges, {11},
      {1.0, 1.4, 1.8, 2.2, 2.6, 3.0, 3.4000000000000004, 3.8000000000000003, 4.2, 4.6, 5.0});

  const Tensor<double, 2> a{{0, 1}, {2, 3}};
  const auto h3 = histogram(a, 3);  // np.histogram(a, 3)
  check_values(h3.hist, {3}, {1, 1, 2});
  check_values(h3.bin_edges, {4}, {0.0, 1.0, 2.0, 3.0});
  // np.histogram([0, 1, 2, 3, 4, 5.], 2, (1, 4)): 0 and 5 left out, 4 in the last bin
  const auto hr = histogram(Tensor<double, 1>{0, 1, 2, 3, 4, 5}, 2, {1.0, 4.0});
  check_values(hr.hist, {2}, {2, 2});
  check_values(hr.bin_edges, {3}, {1.0, 2.5, 4.0});
  // NaN outside every bin when the range is given: np.histogram([0, 1, 2, 3, nan], 2, (0, 3))
  check_values(histogram(Tensor<double, 1>{0, 1, 2, 3, NAN_}, 2, {0.0, 3.0}).hist, {2}, {2, 2});
  // Equal values widen by 0.5: np.histogram(np.float32([0.5, 0.5]), 2)
  const auto hf = histogram(Tensor<float, 1>{0.5f, 0.5f}, 2);
  static_assert(std::is_same_v<decltype(hf.bin_edges), Tensor<float, 1>>);
  check_values(hf.hist, {2}, {0, 2});
  check_values(hf.bin_edges, {3}, {0.f, 0.5f, 1.f});
  // np.histogram(np.float32([0.1, 0.2, 0.3, 0.7]), 3, (0.1, 0.7))
  const auto hg = histogram(Tensor<float, 1>{0.1f, 0.2f, 0.3f, 0.7f}, 3, {0.1, 0.7});
  check_values(hg.hist, {3}, {2, 1, 1});
  check_values(hg.bin_edges, {4}, {0.1f, 0.3f, 0.5f, 0.7f});
  // np.histogram([0.1, 0.2, 0.3], 3): each in its own bin despite rounding
  const auto hd = histogram(Tensor<double, 1>{0.1, 0.2, 0.3}, 3);
  check_values(hd.hist, {3}, {1, 1, 1});
  check_values(hd.bin_edges, {4}, {0.1, 0.16666666666666669, 0.23333333333333334, 0.3});
  // Empty: np.histogram(np.array([]), 4) spans [0, 1]
  const auto he = histogram(Tensor<double, 1>({0}), 4);
  check_values(he.hist, {4}, {0, 0, 0, 0});
  check_values(he.bin_edges, {5}, {0.0, 0.25, 0.5, 0.75, 1.0});

  // Edges: np.histogram([1, 2, 3, 4, 5], [1, 2, 2, 5])
  const auto hx = histogram(Tensor<int, 1>{1, 2, 3, 4, 5}, Tensor<int, 1>{1, 2, 2, 5});
  static_assert(std::is_same_v<decltype(hx.bin_edges), Tensor<int, 1>>);
  check_values(hx.hist, {3}, {1, 0, 4});
  check_values(hx.bin_edges, {4}, {1, 2, 2, 5});
  // np.histogram(a, [0.5, 2.5, 3])
  check_values(histogram(a, Tensor<double, 1>{0.5, 2.5, 3}).hist, {2}, {2, 1});
  CHECK(histogram(a, Tensor<double, 1>({0})).hist.size() == 0);  // bins=[]

  CHECK_THROWS_WITH_AS(histogram(a, 0), "histogram: `bins` must be positive, when an integer",
                       shape_error);
  CHECK_THROWS_WITH_AS(histogram(a, 2, {2.0, 1.0}),
                       "histogram: max must be larger than min in range parameter.", shape_error);
  CHECK_THROWS_WITH_AS(histogram(Tensor<double, 1>{1.0, NAN_}),
                       "histogram: autodetected range of [nan, nan] is not finite", shape_error);
  CHECK_THROWS_WITH_AS(histogram(a, 2, {0.0, std::numeric_limits<double>::infinity()}),
                       "histogram: supplied range of [0.0, inf] is not finite", shape_error);
  CHECK_THROWS_WITH_AS(histogram(a, Tensor<double, 1>{1, 0}),
                       "histogram: `bins` must increase monotonically, when an array", shape_error);
}
