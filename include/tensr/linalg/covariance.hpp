// cov and corrcoef, NumPy's covariance and correlation matrices: the variables are rows (or
// columns with rowvar = false), centred, and multiplied by their own transpose in one GEMM.
// Results are double (long double stays long double), as NumPy's. NumPy squeezes a 1 x 1
// result to 0-d; tensr's rank is fixed by the input's: a 1-D input gives rank 0, a 2-D
// input or a pair of inputs rank 2.
#pragma once

#include "tensr/core/internal.hpp"

#include <cmath>
#include <cstddef>
#include <utility>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/core/views.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/join.hpp"
#include "tensr/ops/reduce.hpp"
#include "tensr/ops/statistics.hpp"
#include "tensr/linalg/matmul.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

template <class T>
using cov_t = std::conditional_t<std::is_same_v<T, long double>, long double, double>;

/// m as NumPy's cov sees it: at least 2-D, a variable per row; with rowvar false the
/// transpose, except that a single row stays as it is (NumPy's rule).
template <class F, class A>
Tensor<F, 2> cov_variables(const A& m, bool rowvar) {
  static_assert(rank_of<A> == 1 || rank_of<A> == 2, "tensr: cov: m has more than 2 dimensions");
  const auto x = atleast_2d(const_view(m));
  if (!rowvar && x.shape(0) != 1) return Tensor<F, 2>(x.t());
  return Tensor<F, 2>(x);
}

/// The covariance of the rows of x (variables x observations), with NumPy's divisor
/// observations - ddof, and 0 (so inf or NaN) when that is not positive.
template <class F>
Tensor<F, 2> cov_of_rows(Tensor<F, 2> x, index_t ddof) {
  const index_t n = x.shape(1);
  x -= mean(x, 1, keepdims);
  auto c = matmul(x, x.t());
  const F fact = n - ddof > 0 ? static_cast<F>(n - ddof) : F(0);
  c *= F(1) / fact;  // as NumPy: a multiplication by the reciprocal
  return c;
}

/// c normalized by the outer product of its diagonal's square roots, clipped to [-1, 1].
template <class F>
Tensor<F, 2> correlation_of(Tensor<F, 2> c) {
  const index_t n = c.shape(0);
  Tensor<F, 1> sd({n});
  for (index_t i = 0; i < n; ++i) sd(i) = std::sqrt(c(i, i));
  c /= sd(all, newaxis);
  c /= sd(newaxis, all);
  return clip(c, F(-1), F(1));
}

template <class R, class F>
R squeeze_cov(Tensor<F, 2>&& c) {
  if constexpr (R::rank == 0)
    return R(c(0, 0));
  else
    return std::move(c);
}

}  // namespace detail

/// np.cov(m, rowvar, ddof=d): the covariance matrix of m's rows (its columns with rowvar
/// false), dividing by observations - d. A 1-D m is one variable: a rank-0 result.
template <tensor_like A>
auto cov(const A& m, bool rowvar, ddof_t d) {
  using F = detail::cov_t<value_type_of<A>>;
  using R = Tensor<F, rank_of<A> == 1 ? 0 : 2>;
  return detail::squeeze_cov<R>(detail::cov_of_rows(detail::cov_variables<F>(m, rowvar), d.value));
}
/// np.cov(m, rowvar=True, bias=False): the sample covariance (divisor observations - 1),
/// or with bias the population one (divisor observations).
template <tensor_like A>
auto cov(const A& m, bool rowvar = true, bool bias = false) {
  return cov(m, rowvar, ddof(bias ? 0 : 1));
}
/// np.cov(m, y, rowvar, ddof=d): y's variables appended to m's (the same number of
/// observations, or concatenate's shape_error); always rank 2.
template <tensor_like A, tensor_like B>
auto cov(const A& m, const B& y, bool rowvar, ddof_t d) {
  using F = detail::cov_t<std::common_type_t<value_type_of<A>, value_type_of<B>>>;
  return detail::cov_of_rows(
      concatenate(detail::cov_variables<F>(m, rowvar), detail::cov_variables<F>(y, rowvar), 0),
      d.value);
}
/// np.cov(m, y, rowvar=True, bias=False).
template <tensor_like A, tensor_like B>
auto cov(const A& m, const B& y, bool rowvar = true, bool bias = false) {
  return cov(m, y, rowvar, ddof(bias ? 0 : 1));
}

/// np.corrcoef(m, rowvar=True): Pearson's correlation coefficients, cov(m) over the outer
/// product of the standard deviations, clipped to [-1, 1]. A 1-D m gives rank 0: 1, or NaN
/// for a constant m (0 / 0), as NumPy's.
template <tensor_like A>
auto corrcoef(const A& m, bool rowvar = true) {
  using F = detail::cov_t<value_type_of<A>>;
  auto c = detail::cov_of_rows(detail::cov_variables<F>(m, rowvar), 1);
  if constexpr (rank_of<A> == 1)
    return Tensor<F, 0>(c(0, 0) / c(0, 0));
  else
    return detail::correlation_of(std::move(c));
}
/// np.corrcoef(x, y, rowvar=True): the correlations of m's and y's variables together.
template <tensor_like A, tensor_like B>
auto corrcoef(const A& m, const B& y, bool rowvar = true) {
  return detail::correlation_of(cov(m, y, rowvar));
}

TENSR_NAMESPACE_END
