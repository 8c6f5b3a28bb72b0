// Free-function forms of the views (NumPy's np.transpose(a), np.flip(a), ...), and the
// views that exist only as functions: broadcast_to, atleast_2d, sliding_window_view.
// They accept a view or an lvalue Tensor (view_source); a temporary Tensor stops the
// compilation with "tensr: a view of a temporary Tensor would dangle; ..."
// (detail::view_of_temporary), so they take any tensor_like and check inside.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"

TENSR_NAMESPACE_BEGIN

/// np.transpose(a): all axes reversed (a.T); with `axes`, axis i of the result is axes[i].
template <tensor_like A>
auto transpose(A&& a) {
  (void)detail::view_of_temporary<A&&>{};
  return as_view(a).t();
}
template <tensor_like A>
auto transpose(A&& a, const shape_t<std::remove_cvref_t<A>::rank>& axes) {
  (void)detail::view_of_temporary<A&&>{};
  return as_view(a).transpose(axes);
}
/// torch.permute: the same as transpose with an axis order.
template <tensor_like A>
auto permute(A&& a, const shape_t<std::remove_cvref_t<A>::rank>& axes) {
  (void)detail::view_of_temporary<A&&>{};
  return as_view(a).transpose(axes);
}
/// np.swapaxes(a, axis1, axis2).
template <tensor_like A>
auto swapaxes(A&& a, index_t axis1, index_t axis2) {
  (void)detail::view_of_temporary<A&&>{};
  return as_view(a).swapaxes(axis1, axis2);
}
/// np.moveaxis(a, source, destination): the other axes keep their order.
template <tensor_like A>
auto moveaxis(A&& a, index_t source, index_t destination) {
  (void)detail::view_of_temporary<A&&>{};
  return as_view(a).moveaxis(source, destination);
}
/// np.flip(a) (every axis) and np.flip(a, axis): negative strides, no copy.
template <tensor_like A>
auto flip(A&& a) {
  (void)detail::view_of_temporary<A&&>{};
  return as_view(a).flip();
}
template <tensor_like A>
auto flip(A&& a, index_t axis) {
  (void)detail::view_of_temporary<A&&>{};
  return as_view(a).flip(axis);
}
/// np.expand_dims(a, axis): a new size-1 axis.
template <tensor_like A>
auto expand_dims(A&& a, index_t axis) {
  (void)detail::view_of_temporary<A&&>{};
  return as_view(a).expand_dims(axis);
}
/// np.squeeze(a, axis), and squeeze<R>(a) for every size-1 axis (R: the rank left).
template <tensor_like A>
auto squeeze(A&& a, index_t axis) {
  (void)detail::view_of_temporary<A&&>{};
  return as_view(a).squeeze(axis);
}
template <std::size_t NewRank, tensor_like A>
auto squeeze(A&& a) {
  (void)detail::view_of_temporary<A&&>{};
  return as_view(a).template squeeze<NewRank>();
}
/// np.diagonal(a, offset, axis1, axis2): the diagonal as the last axis.
template <tensor_like A>
auto diagonal(A&& a, index_t offset = 0, index_t axis1 = 0, index_t axis2 = 1) {
  (void)detail::view_of_temporary<A&&>{};
  return as_view(a).diagonal(offset, axis1, axis2);
}
/// np.reshape(a, shape) as a view (shape_error when the layout needs a copy); one size may
/// be -1.
template <std::size_t NewRank, tensor_like A>
auto reshape(A&& a, const shape_t<NewRank>& shape) {
  (void)detail::view_of_temporary<A&&>{};
  return as_view(a).reshape(shape);
}
/// The wrong number of braced sizes: a compile error stating both counts.
template <std::size_t NewRank, tensor_like A, std::size_t K>
requires(K != NewRank) auto reshape(A&& a, const index_t (&shape)[K]) {
  return as_view(a).template reshape<NewRank>(shape);
}
/// reshape(a, {2, -1}): the new rank is the number of braced sizes.
template <tensor_like A, std::size_t K>
auto reshape(A&& a, const index_t (&shape)[K]) {
  (void)detail::view_of_temporary<A&&>{};
  return reshape<K>(a, std::to_array(shape));
}

/// A row-major copy (NumPy's np.copy); works on temporaries too.
template <tensor_like A>
auto copy(const A& a) {
  return as_view(a).copy();
}
/// NumPy's np.ascontiguousarray: always a row-major Tensor (see README, "Differences").
template <tensor_like A>
auto ascontiguousarray(const A& a) {
  return as_view(a).copy();
}

/// Read-only view of `a` with the given shape, repeating size-1 and missing leading
/// axes with stride 0 (NumPy's np.broadcast_to).
template <std::size_t N, tensor_like A>
auto broadcast_to(A&& a, const std::array<index_t, N>& shape) {
  (void)detail::view_of_temporary<A&&>{};
  constexpr std::size_t R = std::remove_cvref_t<A>::rank;
  static_assert(N >= R, "tensr: broadcast_to cannot reduce the rank");
  const auto v = as_view(a);
  using T = typename decltype(v)::value_type;
  detail::checked_size(shape);
  shape_t<N> st{};
  const detail::layout src = detail::layout_of(v.shape(), v.strides());
  if (!detail::broadcast_strides(src, N, shape.data(), st.data()))
    throw detail::remapped_broadcast_error({{src, ""}}, N, shape.data());
  return TensorView<const T, N>(v.data(), shape, st, detail::trusted);
}
/// broadcast_to(v, {2, 3}), as NumPy spells it: the rank is the number of braced sizes.
template <tensor_like A, std::size_t N>
auto broadcast_to(A&& a, const index_t (&shape)[N]) {
  (void)detail::view_of_temporary<A&&>{};
  return broadcast_to(a, std::to_array(shape));
}

/// At least two axes: a scalar becomes (1,1) and a vector (n,) the row (1,n), NumPy's
/// np.atleast_2d; a view, so `atleast_2d(v).t()` is np.atleast_2d(v).T, a column that
/// writes through to v. np.array(v, ndmin=2) has the same values but copies:
/// `atleast_2d(v).copy()`, and its .T is `atleast_2d(v).t().copy()`.
template <tensor_like A>
auto atleast_2d(A&& a) {
  (void)detail::view_of_temporary<A&&>{};
  const auto v = as_view(a);
  constexpr std::size_t R = std::remove_cvref_t<A>::rank;
  if constexpr (R == 0)
    return v.expand_dims(0).expand_dims(0);
  else if constexpr (R == 1)
    return v(newaxis, all);  // NumPy's ary[np.newaxis, :]: the new axis has stride 0
  else
    return v;
}

/// Read-only view of every window: axes[k] shrinks to n - window[k] + 1 and a new
/// trailing axis of size window[k] walks inside the window (NumPy's
/// np.lib.stride_tricks.sliding_window_view(a, window, axis)).
template <std::size_t K, tensor_like A>
auto sliding_window_view(A&& a, const std::array<index_t, K>& window,
                         const std::array<index_t, K>& axes) {
  (void)detail::view_of_temporary<A&&>{};
  constexpr std::size_t R = std::remove_cvref_t<A>::rank;
  const auto v = as_view(a);
  using T = typename decltype(v)::value_type;
  shape_t<R + K> s{}, st{};
  std::copy(v.shape().begin(), v.shape().end(), s.begin());
  std::copy(v.strides().begin(), v.strides().end(), st.begin());
  for (std::size_t k = 0; k < K; ++k) {
    const std::size_t ax = detail::normalize_axis(axes[k], R);
    if (window[k] < 0) throw shape_error("sliding_window_view: window shape cannot be negative");
    if (window[k] > s[ax])
      throw shape_error("sliding_window_view: window shape " + detail::shape_str(window) +
                        " cannot be larger than input array shape " + detail::shape_str(v.shape()) +
                        " on axis " + std::to_string(ax));
    s[ax] -= window[k] - 1;
    s[R + k] = window[k];
    st[R + k] = v.strides()[ax];
  }
  return TensorView<const T, R + K>(v.data(), s, st, detail::trusted);
}
/// The same with braced lists, as NumPy spells it: `sliding_window_view(a, {3, 3}, {0, 1})`.
template <std::size_t K, tensor_like A>
auto sliding_window_view(A&& a, const index_t (&window)[K], const index_t (&axes)[K]) {
  (void)detail::view_of_temporary<A&&>{};
  shape_t<K> w{}, ax{};
  std::copy(window, window + K, w.begin());
  std::copy(axes, axes + K, ax.begin());
  return sliding_window_view(a, w, ax);
}
/// One window axis per axis of `a`.
template <tensor_like A>
auto sliding_window_view(A&& a, const shape_t<std::remove_cvref_t<A>::rank>& window) {
  (void)detail::view_of_temporary<A&&>{};
  constexpr std::size_t R = std::remove_cvref_t<A>::rank;
  shape_t<R> axes{};
  for (std::size_t i = 0; i < R; ++i) axes[i] = static_cast<index_t>(i);
  return sliding_window_view(a, window, axes);
}

TENSR_NAMESPACE_END
