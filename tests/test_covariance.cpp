// cov and corrcoef against NumPy 1.24's results, worked out by hand: variables as rows or
// columns, bias and ddof, a pair of inputs, 1-D inputs (rank 0), a divisor of zero, a
// constant variable, and a mismatch in the number of observations.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <cmath>
#include <type_traits>

using namespace tensr;

namespace {

template <class T>
void check_matrix(const Tensor<T, 2>& got, const Tensor<double, 2>& want) {
  REQUIRE(got.shape() == want.shape());
  for (index_t i = 0; i < want.shape(0); ++i)
    for (index_t j = 0; j < want.shape(1); ++j) {
      CAPTURE(i);
      CAPTURE(j);
      CHECK(static_cast<double>(got(i, j)) == doctest::Approx(want(i, j)).epsilon(1e-14));
    }
}

}  // namespace

TEST_CASE("cov: variables as rows or columns, bias and ddof") {
  // Rows (0, 1, 2) and (2, 1, 0): deviations (-1, 0, 1) and (1, 0, -1).
  const Tensor<int, 2> m{{0, 1, 2}, {2, 1, 0}};
  const auto c = cov(m);  // np.cov(m) -> [[1, -1], [-1, 1]] (float64)
  static_assert(std::is_same_v<decltype(c), const Tensor<double, 2>>);
  check_matrix(c, Tensor<double, 2>{{1, -1}, {-1, 1}});
  // np.cov(m, bias=True) and np.cov(m, ddof=0): divided by 3, not 2.
  check_matrix(cov(m, true, true), Tensor<double, 2>{{2.0 / 3, -2.0 / 3}, {-2.0 / 3, 2.0 / 3}});
  check_matrix(cov(m, true, ddof(0)), Tensor<double, 2>{{2.0 / 3, -2.0 / 3}, {-2.0 / 3, 2.0 / 3}});
  // np.cov(m, ddof=2): divided by 1.
  check_matrix(cov(m, true, ddof(2)), Tensor<double, 2>{{2, -2}, {-2, 2}});
  // np.cov(m.T, rowvar=False) == np.cov(m); a transposed view needs no copy by the caller.
  check_matrix(cov(m.t(), false), Tensor<double, 2>{{1, -1}, {-1, 1}});
  // float input: NumPy computes in float64.
  const Tensor<float, 2> f{{1, 2, 4}, {0, 0, 3}};
  // np.cov(f): means 7/3 and 1; deviations (-4/3, -1/3, 5/3) and (-1, -1, 2) -> [[7/3, 2.5], [2.5,
  // 3]]
  static_assert(std::is_same_v<decltype(cov(f)), Tensor<double, 2>>);
  check_matrix(cov(f), Tensor<double, 2>{{7.0 / 3, 2.5}, {2.5, 3}});
}

TEST_CASE("cov: 1-D inputs, pairs, and NumPy's single-row rule") {
  const Tensor<double, 1> x{1, 2, 3, 4};
  const Tensor<double, 1> y{2, 4, 6, 9};
  // np.cov(x): deviations -1.5, -0.5, 0.5, 1.5 -> 5 / 3, a 0-d result.
  const auto v = cov(x);
  static_assert(std::is_same_v<decltype(v), const Tensor<double, 0>>);
  CHECK(v() == doctest::Approx(5.0 / 3).epsilon(1e-15));
  // np.cov(x, y): y's deviations -3.25, -1.25, 0.75, 3.75 (squares sum to 26.75), the
  // cross products to 11.5.
  check_matrix(cov(x, y), Tensor<double, 2>{{5.0 / 3, 11.5 / 3}, {11.5 / 3, 26.75 / 3}});
  // np.cov(x, y, bias=True): divided by 4.
  check_matrix(cov(x, y, true, true), Tensor<double, 2>{{1.25, 11.5 / 4}, {11.5 / 4, 26.75 / 4}});
  // A 2-D m and a 1-D y: np.cov([[1, 2, 3, 4], [4, 3, 2, 1]], y) is 3 x 3.
  const Tensor<double, 2> two{{1, 2, 3, 4}, {4, 3, 2, 1}};
  check_matrix(cov(two, y), Tensor<double, 2>{{5.0 / 3, -5.0 / 3, 11.5 / 3},
                                              {-5.0 / 3, 5.0 / 3, -11.5 / 3},
                                              {11.5 / 3, -11.5 / 3, 26.75 / 3}});
  // rowvar=False with columns as variables: np.cov([[1, 2], [2, 4], [3, 6], [4, 9]], rowvar=False)
  const Tensor<double, 2> cols{{1, 2}, {2, 4}, {3, 6}, {4, 9}};
  check_matrix(cov(cols, false), Tensor<double, 2>{{5.0 / 3, 11.5 / 3}, {11.5 / 3, 26.75 / 3}});
  // NumPy keeps a single row as one variable even with rowvar=False:
  // np.cov([[1, 2, 3]], rowvar=False) -> 1.0 (0-d in NumPy, 1 x 1 here).
  const Tensor<double, 2> row{{1, 2, 3}};
  check_matrix(cov(row, false), Tensor<double, 2>{{1}});
}

TEST_CASE("cov: no degrees of freedom, and a mismatch in observations") {
  // One observation per variable: np.cov([[1], [2]]) multiplies zeros by 1/0 -> all NaN.
  const Tensor<double, 2> one{{1}, {2}};
  const auto c = cov(one);
  for (index_t i = 0; i < 2; ++i)
    for (index_t j = 0; j < 2; ++j) CHECK(std::isnan(c(i, j)));
  // np.cov([1, 2, 3, 4], [1, 2, 3]): the observations do not line up.
  const Tensor<double, 1> x{1, 2, 3, 4};
  const Tensor<double, 1> y{1, 2, 3};
  CHECK_THROWS_AS(cov(x, y), shape_error);
}

TEST_CASE("corrcoef: Pearson's coefficients, clipped, NaN for a constant variable") {
  const Tensor<int, 2> m{{0, 1, 2}, {2, 1, 0}};
  check_matrix(corrcoef(m), Tensor<double, 2>{{1, -1}, {-1, 1}});  // np.corrcoef(m)
  const Tensor<double, 1> x{1, 2, 3, 4};
  const Tensor<double, 1> y{2, 4, 6, 9};
  // np.corrcoef(x, y): 11.5 / sqrt(5 * 26.75) off the diagonal.
  const double r = 11.5 / std::sqrt(5.0 * 26.75);
  check_matrix(corrcoef(x, y), Tensor<double, 2>{{1, r}, {r, 1}});
  // np.corrcoef(x) of a 1-D x: 1.0, 0-d.
  const auto one = corrcoef(x);
  static_assert(std::is_same_v<decltype(one), const Tensor<double, 0>>);
  CHECK(one() == 1.0);
  // np.corrcoef([[1, 1, 1], [1, 2, 3]]) -> [[nan, nan], [nan, 1.]]: 0 / 0 for the constant row.
  const Tensor<double, 2> flat{{1, 1, 1}, {1, 2, 3}};
  const auto c = corrcoef(flat);
  CHECK(std::isnan(c(0, 0)));
  CHECK(std::isnan(c(0, 1)));
  CHECK(std::isnan(c(1, 0)));
  CHECK(c(1, 1) == 1.0);
  // Perfectly correlated columns whose rounding could push past 1 stay within [-1, 1]:
  // np.corrcoef([0.1, 0.2, 0.3], [0.3, 0.6, 0.9]) -> 1.0 off the diagonal (clipped).
  const Tensor<double, 1> a{0.1, 0.2, 0.3};
  const Tensor<double, 1> b{0.3, 0.6, 0.9};
  const auto p = corrcoef(a, b);
  CHECK(p(0, 1) <= 1.0);
  CHECK(p(0, 1) == doctest::Approx(1.0).epsilon(1e-15));
}
