// Reductions that skip NaN, with NumPy's names: nansum, nanprod, nanmean, nanvar, nanstd,
// nanmax, nanmin, nanargmax, nanargmin, nanmedian, nanquantile, nanpercentile, nancumsum,
// nancumprod; over all elements or one axis. Integer and bool inputs hold no NaN: these are
// then the plain reductions. Also count_nonzero. NumPy warns on all-NaN slices where it
// returns NaN; tensr returns the same NaN without a warning.
#pragma once

#include "tensr/core/internal.hpp"

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/quantile.hpp"
#include "tensr/ops/reduce.hpp"
#include "tensr/ops/reduce_kernel.hpp"
#include "tensr/ops/scan.hpp"
#include "tensr/ops/statistics.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

template <tensor_like A>
inline constexpr bool has_nan = std::is_floating_point_v<value_type_of<A>>;

/// a with its NaNs replaced by fill (NumPy's _replace_nan).
template <tensor_like A>
auto replace_nan(const A& a, value_type_of<A> fill) {
  return where(isnan(a), fill, a);
}

/// a's elements as a rank-1 tensor in C order (a copy), for the no-axis forms.
template <tensor_like A>
auto flat_copy(const A& a) {
  using T = value_type_of<A>;
  const index_t n = as_view(a).size();
  return Tensor<T, rank_of<A>>(as_view(a)).reshape(shape_t<1>{n});
}

/// nanvar along an axis, as NumPy: deviations from the mean of the non-NaN elements, the NaN
/// places zeroed, summed and divided by count - ddof; NaN where that is <= 0.
template <tensor_like A>
auto nanvar_axis(const A& a, index_t axis, ddof_t d) {
  using T = value_type_of<A>;
  const auto mask = isnan(a);
  const auto arr = where(mask, T(0), a);
  const auto cnt = sum(logical_not(mask), axis, keepdims);
  const auto avg = divide(sum(arr, axis, keepdims), cnt.template astype<T>());
  auto var = sum(where(mask, T(0), square(subtract(arr, avg))), axis);
  const auto dof = subtract(sum(logical_not(mask), axis), d.value);
  return where(less_equal(dof, 0), std::numeric_limits<T>::quiet_NaN(),
               divide(var, dof.template astype<T>()));
}

/// The first max (Max) or min of a line, skipping NaN; NaN when every element is NaN.
template <bool Max, class T>
T nan_extreme(const T* p, index_t n) {
  if (n == 0) throw no_identity(Max ? "fmax" : "fmin");
  T m = std::numeric_limits<T>::quiet_NaN();
  for (index_t i = 0; i < n; ++i)
    if (p[i] == p[i] && (m != m || (Max ? p[i] > m : p[i] < m))) m = p[i];
  return m;
}
/// Its index; an all-NaN (or empty) line throws NumPy's error.
template <bool Max, class T>
index_t nan_arg_extreme(const T* p, index_t n) {
  index_t k = -1;
  for (index_t i = 0; i < n; ++i)
    if (p[i] == p[i] && (k < 0 || (Max ? p[i] > p[k] : p[i] < p[k]))) k = i;
  if (k < 0)
    throw shape_error(std::string(Max ? "nanargmax" : "nanargmin") + ": All-NaN slice encountered");
  return k;
}

template <bool Max, tensor_like A>
auto nan_extreme_of(const A& a) {
  using T = value_type_of<A>;
  return reduce_flat<T>(a, [](const T* p, index_t n, T* o) { *o = nan_extreme<Max>(p, n); });
}
template <bool Max, tensor_like A>
auto nan_extreme_of(const A& a, index_t axis) {
  using T = value_type_of<A>;
  return reduce_lines<T>(a, axis, [](const T* p, index_t n, T* o) { *o = nan_extreme<Max>(p, n); });
}
template <bool Max, tensor_like A>
index_t nan_arg_of(const A& a) {
  using T = value_type_of<A>;
  return reduce_flat<index_t>(
      a, [](const T* p, index_t n, index_t* o) { *o = nan_arg_extreme<Max>(p, n); });
}
template <bool Max, tensor_like A>
auto nan_arg_of(const A& a, index_t axis) {
  using T = value_type_of<A>;
  return reduce_lines<index_t>(
      a, axis, [](const T* p, index_t n, index_t* o) { *o = nan_arg_extreme<Max>(p, n); });
}

}  // namespace detail

/// np.nansum: the sum with NaN taken as 0 (so an all-NaN slice sums to 0).
template <tensor_like A>
auto nansum(const A& a) {
  if constexpr (detail::has_nan<A>)
    return sum(detail::replace_nan(a, 0));
  else
    return sum(a);
}
template <tensor_like A>
auto nansum(const A& a, index_t axis) {
  if constexpr (detail::has_nan<A>)
    return sum(detail::replace_nan(a, 0), axis);
  else
    return sum(a, axis);
}

/// np.nanprod: the product with NaN taken as 1.
template <tensor_like A>
auto nanprod(const A& a) {
  if constexpr (detail::has_nan<A>)
    return prod(detail::replace_nan(a, 1));
  else
    return prod(a);
}
template <tensor_like A>
auto nanprod(const A& a, index_t axis) {
  if constexpr (detail::has_nan<A>)
    return prod(detail::replace_nan(a, 1), axis);
  else
    return prod(a, axis);
}

/// np.nanmean: the mean of the non-NaN elements (NaN for an all-NaN or empty slice). Types
/// as mean's.
template <tensor_like A>
auto nanmean(const A& a) {
  using T = value_type_of<A>;
  if constexpr (detail::has_nan<A>) {
    const auto cnt = sum(logical_not(isnan(a)));
    return nansum(a) / static_cast<T>(cnt);
  } else {
    return mean(a);
  }
}
template <tensor_like A>
auto nanmean(const A& a, index_t axis) {
  using T = value_type_of<A>;
  if constexpr (detail::has_nan<A>) {
    auto s = nansum(a, axis);
    s /= sum(logical_not(isnan(a)), axis).template astype<T>();
    return s;
  } else {
    return mean(a, axis);
  }
}

/// np.nanvar(a, axis, ddof=n): the variance of the non-NaN elements, divided by their count
/// less ddof; NaN where that divisor is <= 0 (so for all-NaN slices). Forms as var's:
/// `nanvar(a)`, `nanvar(a, ddof(1))`, `nanvar(a, axis)`, `nanvar(a, axis, ddof(1))`.
template <tensor_like A>
auto nanvar(const A& a, ddof_t d = {}) {
  if constexpr (detail::has_nan<A>)
    return detail::nanvar_axis(detail::flat_copy(a), 0, d)();
  else
    return var(a, d);
}
template <tensor_like A>
auto nanvar(const A& a, index_t axis, ddof_t d = {}) {
  if constexpr (detail::has_nan<A>)
    return detail::nanvar_axis(a, axis, d);
  else
    return var(a, axis, d);
}

/// np.nanstd = sqrt(nanvar), with the same forms.
template <tensor_like A>
auto nanstd(const A& a, ddof_t d = {}) {
  return std::sqrt(nanvar(a, d));
}
template <tensor_like A>
auto nanstd(const A& a, index_t axis, ddof_t d = {}) {
  auto v = nanvar(a, axis, d);
  sqrt(v, v);
  return v;
}

/// np.nanmax: the largest non-NaN element; NaN for an all-NaN slice (NumPy also warns). An
/// empty slice throws NumPy's error for fmax.
template <tensor_like A>
auto nanmax(const A& a) {
  if constexpr (detail::has_nan<A>)
    return detail::nan_extreme_of<true>(a);
  else
    return max(a);
}
template <tensor_like A>
auto nanmax(const A& a, index_t axis) {
  if constexpr (detail::has_nan<A>)
    return detail::nan_extreme_of<true>(a, axis);
  else
    return max(a, axis);
}
/// np.nanmin: the smallest non-NaN element, as nanmax.
template <tensor_like A>
auto nanmin(const A& a) {
  if constexpr (detail::has_nan<A>)
    return detail::nan_extreme_of<false>(a);
  else
    return min(a);
}
template <tensor_like A>
auto nanmin(const A& a, index_t axis) {
  if constexpr (detail::has_nan<A>)
    return detail::nan_extreme_of<false>(a, axis);
  else
    return min(a, axis);
}

/// np.nanargmax: the index of the first largest non-NaN element (flat, in C order, without an
/// axis); an all-NaN or empty slice throws "nanargmax: All-NaN slice encountered".
template <tensor_like A>
index_t nanargmax(const A& a) {
  if constexpr (detail::has_nan<A>)
    return detail::nan_arg_of<true>(a);
  else
    return static_cast<index_t>(argmax(a));
}
template <tensor_like A>
auto nanargmax(const A& a, index_t axis) {
  if constexpr (detail::has_nan<A>)
    return detail::nan_arg_of<true>(a, axis);
  else
    return argmax(a, axis);
}
/// np.nanargmin, as nanargmax.
template <tensor_like A>
index_t nanargmin(const A& a) {
  if constexpr (detail::has_nan<A>)
    return detail::nan_arg_of<false>(a);
  else
    return static_cast<index_t>(argmin(a));
}
template <tensor_like A>
auto nanargmin(const A& a, index_t axis) {
  if constexpr (detail::has_nan<A>)
    return detail::nan_arg_of<false>(a, axis);
  else
    return argmin(a, axis);
}

/// np.nanmedian: the median of the non-NaN elements; NaN for an all-NaN or empty slice.
template <tensor_like A>
auto nanmedian(const A& a) {
  using O = detail::float_t<value_type_of<A>>;
  return detail::reduce_flat<O>(
      a, [](auto* p, index_t n, O* out) { *out = detail::median_line<O>(p, n, true); });
}
template <tensor_like A>
auto nanmedian(const A& a, index_t axis) {
  using O = detail::float_t<value_type_of<A>>;
  return detail::reduce_lines<O>(
      a, axis, [](auto* p, index_t n, O* out) { *out = detail::median_line<O>(p, n, true); });
}

/// np.nanquantile: quantile of the non-NaN elements (same forms, methods and result types);
/// NaN for an all-NaN or empty slice.
template <tensor_like A, class Q>
requires(tensor_like<Q> ||
         std::is_arithmetic_v<Q>) auto nanquantile(const A& a, const Q& q,
                                                   std::string_view method = "linear") {
  return detail::quantile_of(a, q, method, "nanquantile", false, true);
}
template <tensor_like A, class Q>
requires(tensor_like<Q> ||
         std::is_arithmetic_v<Q>) auto nanquantile(const A& a, const Q& q, index_t axis,
                                                   std::string_view method = "linear") {
  return detail::quantile_of(a, q, axis, method, "nanquantile", false, true);
}
/// np.nanpercentile: nanquantile with q in [0, 100].
template <tensor_like A, class Q>
requires(tensor_like<Q> ||
         std::is_arithmetic_v<Q>) auto nanpercentile(const A& a, const Q& q,
                                                     std::string_view method = "linear") {
  return detail::quantile_of(a, q, method, "nanpercentile", true, true);
}
template <tensor_like A, class Q>
requires(tensor_like<Q> ||
         std::is_arithmetic_v<Q>) auto nanpercentile(const A& a, const Q& q, index_t axis,
                                                     std::string_view method = "linear") {
  return detail::quantile_of(a, q, axis, method, "nanpercentile", true, true);
}

/// np.nancumsum: cumsum with NaN taken as 0, along an axis or over the flattened elements.
template <tensor_like A>
auto nancumsum(const A& a) {
  if constexpr (detail::has_nan<A>)
    return cumsum(detail::replace_nan(a, 0));
  else
    return cumsum(a);
}
template <tensor_like A>
auto nancumsum(const A& a, index_t axis) {
  if constexpr (detail::has_nan<A>)
    return cumsum(detail::replace_nan(a, 0), axis);
  else
    return cumsum(a, axis);
}
/// np.nancumprod: cumprod with NaN taken as 1.
template <tensor_like A>
auto nancumprod(const A& a) {
  if constexpr (detail::has_nan<A>)
    return cumprod(detail::replace_nan(a, 1));
  else
    return cumprod(a);
}
template <tensor_like A>
auto nancumprod(const A& a, index_t axis) {
  if constexpr (detail::has_nan<A>)
    return cumprod(detail::replace_nan(a, 1), axis);
  else
    return cumprod(a, axis);
}

/// np.count_nonzero: how many elements are not zero (NaN counts), over all elements or
/// along an axis (index_t, as NumPy's intp).
template <tensor_like A>
index_t count_nonzero(const A& a) {
  return static_cast<index_t>(sum(not_equal(a, value_type_of<A>{})));
}
template <tensor_like A>
auto count_nonzero(const A& a, index_t axis) {
  return Tensor<index_t, rank_of<A> - 1>(sum(not_equal(a, value_type_of<A>{}), axis));
}

TENSR_NAMESPACE_END
