// Joining and splitting (SPEC §7): concatenate, stack, hstack, vstack, split, array_split,
// tile, repeat, pad (constant mode). The results own their data; split returns views.
// Every copy here is one view assigned to another, so it runs on the strided copy loop of
// core (contiguous runs become memmove, broadcast inputs become fills): tile and repeat
// are a single assignment from a stride-0 view of the input.
//
// C++ forms (the rank is in the type, so a list of inputs has one rank):
//   concatenate({a, b}, axis)        braced list of one type: Tensors (copied by C++ into
//                                    the list), views, or read-only views. A braced list
//                                    mixing these types has no type to deduce T and R from:
//                                    use concatenate(a, b, c, axis), or give an out
//   concatenate(list, axis)          any range of views or Tensors (std::vector, std::array)
//   concatenate(a, b, c, axis)       any tensors and views, mixed; element types promote as
//                                    std::common_type_t; the axis is optional (default 0)
//   concatenate(list, axis, out)     writes into `out` (a view or an lvalue Tensor)
//   concatenate({a, v, cv}, axis, out)  braced list into `out`: Tensors and views of out's
//                                    element type mixed (T and R come from out), or a list
//                                    of one type of another element type
// stack takes the same forms; hstack and vstack the first three, without an axis.
// split and array_split return a std::vector of views; tile's result rank is
// max(rank, number of reps), fixed at compile time by the length of reps.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <ranges>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/loop.hpp"

TENSR_NAMESPACE_BEGIN

/// A range (std::vector, std::array, std::span, ...) of tensors or views of one type.
template <class L>
concept tensor_list = std::ranges::input_range<L> && tensor_like<std::ranges::range_value_t<L>>;

namespace detail {

// ---- layout pieces ----------------------------------------------------------------------

/// v with axis `axis` restricted to [start, start + len): a view, never a copy.
template <class T, std::size_t R>
TensorView<T, R> slab(const TensorView<T, R>& v, std::size_t axis, index_t start,
                      index_t len) noexcept {
  shape_t<R> s = v.shape();
  s[axis] = len;
  // An empty slab keeps the pointer (which may be null for an empty view).
  T* p = product(s) > 0 ? v.data() + start * v.strides()[axis] : v.data();
  return {p, s, v.strides(), trusted};
}

/// v at index i of axis `axis`, that axis removed (NumPy's v.take(i, axis) as a view).
template <class T, std::size_t R>
TensorView<T, R - 1> select(const TensorView<T, R>& v, std::size_t axis, index_t i) noexcept {
  shape_t<R - 1> s{}, st{};
  for (std::size_t a = 0, k = 0; a < R; ++a) {
    if (a == axis) continue;
    s[k] = v.shape()[a];
    st[k++] = v.strides()[a];
  }
  T* p = v.size() > 0 ? v.data() + i * v.strides()[axis] : v.data();
  return {p, s, st, trusted};
}

/// v with leading size-1 axes added up to rank N (NumPy's atleast_Nd for N <= 2; a 1-D v
/// becomes the row (1, n)).
template <std::size_t N, class T, std::size_t R>
TensorView<T, std::max(N, R)> at_least(const TensorView<T, R>& v) noexcept {
  constexpr std::size_t M = std::max(N, R);
  shape_t<M> s{}, st{};
  s.fill(1);
  std::copy(v.shape().begin(), v.shape().end(), s.begin() + (M - R));
  std::copy(v.strides().begin(), v.strides().end(), st.begin() + (M - R));
  return {v.data(), s, st, trusted};
}

/// The shape of the concatenation of `shapes` along `axis`, with NumPy's messages.
template <std::size_t R>
shape_t<R> concat_shape(std::span<const shape_t<R>> shapes, std::size_t axis) {
  if (shapes.empty()) throw shape_error("need at least one array to concatenate");
  shape_t<R> out = shapes[0];
  for (std::size_t i = 1; i < shapes.size(); ++i) {
    for (std::size_t d = 0; d < R; ++d) {
      if (d == axis || shapes[i][d] == out[d]) continue;
      throw shape_error(
          "all the input array dimensions except for the concatenation axis must match "
          "exactly, but along dimension " +
          std::to_string(d) + ", the array at index 0 has size " + std::to_string(out[d]) +
          " and the array at index " + std::to_string(i) + " has size " +
          std::to_string(shapes[i][d]));
    }
    if (__builtin_add_overflow(out[axis], shapes[i][axis], &out[axis]))
      throw shape_error("concatenate: the result has more elements than index_t holds");
  }
  checked_size(out);
  return out;
}

/// The shape of stacking `shapes` along a new axis `axis` of the result.
template <std::size_t R>
shape_t<R + 1> stack_shape(std::span<const shape_t<R>> shapes, std::size_t axis) {
  if (shapes.empty()) throw shape_error("need at least one array to stack");
  for (const auto& s : shapes)
    if (s != shapes[0]) throw shape_error("all input arrays must have the same shape");
  shape_t<R + 1> out{};
  for (std::size_t a = 0, k = 0; a <= R; ++a)
    out[a] = a == axis ? static_cast<index_t>(shapes.size()) : shapes[0][k++];
  checked_size(out);
  return out;
}

/// `out` must have exactly the result's shape (NumPy's "Output array is the wrong shape").
template <std::size_t R>
void check_join_out(const shape_t<R>& out, const shape_t<R>& expected) {
  if (out != expected)
    throw shape_error("Output array is the wrong shape: out has shape " + shape_str(out) +
                      ", the result has shape " + shape_str(expected));
}

// ---- the copy loops: one view assignment per input -------------------------------------
// (Copying block by block of rows, so that out is written in one pass when joining along a
// later axis, gained next to nothing when measured: not worth the code.)

template <class O, std::size_t R, class... V>
void concat_into(const TensorView<O, R>& out, std::size_t axis, const V&... in) {
  index_t start = 0;
  ((slab(out, axis, start, in.shape()[axis]) = in, start += in.shape()[axis]), ...);
}
template <class O, std::size_t R, class V>
void concat_list_into(const TensorView<O, R>& out, std::size_t axis, std::span<const V> in) {
  index_t start = 0;
  for (const auto& v : in) {
    slab(out, axis, start, v.shape()[axis]) = v;
    start += v.shape()[axis];
  }
}
template <class O, std::size_t R, class... V>
void stack_into(const TensorView<O, R>& out, std::size_t axis, const V&... in) {
  index_t i = 0;
  ((select(out, axis, i++) = in), ...);
}
template <class O, std::size_t R, class V>
void stack_list_into(const TensorView<O, R>& out, std::size_t axis, std::span<const V> in) {
  index_t i = 0;
  for (const auto& v : in) select(out, axis, i++) = v;
}

/// Runs write(dst) on `out`, or on a scratch Tensor copied to `out` afterwards when `out`
/// overlaps an input: every input is read before anything is written.
template <class O, std::size_t R, class V, class W>
void write_reading_first(const TensorView<O, R>& out, std::span<const V> in, W write) {
  const bool overlap = std::any_of(in.begin(), in.end(), [&](const V& v) {
    return may_overlap(out.data(), out.shape(), out.strides(), v.data(), v.shape(), v.strides());
  });
  if (!overlap) return write(out);
  Tensor<std::remove_const_t<O>, R> tmp(out.shape(),
                                        Storage<std::remove_const_t<O>>::uninitialized);
  write(tmp.view());
  TensorView<O, R> dst = out;  // a view assigned to writes elements
  dst = tmp;
}

/// Read-only views of a list's elements, for the range forms.
template <tensor_list L>
auto const_views(const L& list) {
  using X = std::ranges::range_value_t<L>;
  std::vector<decltype(const_view(std::declval<const X&>()))> views;
  for (const auto& x : list) views.push_back(const_view(x));
  return views;
}
template <std::size_t R, class V>
std::vector<shape_t<R>> shapes_of(std::span<const V> views) {
  std::vector<shape_t<R>> s;
  s.reserve(views.size());
  for (const auto& v : views) s.push_back(v.shape());
  return s;
}

// ---- the variadic forms: tensors, then an optional axis ----------------------------------

template <class... Args>
inline constexpr std::size_t tensor_count = (static_cast<std::size_t>(tensor_like<Args>) + ...);

template <class... Args>
concept tensors_then_axis =
    sizeof...(Args) >= 1 && tensor_like<std::tuple_element_t<0, std::tuple<Args...>>> &&
    (tensor_count<Args...> == sizeof...(Args) ||
     (tensor_count<Args...> + 1 == sizeof...(Args) &&
      std::is_integral_v<
          std::remove_cvref_t<std::tuple_element_t<sizeof...(Args) - 1, std::tuple<Args...>>>>));

template <class F, class Tuple, std::size_t... I>
decltype(auto) apply_to_views(F& f, index_t axis, const Tuple& t, std::index_sequence<I...>) {
  return f(axis, as_view(std::get<I>(t))...);
}

/// f(axis, views...) for args = (tensors..., [axis]); the axis defaults to 0.
template <class F, class... Args>
decltype(auto) with_views_and_axis(F f, const Args&... args) {
  constexpr std::size_t n = sizeof...(Args);
  const auto t = std::forward_as_tuple(args...);
  if constexpr (tensor_count<Args...> == n)
    return apply_to_views(f, 0, t, std::make_index_sequence<n>{});
  else
    return apply_to_views(f, static_cast<index_t>(std::get<n - 1>(t)), t,
                          std::make_index_sequence<n - 1>{});
}

template <class V0, class... V>
auto concat_pack(index_t axis, const V0& v0, const V&... v) {
  constexpr std::size_t R = V0::rank;
  static_assert(R > 0, "tensr: zero-dimensional arrays cannot be concatenated");
  static_assert(((V::rank == R) && ...),
                "tensr: all the input arrays of concatenate must have the same rank");
  using T = std::common_type_t<typename V0::value_type, typename V::value_type...>;
  const std::size_t ax = normalize_axis(axis, R);
  const std::array<shape_t<R>, 1 + sizeof...(V)> shapes{v0.shape(), v.shape()...};
  Tensor<T, R> out(concat_shape<R>(shapes, ax), Storage<T>::uninitialized);
  concat_into(out.view(), ax, v0, v...);
  return out;
}

template <class V0, class... V>
auto stack_pack(index_t axis, const V0& v0, const V&... v) {
  constexpr std::size_t R = V0::rank;
  static_assert(((V::rank == R) && ...),
                "tensr: all the input arrays of stack must have the same rank");
  using T = std::common_type_t<typename V0::value_type, typename V::value_type...>;
  const std::size_t ax = normalize_axis(axis, R + 1);
  const std::array<shape_t<R>, 1 + sizeof...(V)> shapes{v0.shape(), v.shape()...};
  Tensor<T, R + 1> out(stack_shape<R>(shapes, ax), Storage<T>::uninitialized);
  stack_into(out.view(), ax, v0, v...);
  return out;
}

template <class L>
auto concat_list(const L& list, index_t axis) {
  using X = std::ranges::range_value_t<L>;
  constexpr std::size_t R = rank_of<X>;
  static_assert(R > 0, "tensr: zero-dimensional arrays cannot be concatenated");
  using T = value_type_of<X>;
  const auto views = const_views(list);
  const std::size_t ax = normalize_axis(axis, R);
  const auto shapes = shapes_of<R>(std::span(views));
  Tensor<T, R> out(concat_shape<R>(shapes, ax), Storage<T>::uninitialized);
  concat_list_into(out.view(), ax, std::span(views));
  return out;
}

template <class L>
auto stack_list(const L& list, index_t axis) {
  using X = std::ranges::range_value_t<L>;
  constexpr std::size_t R = rank_of<X>;
  using T = value_type_of<X>;
  const auto views = const_views(list);
  const std::size_t ax = normalize_axis(axis, R + 1);
  const auto shapes = shapes_of<R>(std::span(views));
  Tensor<T, R + 1> out(stack_shape<R>(shapes, ax), Storage<T>::uninitialized);
  stack_list_into(out.view(), ax, std::span(views));
  return out;
}

/// Views of a list with at least N axes each (hstack: N = 1, vstack: N = 2).
template <std::size_t N, class L>
auto at_least_list(const L& list) {
  using X = std::ranges::range_value_t<L>;
  std::vector<TensorView<const value_type_of<X>, std::max(N, rank_of<X>)>> views;
  for (const auto& x : list) views.push_back(at_least<N>(const_view(x)));
  return views;
}

/// A braced list whose elements all convert to read-only views of out's element type and
/// rank minus `drop`: the out= forms take Tensors and views mixed.
template <class O, std::size_t drop = 0>
using join_list_of = std::initializer_list<TensorView<const value_type_of<O>, rank_of<O> - drop>>;
/// X's element type differs from O's (otherwise join_list_of<O> takes the list, mixed or not).
template <class X, class O>
concept other_element = !std::is_same_v<std::remove_const_t<value_type_of<X>>, value_type_of<O>>;

/// hstack's axis: 0 when the inputs are 1-D (after atleast_1d), else 1.
template <std::size_t R>
inline constexpr index_t hstack_axis = R == 1 ? 0 : 1;

// ---- split --------------------------------------------------------------------------------

/// Views of v along `axis` between consecutive cut points, Python slicing semantics for
/// each [cuts[i-1], cuts[i]) piece (negative counts from the end, clamped, empty if reversed).
template <class T, std::size_t R>
std::vector<TensorView<T, R>> split_at(const TensorView<T, R>& v, std::span<const index_t> cuts,
                                       std::size_t axis) {
  const index_t n = v.shape()[axis];
  auto clamp = [n](index_t i) { return std::clamp<index_t>(i < 0 ? i + n : i, 0, n); };
  std::vector<TensorView<T, R>> parts;
  parts.reserve(cuts.size() + 1);
  index_t start = 0;
  for (std::size_t i = 0; i <= cuts.size(); ++i) {
    const index_t stop = i < cuts.size() ? clamp(cuts[i]) : n;
    parts.push_back(slab(v, axis, std::min(start, n), std::max<index_t>(stop - start, 0)));
    start = stop;
  }
  return parts;
}

/// Cut points of NumPy's array_split into `sections` pieces (the first n % sections get one
/// more element); `equal` demands an equal division, as split does.
inline std::vector<index_t> section_cuts(index_t n, index_t sections, bool equal) {
  if (sections <= 0) throw shape_error("number sections must be larger than 0.");
  if (equal && n % sections != 0)
    throw shape_error("array split does not result in an equal division");
  std::vector<index_t> cuts;
  const index_t each = n / sections, extra = n % sections;
  index_t at = 0;
  for (index_t i = 0; i + 1 < sections; ++i) cuts.push_back(at += each + (i < extra ? 1 : 0));
  return cuts;
}

// ---- repeat ----------------------------------------------------------------------------------

inline void check_nonnegative(index_t n) {
  if (n < 0) throw shape_error("negative dimensions are not allowed");
}

/// Every element of v repeated n times along `axis` (n consecutive copies), written as one
/// assignment: out seen as (..., d, n, ...) receives v seen as (..., d, 1, ...) with stride 0.
template <class T, std::size_t R>
auto repeat_uniform(const TensorView<const T, R>& v, index_t n, std::size_t axis) {
  check_nonnegative(n);
  shape_t<R> s = v.shape();
  if (__builtin_mul_overflow(s[axis], n, &s[axis]))
    throw shape_error("repeat: the result has more elements than index_t holds");
  Tensor<T, R> out(s, Storage<T>::uninitialized);
  shape_t<R + 1> ds{}, dst{}, ss{}, sst{};
  for (std::size_t a = 0; a < R; ++a) {
    const std::size_t j = a <= axis ? a : a + 1;
    ds[j] = ss[j] = v.shape()[a];
    dst[j] = a == axis ? out.strides()[a] * n : out.strides()[a];
    sst[j] = v.strides()[a];
  }
  ds[axis + 1] = n;  // the new inner axis of the n copies
  dst[axis + 1] = out.strides()[axis];
  ss[axis + 1] = 1;
  sst[axis + 1] = 0;
  if (axis + 1 == R && n < 16) {
    // The copy loop runs along the last axis: a few copies there would make runs of n
    // elements, each paying a loop's setup. Walk the input's last axis innermost instead,
    // writing each copy with stride n.
    for (auto* x : {&ds, &dst, &ss, &sst}) std::swap((*x)[R - 1], (*x)[R]);
  }
  if (out.size() > 0)
    TensorView<T, R + 1>(out.data(), ds, dst, trusted) =
        TensorView<const T, R + 1>(v.data(), ss, sst, trusted);
  return out;
}

template <class T, std::size_t R>
auto repeat_counts(const TensorView<const T, R>& v, std::span<const index_t> counts,
                   std::size_t axis) {
  const index_t d = v.shape()[axis];
  const auto len = static_cast<index_t>(counts.size());
  if (len == 1) return repeat_uniform(v, counts[0], axis);  // broadcast, as NumPy does
  if (len != d)
    throw shape_error("operands could not be broadcast together with shape (" + std::to_string(d) +
                      ",) (" + std::to_string(len) + ",)");
  shape_t<R> s = v.shape();
  s[axis] = 0;
  for (const index_t c : counts) {
    if (c < 0) throw shape_error("repeats may not contain negative values.");
    if (__builtin_add_overflow(s[axis], c, &s[axis]))
      throw shape_error("repeat: the result has more elements than index_t holds");
  }
  Tensor<T, R> out(s, Storage<T>::uninitialized);
  index_t start = 0;
  for (index_t i = 0; i < d; ++i) {
    slab(out.view(), axis, start, counts[static_cast<std::size_t>(i)]) = slab(v, axis, i, 1);
    start += counts[static_cast<std::size_t>(i)];
  }
  return out;
}

/// v's elements in row-major order as a 1-D Tensor (a copy).
template <class T, std::size_t R>
Tensor<T, 1> flattened(const TensorView<const T, R>& v) {
  Tensor<T, 1> flat(shape_t<1>{v.size()}, Storage<T>::uninitialized);
  if (v.size() > 0) flat.view().reshape(v.shape()) = v;
  return flat;
}

// ---- tile and pad -----------------------------------------------------------------------------

/// NumPy's tile with reps of length K: the result has rank max(R, K); each axis i of it is
/// seen as (reps[i], d[i]) and receives v with a stride-0 outer axis, in one assignment.
template <class T, std::size_t R, std::size_t K>
auto tile_impl(const TensorView<const T, R>& v0, const std::array<index_t, K>& reps0) {
  constexpr std::size_t N = std::max(R, K);
  const auto v = at_least<N>(v0);
  shape_t<N> reps{};
  reps.fill(1);
  std::copy(reps0.begin(), reps0.end(), reps.begin() + (N - K));
  shape_t<N> s{};
  for (std::size_t i = 0; i < N; ++i) {
    check_nonnegative(reps[i]);
    if (__builtin_mul_overflow(v.shape()[i], reps[i], &s[i]))
      throw shape_error("tile: the result has more elements than index_t holds");
  }
  Tensor<T, N> out(s, Storage<T>::uninitialized);
  if (out.size() == 0) return out;
  shape_t<2 * N> ds{}, dst{}, ss{}, sst{};
  for (std::size_t i = 0; i < N; ++i) {
    ds[2 * i] = reps[i];
    dst[2 * i] = out.strides()[i] * v.shape()[i];
    ds[2 * i + 1] = v.shape()[i];
    dst[2 * i + 1] = out.strides()[i];
    ss[2 * i] = 1;
    sst[2 * i] = 0;
    ss[2 * i + 1] = v.shape()[i];
    sst[2 * i + 1] = v.strides()[i];
  }
  TensorView<T, 2 * N>(out.data(), ds, dst, trusted) =
      TensorView<const T, 2 * N>(v.data(), ss, sst, trusted);
  return out;
}

/// (before, after) counts for every axis.
template <std::size_t R>
using pad_widths = std::array<std::array<index_t, 2>, R>;

template <class T, std::size_t R>
auto pad_impl(const TensorView<const T, R>& v, const pad_widths<R>& w, T value) {
  shape_t<R> s = v.shape();
  for (std::size_t i = 0; i < R; ++i) {
    if (w[i][0] < 0 || w[i][1] < 0) throw shape_error("index can't contain negative values");
    if (__builtin_add_overflow(s[i], w[i][0], &s[i]) ||
        __builtin_add_overflow(s[i], w[i][1], &s[i]))
      throw shape_error("pad: the result has more elements than index_t holds");
  }
  Tensor<T, R> out(s, value);
  if (v.size() == 0) return out;
  index_t start = 0;
  for (std::size_t i = 0; i < R; ++i) start += w[i][0] * out.strides()[i];
  TensorView<T, R>(out.data() + start, v.shape(), out.strides(), trusted) = v;
  return out;
}

}  // namespace detail

// ---- concatenate ------------------------------------------------------------------------------

/// numpy.concatenate: the inputs joined along an existing axis (negative counts from the end).
template <tensor_list L>
auto concatenate(const L& list, index_t axis = 0) {
  return detail::concat_list(list, axis);
}
/// concatenate({a, b}, axis): a braced list of one tensor-like type (Tensors, views, or
/// read-only views). C++ copies the elements of a braced list, so Tensors in it are copied
/// once: concatenate(a, b, axis) or a list of views avoids that.
template <tensor_like X>
auto concatenate(std::initializer_list<X> list, index_t axis = 0) {
  return detail::concat_list(list, axis);
}
/// concatenate(a, b, c, axis): tensors and views of one rank, any element types (promoted as
/// std::common_type_t); the trailing axis is optional.
template <class... Args>
requires detail::tensors_then_axis<Args...>
auto concatenate(const Args&... args) {
  return detail::with_views_and_axis(
      [](index_t axis, const auto&... v) { return detail::concat_pack(axis, v...); }, args...);
}
/// Out-parameter form (NumPy's out=): `out` must have the result's shape. An `out` that
/// overlaps an input gets the result computed from the inputs as they were.
template <tensor_list L, out_target O>
void concatenate(const L& list, index_t axis, O&& out) {
  constexpr std::size_t R = rank_of<std::ranges::range_value_t<L>>;
  static_assert(rank_of<O> == R, "tensr: concatenate's out must have the inputs' rank");
  const auto views = detail::const_views(list);
  const std::size_t ax = detail::normalize_axis(axis, R);
  const auto o = as_view(out);
  detail::check_join_out(o.shape(),
                         detail::concat_shape<R>(detail::shapes_of<R>(std::span(views)), ax));
  detail::write_reading_first(o, std::span(views), [&](const auto& dst) {
    detail::concat_list_into(dst, ax, std::span(views));
  });
}
/// concatenate({a, v, cv}, axis, out): Tensors and views of out's element type and rank,
/// mixed in one braced list (T and R are read from out, so every element converts to a
/// read-only view, without a copy).
template <out_target O>
void concatenate(detail::join_list_of<O> list, index_t axis, O&& out) {
  concatenate(std::span(list.begin(), list.size()), axis, out);
}
/// concatenate({a, b}, axis, out) for inputs of another element type than out's: a braced
/// list of one type.
template <tensor_like X, out_target O>
requires detail::other_element<X, O>
void concatenate(std::initializer_list<X> list, index_t axis, O&& out) {
  concatenate(std::span<const X>(list.begin(), list.size()), axis, out);
}

// ---- stack -------------------------------------------------------------------------------------

/// numpy.stack: inputs of one shape joined along a new axis (in [-(R+1), R]); rank R + 1.
template <tensor_list L>
auto stack(const L& list, index_t axis = 0) {
  return detail::stack_list(list, axis);
}
/// stack({a, b}, axis): a braced list of one tensor-like type (Tensors in it are copied once,
/// as for concatenate).
template <tensor_like X>
auto stack(std::initializer_list<X> list, index_t axis = 0) {
  return detail::stack_list(list, axis);
}
/// stack(a, b, c, axis): tensors and views of one rank, element types promoted.
template <class... Args>
requires detail::tensors_then_axis<Args...>
auto stack(const Args&... args) {
  return detail::with_views_and_axis(
      [](index_t axis, const auto&... v) { return detail::stack_pack(axis, v...); }, args...);
}
/// Out-parameter form (NumPy's out=), as concatenate's.
template <tensor_list L, out_target O>
void stack(const L& list, index_t axis, O&& out) {
  constexpr std::size_t R = rank_of<std::ranges::range_value_t<L>>;
  static_assert(rank_of<O> == R + 1, "tensr: stack's out must have rank R + 1");
  const auto views = detail::const_views(list);
  const std::size_t ax = detail::normalize_axis(axis, R + 1);
  const auto o = as_view(out);
  detail::check_join_out(o.shape(),
                         detail::stack_shape<R>(detail::shapes_of<R>(std::span(views)), ax));
  detail::write_reading_first(o, std::span(views), [&](const auto& dst) {
    detail::stack_list_into(dst, ax, std::span(views));
  });
}
/// stack({a, v, cv}, axis, out): Tensors and views of out's element type, mixed (as
/// concatenate's; their rank is out's minus one).
template <out_target O>
void stack(detail::join_list_of<O, 1> list, index_t axis, O&& out) {
  stack(std::span(list.begin(), list.size()), axis, out);
}
/// stack({a, b}, axis, out) for inputs of another element type than out's.
template <tensor_like X, out_target O>
requires detail::other_element<X, O>
void stack(std::initializer_list<X> list, index_t axis, O&& out) {
  stack(std::span<const X>(list.begin(), list.size()), axis, out);
}

// ---- hstack, vstack ----------------------------------------------------------------------------

/// numpy.hstack: 1-D inputs (and scalars) are joined along axis 0, others along axis 1.
template <tensor_list L>
auto hstack(const L& list) {
  constexpr std::size_t R = std::max<std::size_t>(1, rank_of<std::ranges::range_value_t<L>>);
  return detail::concat_list(detail::at_least_list<1>(list), detail::hstack_axis<R>);
}
/// hstack({a, b}): a braced list of one tensor-like type.
template <tensor_like X>
auto hstack(std::initializer_list<X> list) {
  return hstack(std::span<const X>(list.begin(), list.size()));
}
/// hstack(a, b, c): tensors and views mixed, element types promoted.
template <tensor_like... X>
requires(sizeof...(X) >= 1) auto hstack(const X&... x) {
  constexpr std::size_t R = std::max({std::size_t{1}, rank_of<X>...});
  return detail::concat_pack(detail::hstack_axis<R>, detail::at_least<1>(as_view(x))...);
}

/// numpy.vstack: inputs of rank < 2 become rows (atleast_2d), then join along axis 0.
template <tensor_list L>
auto vstack(const L& list) {
  return detail::concat_list(detail::at_least_list<2>(list), 0);
}
/// vstack({a, b}): a braced list of one tensor-like type.
template <tensor_like X>
auto vstack(std::initializer_list<X> list) {
  return vstack(std::span<const X>(list.begin(), list.size()));
}
/// vstack(a, b, c): tensors and views mixed, element types promoted.
template <tensor_like... X>
requires(sizeof...(X) >= 1) auto vstack(const X&... x) {
  return detail::concat_pack(0, detail::at_least<2>(as_view(x))...);
}

// ---- split ------------------------------------------------------------------------------------

/// numpy.split into `sections` equal pieces along `axis`: views of a (NumPy's results are
/// views too), so a must be a view or an lvalue Tensor. Throws when the division is unequal.
template <tensor_like A>
auto split(A&& a, index_t sections, index_t axis = 0) {
  (void)detail::view_of_temporary<A&&>{};
  const auto v = as_view(a);
  const std::size_t ax = detail::normalize_axis(axis, rank_of<A>);
  const auto cuts = detail::section_cuts(v.shape()[ax], sections, true);
  return detail::split_at(v, cuts, ax);
}
/// numpy.split at the given indices along `axis` (Python slice rules: negative indices count
/// from the end, indices past the end give empty pieces).
template <tensor_like A>
auto split(A&& a, std::span<const index_t> indices, index_t axis = 0) {
  (void)detail::view_of_temporary<A&&>{};
  const auto v = as_view(a);
  return detail::split_at(v, indices, detail::normalize_axis(axis, rank_of<A>));
}
template <tensor_like A>
auto split(A&& a, std::initializer_list<index_t> indices, index_t axis = 0) {
  (void)detail::view_of_temporary<A&&>{};
  return split(a, std::span(indices.begin(), indices.size()), axis);
}
/// numpy.array_split: like split into sections, but the first n % sections pieces get one
/// element more instead of an error.
template <tensor_like A>
auto array_split(A&& a, index_t sections, index_t axis = 0) {
  (void)detail::view_of_temporary<A&&>{};
  const auto v = as_view(a);
  const std::size_t ax = detail::normalize_axis(axis, rank_of<A>);
  const auto cuts = detail::section_cuts(v.shape()[ax], sections, false);
  return detail::split_at(v, cuts, ax);
}

// ---- tile ------------------------------------------------------------------------------------

/// numpy.tile: a repeated reps[i] times along each axis; the result has rank
/// max(rank, len(reps)) (a gets leading size-1 axes, or reps leading 1s).
template <tensor_like A, std::size_t K>
auto tile(const A& a, const std::array<index_t, K>& reps) {
  return detail::tile_impl(detail::operand_view(a), reps);
}
template <tensor_like A, std::size_t K>
auto tile(const A& a, const index_t (&reps)[K]) {
  return tile(a, std::to_array(reps));
}
/// tile(a, n): reps = (n,), so the last axis repeats (a scalar becomes 1-D).
/// (An integer template parameter, so that a braced {n} means reps = (n,) through the form
/// above instead of being ambiguous with this one.)
template <tensor_like A, std::integral I>
auto tile(const A& a, I reps) {
  return tile(a, shape_t<1>{static_cast<index_t>(reps)});
}

// ---- repeat ----------------------------------------------------------------------------------

/// numpy.repeat along an axis: each element n times in a row (rank unchanged).
template <tensor_like A>
auto repeat(const A& a, index_t repeats, index_t axis) {
  const auto v = detail::operand_view(a);
  return detail::repeat_uniform(v, repeats, detail::normalize_axis(axis, rank_of<A>));
}
/// Per-element counts along the axis: counts has shape(axis) entries, or one (for all).
template <tensor_like A>
auto repeat(const A& a, std::span<const index_t> counts, index_t axis) {
  const auto v = detail::operand_view(a);
  return detail::repeat_counts(v, counts, detail::normalize_axis(axis, rank_of<A>));
}
template <tensor_like A>
auto repeat(const A& a, std::initializer_list<index_t> counts, index_t axis) {
  return repeat(a, std::span(counts.begin(), counts.size()), axis);
}
/// Without an axis: the flattened elements, each repeated (NumPy's default axis=None).
template <tensor_like A>
auto repeat(const A& a, index_t repeats) {
  const auto v = detail::operand_view(a);
  using T = value_type_of<A>;
  detail::check_nonnegative(repeats);
  // a seen as (shape..., 1) with a stride-0 last axis fills a (shape..., repeats) result.
  constexpr std::size_t R = rank_of<A>;
  shape_t<R + 1> s{}, ss{}, sst{};
  std::copy(v.shape().begin(), v.shape().end(), s.begin());
  std::copy(v.shape().begin(), v.shape().end(), ss.begin());
  std::copy(v.strides().begin(), v.strides().end(), sst.begin());
  s[R] = repeats;
  ss[R] = 1;
  Tensor<T, 1> out(shape_t<1>{detail::checked_size(s)}, Storage<T>::uninitialized);
  if (out.size() > 0)
    out.view().reshape(s) = TensorView<const T, R + 1>(v.data(), ss, sst, detail::trusted);
  return out;
}
template <tensor_like A>
auto repeat(const A& a, std::span<const index_t> counts) {
  const auto flat = detail::flattened(detail::operand_view(a));
  return repeat(flat, counts, 0);
}
template <tensor_like A>
auto repeat(const A& a, std::initializer_list<index_t> counts) {
  return repeat(a, std::span(counts.begin(), counts.size()));
}

// ---- pad ---------------------------------------------------------------------------------------

/// numpy.pad, constant mode: pad_width (before, after) for every axis, filled with `value`.
/// (W is pad_widths<rank>, i.e. std::array<std::array<index_t, 2>, rank>; a template
/// parameter so that a braced {b, a} is never taken for it.)
template <tensor_like A, std::same_as<detail::pad_widths<rank_of<A>>> W>
auto pad(const A& a, const W& widths, value_type_of<A> value = {}) {
  return detail::pad_impl(detail::operand_view(a), widths, value);
}
/// NumPy's pad_width forms with one pair for all axes: {before, after}, or n for (n, n).
template <tensor_like A>
auto pad(const A& a, const std::array<index_t, 2>& before_after, value_type_of<A> value = {}) {
  detail::pad_widths<rank_of<A>> w{};
  w.fill(before_after);
  return pad(a, w, value);
}
template <tensor_like A>
auto pad(const A& a, index_t width, value_type_of<A> value = {}) {
  return pad(a, std::array<index_t, 2>{width, width}, value);
}
/// Braced pairs: {{b0, a0}, {b1, a1}, ...} (one per axis) or {{b, a}} (for all axes), as
/// NumPy's ((b0, a0), (b1, a1)) and ((b, a),).
template <tensor_like A>
auto pad(const A& a, std::initializer_list<std::array<index_t, 2>> widths,
         value_type_of<A> value = {}) {
  constexpr std::size_t R = rank_of<A>;
  if (widths.size() == 1) return pad(a, *widths.begin(), value);
  if (widths.size() != R)
    throw shape_error(
        "operands could not be broadcast together with remapped shapes "
        "[original->remapped]: (" +
        std::to_string(widths.size()) + ",2)  and requested shape (" + std::to_string(R) + ",2)");
  detail::pad_widths<R> w{};
  std::copy(widths.begin(), widths.end(), w.begin());
  return pad(a, w, value);
}

TENSR_NAMESPACE_END
