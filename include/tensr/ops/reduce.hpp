// Reductions: sum prod max min argmax argmin all_of any, over all elements (-> a value), along
// one axis (-> rank R-1, or rank R with `keepdims`; negative axes count from the end), and --
// all but argmax/argmin -- over several axes at once (`sum(a, {0, 2})`). Each has an
// out-parameter form whose last argument is the destination (`sum(a, {0, 2}, out)`), checked
// for shape. All of them run on the reduction kernel (ops/reduce_kernel.hpp); this file holds
// the typed entry points. Result types follow NumPy: sums and products of bool and integer
// types narrower than 64 bits accumulate in 64 bits. Float sums are pairwise along every axis.
// max/min propagate NaN; max/min/argmax/argmin of an empty axis throw NumPy's error.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/loop.hpp"
#include "tensr/ops/reduce_kernel.hpp"

TENSR_NAMESPACE_BEGIN

/// Tag asking a reduction along an axis to keep it, with size 1 (NumPy's keepdims=True).
struct keepdims_t {
  explicit constexpr keepdims_t() = default;
};
inline constexpr keepdims_t keepdims{};

namespace detail {

// Each reduction: its result type out_t<T> and the kernel operation op<T>.
struct sum_red {
  template <class T>
  using out_t = sum_t<T>;
  template <class T>
  using op = sum_op<out_t<T>>;
};
struct prod_red {
  template <class T>
  using out_t = sum_t<T>;
  template <class T>
  using op = prod_op<out_t<T>>;
};
template <bool Max>
struct extreme_red {
  template <class T>
  using out_t = T;
  template <class T>
  using op = extreme_op<T, Max>;
};
template <bool All>
struct logical_red {
  template <class T>
  using out_t = bool;
  template <class T>
  using op = logical_op<All>;
};
/// argmax / argmin: the index of the first extreme (of the first NaN, when there is one).
template <bool Max>
struct arg_red {
  template <class T>
  using out_t = index_t;
};

template <class Red>
inline constexpr bool is_arg_red = false;
template <bool Max>
inline constexpr bool is_arg_red<arg_red<Max>> = true;

template <bool Max, class T>
index_t arg_find(const T* p, index_t n, index_t s) {
  T best = p[0];
  index_t bi = 0;
  if (best != best) return 0;
  for (index_t i = 1; i < n; ++i) {
    const T x = p[i * s];
    if (x != x) return i;
    if (Max ? best < x : x < best) {
      best = x;
      bi = i;
    }
  }
  return bi;
}

template <bool Max>
shape_error arg_empty() {
  return shape_error(std::string("attempt to get ") + (Max ? "argmax" : "argmin") +
                     " of an empty sequence");
}

/// out (v without axis ax) = the index of the extreme along ax, one output element at a time.
template <bool Max, class T>
void arg_axis(const T* p, const layout& l, std::size_t ax, index_t* out, const index_t* ost) {
  const reduce_rows rows = rows_of(l, ax);
  if (rows.n == 0) throw arg_empty<Max>();
  for_each_run<2>(rows.rank, rows.shape.data(), {ost, rows.strides.data()},
                  [&](const auto& off, index_t m, const auto& st) {
                    for (index_t j = 0; j < m; ++j)
                      out[off[0] + j * st[0]] =
                          arg_find<Max>(p + off[1] + j * st[1], rows.n, rows.step);
                  });
}

/// The reduction Red of view v over the axes of `mask` into out (strides ost for v's shape
/// without those axes). out must not share memory with v.
template <class Red, class T, std::size_t R, class O>
void reduce_view(const TensorView<const T, R>& v, axis_mask mask, O* out, const index_t* ost) {
  const layout l = layout_of(v.shape(), v.strides());
  if constexpr (is_arg_red<Red>) {
    constexpr bool Max = std::is_same_v<Red, arg_red<true>>;
    if (R > 0 && mask == (axis_mask{1} << R) - 1) {  // all elements: the flat C-order index
      if (v.size() == 0) throw arg_empty<Max>();
      if (v.is_contiguous()) {
        *out = arg_find<Max>(v.data(), v.size(), 1);
      } else {
        const Tensor<T, R> c(v);
        *out = arg_find<Max>(c.data(), c.size(), 1);
      }
      return;
    }
    if constexpr (R == 0) {
      *out = 0;
    } else {
      std::size_t ax = 0;
      while (!((mask >> ax) & 1u)) ++ax;
      arg_axis<Max>(v.data(), l, ax, out, ost);
    }
  } else {
    reduce_axes<typename Red::template op<T>, O, T>(v.data(), l, mask, out, ost);
  }
}

template <class Red, class A>
using red_out_t = typename Red::template out_t<value_type_of<A>>;

template <class Red, class A>
auto reduce_all(const A& a) {
  constexpr std::size_t R = rank_of<A>;
  red_out_t<Red, A> r{};
  reduce_view<Red>(const_view(a), R == 0 ? 0 : (axis_mask{1} << R) - 1, &r, nullptr);
  return r;
}

/// Axes normalized, checked for repeats, as a mask.
template <std::size_t R>
axis_mask axes_mask(const index_t* axes, std::size_t k) {
  axis_mask m = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t ax = normalize_axis(axes[i], R);
    if ((m >> ax) & 1u) throw shape_error("duplicate value in 'axis'");
    m |= axis_mask{1} << ax;
  }
  return m;
}

/// The shape left when the axes of mask are removed from s (RK = R - number of axes).
template <std::size_t RK, std::size_t R>
shape_t<RK> drop_axes(const shape_t<R>& s, axis_mask m) {
  shape_t<RK> r{};
  for (std::size_t k = 0, j = 0; k < R; ++k)
    if (!((m >> k) & 1u)) r[j++] = s[k];
  return r;
}

/// s with the axes of mask set to 1 (keepdims).
template <std::size_t R>
shape_t<R> keep_axes(shape_t<R> s, axis_mask m) {
  for (std::size_t k = 0; k < R; ++k)
    if ((m >> k) & 1u) s[k] = 1;
  return s;
}

/// A new tensor: the reduction over the K axes of mask.
template <class Red, std::size_t K, class A>
auto reduce_new(const A& a, axis_mask mask) {
  using O = red_out_t<Red, A>;
  const auto v = const_view(a);
  Tensor<O, rank_of<A> - K> out(drop_axes<rank_of<A> - K>(v.shape(), mask),
                                Storage<O>::uninitialized);
  reduce_view<Red>(v, mask, out.data(), out.strides().data());
  return out;
}

/// The destination of a reduction has the result's shape, or shape_error.
template <std::size_t R>
void check_out_shape(const shape_t<R>& got, const shape_t<R>& expected) {
  if (got != expected)
    throw shape_error("output of a reduction has shape " + shape_str(got) + ", expected " +
                      shape_str(expected));
}

/// The reduction over the K axes of mask into out; through a temporary when out has another
/// element type or shares memory with a.
template <class Red, std::size_t K, class A, class Out>
void reduce_into(const A& a, axis_mask mask, Out&& out) {
  constexpr std::size_t R = rank_of<A>;
  static_assert(rank_of<Out> == R - K,
                "tensr: the destination of a reduction over K axes has rank R - K");
  using O = red_out_t<Red, A>;
  const auto v = const_view(a);
  auto dst = as_view(out);
  check_out_shape(dst.shape(), drop_axes<R - K>(v.shape(), mask));
  if constexpr (std::is_same_v<value_type_of<Out>, O>) {
    if (!may_overlap(dst.data(), dst.shape(), dst.strides(), v.data(), v.shape(), v.strides())) {
      reduce_view<Red>(v, mask, dst.data(), dst.strides().data());
      return;
    }
  }
  dst = reduce_new<Red, K>(a, mask);
}

template <class Red, class A>
auto reduce_axis(const A& a, index_t axis) {
  static_assert(rank_of<A> >= 1, "tensr: a reduction along an axis needs a tensor of rank >= 1");
  return reduce_new<Red, 1>(a, axes_mask<rank_of<A>>(&axis, 1));
}

}  // namespace detail

#define TENSR_REDUCTION(name, Red)                                                              \
  template <tensor_like A>                                                                      \
  auto name(const A& a) {                                                                       \
    return detail::reduce_all<Red>(a);                                                          \
  }                                                                                             \
  template <tensor_like A>                                                                      \
  auto name(const A& a, index_t axis) {                                                         \
    return detail::reduce_axis<Red>(a, axis);                                                   \
  }                                                                                             \
  template <tensor_like A>                                                                      \
  auto name(const A& a, index_t axis, keepdims_t) {                                             \
    const detail::axis_mask m = detail::axes_mask<rank_of<A>>(&axis, 1);                        \
    return detail::reduce_axis<Red>(a, axis).reshape(detail::keep_axes(as_view(a).shape(), m)); \
  }                                                                                             \
  template <tensor_like A, out_target Out>                                                      \
  void name(const A& a, index_t axis, Out&& out) {                                              \
    static_assert(rank_of<A> >= 1,                                                              \
                  "tensr: a reduction along an axis needs a tensor of rank >= 1");              \
    detail::reduce_into<Red, 1>(a, detail::axes_mask<rank_of<A>>(&axis, 1), out);               \
  }
/* Several axes at once: sum(a, {0, 2}), with keepdims, or into out. One axis is sum(a, 0): a
   braced {0} would be ambiguous between the two forms, so these take at least two. */
#define TENSR_REDUCTION_AXES(name, Red)                                                        \
  template <tensor_like A, std::size_t K, std::enable_if_t<(K >= 2), int> = 0>                 \
  auto name(const A& a, const index_t(&axes)[K]) {                                             \
    static_assert(K <= rank_of<A>, "tensr: a reduction takes between 1 and rank axes");        \
    return detail::reduce_new<Red, K>(a, detail::axes_mask<rank_of<A>>(axes, K));              \
  }                                                                                            \
  template <tensor_like A, std::size_t K, std::enable_if_t<(K >= 2), int> = 0>                 \
  auto name(const A& a, const index_t(&axes)[K], keepdims_t) {                                 \
    const detail::axis_mask m = detail::axes_mask<rank_of<A>>(axes, K);                        \
    return detail::reduce_new<Red, K>(a, m).reshape(detail::keep_axes(as_view(a).shape(), m)); \
  }                                                                                            \
  template <tensor_like A, std::size_t K, out_target Out, std::enable_if_t<(K >= 2), int> = 0> \
  void name(const A& a, const index_t(&axes)[K], Out&& out) {                                  \
    static_assert(K <= rank_of<A>, "tensr: a reduction takes between 1 and rank axes");        \
    detail::reduce_into<Red, K>(a, detail::axes_mask<rank_of<A>>(axes, K), out);               \
  }

/// np.sum (pairwise for floats; bool and narrow integers accumulate in 64 bits)
TENSR_REDUCTION(sum, detail::sum_red)
TENSR_REDUCTION_AXES(sum, detail::sum_red)
/// np.prod
TENSR_REDUCTION(prod, detail::prod_red)
TENSR_REDUCTION_AXES(prod, detail::prod_red)
/// np.max / np.amax (NaN propagates; an empty axis throws)
TENSR_REDUCTION(max, detail::extreme_red<true>)
TENSR_REDUCTION_AXES(max, detail::extreme_red<true>)
/// np.min / np.amin
TENSR_REDUCTION(min, detail::extreme_red<false>)
TENSR_REDUCTION_AXES(min, detail::extreme_red<false>)
/// np.argmax (first occurrence; the first NaN wins; flat C-order index over all elements)
TENSR_REDUCTION(argmax, detail::arg_red<true>)
/// np.argmin
TENSR_REDUCTION(argmin, detail::arg_red<false>)
/// np.all (named all_of: `all` is the slice tag, as in `a(all, 0)`)
TENSR_REDUCTION(all_of, detail::logical_red<true>)
TENSR_REDUCTION_AXES(all_of, detail::logical_red<true>)
/// np.any
TENSR_REDUCTION(any, detail::logical_red<false>)
TENSR_REDUCTION_AXES(any, detail::logical_red<false>)
TENSR_REDUCTION(any_of, detail::logical_red<false>)
TENSR_REDUCTION_AXES(any_of, detail::logical_red<false>)
#undef TENSR_REDUCTION
#undef TENSR_REDUCTION_AXES

TENSR_NAMESPACE_END
