// Counting into bins, NumPy's: bincount (with weights and minlength), digitize (increasing
// or decreasing bins) and histogram (a count of equal bins over a range, or explicit edges;
// the last bin includes its right edge). Errors carry NumPy's texts.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/setops.hpp"
#include "tensr/ops/sorting.hpp"

TENSR_NAMESPACE_BEGIN

/// histogram's result: hist[i] counts the values in [bin_edges[i], bin_edges[i + 1]) (the
/// last bin also holds its right edge); bin_edges has one more element than hist.
template <class E>
struct histogram_result {
  Tensor<index_t, 1> hist;
  Tensor<E, 1> bin_edges;
};

namespace detail {

/// x's rank-1 integers as index_t, with NumPy's error for a negative one.
template <tensor_like X>
std::vector<index_t> bincount_values(const X& x) {
  static_assert(rank_of<X> == 1 && std::is_integral_v<value_type_of<X>>,
                "tensr: bincount counts a rank-1 tensor of integers");
  const Tensor<value_type_of<X>, 1> t(as_view(x));
  std::vector<index_t> v(t.data(), t.data() + t.size());
  for (index_t k : v)
    if (k < 0) throw shape_error("bincount: 'list' argument must have no negative elements");
  return v;
}

/// The length of bincount's result: max + 1, at least minlength.
inline index_t bincount_length(const std::vector<index_t>& v, index_t minlength) {
  if (minlength < 0) throw shape_error("bincount: 'minlength' must not be negative");
  const index_t top = v.empty() ? 0 : *std::max_element(v.begin(), v.end()) + 1;
  return std::max(top, minlength);
}

/// NumPy's monotonicity of bins: 1 increasing (or constant, or empty), -1 decreasing, 0
/// neither. Repeated values at the start are skipped.
template <class T>
int monotonicity(const T* b, index_t n) {
  if (n == 0) return 1;
  index_t i = 1;
  while (i < n && b[i] == b[0]) ++i;
  if (i == n) return 1;
  const bool up = b[i - 1] < b[i];
  for (++i; i < n; ++i)
    if (up ? b[i - 1] > b[i] : b[i - 1] < b[i]) return 0;
  return up ? 1 : -1;
}

/// A float as Python prints it ("0.5", "1.0", "inf", "nan").
template <class E>
std::string py_float(E x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  std::string s(buf, r.ptr);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

/// The outer edges of histogram's equal bins, NumPy's _get_outer_edges: range as given, or
/// the min and max of a (in E), widened by 0.5 each way when equal.
template <class E, class T>
std::pair<double, double> outer_edges(const std::vector<T>& a,
                                      const std::optional<std::pair<double, double>>& range) {
  double lo = 0, hi = 1;
  if (range) {
    lo = range->first;
    hi = range->second;
    if (lo > hi) throw shape_error("histogram: max must be larger than min in range parameter.");
    if (!std::isfinite(lo) || !std::isfinite(hi))
      throw shape_error("histogram: supplied range of [" + py_float(lo) + ", " + py_float(hi) +
                        "] is not finite");
  } else if (!a.empty()) {
    // NumPy's min and max propagate NaN.
    E mn = static_cast<E>(a[0]), mx = mn;
    for (const T& x : a) {
      const E e = static_cast<E>(x);
      if (std::isnan(e)) mn = mx = e;
      if (std::isnan(mn)) break;
      mn = std::min(mn, e);
      mx = std::max(mx, e);
    }
    if (!std::isfinite(mn) || !std::isfinite(mx))
      throw shape_error("histogram: autodetected range of [" + py_float(mn) + ", " + py_float(mx) +
                        "] is not finite");
    lo = static_cast<double>(mn);
    hi = static_cast<double>(mx);
  }
  if (lo == hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  return {lo, hi};
}

/// Counts of sorted a in the bins between consecutive edges, the last closed.
template <class T, class E>
Tensor<index_t, 1> count_in_edges(std::vector<T> a, const Tensor<E, 1>& edges) {
  using C = std::common_type_t<T, E>;
  std::sort(a.begin(), a.end(), sort_less{});
  const auto n = static_cast<index_t>(a.size());
  const auto at = [&](index_t i) { return static_cast<C>(a[static_cast<std::size_t>(i)]); };
  const index_t nb = std::max(edges.size() - 1, index_t{0});
  Tensor<index_t, 1> hist(shape_t<1>{nb}, Storage<index_t>::uninitialized);
  for (index_t i = 0; i < nb; ++i) {
    const index_t lo = search_one<C>(n, at, static_cast<C>(edges.data()[i]), search_side::left);
    const auto last = i + 1 == nb ? search_side::right : search_side::left;
    hist.data()[i] = search_one<C>(n, at, static_cast<C>(edges.data()[i + 1]), last) - lo;
  }
  return hist;
}

}  // namespace detail

/// np.bincount(x, minlength=0): how often each value 0..max(x) occurs in the rank-1
/// non-negative integers x, Tensor<index_t, 1> of length max(max(x) + 1, minlength).
template <tensor_like X>
Tensor<index_t, 1> bincount(const X& x, index_t minlength = 0) {
  const std::vector<index_t> v = detail::bincount_values(x);
  Tensor<index_t, 1> out(shape_t<1>{detail::bincount_length(v, minlength)}, index_t{0});
  for (index_t k : v) ++out.data()[k];
  return out;
}
/// np.bincount(x, weights, minlength=0): the sum of the weights (x's length) of each value,
/// Tensor<double, 1>.
template <tensor_like X, tensor_like W>
Tensor<double, 1> bincount(const X& x, const W& weights, index_t minlength = 0) {
  static_assert(rank_of<W> == 1, "tensr: bincount's weights are a rank-1 tensor");
  const std::vector<index_t> v = detail::bincount_values(x);
  const Tensor<value_type_of<W>, 1> w(as_view(weights));
  if (w.size() != static_cast<index_t>(v.size()))
    throw shape_error("bincount: The weights and list don't have the same length.");
  Tensor<double, 1> out(shape_t<1>{detail::bincount_length(v, minlength)}, 0.0);
  for (std::size_t i = 0; i < v.size(); ++i) out.data()[v[i]] += static_cast<double>(w.data()[i]);
  return out;
}

/// np.digitize(x, bins, right=false): for each x the index i of its bin, bins[i-1] <= x <
/// bins[i] for increasing bins (bins[i-1] < x <= bins[i] when right), bins[i-1] > x >=
/// bins[i] for decreasing ones (> and >= swapped when right). A scalar x gives an index_t,
/// a tensor a Tensor<index_t> of its shape. Bins that are neither throw NumPy's error.
template <class X, tensor_like B>
requires(tensor_like<X> || detail::search_scalar<X>) auto digitize(const X& x, const B& bins,
                                                                   bool right = false) {
  static_assert(rank_of<B> == 1, "tensr: digitize's bins are a rank-1 tensor");
  const Tensor<value_type_of<B>, 1> b(as_view(bins));
  const int mono = detail::monotonicity(b.data(), b.size());
  if (mono == 0) throw shape_error("digitize: bins must be monotonically increasing or decreasing");
  const search_side side = right ? search_side::left : search_side::right;
  if (mono == 1) return searchsorted(b, x, side);
  auto pos = searchsorted(b.flip(0), x, side);  // from the end of the reversed bins
  if constexpr (tensor_like<X>) {
    for (index_t i = 0; i < pos.size(); ++i) pos.data()[i] = b.size() - pos.data()[i];
    return pos;
  } else {
    return b.size() - pos;
  }
}

namespace detail {
/// histogram with `bins` equal bins over range (or a's min and max).
template <tensor_like A>
auto histogram_equal(const A& a, index_t bins,
                     const std::optional<std::pair<double, double>>& range) {
  using T = value_type_of<A>;
  using E = float_t<T>;
  if (bins < 1) throw shape_error("histogram: `bins` must be positive, when an integer");
  const auto x = flat_values<T>(a);
  const auto [dlo, dhi] = outer_edges<E>(x, range);
  // NumPy's linspace: start + i * step in double, the last edge exactly the end.
  Tensor<E, 1> edges(shape_t<1>{bins + 1}, Storage<E>::uninitialized);
  const double step = (dhi - dlo) / static_cast<double>(bins);
  for (index_t i = 0; i < bins; ++i)
    edges.data()[i] = static_cast<E>(static_cast<double>(i) * step + dlo);
  edges.data()[bins] = static_cast<E>(dhi);
  // Each value in range: its bin by arithmetic, corrected by one against the edges.
  const E lo = static_cast<E>(dlo), hi = static_cast<E>(dhi);
  const E* e = edges.data();
  Tensor<index_t, 1> hist(shape_t<1>{bins}, index_t{0});
  for (const auto v : x) {
    const E t = static_cast<E>(v);
    if (!(t >= lo && t <= hi)) continue;
    auto i = static_cast<index_t>((t - lo) / (hi - lo) * static_cast<E>(bins));
    if (i == bins) --i;
    if (t < e[i]) --i;
    if (i != bins - 1 && t >= e[i + 1]) ++i;
    ++hist.data()[i];
  }
  return histogram_result<E>{std::move(hist), std::move(edges)};
}
}  // namespace detail

/// np.histogram(a, bins=10) and np.histogram(a, bins, range=(lo, hi)): counts of the
/// flattened a in `bins` equal bins spanning range (by default a's min and max, widened by
/// 0.5 each way when equal; [0, 1] when a is empty). Values outside range are left out.
/// bin_edges are a's type for floats, double for integers. NumPy's errors for bins < 1, a
/// reversed or infinite range, or NaN in a without a range.
template <tensor_like A>
auto histogram(const A& a, index_t bins = 10) {
  return detail::histogram_equal(a, bins, std::nullopt);
}
template <tensor_like A>
auto histogram(const A& a, index_t bins, std::pair<double, double> range) {
  return detail::histogram_equal(a, bins, range);
}

/// np.histogram(a, bins=edges): counts of the flattened a between consecutive edges (a
/// rank-1 tensor, non-decreasing, else NumPy's error); bin_edges is a copy of edges.
template <tensor_like A, tensor_like B>
auto histogram(const A& a, const B& edges) {
  static_assert(rank_of<B> == 1, "tensr: histogram's bin edges are a rank-1 tensor");
  using E = value_type_of<B>;
  Tensor<E, 1> e(as_view(edges));
  for (index_t i = 0; i + 1 < e.size(); ++i)
    if (e.data()[i] > e.data()[i + 1])
      throw shape_error("histogram: `bins` must increase monotonically, when an array");
  Tensor<index_t, 1> hist = detail::count_in_edges(detail::flat_values<value_type_of<A>>(a), e);
  return histogram_result<E>{std::move(hist), std::move(e)};
}

TENSR_NAMESPACE_END
