// Order statistics and weighted means: median, quantile and percentile (NumPy 1.24's thirteen
// methods; NaN in a slice gives NaN), average with weights, and ptp. Each works on a row-major
// copy of the data with the axis moved last, reordering each line in place (nth_element, or
// a sort when several q are asked for).
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/core/views.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/reduce.hpp"
#include "tensr/ops/statistics.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// f(line, n, out) on each line of a along axis: the line is a contiguous copy (f may reorder
/// it), out has room for k results. The result has a's other axes in order, then k.
template <class O, tensor_like A, class F>
Tensor<O, rank_of<A>> map_lines(const A& a, index_t axis, index_t k, F&& f) {
  using T = value_type_of<A>;
  constexpr std::size_t R = rank_of<A>;
  static_assert(R >= 1, "tensr: an operation along an axis needs a tensor of rank >= 1");
  const std::size_t ax = normalize_axis(axis, R);
  const TensorView<const T, R> v = as_view(a);
  Tensor<T, R> c(v.moveaxis(static_cast<index_t>(ax), static_cast<index_t>(R) - 1));
  shape_t<R> s = c.shape();
  const index_t n = s[R - 1];
  s[R - 1] = k;
  index_t lines = 1;
  for (std::size_t i = 0; i + 1 < R; ++i) lines *= s[i];
  Tensor<O, R> r(s, Storage<O>::uninitialized);
  for (index_t i = 0; i < lines; ++i) f(c.data() + i * n, n, r.data() + i * k);
  return r;
}
/// One result per line: a's shape without the axis.
template <class O, tensor_like A, class F>
Tensor<O, rank_of<A> - 1> reduce_lines(const A& a, index_t axis, F&& f) {
  const std::size_t ax = normalize_axis(axis, rank_of<A>);
  return map_lines<O>(a, axis, 1, std::forward<F>(f)).reshape(drop_axis(as_view(a).shape(), ax));
}
/// f on all of a's elements as one line (a copy in C order); k results, rank 1.
template <class O, tensor_like A, class F>
Tensor<O, 1> map_flat(const A& a, index_t k, F&& f) {
  using T = value_type_of<A>;
  Tensor<T, rank_of<A>> c(as_view(a));
  Tensor<O, 1> r(shape_t<1>{k}, Storage<O>::uninitialized);
  f(c.data(), c.size(), r.data());
  return r;
}
template <class O, tensor_like A, class F>
O reduce_flat(const A& a, F&& f) {
  return map_flat<O>(a, 1, std::forward<F>(f))(0);
}

/// Removes the NaNs of p[0, n) (skip_nan) and returns the count left; or, without skip_nan,
/// returns -1 when there is a NaN.
template <class T>
index_t drop_nan(T* p, index_t n, bool skip_nan) {
  if constexpr (std::is_floating_point_v<T>) {
    const auto isnan_ = [](T x) { return x != x; };
    if (skip_nan) return static_cast<index_t>(std::remove_if(p, p + n, isnan_) - p);
    if (std::any_of(p, p + n, isnan_)) return -1;
  }
  return n;
}

/// np.median of one line (reordered): the middle element or the mean of the middle two.
template <class O, class T>
O median_line(T* p, index_t n, bool skip_nan) {
  n = drop_nan(p, n, skip_nan);
  if (n <= 0) return std::numeric_limits<O>::quiet_NaN();  // NaN inside, or nothing
  const index_t h = n / 2;
  std::nth_element(p, p + h, p + n);
  if (n % 2 == 1) return static_cast<O>(p[h]);
  return (static_cast<O>(*std::max_element(p, p + h)) + static_cast<O>(p[h])) / O(2);
}

/// NumPy 1.24's quantile methods (the Hyndman-Fan nine, then lower/higher/midpoint/nearest).
enum class qmethod {
  inverted_cdf,
  averaged_inverted_cdf,
  closest_observation,
  interpolated_inverted_cdf,
  hazen,
  weibull,
  linear,
  median_unbiased,
  normal_unbiased,
  lower,
  higher,
  midpoint,
  nearest
};

inline qmethod parse_qmethod(std::string_view m, const char* fn) {
  static constexpr std::pair<std::string_view, qmethod> names[] = {
      {"inverted_cdf", qmethod::inverted_cdf},
      {"averaged_inverted_cdf", qmethod::averaged_inverted_cdf},
      {"closest_observation", qmethod::closest_observation},
      {"interpolated_inverted_cdf", qmethod::interpolated_inverted_cdf},
      {"hazen", qmethod::hazen},
      {"weibull", qmethod::weibull},
      {"linear", qmethod::linear},
      {"median_unbiased", qmethod::median_unbiased},
      {"normal_unbiased", qmethod::normal_unbiased},
      {"lower", qmethod::lower},
      {"higher", qmethod::higher},
      {"midpoint", qmethod::midpoint},
      {"nearest", qmethod::nearest}};
  for (const auto& [name, v] : names)
    if (name == m) return v;
  throw shape_error(std::string(fn) + ": '" + std::string(m) + "' is not a valid method");
}

/// Where quantile q of n sorted values lies: lerp(x[lo], x[hi], gamma), as NumPy computes it.
struct qpoint {
  index_t lo, hi;
  double gamma;
};

inline qpoint quantile_point(qmethod m, index_t n, double q) {
  const double nd = static_cast<double>(n), last = nd - 1;
  const auto at = [](double i) {
    const index_t k = static_cast<index_t>(i);
    return qpoint{k, k, 0.0};
  };
  // The discrete methods of Hyndman-Fan: the floor of idx, or the next element.
  const auto boundary = [&](double idx, bool odd_rule) {
    const double prev = std::floor(idx);
    const bool take_prev = idx == prev && (!odd_rule || std::fmod(prev, 2.0) == 0);
    return at(std::max(take_prev ? prev : prev + 1, 0.0));
  };
  const auto hf = [&](double alpha, double beta) {
    return nd * q + (alpha + q * (1 - alpha - beta)) - 1;
  };
  double vi = 0;
  switch (m) {
    case qmethod::lower:
      return at(std::floor(last * q));
    case qmethod::higher:
      return at(std::ceil(last * q));
    case qmethod::nearest:
      return at(std::nearbyint(last * q));  // half to even, as np.around
    case qmethod::inverted_cdf:
      return boundary(nd * q - 1, false);
    case qmethod::closest_observation:
      return boundary(nd * q - 1.5, true);
    case qmethod::averaged_inverted_cdf:
      vi = nd * q - 1;
      break;
    case qmethod::interpolated_inverted_cdf:
      vi = hf(0, 1);
      break;
    case qmethod::hazen:
      vi = hf(0.5, 0.5);
      break;
    case qmethod::weibull:
      vi = hf(0, 0);
      break;
    case qmethod::linear:
      vi = last * q;
      break;
    case qmethod::median_unbiased:
      vi = hf(1.0 / 3, 1.0 / 3);
      break;
    case qmethod::normal_unbiased:
      vi = hf(3.0 / 8, 3.0 / 8);
      break;
    case qmethod::midpoint:
      vi = 0.5 * (std::floor(last * q) + std::ceil(last * q));
      break;
  }
  // Outside the data both ends are the first or last element (gamma then does not matter).
  if (vi >= last) return at(last);
  if (vi < 0) return at(0);
  const double prev = std::floor(vi);
  double gamma = vi - prev;
  if (m == qmethod::midpoint) gamma = gamma == 0 ? 0.0 : 0.5;
  if (m == qmethod::averaged_inverted_cdf) gamma = gamma == 0 ? 0.5 : 1.0;
  const index_t lo = static_cast<index_t>(prev);
  return qpoint{lo, lo + 1, gamma};
}

/// NumPy's _lerp: exact at both ends (from b when t >= 0.5).
template <class O>
O quantile_lerp(O a, O b, O t) noexcept {
  const O d = b - a;
  return t >= O(0.5) ? b - d * (O(1) - t) : a + d * t;
}

/// The parsed arguments of a quantile call: q in [0, 1], the method, the function's name.
struct quantile_args {
  std::vector<double> q;
  qmethod method;
  const char* fn;
  bool skip_nan;
};

inline quantile_args make_quantile_args(std::vector<double> q, std::string_view method,
                                        const char* fn, bool percent, bool skip_nan) {
  for (double& x : q) {
    if (percent) x /= 100;
    if (!(x >= 0 && x <= 1))
      throw shape_error(std::string(fn) + (percent ? ": Percentiles must be in the range [0, 100]"
                                                   : ": Quantiles must be in the range [0, 1]"));
  }
  return {std::move(q), parse_qmethod(method, fn), fn, skip_nan};
}

/// The q values of a scalar or a rank-1 tensor, as doubles.
template <class Q>
std::vector<double> q_values(const Q& q) {
  if constexpr (tensor_like<Q>) {
    static_assert(rank_of<Q> == 1, "tensr: q is a scalar or a rank-1 tensor");
    const Tensor<double, 1> c(as_view(q));
    return std::vector<double>(c.data(), c.data() + c.size());
  } else {
    return {static_cast<double>(q)};
  }
}

/// quantile's result type: double (long double stays).
template <class T>
using quantile_t = std::conditional_t<std::is_same_v<T, long double>, long double, double>;

/// Every quantile of qa for one line (reordered), into out.
template <class O, class T>
void quantile_line(T* p, index_t n, const quantile_args& qa, O* out) {
  const std::size_t nq = qa.q.size();
  const index_t m = drop_nan(p, n, qa.skip_nan);
  if (m < 0 || (m == 0 && qa.skip_nan)) {  // a NaN inside, or all-NaN under nanquantile
    std::fill(out, out + nq, std::numeric_limits<O>::quiet_NaN());
    return;
  }
  if (m == 0) {
    if (nq == 0) return;
    throw shape_error(std::string(qa.fn) + ": cannot do a non-empty take from an empty axes.");
  }
  if (nq > 1) std::sort(p, p + m);
  for (std::size_t j = 0; j < nq; ++j) {
    const qpoint pt = quantile_point(qa.method, m, qa.q[j]);
    if (nq == 1) std::nth_element(p, p + pt.lo, p + m);
    const O a = static_cast<O>(p[pt.lo]);
    if (pt.hi == pt.lo) {
      out[j] = a;
      continue;
    }
    const O b = static_cast<O>(nq == 1 ? *std::min_element(p + pt.hi, p + m) : p[pt.hi]);
    out[j] = quantile_lerp<O>(a, b, static_cast<O>(pt.gamma));
  }
}

/// The quantiles over all elements: rank 1, one per q.
template <tensor_like A>
auto quantile_flat(const A& a, const quantile_args& qa) {
  using O = quantile_t<value_type_of<A>>;
  return map_flat<O>(a, static_cast<index_t>(qa.q.size()),
                     [&](auto* p, index_t n, O* out) { quantile_line(p, n, qa, out); });
}
/// The quantiles along an axis: the q axis first, then a's other axes.
template <tensor_like A>
auto quantile_axis(const A& a, index_t axis, const quantile_args& qa) {
  using O = quantile_t<value_type_of<A>>;
  constexpr std::size_t R = rank_of<A>;
  auto r = map_lines<O>(a, axis, static_cast<index_t>(qa.q.size()),
                        [&](auto* p, index_t n, O* out) { quantile_line(p, n, qa, out); });
  return Tensor<O, R>(r.moveaxis(static_cast<index_t>(R) - 1, 0));
}
/// The forms of quantile, percentile, nanquantile and nanpercentile: a scalar q gives a
/// scalar (all elements) or rank R-1 (along an axis); a rank-1 q adds its axis in front.
template <tensor_like A, class Q>
auto quantile_of(const A& a, const Q& q, std::string_view method, const char* fn, bool percent,
                 bool skip_nan) {
  const auto r = quantile_flat(a, make_quantile_args(q_values(q), method, fn, percent, skip_nan));
  if constexpr (tensor_like<Q>)
    return r;
  else
    return r(0);
}
template <tensor_like A, class Q>
auto quantile_of(const A& a, const Q& q, index_t axis, std::string_view method, const char* fn,
                 bool percent, bool skip_nan) {
  auto r = quantile_axis(a, axis, make_quantile_args(q_values(q), method, fn, percent, skip_nan));
  if constexpr (tensor_like<Q>)
    return r;
  else
    return std::move(r).reshape(drop_axis(r.shape(), 0));
}

/// average's computation type: a float pair keeps the wider float, else double.
template <class T, class W>
using average_t = std::conditional_t<
    std::is_floating_point_v<T> && std::is_floating_point_v<W>, std::common_type_t<T, W>,
    std::conditional_t<std::is_same_v<W, bool>, float_t<T>,
                       std::conditional_t<std::is_same_v<T, bool>, float_t<W>, double>>>;

}  // namespace detail

/// np.median over all elements or along an axis: the middle element of each sorted slice, or
/// the mean of the middle two; floats keep their type, integers give double. A NaN anywhere
/// in a slice gives NaN, and so does an empty slice (NumPy also warns; tensr does not).
template <tensor_like A>
auto median(const A& a) {
  using O = detail::float_t<value_type_of<A>>;
  return detail::reduce_flat<O>(
      a, [](auto* p, index_t n, O* out) { *out = detail::median_line<O>(p, n, false); });
}
template <tensor_like A>
auto median(const A& a, index_t axis) {
  using O = detail::float_t<value_type_of<A>>;
  return detail::reduce_lines<O>(
      a, axis, [](auto* p, index_t n, O* out) { *out = detail::median_line<O>(p, n, false); });
}

/// np.quantile(a, q, axis, method): q a scalar in [0, 1] or a rank-1 tensor of them (then the
/// result has the q axis first, as NumPy's), over all elements or along an axis. method is
/// one of NumPy 1.24's: "linear" (the default), "lower", "higher", "midpoint", "nearest",
/// "inverted_cdf", "averaged_inverted_cdf", "closest_observation",
/// "interpolated_inverted_cdf", "hazen", "weibull", "median_unbiased", "normal_unbiased".
/// The result is double (long double stays) for every method: NumPy keeps the input type
/// for the discrete ones, but here the method is known only at run time. A NaN in a slice
/// gives NaN; an empty slice throws, as NumPy's.
template <tensor_like A, class Q>
requires(tensor_like<Q> ||
         std::is_arithmetic_v<Q>) auto quantile(const A& a, const Q& q,
                                                std::string_view method = "linear") {
  return detail::quantile_of(a, q, method, "quantile", false, false);
}
template <tensor_like A, class Q>
requires(tensor_like<Q> ||
         std::is_arithmetic_v<Q>) auto quantile(const A& a, const Q& q, index_t axis,
                                                std::string_view method = "linear") {
  return detail::quantile_of(a, q, axis, method, "quantile", false, false);
}

/// np.percentile: quantile with q in [0, 100].
template <tensor_like A, class Q>
requires(tensor_like<Q> ||
         std::is_arithmetic_v<Q>) auto percentile(const A& a, const Q& q,
                                                  std::string_view method = "linear") {
  return detail::quantile_of(a, q, method, "percentile", true, false);
}
template <tensor_like A, class Q>
requires(tensor_like<Q> ||
         std::is_arithmetic_v<Q>) auto percentile(const A& a, const Q& q, index_t axis,
                                                  std::string_view method = "linear") {
  return detail::quantile_of(a, q, axis, method, "percentile", true, false);
}

/// np.average(a) and np.average(a, axis): the mean (same types as mean).
template <tensor_like A>
auto average(const A& a) {
  return mean(a);
}
template <tensor_like A>
auto average(const A& a, index_t axis) {
  return mean(a, axis);
}
/// np.average(a, weights=w) over all elements (w has a's shape) and np.average(a, axis,
/// weights=w) (w has a's shape, or is rank 1 with the axis's length): sum(a * w) / sum(w),
/// computed as NumPy: two floats keep the wider type, anything with an integer gives double.
/// A weight sum of zero throws NumPy's error.
template <tensor_like A, tensor_like W>
auto average(const A& a, const W& w) {
  using C = detail::average_t<value_type_of<A>, value_type_of<W>>;
  static_assert(rank_of<A> == rank_of<W>,
                "tensr: average without an axis takes weights of a's shape");
  if (as_view(a).shape() != as_view(w).shape())
    throw shape_error("average: Axis must be specified when shapes of a and weights differ.");
  const Tensor<C, rank_of<A>> ac(as_view(a)), wc(as_view(w));
  const C scl = sum(wc);
  if (scl == C(0)) throw shape_error("average: Weights sum to zero, can't be normalized");
  return static_cast<C>(sum(multiply(ac, wc)) / scl);
}
template <tensor_like A, tensor_like W>
auto average(const A& a, index_t axis, const W& w) {
  using C = detail::average_t<value_type_of<A>, value_type_of<W>>;
  constexpr std::size_t R = rank_of<A>;
  static_assert(rank_of<W> == R || rank_of<W> == 1,
                "tensr: average's weights have a's rank, or rank 1 along the axis");
  const auto va = as_view(a);
  const auto vw = as_view(w);
  const std::size_t ax = detail::normalize_axis(axis, R);
  Tensor<C, R> wc;
  bool same = false;
  if constexpr (rank_of<W> == R) {
    same = va.shape() == vw.shape();
    if (same) wc = Tensor<C, R>(vw);
  }
  if (!same) {
    if constexpr (rank_of<W> != 1) {
      throw shape_error("average: 1D weights expected when shapes of a and weights differ.");
    } else {
      if (vw.shape(0) != va.shape(ax))
        throw shape_error("average: Length of weights not compatible with specified axis.");
      shape_t<R> s;
      s.fill(1);
      s[ax] = va.shape(ax);
      wc = Tensor<C, 1>(vw).reshape(s);
    }
  }
  const Tensor<C, R> ac(va);
  Tensor<C, R - 1> scl = sum(broadcast_to(wc, va.shape()), axis);
  if (std::any_of(scl.data(), scl.data() + scl.size(), [](C x) { return x == C(0); }))
    throw shape_error("average: Weights sum to zero, can't be normalized");
  Tensor<C, R - 1> r = sum(multiply(ac, wc), axis);
  r /= scl;
  return r;
}

/// np.ptp: max - min in the input's type (unsigned wraps, as NumPy's), over all elements or
/// along an axis; empty inputs throw max's error.
template <tensor_like A>
auto ptp(const A& a) {
  static_assert(!std::is_same_v<value_type_of<A>, bool>, "tensr: ptp of bool is undefined");
  return static_cast<value_type_of<A>>(max(a) - min(a));
}
template <tensor_like A>
auto ptp(const A& a, index_t axis) {
  using T = value_type_of<A>;
  static_assert(!std::is_same_v<T, bool>, "tensr: ptp of bool is undefined");
  Tensor<T, rank_of<A> - 1> r = max(a, axis);
  subtract(r, min(a, axis), r);
  return r;
}

TENSR_NAMESPACE_END
