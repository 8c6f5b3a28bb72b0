// Reductions: sum prod mean var std max min argmax argmin all_of any, over all elements
// (-> a value) or along one axis (-> rank R-1, or rank R with `keepdims`; negative axes
// count from the end), and softmax, log_softmax, logsumexp and cumsum along an axis; sum
// prod max min all_of any mean also over several axes at once (`sum(a, {0, 2})`). Each has an
// out-parameter form whose last argument is the destination (`sum(a, {0, 2}, out)`,
// `softmax(x, 1, out)`), checked for shape. Result types follow NumPy: sums and products of
// bool and integer types narrower than 64 bits accumulate in 64 bits, mean/var/std of
// integers are double.
// Float sums are pairwise along every axis (error grows like log n): along the fastest axis
// as a tree over vectorized blocks, along the others by halving the rows and adding them as
// vectors.
// max/min propagate NaN; max/min/argmax/argmin of an empty axis throw NumPy's error.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <cstddef>
#include <cstdint>
#include <cstring>
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

/// Sum of p[0, n) for n a multiple of W, into W independent accumulators combined as a tree.
/// Floats and doubles accumulate in four 64-byte vectors (GNU vector types: registers of the
/// ISA the loop is compiled for, zmm with AVX-512, pairs of ymm with AVX2).
template <int W>
struct block_sum_k {
  template <class Acc, class T>
  TENSR_ALWAYS_INLINE void operator()(Acc& res, const T* __restrict p, index_t n) const {
    if constexpr (std::is_same_v<Acc, T> && std::is_floating_point_v<T> &&
                  W * sizeof(T) == 4 * 64) {
      typedef T V __attribute__((vector_size(64)));
      constexpr int L = 64 / sizeof(T);
      // Four named accumulators (an array would live in memory at -O2).
      V r0 = {}, r1 = {}, r2 = {}, r3 = {}, x0, x1, x2, x3;
      for (index_t i = 0; i < n; i += W) {
        std::memcpy(&x0, p + i, sizeof(V));
        std::memcpy(&x1, p + i + L, sizeof(V));
        std::memcpy(&x2, p + i + 2 * L, sizeof(V));
        std::memcpy(&x3, p + i + 3 * L, sizeof(V));
        r0 += x0;
        r1 += x1;
        r2 += x2;
        r3 += x3;
      }
      r0 = (r0 + r2) + (r1 + r3);
      T lanes[L];
      std::memcpy(lanes, &r0, sizeof(V));
      for (int w = L / 2; w > 0; w /= 2)
        for (int k = 0; k < w; ++k) lanes[k] += lanes[k + w];
      res = lanes[0];
    } else {
      Acc r[W] = {};
      for (index_t i = 0; i < n; i += W)
        for (int k = 0; k < W; ++k) r[k] += static_cast<Acc>(p[i + k]);
      for (int w = W / 2; w > 0; w /= 2)
        for (int k = 0; k < w; ++k) r[k] += r[k + w];
      res = r[0];
    }
  }
};

/// Pairwise sum of p[0, n) for floats: blocks of 2048 by block_sum_k (each accumulator lane
/// adds 32 floats or 64 doubles in sequence) combined as a binary tree over the blocks
/// (a binary counter: block k merges with the partial sums below it while k + 1 is even), so
/// the error grows like log n. One call sums a whole run, in the caller's ISA.
template <int W>
struct pairwise_k {
  template <class Acc, class T>
  TENSR_ALWAYS_INLINE void operator()(Acc& res, const T* __restrict p, index_t n) const {
    constexpr index_t B = 2048;
    Acc stack[64];
    int top = 0;
    index_t i = 0;
    for (index_t k = 1; i + B <= n; i += B, ++k) {
      Acc s;
      block_sum_k<W>{}(s, p + i, B);
      for (index_t c = k; (c & 1) == 0; c >>= 1) s = stack[--top] + s;
      stack[top++] = s;
    }
    const index_t m = (n - i) / W * W;
    Acc s{};
    if (m > 0) block_sum_k<W>{}(s, p + i, m);
    for (index_t j = i + m; j < n; ++j) s += static_cast<Acc>(p[j]);
    while (top > 0) s = stack[--top] + s;
    res = s;
  }
};

/// Pairwise sum of n elements at stride s. Contiguous floats: pairwise_k, compiled for the
/// CPU's widest vectors. Otherwise runs of up to 2048 in sequence, longer runs halved
/// recursively. (Integers wrap as NumPy's.)
template <class Acc, class T>
Acc pairwise_sum(const T* p, index_t n, index_t s, simd_isa isa) {
  if constexpr (std::is_floating_point_v<Acc>) {
    if (s == 1) {
      Acc res;
      if constexpr (std::is_same_v<Acc, T>)
        simd_run(isa, pairwise_k<256 / sizeof(T)>{}, res, p, n);
      else
        pairwise_k<32>{}(res, p, n);
      return res;
    }
  }
  const add_fn<Acc> add;
  if (n <= 2048) {
    Acc res{};
    for (index_t i = 0; i < n; ++i) res = add(res, static_cast<Acc>(p[i * s]));
    return res;
  }
  const index_t h = n / 2;
  return add(pairwise_sum<Acc>(p, h, s, isa), pairwise_sum<Acc>(p + h * s, n - h, s, isa));
}

/// dst[0, m) += rows 1, ..., rows - 1 of m contiguous elements from p, `ld` apart: the whole
/// rows of a sum along a slow axis, streamed through memory while dst stays in cache.
struct add_rows_k {
  template <class Acc, class T>
  TENSR_ALWAYS_INLINE void operator()(Acc* __restrict dst, index_t m, const T* __restrict p,
                                      index_t ld, index_t rows) const {
    constexpr index_t B = simd_block;
    const add_fn<Acc> add;
    for (index_t r = 1; r < rows; ++r) {
      const T* __restrict q = p + r * ld;
      index_t j = 0;
      for (; j + B <= m; j += B)
        for (index_t k = 0; k < B; ++k) dst[j + k] = add(dst[j + k], q[j + k]);
      for (; j < m; ++j) dst[j] = add(dst[j], q[j]);
    }
  }
};

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
    const auto row = row_of(v, ax, lo);
    elementwise_into([](T x) { return static_cast<Acc>(x); }, dst, row);
    if (dst.is_contiguous() && row.is_contiguous()) {
      // Every row a contiguous run of m: straight to the loop, once for the whole block.
      const index_t m = dst.size(), ld = v.strides()[ax];
      if constexpr (std::is_floating_point_v<Acc> && std::is_same_v<Acc, T>)
        simd_run(simd_active_isa(), add_rows_k{}, dst.data(), m, row.data(), ld, hi - lo);
      else
        add_rows_k{}(dst.data(), m, row.data(), ld, hi - lo);
      return;
    }
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
      per_output(v, ax, out, [isa = simd_active_isa()](const T* p, index_t m, index_t s) {
        return pairwise_sum<O>(p, m, s, isa);
      });
    else
      rows_sum(v, ax, 0, n, out);
  }
  template <class T, std::size_t R>
  static out_t<T> all(const TensorView<const T, R>& v) {
    if constexpr (R == 0) {
      return static_cast<out_t<T>>(*v.data());
    } else {
      if (v.is_contiguous() && v.size() > 0)
        return pairwise_sum<out_t<T>>(v.data(), v.size(), 1, simd_active_isa());
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

/// The destination of a reduction has the result's shape, or shape_error.
template <std::size_t R>
void check_out_shape(const shape_t<R>& got, const shape_t<R>& expected) {
  if (got != expected)
    throw shape_error("output of a reduction has shape " + shape_str(got) + ", expected " +
                      shape_str(expected));
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
  check_out_shape(dst.shape(), drop(v.shape(), ax));
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

/// The shape left when the (sorted, distinct) axes ax are removed from s.
template <std::size_t R, std::size_t K>
shape_t<R - K> drop_axes(const shape_t<R>& s, const std::array<std::size_t, K>& ax) {
  shape_t<R - K> r{};
  for (std::size_t k = 0, j = 0; k < R; ++k)
    if (std::find(ax.begin(), ax.end(), k) == ax.end()) r[j++] = s[k];
  return r;
}

/// As reduce_sorted, the last step into out (the others through temporaries).
template <class Red, std::size_t I = 0, class X, std::size_t K, class Out>
void reduce_sorted_into(const X& x, const std::array<std::size_t, K>& ax, Out&& out) {
  if constexpr (I + 1 == K)
    reduce_into<Red>(x, static_cast<index_t>(ax[I]), std::forward<Out>(out));
  else
    reduce_sorted_into<Red, I + 1>(reduce_axis<Red>(x, static_cast<index_t>(ax[I])), ax,
                                   std::forward<Out>(out));
}

template <class Red, class A, std::size_t K, class Out>
void reduce_axes_into(const A& a, const index_t (&axes)[K], Out&& out) {
  constexpr std::size_t R = rank_of<A>;
  static_assert(rank_of<Out> == R - K,
                "tensr: the destination of a reduction over K axes has rank R - K");
  const auto ax = sorted_axes<R>(axes);
  // Checked before any work, so that a wrong destination costs nothing.
  check_out_shape(as_view(out).shape(), drop_axes(as_view(a).shape(), ax));
  reduce_sorted_into<Red>(a, ax, std::forward<Out>(out));
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
/* Several axes at once: sum(a, {0, 2}), with keepdims, or into out (the reductions along all
   but the last of the axes go through temporaries). One axis is sum(a, 0): a braced {0} would
   be ambiguous between the two forms, so these take at least two. */
#define TENSR_REDUCTION_AXES(name, Red)                                                        \
  template <tensor_like A, std::size_t K, std::enable_if_t<(K >= 2), int> = 0>                 \
  auto name(const A& a, const index_t(&axes)[K]) {                                             \
    return detail::reduce_axes<Red>(a, axes);                                                  \
  }                                                                                            \
  template <tensor_like A, std::size_t K, std::enable_if_t<(K >= 2), int> = 0>                 \
  auto name(const A& a, const index_t(&axes)[K], keepdims_t) {                                 \
    return detail::reduce_axes_keepdims<Red>(a, axes);                                         \
  }                                                                                            \
  template <tensor_like A, std::size_t K, out_target Out, std::enable_if_t<(K >= 2), int> = 0> \
  void name(const A& a, const index_t(&axes)[K], Out&& out) {                                  \
    detail::reduce_axes_into<Red>(a, axes, std::forward<Out>(out));                            \
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
/// The out-parameter forms write the sum into out and divide it there (no allocation when
/// out has the sum's element type).
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
template <tensor_like A, out_target Out>
void mean(const A& a, index_t axis, Out&& out) {
  using M = detail::float_t<value_type_of<A>>;
  const index_t n = as_view(a).shape(axis);
  sum(a, axis, out);
  as_view(out) /= static_cast<M>(n);
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
template <tensor_like A, std::size_t K, out_target Out, std::enable_if_t<(K >= 2), int> = 0>
void mean(const A& a, const index_t (&axes)[K], Out&& out) {
  using M = detail::float_t<value_type_of<A>>;
  index_t n = 1;
  for (std::size_t ax : detail::sorted_axes<rank_of<A>>(axes)) n *= as_view(a).shape()[ax];
  sum(a, axes, out);
  as_view(out) /= static_cast<M>(n);
}

namespace detail {

/// cumsum of v along ax into dst (v's shape, no overlap with v unless in the same layout),
/// accumulating in O.
template <class O, class T, std::size_t R, class D>
void cumsum_into(const TensorView<const T, R>& v, std::size_t ax, const TensorView<D, R>& dst) {
  const index_t n = v.shape()[ax];
  if (v.size() == 0) return;
  if (is_inner_axis(v, ax) || R == 1) {
    // One running sum per line, along memory.
    const auto in_rows = row_of(v, ax, 0);
    const auto out_rows = row_of(dst, ax, 0);
    const index_t si = v.strides()[ax], so = dst.strides()[ax];
    for_each_run<2>(in_rows.shape(), {out_rows.strides(), in_rows.strides()},
                    [&](auto off, index_t m, auto st) {
                      for (index_t j = 0; j < m; ++j) {
                        D* o = dst.data() + off[0] + j * st[0];
                        const T* p = v.data() + off[1] + j * st[1];
                        O acc{};
                        for (index_t i = 0; i < n; ++i)
                          o[i * so] = static_cast<D>(acc = add_fn<O>{}(acc, p[i * si]));
                      }
                    });
  } else {
    // Row by row: row i = row i-1 + input row i, each a vectorized elementwise add.
    elementwise_into([](T x) { return static_cast<O>(x); }, row_of(dst, ax, 0), row_of(v, ax, 0));
    for (index_t i = 1; i < n; ++i)
      elementwise_into(add_fn<O>{}, row_of(dst, ax, i),
                       TensorView<const D, R - 1>(row_of(dst, ax, i - 1)), row_of(v, ax, i));
  }
}

}  // namespace detail

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
  detail::cumsum_into<O>(v, ax, out.view());
  return out;
}
/// np.cumsum(a, axis, out=out): out has a's shape; it may be a itself. No allocation unless
/// out overlaps a in another layout, or has another element type than the sum's.
template <tensor_like A, out_target Out>
void cumsum(const A& a, index_t axis, Out&& out) {
  using T = value_type_of<A>;
  using O = detail::sum_t<T>;
  constexpr std::size_t R = rank_of<A>;
  static_assert(R >= 1, "tensr: cumsum along an axis needs a tensor of rank >= 1");
  static_assert(rank_of<Out> == R, "tensr: the destination of cumsum has the input's rank");
  const TensorView<const T, R> v = as_view(a);
  const std::size_t ax = detail::normalize_axis(axis, R);
  auto dst = as_view(out);
  if (dst.shape() != v.shape())
    throw shape_error("output of cumsum has shape " + detail::shape_str(dst.shape()) +
                      ", expected " + detail::shape_str(v.shape()));
  using D = value_type_of<Out>;
  const bool same = static_cast<const void*>(dst.data()) == static_cast<const void*>(v.data()) &&
                    dst.strides() == v.strides() && sizeof(D) == sizeof(T);
  if (std::is_same_v<D, O> && (same || !detail::may_overlap(dst.data(), dst.shape(), dst.strides(),
                                                            v.data(), v.shape(), v.strides())))
    detail::cumsum_into<O>(v, ax, dst);
  else
    dst = cumsum(a, axis);
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
/// `var(a, all, ddof)` the same with ddof, `var(a, axis, ddof = 0)` along an axis, and
/// `var(a, axis, out)` / `var(a, axis, ddof, out)` into out (through temporaries the size of a).
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
template <tensor_like A, out_target Out>
void var(const A& a, index_t axis, index_t ddof, Out&& out) {
  using M = detail::float_t<value_type_of<A>>;
  const index_t n = as_view(a).shape(axis);
  sum(square(subtract(a, mean(a, axis, keepdims))), axis, out);
  as_view(out) /= static_cast<M>(n - ddof > 0 ? n - ddof : 0);
}
template <tensor_like A, out_target Out>
void var(const A& a, index_t axis, Out&& out) {
  var(a, axis, 0, std::forward<Out>(out));
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
template <tensor_like A, out_target Out>
void std(const A& a, index_t axis, index_t ddof, Out&& out) {
  var(a, axis, ddof, out);
  sqrt(out, out);
}
template <tensor_like A, out_target Out>
void std(const A& a, index_t axis, Out&& out) {
  tensr::std(a, axis, 0, std::forward<Out>(out));
}

namespace detail {
/// max along the axis, with non-finite maxima replaced by 0 (scipy's logsumexp shift).
template <tensor_like A>
auto finite_shift(const A& a, index_t axis) {
  auto m = max(a, axis, keepdims);
  where(isfinite(m), m, 0, m);
  return m;
}

/// The destination of softmax / log_softmax has the input's shape, or shape_error.
template <class A, class Out>
void check_same_shape(const char* what, const A& a, const Out& out) {
  static_assert(rank_of<Out> == rank_of<A>, "tensr: the destination has the input's rank");
  if (as_view(out).shape() != as_view(a).shape())
    throw shape_error(std::string("output of ") + what + " has shape " +
                      shape_str(as_view(out).shape()) + ", expected " +
                      shape_str(as_view(a).shape()));
}
}  // namespace detail

/// log(sum(exp(a), axis)), without overflow (scipy.special.logsumexp). The out-parameter
/// form goes through a temporary the size of a.
template <tensor_like A>
auto logsumexp(const A& a, index_t axis) {
  const auto m = detail::finite_shift(a, axis);
  auto r = log(sum(exp(subtract(a, m)), axis, keepdims));
  r += m;
  const std::size_t ax = detail::normalize_axis(axis, rank_of<A>);
  return std::move(r).reshape(detail::drop(r.shape(), ax));
}
template <tensor_like A, out_target Out>
void logsumexp(const A& a, index_t axis, Out&& out) {
  static_assert(rank_of<Out> + 1 == rank_of<A>,
                "tensr: the destination of logsumexp along an axis has rank R - 1");
  const std::size_t ax = detail::normalize_axis(axis, rank_of<A>);
  auto dst = as_view(out);
  detail::check_out_shape(dst.shape(), detail::drop(as_view(a).shape(), ax));
  const auto m = detail::finite_shift(a, axis);
  sum(exp(subtract(a, m)), axis, dst);
  log(dst, dst);
  dst += m.squeeze(static_cast<index_t>(ax));
}

/// exp(a) / sum(exp(a), axis), shifted by the max (scipy.special.softmax). The out-parameter
/// form computes in out (which may be a itself), with temporaries the size of the result of
/// a reduction along the axis.
template <tensor_like A>
auto softmax(const A& a, index_t axis) {
  auto e = exp(subtract(a, detail::finite_shift(a, axis)));
  e /= sum(e, axis, keepdims);
  return e;
}
template <tensor_like A, out_target Out>
void softmax(const A& a, index_t axis, Out&& out) {
  detail::check_same_shape("softmax", a, out);
  auto dst = as_view(out);
  subtract(a, detail::finite_shift(a, axis), dst);
  exp(dst, dst);
  dst /= sum(dst, axis, keepdims);
}

/// a - logsumexp(a, axis), computed stably (scipy.special.log_softmax). The out-parameter form
/// computes in out as softmax's does; it reads a twice, so when out overlaps a (a itself
/// too), a is copied first.
template <tensor_like A>
auto log_softmax(const A& a, index_t axis) {
  auto r = subtract(a, detail::finite_shift(a, axis));
  r -= log(sum(exp(r), axis, keepdims));
  return r;
}
template <tensor_like A, out_target Out>
void log_softmax(const A& a, index_t axis, Out&& out) {
  detail::check_same_shape("log_softmax", a, out);
  auto dst = as_view(out);
  const auto v = as_view(a);
  if (detail::may_overlap(dst.data(), dst.shape(), dst.strides(), v.data(), v.shape(),
                          v.strides())) {
    const Tensor<value_type_of<A>, rank_of<A>> copy(v);
    log_softmax(copy, axis, dst);
    return;
  }
  auto shift = detail::finite_shift(a, axis);
  // log(sum(exp(a - shift))) without a temporary of a's size: exp(a - shift) into out, its
  // sum, then out = a - (shift + log(sum)).
  subtract(a, shift, dst);
  exp(dst, dst);
  auto lse = sum(dst, axis, keepdims);
  log(lse, lse);
  lse += shift;
  subtract(a, lse, dst);
}

TENSR_NAMESPACE_END
