// softmax, log_softmax and logsumexp along an axis, with scipy.special's definitions:
//   softmax(x)     = exp(x - max) / sum(exp(x - max))                  (max as it is)
//   log_softmax(x) = (x - m) - log(sum(exp(x - m)))                    (m: max, 0 if not finite)
//   logsumexp(x)   = log(sum(exp(x - m))) + m
// so that large values do not overflow, and infinities and NaN give scipy's results. Along the
// axis that runs along memory (the common case: the last axis of a contiguous tensor) each row
// is done in one kernel -- its max, exp on tensr's vectorized float math, a pairwise sum --
// compiled for every instruction-set level; along other axes the same steps run as reductions
// and elementwise ops. nn::Softmax and nn::CrossEntropyLoss are built on these.
#pragma once

#include "tensr/core/internal.hpp"

#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/cpu.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/iterate.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/loop.hpp"
#include "tensr/ops/reduce.hpp"
#include "tensr/ops/reduce_kernel.hpp"
#include "tensr/ops/vmath.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

enum class softmax_kind { softmax, log_softmax, logsumexp };

/// The max of n >= 1 contiguous elements; NaN propagates.
template <class T>
TENSR_ALWAYS_INLINE T row_max(const T* x, index_t n) noexcept {
  constexpr index_t B = simd_block;
  T m = x[0];
  index_t i = 0;
  if (n >= B) {
    T acc[B];
    for (index_t k = 0; k < B; ++k) acc[k] = x[k];
    for (i = B; i + B <= n; i += B)
      for (index_t k = 0; k < B; ++k) acc[k] = max_nan(acc[k], x[i + k]);
    for (index_t k = 0; k < B; ++k) m = max_nan(m, acc[k]);
  }
  for (; i < n; ++i) m = max_nan(m, x[i]);
  return m;
}

/// The shift of log_softmax and logsumexp: the max, or 0 when it is not finite (scipy's).
template <class T>
TENSR_ALWAYS_INLINE T finite_or_zero(T m) noexcept {
  return m - m == m - m ? m : T(0);
}

/// o[j] = exp(x[j] - m) for j in [0, n) (o may be x): floats on explicit vectors of VB bytes
/// (the tail through one zero-padded vector, as vmath::map_k), doubles on the scalar function.
template <int VB, class T>
TENSR_ALWAYS_INLINE void exp_shifted(T* o, const T* x, index_t n, T m) noexcept {
  if constexpr (std::is_same_v<T, float>) {
    using V = simd<float, VB>;
    typedef float U __attribute__((vector_size(VB), aligned(4), may_alias));
    constexpr index_t L = VB / sizeof(float);
    index_t j = 0;
    for (; j + L <= n; j += L) {
      const V v{*reinterpret_cast<const U*>(x + j) - m};
      *reinterpret_cast<U*>(o + j) = vmath::exp(v).v;
    }
    if (j < n) {
      const auto rest = static_cast<std::size_t>(n - j) * sizeof(float);
      V v = {};
      std::memcpy(&v, x + j, rest);
      v = vmath::exp(v - m);
      std::memcpy(o + j, &v, rest);
    }
  } else {
    for (index_t j = 0; j < n; ++j) o[j] = vmath::exp(x[j] - m);
  }
}

/// Sum of exp(x[j] - m) over n contiguous elements, pairwise like pairwise_k: blocks of 2048
/// computed into a buffer and summed as a tree, the blocks combined as a binary tree.
template <int VB, class T>
TENSR_ALWAYS_INLINE T sum_exp(const T* x, index_t n, T m) noexcept {
  constexpr index_t B = 2048;
  T buf[B];
  T stack[64];
  int top = 0;
  index_t k = 1;
  for (index_t c = 0; c < n; c += B, ++k) {
    const index_t len = n - c < B ? n - c : B;
    exp_shifted<VB>(buf, x + c, len, m);
    T s;
    pairwise_k<256 / sizeof(T), VB>{}(s, buf, len);
    if (len < B) {  // the last, partial block
      while (top > 0) s = stack[--top] + s;
      return s;
    }
    for (index_t q = k; (q & 1) == 0; q >>= 1) s = stack[--top] + s;
    stack[top++] = s;
  }
  T s = stack[--top];
  while (top > 0) s = stack[--top] + s;
  return s;
}

/// Rows of n contiguous elements, `rows` of them at x + r * xs: softmax or log_softmax into
/// out + r * os (which may be the row itself), and/or log(sum(exp)) + shift into lse[r * ls]
/// (lse may be null for softmax and log_softmax). Vectors of VB bytes (the level's width).
template <softmax_kind K, int VB = 32>
struct softmax_rows_k {
  template <class T>
  TENSR_ALWAYS_INLINE void operator()(index_t rows, index_t n, const T* x, index_t xs, T* out,
                                      index_t os, T* lse, index_t ls) const {
    for (index_t r = 0; r < rows; ++r) {
      const T* xr = x + r * xs;
      T* o = out + r * os;
      T m = row_max(xr, n);
      if constexpr (K == softmax_kind::softmax) {
        exp_shifted<VB>(o, xr, n, m);
        T s;
        pairwise_k<256 / sizeof(T), VB>{}(s, o, n);
        for (index_t j = 0; j < n; ++j) o[j] = o[j] / s;
        if (lse) lse[r * ls] = vmath::log(s) + m;
      } else {
        m = finite_or_zero(m);
        const T log_s = vmath::log(sum_exp<VB>(xr, n, m));
        if constexpr (K == softmax_kind::log_softmax)
          for (index_t j = 0; j < n; ++j) o[j] = (xr[j] - m) - log_s;
        if (lse) lse[r * ls] = log_s + m;
      }
    }
  }
};

/// softmax_rows_k for kind K at VB bytes: the kernel isa_run_width compiles for each level.
template <softmax_kind K>
struct softmax_of {
  template <int VB>
  using k = softmax_rows_k<K, VB>;
};

/// Kind K along axis ax of x (layout l, ax with unit stride and the fastest axis) into out
/// (l's shape, strides os with unit stride along ax; unused for logsumexp) and/or lse (l
/// without ax, strides lst). out may be x in the same layout.
template <softmax_kind K, class T>
void softmax_inner(const T* x, const layout& l, std::size_t ax, T* out, const index_t* os, T* lse,
                   const index_t* lst) {
  const reduce_rows rows = rows_of(l, ax);
  axes_buffer orows{};
  if (out) drop_axis(l.rank, os, ax, orows.data());
  const axes_buffer zero{};
  const index_t* ost = out ? orows.data() : zero.data();
  const index_t* lsst = lse ? lst : zero.data();
  const isa_level isa = simd_active_isa();
  for_each_run<3>(rows.rank, rows.shape.data(), {rows.strides.data(), ost, lsst},
                  [&](const auto& off, index_t m, const auto& st) {
                    isa_run_width<softmax_of<K>::template k>(isa, m, rows.n, x + off[0], st[0],
                                                             out ? out + off[1] : out, st[1],
                                                             lse ? lse + off[2] : lse, st[2]);
                  });
}

/// True when axis ax of l has unit stride and runs along memory.
inline bool softmax_fast_axis(const layout& l, std::size_t ax) noexcept {
  return l.strides[ax] == 1 && is_inner_axis(l, ax);
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

/// max along the axis with keepdims; for log_softmax and logsumexp non-finite maxima become 0.
template <class A>
auto softmax_shift(const A& a, index_t axis, bool finite) {
  auto m = max(a, axis, keepdims);
  if (finite) where(isfinite(m), m, 0, m);
  return m;
}

}  // namespace detail

namespace detail {

template <class T, std::size_t R, class O, std::size_t RO>
void logsumexp_into(const TensorView<const T, R>& v, std::size_t ax, TensorView<O, RO> dst) {
  check_out_shape(dst.shape(), drop_axis(v.shape(), ax));
  if (v.shape()[ax] == 0) throw no_identity("maximum");
  const layout l = layout_of(v.shape(), v.strides());
  if constexpr (std::is_same_v<O, T>) {
    if (softmax_fast_axis(l, ax) &&
        !may_overlap(dst.data(), dst.shape(), dst.strides(), v.data(), v.shape(), v.strides())) {
      softmax_inner<softmax_kind::logsumexp, T>(v.data(), l, ax, nullptr, nullptr, dst.data(),
                                                dst.strides().data());
      return;
    }
  }
  const auto axis = static_cast<index_t>(ax);
  const auto m = softmax_shift(v, axis, true);
  auto s = sum(exp(subtract(v, m)), axis);
  log(s, s);
  add(s, m.squeeze(axis), dst);
}

template <class T, std::size_t R, class O>
void softmax_into(const TensorView<const T, R>& v, std::size_t ax, TensorView<O, R> dst) {
  if (v.shape()[ax] == 0) throw no_identity("maximum");
  if (v.size() == 0) return;
  const layout l = layout_of(v.shape(), v.strides());
  if constexpr (std::is_same_v<O, T>) {
    if (softmax_fast_axis(l, ax) && dst.strides()[ax] == 1 &&
        overlap_of(dst.data(), sizeof(T), layout_of(dst.shape(), dst.strides()), v.data(),
                   sizeof(T), l) != overlap::partial) {
      softmax_inner<softmax_kind::softmax, T>(v.data(), l, ax, dst.data(), dst.strides().data(),
                                              nullptr, nullptr);
      return;
    }
  }
  const auto axis = static_cast<index_t>(ax);
  subtract(v, softmax_shift(v, axis, false), dst);
  exp(dst, dst);
  dst /= sum(dst, axis, keepdims);
}

template <class T, std::size_t R, class O>
void log_softmax_into(const TensorView<const T, R>& v, std::size_t ax, TensorView<O, R> dst) {
  if (v.shape()[ax] == 0) throw no_identity("maximum");
  if (v.size() == 0) return;
  const layout l = layout_of(v.shape(), v.strides());
  const overlap ov = overlap_of(dst.data(), sizeof(O), layout_of(dst.shape(), dst.strides()),
                                v.data(), sizeof(T), l);
  if constexpr (std::is_same_v<O, T>) {
    if (softmax_fast_axis(l, ax) && dst.strides()[ax] == 1 && ov != overlap::partial) {
      softmax_inner<softmax_kind::log_softmax, T>(v.data(), l, ax, dst.data(), dst.strides().data(),
                                                  nullptr, nullptr);
      return;
    }
  }
  if (ov != overlap::disjoint) {  // v is read twice below: keep a copy
    const Tensor<T, R> copy(v);
    log_softmax_into(TensorView<const T, R>(copy.view()), ax, dst);
    return;
  }
  const auto axis = static_cast<index_t>(ax);
  const auto shift = softmax_shift(v, axis, true);
  // exp(v - shift) into dst for its sum, then dst = (v - shift) - log(sum).
  subtract(v, shift, dst);
  exp(dst, dst);
  auto lse = sum(dst, axis, keepdims);
  log(lse, lse);
  subtract(v, shift, dst);
  dst -= lse;
}

/// softmax of v along ax into dst and logsumexp along ax into lse, in one pass over each row
/// along the fastest axis (cross-entropy needs both). dst must not share memory with v.
template <class T, std::size_t R>
void softmax_and_logsumexp(const TensorView<const T, R>& v, std::size_t ax,
                           const TensorView<T, R>& dst, const TensorView<T, R - 1>& lse) {
  const layout l = layout_of(v.shape(), v.strides());
  if (v.shape()[ax] > 0 && softmax_fast_axis(l, ax) && dst.strides()[ax] == 1) {
    softmax_inner<softmax_kind::softmax, T>(v.data(), l, ax, dst.data(), dst.strides().data(),
                                            lse.data(), lse.strides().data());
    return;
  }
  softmax_into(v, ax, dst);
  logsumexp_into(v, ax, lse);
}

/// The kind K of a along axis into out, whatever a's element type: integers are computed in
/// double, as NumPy's math functions do.
template <softmax_kind K, class A, class Out>
void softmax_family(const A& a, index_t axis, Out&& out) {
  using T = value_type_of<A>;
  constexpr std::size_t R = rank_of<A>;
  if constexpr (!std::is_floating_point_v<T>) {
    softmax_family<K>(Tensor<float_t<T>, R>(as_view(a)), axis, out);
  } else {
    const std::size_t ax = normalize_axis(axis, R);
    if constexpr (K == softmax_kind::logsumexp) {
      static_assert(rank_of<Out> + 1 == R,
                    "tensr: the destination of logsumexp along an axis has rank R - 1");
      logsumexp_into(const_view(a), ax, as_view(out));
    } else {
      check_same_shape(K == softmax_kind::softmax ? "softmax" : "log_softmax", a, out);
      if constexpr (K == softmax_kind::softmax)
        softmax_into(const_view(a), ax, as_view(out));
      else
        log_softmax_into(const_view(a), ax, as_view(out));
    }
  }
}

/// The same into a new tensor (rank R, or R - 1 for logsumexp).
template <softmax_kind K, class A>
auto softmax_family_new(const A& a, index_t axis) {
  using F = float_t<value_type_of<A>>;
  constexpr std::size_t R = rank_of<A>;
  const auto s = as_view(a).shape();
  if constexpr (K == softmax_kind::logsumexp) {
    Tensor<F, R - 1> r(drop_axis(s, normalize_axis(axis, R)), Storage<F>::uninitialized);
    softmax_family<K>(a, axis, r);
    return r;
  } else {
    Tensor<F, R> r(s, Storage<F>::uninitialized);
    softmax_family<K>(a, axis, r);
    return r;
  }
}

}  // namespace detail

// Each has the out-parameter form `name(a, axis, out)` and the form returning a new tensor.
#define TENSR_SOFTMAX_FAMILY(name)                                          \
  template <tensor_like A, out_target Out>                                  \
  void name(const A& a, index_t axis, Out&& out) {                          \
    detail::softmax_family<detail::softmax_kind::name>(a, axis, out);       \
  }                                                                         \
  template <tensor_like A>                                                  \
  auto name(const A& a, index_t axis) {                                     \
    return detail::softmax_family_new<detail::softmax_kind::name>(a, axis); \
  }

/// log(sum(exp(a), axis)) without overflow (scipy.special.logsumexp). The out-parameter form
/// allocates nothing along the fastest axis, temporaries the size of a along the others.
TENSR_SOFTMAX_FAMILY(logsumexp)
/// exp(a - max) / sum(exp(a - max)) along the axis (scipy.special.softmax). The out-parameter
/// form computes in out, which may be a itself.
TENSR_SOFTMAX_FAMILY(softmax)
/// (a - m) - log(sum(exp(a - m))) along the axis, m the max or 0 where it is not finite
/// (scipy.special.log_softmax). The out-parameter form computes in out, which may be a itself.
TENSR_SOFTMAX_FAMILY(log_softmax)
#undef TENSR_SOFTMAX_FAMILY

TENSR_NAMESPACE_END
