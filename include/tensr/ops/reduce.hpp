// Reductions: sum prod mean var std max min argmax argmin all_of any, over all elements
// (-> a value) or along one axis (-> rank R-1, or rank R with `keepdims`; negative axes
// count from the end; an out-parameter form writes into a view), and softmax, log_softmax,
// logsumexp and cumsum along an axis; sum prod max min all_of any mean also over several
// axes at once (`sum(a, {0, 2})`). Result types follow NumPy: sums and products of bool
// and integer types narrower than 64 bits accumulate in 64 bits, mean/var/std of integers
// are double.
// Float sums are pairwise along every axis (error grows like log n): along the fastest
// axis by halving the run, along the others by halving the rows and adding them as vectors.
// max/min propagate NaN; max/min/argmax/argmin of an empty axis throw NumPy's error.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/broadcast.hpp"
#include "tensr/ops/elementwise.hpp"

TENSR_NAMESPACE_BEGIN

/// Tag asking a reduction along an axis to keep it, with size 1 (NumPy's keepdims=True).
struct keepdims_t {
  explicit constexpr keepdims_t() = default;
};
inline constexpr keepdims_t keepdims{};

namespace detail {

/// Accumulator of sum/prod: floats keep their type; bool and integers widen to 64 bits.
template <class T>
using sum_t =
    std::conditional_t<std::is_floating_point_v<T>, T,
                       std::conditional_t<std::is_unsigned_v<T> && !std::is_same_v<T, bool>,
                                          std::uint64_t, std::int64_t>>;

/// Sum of p[0, n) for n a multiple of W, into W independent accumulators (a few vectors
/// in flight) combined as a tree. Kept minimal so that g++ holds them in registers.
template <int W, class Acc, class T>
Acc block_sum(const T* __restrict p, index_t n) {
  Acc r[W] = {};
  for (index_t i = 0; i < n; i += W)
    for (int k = 0; k < W; ++k) r[k] += static_cast<Acc>(p[i + k]);
  for (int w = W / 2; w > 0; w /= 2)
    for (int k = 0; k < w; ++k) r[k] += r[k + w];
  return r[0];
}

/// Pairwise sum of n elements at stride s: contiguous blocks of up to 2048 by block_sum
/// (each of its 32 accumulators adds at most 64 terms in sequence),
/// longer runs halved recursively. (Integers wrap as NumPy's.)
template <class Acc, class T>
Acc pairwise_sum(const T* p, index_t n, index_t s) {
  constexpr int W = 32;
  const add_fn<Acc> add;
  if (n <= 2048) {
    index_t i = 0;
    Acc res{};
    if constexpr (std::is_floating_point_v<Acc>) {
      if (s == 1) {
        i = n / W * W;
        if (i > 0) res = block_sum<W, Acc>(p, i);
      }
    }
    for (; i < n; ++i) res = add(res, static_cast<Acc>(p[i * s]));
    return res;
  }
  const index_t h = (n / 2 + W - 1) / W * W;
  return add(pairwise_sum<Acc>(p, h, s), pairwise_sum<Acc>(p + h * s, n - h, s));
}

/// The view without axis `ax`, at index i along it.
template <class T, std::size_t R>
TensorView<T, R - 1> row_of(const TensorView<T, R>& v, std::size_t ax, index_t i) {
  shape_t<R - 1> s{}, st{};
  for (std::size_t k = 0, j = 0; k < R; ++k) {
    if (k == ax) continue;
    s[j] = v.shape()[k];
    st[j++] = v.strides()[k];
  }
  return TensorView<T, R - 1>(i == 0 ? v.data() : v.data() + i * v.strides()[ax], s, st, trusted);
}

/// True when `ax` is the fastest-moving axis of v (the reduction runs along memory).
template <class T, std::size_t R>
bool is_inner_axis(const TensorView<T, R>& v, std::size_t ax) {
  const index_t s = v.strides()[ax] < 0 ? -v.strides()[ax] : v.strides()[ax];
  for (std::size_t k = 0; k < R; ++k) {
    if (k == ax || v.shape()[k] == 1) continue;
    const index_t t = v.strides()[k] < 0 ? -v.strides()[k] : v.strides()[k];
    if (t < s) return false;
  }
  return true;
}

/// For each element of `out` (v without axis ax): out = f(pointer to its run, n, stride).
template <class T, std::size_t R, class O, class F>
void per_output(const TensorView<const T, R>& v, std::size_t ax, const TensorView<O, R - 1>& out,
                F f) {
  const auto rows = row_of(v, ax, 0);
  const index_t n = v.shape()[ax], s = v.strides()[ax];
  for_each_run<2>(out.shape(), {out.strides(), rows.strides()}, [&](auto off, index_t m, auto st) {
    for (index_t j = 0; j < m; ++j)
      out.data()[off[0] + j * st[0]] = static_cast<O>(f(rows.data() + off[1] + j * st[1], n, s));
  });
}

/// Pairwise sum of rows [lo, hi) of v along ax into dst.
template <class Acc, class T, std::size_t R>
void rows_sum(const TensorView<const T, R>& v, std::size_t ax, index_t lo, index_t hi,
              const TensorView<Acc, R - 1>& dst) {
  if (hi - lo <= 128) {
    elementwise_into([](T x) { return static_cast<Acc>(x); }, dst, row_of(v, ax, lo));
    for (index_t i = lo + 1; i < hi; ++i)
      elementwise_into(add_fn<Acc>{}, dst, TensorView<const Acc, R - 1>(dst), row_of(v, ax, i));
    return;
  }
  const index_t mid = lo + (hi - lo) / 2;
  rows_sum(v, ax, lo, mid, dst);
  Tensor<Acc, R - 1> tmp(dst.shape(), Storage<Acc>::uninitialized);
  rows_sum(v, ax, mid, hi, tmp.view());
  elementwise_into(add_fn<Acc>{}, dst, TensorView<const Acc, R - 1>(dst),
                   TensorView<const Acc, R - 1>(tmp.view()));
}

/// Folds rows [1, n) of v along ax into dst (which holds row 0 after the first step).
template <class O, class T, std::size_t R, class F>
void rows_fold(const TensorView<const T, R>& v, std::size_t ax, const TensorView<O, R - 1>& dst,
               F f) {
  elementwise_into([](T x) { return static_cast<O>(x); }, dst, row_of(v, ax, 0));
  for (index_t i = 1; i < v.shape()[ax]; ++i)
    elementwise_into(f, dst, TensorView<const O, R - 1>(dst), row_of(v, ax, i));
}

/// Every element of v in turn (any layout), as f(x).
template <class T, std::size_t R, class F>
void each(const TensorView<const T, R>& v, F f) {
  for_each_run<1>(v.shape(), {v.strides()}, [&](auto off, index_t n, auto st) {
    for (index_t i = 0; i < n; ++i) f(v.data()[off[0] + i * st[0]]);
  });
}

template <std::size_t R>
shape_t<R - 1> drop(const shape_t<R>& s, std::size_t ax) {
  shape_t<R - 1> r{};
  for (std::size_t k = 0, j = 0; k < R; ++k)
    if (k != ax) r[j++] = s[k];
  return r;
}
template <std::size_t R>
shape_t<R> keep(const shape_t<R>& s, std::size_t ax) {
  shape_t<R> r = s;
  r[ax] = 1;
  return r;
}

inline shape_error no_identity(const char* op) {
  return shape_error(std::string("zero-size array to reduction operation ") + op +
                     " which has no identity");
}

// ---- the reductions: each has out_t<T>, all(v) and axis(v, ax, out) ---------------------------

struct sum_red {
  template <class T>
  using out_t = sum_t<T>;
  template <class T, std::size_t R>
  static void axis(const TensorView<const T, R>& v, std::size_t ax,
                   const TensorView<out_t<T>, R - 1>& out) {
    using O = out_t<T>;
    const index_t n = v.shape()[ax];
    if (n == 0)
      out.fill(O{0});
    else if (is_inner_axis(v, ax))
      per_output(v, ax, out,
                 [](const T* p, index_t m, index_t s) { return pairwise_sum<O>(p, m, s); });
    else
      rows_sum(v, ax, 0, n, out);
  }
  template <class T, std::size_t R>
  static out_t<T> all(const TensorView<const T, R>& v) {
    if constexpr (R == 0) {
      return static_cast<out_t<T>>(*v.data());
    } else {
      if (v.is_contiguous() && v.size() > 0) return pairwise_sum<out_t<T>>(v.data(), v.size(), 1);
      // Pairwise along the last axis, then along each of the others in turn.
      Tensor<out_t<T>, R - 1> part(drop(v.shape(), R - 1), Storage<out_t<T>>::uninitialized);
      axis(v, R - 1, part.view());
      return all(TensorView<const out_t<T>, R - 1>(part.view()));
    }
  }
};

struct prod_red {
  template <class T>
  using out_t = sum_t<T>;
  template <class T, std::size_t R>
  static void axis(const TensorView<const T, R>& v, std::size_t ax,
                   const TensorView<out_t<T>, R - 1>& out) {
    using O = out_t<T>;
    if (v.shape()[ax] == 0)
      out.fill(O{1});
    else if (is_inner_axis(v, ax))
      per_output(v, ax, out, [](const T* p, index_t n, index_t s) {
        O r{1};
        for (index_t i = 0; i < n; ++i) r = multiply_fn<O>{}(r, p[i * s]);
        return r;
      });
    else
      rows_fold(v, ax, out, multiply_fn<O>{});
  }
  template <class T, std::size_t R>
  static out_t<T> all(const TensorView<const T, R>& v) {
    out_t<T> r{1};
    each(v, [&](T x) { r = multiply_fn<out_t<T>>{}(r, x); });
    return r;
  }
};

template <bool Max>
struct extreme_red {
  template <class T>
  using out_t = T;
  static constexpr const char* name = Max ? "maximum" : "minimum";
  template <class T>
  static T pick(T a, T b) {
    return Max ? max_nan(a, b) : min_nan(a, b);
  }
  template <class T, std::size_t R>
  static void axis(const TensorView<const T, R>& v, std::size_t ax,
                   const TensorView<T, R - 1>& out) {
    if (v.shape()[ax] == 0) throw no_identity(name);
    if (is_inner_axis(v, ax))
      per_output(v, ax, out, [](const T* p, index_t n, index_t s) {
        T r = p[0];
        for (index_t i = 1; i < n; ++i) r = pick(r, p[i * s]);
        return r;
      });
    else
      rows_fold(v, ax, out, [](T a, T b) { return pick(a, b); });
  }
  template <class T, std::size_t R>
  static T all(const TensorView<const T, R>& v) {
    if (v.size() == 0) throw no_identity(name);
    T r = *v.data();  // some element: the fold starts there, and max(x, x) == x
    each(v, [&](T x) { r = pick(r, x); });
    return r;
  }
};

template <bool All>
struct logical_red {
  template <class T>
  using out_t = bool;
  template <class T, std::size_t R>
  static void axis(const TensorView<const T, R>& v, std::size_t ax,
                   const TensorView<bool, R - 1>& out) {
    if (v.shape()[ax] == 0)
      out.fill(All);
    else if (is_inner_axis(v, ax))
      per_output(v, ax, out, [](const T* p, index_t n, index_t s) {
        for (index_t i = 0; i < n; ++i)
          if (static_cast<bool>(p[i * s]) != All) return !All;
        return All;
      });
    else if constexpr (All)
      rows_fold(v, ax, out, logical_and_fn<bool>{});
    else
      rows_fold(v, ax, out, logical_or_fn<bool>{});
  }
  template <class T, std::size_t R>
  static bool all(const TensorView<const T, R>& v) {
    bool r = All;
    each(v, [&](T x) { r = All ? (r && static_cast<bool>(x)) : (r || static_cast<bool>(x)); });
    return r;
  }
};

template <bool Max>
struct arg_red {
  template <class T>
  using out_t = index_t;
  /// Index of the first extreme (of the first NaN, when there is one), as NumPy.
  template <class T>
  static index_t find(const T* p, index_t n, index_t s) {
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
  static shape_error empty() {
    return shape_error(std::string("attempt to get ") + (Max ? "argmax" : "argmin") +
                       " of an empty sequence");
  }
  template <class T, std::size_t R>
  static void axis(const TensorView<const T, R>& v, std::size_t ax,
                   const TensorView<index_t, R - 1>& out) {
    if (v.shape()[ax] == 0) throw empty();
    per_output(v, ax, out, [](const T* p, index_t n, index_t s) { return find(p, n, s); });
  }
  template <class T, std::size_t R>
  static index_t all(const TensorView<const T, R>& v) {
    if (v.size() == 0) throw empty();
    if (v.is_contiguous()) return find(v.data(), v.size(), 1);
    const Tensor<T, R> c(v);  // flat C-order index: find it in a row-major copy
    return find(c.data(), c.size(), 1);
  }
};

template <class Red, class A>
auto reduce_all(const A& a) {
  using T = value_type_of<A>;
  return Red::all(TensorView<const T, rank_of<A>>(as_view(a)));
}

template <class Red, class A>
auto reduce_axis(const A& a, index_t axis) {
  using T = value_type_of<A>;
  constexpr std::size_t R = rank_of<A>;
  static_assert(R >= 1, "tensr: a reduction along an axis needs a tensor of rank >= 1");
  const TensorView<const T, R> v = as_view(a);
  const std::size_t ax = normalize_axis(axis, R);
  using O = typename Red::template out_t<T>;
  Tensor<O, R - 1> out(drop(v.shape(), ax), Storage<O>::uninitialized);
  Red::axis(v, ax, out.view());
  return out;
}

template <class Red, class A>
auto reduce_keepdims(const A& a, index_t axis) {
  constexpr std::size_t R = rank_of<A>;
  const std::size_t ax = normalize_axis(axis, R);
  return reduce_axis<Red>(a, axis).reshape(keep(as_view(a).shape(), ax));
}

template <class Red, class A, class Out>
void reduce_into(const A& a, index_t axis, Out&& out) {
  using T = value_type_of<A>;
  constexpr std::size_t R = rank_of<A>;
  static_assert(R >= 1, "tensr: a reduction along an axis needs a tensor of rank >= 1");
  static_assert(rank_of<Out> == R - 1,
                "tensr: the destination of a reduction along an axis has rank R - 1");
  using O = typename Red::template out_t<T>;
  const TensorView<const T, R> v = as_view(a);
  const std::size_t ax = normalize_axis(axis, R);
  auto dst = as_view(out);
  const auto shape = drop(v.shape(), ax);
  if (dst.shape() != shape)
    throw shape_error("output of a reduction has shape " + shape_str(dst.shape()) + ", expected " +
                      shape_str(shape));
  if constexpr (std::is_same_v<value_type_of<Out>, O>) {
    if (!may_overlap(dst.data(), dst.shape(), dst.strides(), v.data(), v.shape(), v.strides())) {
      Red::axis(v, ax, dst);
      return;
    }
  }
  dst = reduce_axis<Red>(a, axis);  // another element type, or overlapping: via a temporary
}

/// Axes normalized, checked for repeats, and sorted from the last to the first.
template <std::size_t R, std::size_t K>
std::array<std::size_t, K> sorted_axes(const index_t (&axes)[K]) {
  static_assert(K >= 1 && K <= R, "tensr: a reduction takes between 1 and rank axes");
  std::array<std::size_t, K> ax{};
  for (std::size_t i = 0; i < K; ++i) ax[i] = normalize_axis(axes[i], R);
  std::sort(ax.begin(), ax.end(), std::greater<>());
  for (std::size_t i = 1; i < K; ++i)
    if (ax[i] == ax[i - 1]) throw shape_error("duplicate value in 'axis'");
  return ax;
}

/// Reduces along each axis in turn, the last first (so the others keep their numbers).
template <class Red, std::size_t I = 0, class X, std::size_t K>
auto reduce_sorted(const X& x, const std::array<std::size_t, K>& ax) {
  auto r = reduce_axis<Red>(x, static_cast<index_t>(ax[I]));
  if constexpr (I + 1 == K)
    return r;
  else
    return reduce_sorted<Red, I + 1>(r, ax);
}

template <class Red, class A, std::size_t K>
auto reduce_axes(const A& a, const index_t (&axes)[K]) {
  return reduce_sorted<Red>(a, sorted_axes<rank_of<A>>(axes));
}

template <class Red, class A, std::size_t K>
auto reduce_axes_keepdims(const A& a, const index_t (&axes)[K]) {
  auto shape = as_view(a).shape();
  for (std::size_t ax : sorted_axes<rank_of<A>>(axes)) shape[ax] = 1;
  return reduce_axes<Red>(a, axes).reshape(shape);
}

}  // namespace detail

#define TENSR_REDUCTION(name, Red)                             \
  template <tensor_like A>                                     \
  auto name(const A& a) {                                      \
    return detail::reduce_all<Red>(a);                         \
  }                                                            \
  template <tensor_like A>                                     \
  auto name(const A& a, index_t axis) {                        \
    return detail::reduce_axis<Red>(a, axis);                  \
  }                                                            \
  template <tensor_like A>                                     \
  auto name(const A& a, index_t axis, keepdims_t) {            \
    return detail::reduce_keepdims<Red>(a, axis);              \
  }                                                            \
  template <tensor_like A, out_target Out>                     \
  void name(const A& a, index_t axis, Out&& out) {             \
    detail::reduce_into<Red>(a, axis, std::forward<Out>(out)); \
  }
/* Several axes at once: sum(a, {0, 2}) (one axis is sum(a, 0): a braced {0} would be
   ambiguous between the two forms, so these take at least two) */
#define TENSR_REDUCTION_AXES(name, Red)                                        \
  template <tensor_like A, std::size_t K, std::enable_if_t<(K >= 2), int> = 0> \
  auto name(const A& a, const index_t(&axes)[K]) {                             \
    return detail::reduce_axes<Red>(a, axes);                                  \
  }                                                                            \
  template <tensor_like A, std::size_t K, std::enable_if_t<(K >= 2), int> = 0> \
  auto name(const A& a, const index_t(&axes)[K], keepdims_t) {                 \
    return detail::reduce_axes_keepdims<Red>(a, axes);                         \
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

/// np.mean: floats keep their type, integers give double; the mean of nothing is NaN.
template <tensor_like A>
auto mean(const A& a) {
  using M = detail::float_t<value_type_of<A>>;
  return static_cast<M>(sum(a)) / static_cast<M>(as_view(a).size());
}
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
  const std::size_t ax = detail::normalize_axis(axis, rank_of<A>);
  return mean(a, axis).reshape(detail::keep(as_view(a).shape(), ax));
}

template <tensor_like A, std::size_t K, std::enable_if_t<(K >= 2), int> = 0>
auto mean(const A& a, const index_t (&axes)[K]) {
  using M = detail::float_t<value_type_of<A>>;
  index_t n = 1;
  for (std::size_t ax : detail::sorted_axes<rank_of<A>>(axes)) n *= as_view(a).shape()[ax];
  auto s = sum(a, axes);
  Tensor<M, rank_of<decltype(s)>> m(s);
  m /= static_cast<M>(n);
  return m;
}
template <tensor_like A, std::size_t K, std::enable_if_t<(K >= 2), int> = 0>
auto mean(const A& a, const index_t (&axes)[K], keepdims_t) {
  auto shape = as_view(a).shape();
  for (std::size_t ax : detail::sorted_axes<rank_of<A>>(axes)) shape[ax] = 1;
  return mean(a, axes).reshape(shape);
}

/// np.cumsum along an axis (same shape; sums of bool and narrow integers in 64 bits).
template <tensor_like A>
auto cumsum(const A& a, index_t axis) {
  using T = value_type_of<A>;
  using O = detail::sum_t<T>;
  constexpr std::size_t R = rank_of<A>;
  static_assert(R >= 1, "tensr: cumsum along an axis needs a tensor of rank >= 1");
  const TensorView<const T, R> v = as_view(a);
  const std::size_t ax = detail::normalize_axis(axis, R);
  Tensor<O, R> out(v.shape(), Storage<O>::uninitialized);
  const index_t n = v.shape()[ax];
  if (out.size() == 0) return out;
  if constexpr (R == 1) {
    static_cast<void>(ax);
    O acc{};
    for (index_t i = 0; i < n; ++i)
      out.data()[i] = acc = detail::add_fn<O>{}(acc, v.data()[i * v.strides()[0]]);
  } else if (detail::is_inner_axis(v, ax)) {
    // One running sum per line, along memory.
    const auto in_rows = detail::row_of(v, ax, 0);
    const auto out_rows = detail::row_of(out.view(), ax, 0);
    const index_t si = v.strides()[ax], so = out.strides()[ax];
    detail::for_each_run<2>(in_rows.shape(), {out_rows.strides(), in_rows.strides()},
                            [&](auto off, index_t m, auto st) {
                              for (index_t j = 0; j < m; ++j) {
                                O* o = out.data() + off[0] + j * st[0];
                                const T* p = v.data() + off[1] + j * st[1];
                                O acc{};
                                for (index_t i = 0; i < n; ++i)
                                  o[i * so] = acc = detail::add_fn<O>{}(acc, p[i * si]);
                              }
                            });
  } else {
    // Row by row: row i = row i-1 + input row i, each a vectorized elementwise add.
    const auto dst = out.view();
    detail::elementwise_into([](T x) { return static_cast<O>(x); }, detail::row_of(dst, ax, 0),
                             detail::row_of(v, ax, 0));
    for (index_t i = 1; i < n; ++i)
      detail::elementwise_into(detail::add_fn<O>{}, detail::row_of(dst, ax, i),
                               TensorView<const O, R - 1>(detail::row_of(dst, ax, i - 1)),
                               detail::row_of(v, ax, i));
  }
  return out;
}
/// np.cumsum(a) without an axis: over the elements in C order, as a rank-1 tensor.
template <tensor_like A>
auto cumsum(const A& a) {
  const auto v = as_view(a);
  using T = value_type_of<A>;
  const Tensor<T, rank_of<A>> flat(v);
  return cumsum(TensorView<const T, 1>(flat.data(), shape_t<1>{flat.size()}), 0);
}

/// np.var: the mean of squared deviations, divided by n - ddof. `var(a)` over all elements,
/// `var(a, all, ddof)` the same with ddof, `var(a, axis, ddof = 0)` along an axis.
template <tensor_like A>
auto var(const A& a, all_t = all, index_t ddof = 0) {
  using M = detail::float_t<value_type_of<A>>;
  const M m = mean(a);
  const index_t n = as_view(a).size();
  return sum(square(subtract(a, m))) / static_cast<M>(n - ddof > 0 ? n - ddof : 0);
}
template <tensor_like A>
auto var(const A& a, index_t axis, index_t ddof = 0) {
  using M = detail::float_t<value_type_of<A>>;
  const index_t n = as_view(a).shape(axis);
  auto r = sum(square(subtract(a, mean(a, axis, keepdims))), axis);
  r /= static_cast<M>(n - ddof > 0 ? n - ddof : 0);
  return r;
}
/// np.std = sqrt(var), with the same forms.
template <tensor_like A>
auto std(const A& a, all_t = all, index_t ddof = 0) {
  return std::sqrt(var(a, all, ddof));
}
template <tensor_like A>
auto std(const A& a, index_t axis, index_t ddof = 0) {
  auto v = var(a, axis, ddof);
  sqrt(v, v);
  return v;
}

/// max along the axis, with non-finite maxima replaced by 0 (scipy's logsumexp shift).
namespace detail {
template <tensor_like A>
auto finite_shift(const A& a, index_t axis) {
  auto m = max(a, axis, keepdims);
  where(isfinite(m), m, 0, m);
  return m;
}
}  // namespace detail

/// log(sum(exp(a), axis)), without overflow (scipy.special.logsumexp).
template <tensor_like A>
auto logsumexp(const A& a, index_t axis) {
  const auto m = detail::finite_shift(a, axis);
  auto r = log(sum(exp(subtract(a, m)), axis, keepdims));
  r += m;
  const std::size_t ax = detail::normalize_axis(axis, rank_of<A>);
  return std::move(r).reshape(detail::drop(r.shape(), ax));
}

/// exp(a) / sum(exp(a), axis), shifted by the max (scipy.special.softmax).
template <tensor_like A>
auto softmax(const A& a, index_t axis) {
  auto e = exp(subtract(a, detail::finite_shift(a, axis)));
  e /= sum(e, axis, keepdims);
  return e;
}

/// a - logsumexp(a, axis), computed stably (scipy.special.log_softmax).
template <tensor_like A>
auto log_softmax(const A& a, index_t axis) {
  auto r = subtract(a, detail::finite_shift(a, axis));
  r -= log(sum(exp(r), axis, keepdims));
  return r;
}

TENSR_NAMESPACE_END
