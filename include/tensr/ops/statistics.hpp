// Statistics over the reductions: mean, var and std (with ddof(n), NumPy's ddof=n), over all
// elements, one axis (with keepdims) or several axes, and into an out-parameter. mean of
// integers is double, as NumPy's; the mean of nothing is NaN. var is the mean of squared
// deviations divided by n - ddof.
#pragma once

#include "tensr/core/internal.hpp"

#include <cmath>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/reduce.hpp"

TENSR_NAMESPACE_BEGIN

namespace detail {
/// The number of elements the axes of mask hold in shape s.
template <std::size_t R>
index_t count_axes(const shape_t<R>& s, axis_mask m) noexcept {
  index_t n = 1;
  for (std::size_t k = 0; k < R; ++k)
    if ((m >> k) & 1u) n *= s[k];
  return n;
}
}  // namespace detail

/// np.mean: floats keep their type, integers give double; the mean of nothing is NaN.
/// The out-parameter forms write the sum into out and divide it there (no allocation when
/// out has the sum's element type).
template <tensor_like A>
auto mean(const A& a) {
  using M = detail::float_t<value_type_of<A>>;
  return static_cast<M>(sum(a)) / static_cast<M>(as_view(a).size());
}
/// np.mean(a, axis) (keepdims, out): the sum along the axis divided by its length.
template <tensor_like A>
auto mean(const A& a, index_t axis) {
  using M = detail::float_t<value_type_of<A>>;
  const index_t n = as_view(a).shape(axis);
  Tensor<M, rank_of<A> - 1> s(sum(a, axis));
  s /= static_cast<M>(n);
  return s;
}
template <tensor_like A>
auto mean(const A& a, index_t axis, keepdims_t) {
  const detail::axis_mask m = detail::axes_mask<rank_of<A>>(&axis, 1);
  return mean(a, axis).reshape(detail::keep_axes(as_view(a).shape(), m));
}
template <tensor_like A, out_target Out>
void mean(const A& a, index_t axis, Out&& out) {
  using M = detail::float_t<value_type_of<A>>;
  const index_t n = as_view(a).shape(axis);
  sum(a, axis, out);
  as_view(out) /= static_cast<M>(n);
}

/// np.mean(a, axis=(0, 2)) (keepdims, out): over several axes at once.
template <tensor_like A, std::size_t K, std::enable_if_t<(K >= 2), int> = 0>
auto mean(const A& a, const index_t (&axes)[K]) {
  using M = detail::float_t<value_type_of<A>>;
  const index_t n = detail::count_axes(as_view(a).shape(), detail::axes_mask<rank_of<A>>(axes, K));
  auto s = sum(a, axes);
  Tensor<M, rank_of<decltype(s)>> m(s);
  m /= static_cast<M>(n);
  return m;
}
template <tensor_like A, std::size_t K, std::enable_if_t<(K >= 2), int> = 0>
auto mean(const A& a, const index_t (&axes)[K], keepdims_t) {
  const detail::axis_mask m = detail::axes_mask<rank_of<A>>(axes, K);
  return mean(a, axes).reshape(detail::keep_axes(as_view(a).shape(), m));
}
template <tensor_like A, std::size_t K, out_target Out, std::enable_if_t<(K >= 2), int> = 0>
void mean(const A& a, const index_t (&axes)[K], Out&& out) {
  using M = detail::float_t<value_type_of<A>>;
  const index_t n = detail::count_axes(as_view(a).shape(), detail::axes_mask<rank_of<A>>(axes, K));
  sum(a, axes, out);
  as_view(out) /= static_cast<M>(n);
}

/// NumPy's ddof= of var and std, as a type of its own so that it cannot be taken for an
/// axis: var(a, ddof(1)), var(a, axis, ddof(1)). The divisor is n - ddof (0 if negative).
struct ddof_t {
  index_t value = 0;
};
/// ddof(n): the ddof_t of n, NumPy's ddof=n.
constexpr ddof_t ddof(index_t n) noexcept { return ddof_t{n}; }

namespace detail {
template <class M>
M ddof_divisor(index_t n, ddof_t d) noexcept {
  return static_cast<M>(n - d.value > 0 ? n - d.value : 0);
}
}  // namespace detail

/// np.var: the mean of squared deviations, divided by n - ddof. `var(a)` and `var(a, ddof(1))`
/// over all elements (`var(a, all, ddof(1))` too), `var(a, axis)` and `var(a, axis, ddof(1))`
/// along an axis, `var(a, axis, out)` and `var(a, axis, ddof(1), out)` into out (through
/// temporaries the size of a).
template <tensor_like A>
auto var(const A& a, all_t, ddof_t d = {}) {
  using M = detail::float_t<value_type_of<A>>;
  const M m = mean(a);
  return sum(square(subtract(a, m))) / detail::ddof_divisor<M>(as_view(a).size(), d);
}
template <tensor_like A>
auto var(const A& a, ddof_t d = {}) {
  return var(a, all, d);
}
template <tensor_like A>
auto var(const A& a, index_t axis, ddof_t d = {}) {
  using M = detail::float_t<value_type_of<A>>;
  auto r = sum(square(subtract(a, mean(a, axis, keepdims))), axis);
  r /= detail::ddof_divisor<M>(as_view(a).shape(axis), d);
  return r;
}
template <tensor_like A, out_target Out>
void var(const A& a, index_t axis, ddof_t d, Out&& out) {
  using M = detail::float_t<value_type_of<A>>;
  sum(square(subtract(a, mean(a, axis, keepdims))), axis, out);
  as_view(out) /= detail::ddof_divisor<M>(as_view(a).shape(axis), d);
}
template <tensor_like A, out_target Out>
void var(const A& a, index_t axis, Out&& out) {
  var(a, axis, ddof_t{}, std::forward<Out>(out));
}

/// np.std = sqrt(var), with the same forms.
template <tensor_like A>
auto std(const A& a, all_t, ddof_t d = {}) {
  return std::sqrt(var(a, all, d));
}
template <tensor_like A>
auto std(const A& a, ddof_t d = {}) {
  return std::sqrt(var(a, all, d));
}
template <tensor_like A>
auto std(const A& a, index_t axis, ddof_t d = {}) {
  auto v = var(a, axis, d);
  sqrt(v, v);
  return v;
}
template <tensor_like A, out_target Out>
void std(const A& a, index_t axis, ddof_t d, Out&& out) {
  var(a, axis, d, out);
  sqrt(out, out);
}
template <tensor_like A, out_target Out>
void std(const A& a, index_t axis, Out&& out) {
  tensr::std(a, axis, ddof_t{}, std::forward<Out>(out));
}

/// Deprecated: the former spellings with a bare integer ddof, var(a, all, n),
/// var(a, axis, n), var(a, axis, n, out) and the same for std, which read like an axis. They
/// still compute ddof = n, with a warning naming the new spelling (ddof(n)).
template <tensor_like A>
[[deprecated("tensr: var(a, all, n) is now spelled var(a, ddof(n))")]] auto var(const A& a, all_t,
                                                                                index_t ddof_n) {
  return var(a, all, ddof(ddof_n));
}
template <tensor_like A>
[[deprecated("tensr: var(a, axis, n) is now spelled var(a, axis, ddof(n))")]] auto var(
    const A& a, index_t axis, index_t ddof_n) {
  return var(a, axis, ddof(ddof_n));
}
template <tensor_like A, out_target Out>
[[deprecated("tensr: var(a, axis, n, out) is now spelled var(a, axis, ddof(n), out)")]] void var(
    const A& a, index_t axis, index_t ddof_n, Out&& out) {
  var(a, axis, ddof(ddof_n), std::forward<Out>(out));
}
template <tensor_like A>
[[deprecated("tensr: std(a, all, n) is now spelled std(a, ddof(n))")]] auto std(const A& a, all_t,
                                                                                index_t ddof_n) {
  return tensr::std(a, all, ddof(ddof_n));
}
template <tensor_like A>
[[deprecated("tensr: std(a, axis, n) is now spelled std(a, axis, ddof(n))")]] auto std(
    const A& a, index_t axis, index_t ddof_n) {
  return tensr::std(a, axis, ddof(ddof_n));
}
template <tensor_like A, out_target Out>
[[deprecated("tensr: std(a, axis, n, out) is now spelled std(a, axis, ddof(n), out)")]] void std(
    const A& a, index_t axis, index_t ddof_n, Out&& out) {
  tensr::std(a, axis, ddof(ddof_n), std::forward<Out>(out));
}

TENSR_NAMESPACE_END
