// The reduction kernel every reduction runs on (sum, prod, max, min, all, any, the sums inside
// mean, var, softmax and einsum, Linear's bias gradient): a fold of a strided layout over a set
// of axes into an output, rank-erased. Along the axis that runs along memory, each output
// element reduces its own run; sums are pairwise there (blocks of 2048 summed as a tree over
// vector-register accumulators, the blocks combined as a binary tree), so the error grows like
// log n. Along any other axis whole rows are combined elementwise while the output stays in
// cache; sums halve the rows pairwise, so their error grows like log n too. Several axes:
// neighbours that are contiguous in memory are merged first, then the axes are reduced one at a
// time, the fastest in memory first, through temporaries. The contiguous loops are compiled for
// each instruction-set level, like the elementwise loop's.
#pragma once

#include "tensr/core/internal.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/cpu.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/iterate.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/loop.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// Accumulator of sum/prod: floats keep their type; bool and integers widen to 64 bits.
template <class T>
using sum_t =
    std::conditional_t<std::is_floating_point_v<T>, T,
                       std::conditional_t<std::is_unsigned_v<T> && !std::is_same_v<T, bool>,
                                          std::uint64_t, std::int64_t>>;

/// Sum of p[0, n) for n a multiple of W, into W independent accumulators combined as a tree.
/// Floats and doubles accumulate in four 64-byte vectors (GNU vector types: registers of the
/// level the loop is compiled for, zmm with AVX-512, pairs of ymm with AVX2).
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
/// adds 32 floats or 64 doubles in sequence) combined as a binary tree over the blocks (a
/// binary counter: block k merges with the partial sums below it while k + 1 is even).
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
/// active level. Otherwise runs of up to 2048 in sequence, longer runs halved recursively.
/// (Integers wrap as NumPy's.)
template <class Acc, class T>
Acc pairwise_sum(const T* p, index_t n, index_t s, isa_level isa) {
  if constexpr (std::is_floating_point_v<Acc>) {
    if (s == 1) {
      Acc res;
      if constexpr (std::is_same_v<Acc, T>)
        isa_run(isa, pairwise_k<256 / sizeof(T)>{}, res, p, n);
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

// ---- the operations
// ------------------------------------------------------------------------------ Each is a function
// object on accumulators A (wide when its loops may be compiled for each level) with: `pairwise`
// (rows are halved pairwise), `identity()` for an empty axis (or `name` for NumPy's error when
// there is none), and `run(p, n, s, isa)`, the reduction of one run of n >= 1 elements at stride s.

template <class A>
struct sum_op {
  static constexpr bool wide = std::is_floating_point_v<A>;
  static constexpr bool pairwise = true;
  static constexpr bool has_identity = true;
  static A identity() noexcept { return A(0); }
  TENSR_ALWAYS_INLINE A operator()(A a, A b) const noexcept { return add_fn<A>{}(a, b); }
  template <class T>
  static A run(const T* p, index_t n, index_t s, isa_level isa) {
    return pairwise_sum<A>(p, n, s, isa);
  }
};

/// The operations that fold a run in sequence: products, extremes.
template <class A, class F>
struct fold_op {
  static constexpr bool wide = std::is_floating_point_v<A>;
  static constexpr bool pairwise = false;
  TENSR_ALWAYS_INLINE A operator()(A a, A b) const noexcept { return F{}(a, b); }
  template <class T>
  static A run(const T* p, index_t n, index_t s, isa_level) {
    const F f;
    A r = static_cast<A>(p[0]);
    for (index_t i = 1; i < n; ++i) r = f(r, static_cast<A>(p[i * s]));
    return r;
  }
};

template <class A>
struct prod_op : fold_op<A, multiply_fn<A>> {
  static constexpr bool has_identity = true;
  static A identity() noexcept { return A(1); }
};

template <class A, bool Max>
struct extreme_op : fold_op<A, std::conditional_t<Max, maximum_fn<A>, minimum_fn<A>>> {
  static constexpr bool has_identity = false;
  static constexpr const char* name = Max ? "maximum" : "minimum";
};

/// all (All) or any: a run stops at its first deciding element.
template <bool All>
struct logical_op {
  static constexpr bool wide = false;
  static constexpr bool pairwise = false;
  static constexpr bool has_identity = true;
  static bool identity() noexcept { return All; }
  bool operator()(bool a, bool b) const noexcept { return All ? a && b : a || b; }
  template <class T>
  static bool run(const T* p, index_t n, index_t s, isa_level) {
    for (index_t i = 0; i < n; ++i)
      if (static_cast<bool>(p[i * s]) != All) return !All;
    return All;
  }
};

inline shape_error no_identity(const char* op) {
  return shape_error(std::string("zero-size array to reduction operation ") + op +
                     " which has no identity");
}

// ---- one axis -----------------------------------------------------------------------------------

/// True when axis ax of l runs along memory: no other axis of size > 1 has a smaller |stride|.
inline bool is_inner_axis(const layout& l, std::size_t ax) noexcept {
  const index_t s = l.strides[ax] < 0 ? -l.strides[ax] : l.strides[ax];
  for (std::size_t k = 0; k < l.rank; ++k) {
    if (k == ax || l.shape[k] == 1) continue;
    const index_t t = l.strides[k] < 0 ? -l.strides[k] : l.strides[k];
    if (t < s) return false;
  }
  return true;
}

/// op(a, b) with b converted to the accumulator's type first: one step of a fold over rows.
template <class Op>
struct fold_step {
  static constexpr bool wide = Op::wide;
  template <class A, class T>
  TENSR_ALWAYS_INLINE A operator()(A a, T b) const noexcept {
    return Op{}(a, static_cast<A>(b));
  }
};

/// dst[0, m) = op(dst, row) for rows 1, ..., rows - 1 of m contiguous elements from p, `ld`
/// apart: the rows of a reduction along a slow axis, streamed while dst stays in cache.
template <class Op>
struct fold_rows_k {
  template <class A, class T>
  TENSR_ALWAYS_INLINE void operator()(A* __restrict dst, index_t m, const T* __restrict p,
                                      index_t ld, index_t rows) const {
    constexpr index_t B = simd_block;
    const Op op;
    for (index_t r = 1; r < rows; ++r) {
      const T* __restrict q = p + r * ld;
      index_t j = 0;
      for (; j + B <= m; j += B)
        for (index_t k = 0; k < B; ++k) dst[j + k] = op(dst[j + k], static_cast<A>(q[j + k]));
      for (; j < m; ++j) dst[j] = op(dst[j], static_cast<A>(q[j]));
    }
  }
};

/// The layout of one row of a reduction along ax: l without ax, and the row's first element.
struct reduce_rows {
  std::size_t rank;
  axes_buffer shape, strides;
  index_t n, step;  // length and stride of the reduced axis
};

inline reduce_rows rows_of(const layout& l, std::size_t ax) noexcept {
  reduce_rows r;
  r.rank = l.rank - 1;
  drop_axis(l.rank, l.shape, ax, r.shape.data());
  drop_axis(l.rank, l.strides, ax, r.strides.data());
  r.n = l.shape[ax];
  r.step = l.strides[ax];
  return r;
}

/// out = op over rows [lo, hi) of `rows` (each laid like out) starting at p.
template <class Op, class A, class T>
void fold_rows(const reduce_rows& rows, const T* p, index_t lo, index_t hi, A* out,
               const index_t* ost, isa_level isa) {
  const T* first = p + lo * rows.step;
  const auto convert = [](T x) { return static_cast<A>(x); };
  if (Op::pairwise && hi - lo > 128) {
    // Pairwise: the two halves separately, then their sum (the error grows like log n).
    const index_t mid = lo + (hi - lo) / 2;
    fold_rows<Op>(rows, p, lo, mid, out, ost, isa);
    axes_buffer rm;
    index_t count = 1;
    for (std::size_t i = rows.rank; i-- > 0;) {
      rm[i] = count;
      count *= rows.shape[i];
    }
    Storage<A> tmp(count, Storage<A>::uninitialized);
    fold_rows<Op>(rows, p, mid, hi, tmp.data(), rm.data(), isa);
    fold_step<Op> op;
    run_loop<loop_alias::first>(op, rows.rank, rows.shape.data(), out, ost, loop_input<A>{out, ost},
                                loop_input<A>{tmp.data(), rm.data()});
    return;
  }
  run_loop<loop_alias::none>(convert, rows.rank, rows.shape.data(), out, ost,
                             loop_input<T>{first, rows.strides.data()});
  // Rows that are one contiguous run each, like out: the whole block in one vectorized call.
  index_t m = 0, ms = 0, is = 0;
  if (merge_axes(rows.rank, rows.shape.data(), ost, m, ms) &&
      merge_axes(rows.rank, rows.shape.data(), rows.strides.data(), m, is) && (ms == 1 || m == 1) &&
      (is == 1 || m == 1)) {
    if constexpr (Op::wide && std::is_same_v<A, T>)
      isa_run(isa, fold_rows_k<Op>{}, out, m, first, rows.step, hi - lo);
    else
      fold_rows_k<Op>{}(out, m, first, rows.step, hi - lo);
    return;
  }
  fold_step<Op> step;
  for (index_t i = lo + 1; i < hi; ++i)
    run_loop<loop_alias::first>(step, rows.rank, rows.shape.data(), out, ost,
                                loop_input<A>{out, ost},
                                loop_input<T>{p + i * rows.step, rows.strides.data()});
}

/// out (l without axis ax, strides ost) = op over axis ax of l. out must not share memory
/// with the input.
template <class Op, class A, class T>
void reduce_axis(const T* p, const layout& l, std::size_t ax, A* out, const index_t* ost) {
  const reduce_rows rows = rows_of(l, ax);
  const isa_level isa = simd_active_isa();
  if (rows.n == 0) {
    if constexpr (Op::has_identity) {
      const A id = Op::identity();
      const auto fill = [id]() { return id; };
      run_loop<loop_alias::none>(fill, rows.rank, rows.shape.data(), out, ost);
      return;
    } else {
      throw no_identity(Op::name);
    }
  }
  for (std::size_t i = 0; i < rows.rank; ++i)
    if (rows.shape[i] == 0) return;  // no output element
  if (is_inner_axis(l, ax)) {
    for_each_run<2>(rows.rank, rows.shape.data(), {ost, rows.strides.data()},
                    [&](const auto& off, index_t m, const auto& st) {
                      for (index_t j = 0; j < m; ++j)
                        out[off[0] + j * st[0]] =
                            Op::template run<T>(p + off[1] + j * st[1], rows.n, rows.step, isa);
                    });
    return;
  }
  fold_rows<Op>(rows, p, 0, rows.n, out, ost, isa);
}

// ---- several axes ------------------------------------------------------------------------------

/// The set of axes a reduction runs over: bit i for axis i.
using axis_mask = std::uint64_t;

/// out = op over the axes of `mask` of l (out laid on l's shape without them, strides ost;
/// rank 0 when every axis is reduced). Neighbouring reduced axes that are contiguous in memory
/// are merged; then the reduced axis fastest in memory is reduced first, into a temporary
/// unless it is the last.
template <class Op, class A, class T>
void reduce_axes(const T* p, const layout& l, axis_mask mask, A* out, const index_t* ost) {
  // Merge reduced neighbours i, i+1 that walk memory as one axis; drop size-1 reduced axes.
  axes_buffer sh, st;
  std::size_t r = 0;
  axis_mask m = 0;
  for (std::size_t i = 0; i < l.rank; ++i) {
    const bool red = (mask >> i) & 1u;
    if (red && l.shape[i] == 1) continue;
    if (red && r > 0 && ((m >> (r - 1)) & 1u) && mergeable(st[r - 1], l.strides[i], l.shape[i])) {
      sh[r - 1] *= l.shape[i];
      st[r - 1] = l.strides[i];
      continue;
    }
    sh[r] = l.shape[i];
    st[r] = l.strides[i];
    if (red) m |= axis_mask{1} << r;
    ++r;
  }
  const layout lm{r, sh.data(), st.data()};
  if (m == 0) {
    // Nothing left to reduce (size-1 axes only): a conversion.
    const auto convert = [](T x) { return static_cast<A>(x); };
    run_loop<loop_alias::none>(convert, r, sh.data(), out, ost, loop_input<T>{p, st.data()});
    return;
  }
  // The reduced axis with the smallest |stride| goes first.
  std::size_t ax = r;
  for (std::size_t i = 0; i < r; ++i)
    if (((m >> i) & 1u) && (ax == r || std::abs(st[i]) < std::abs(st[ax]))) ax = i;
  const axis_mask rest = m & ~(axis_mask{1} << ax);
  if (rest == 0) {
    // out's strides are given for the kept axes; reduce_axis wants them for lm without ax.
    return reduce_axis<Op>(p, lm, ax, out, ost);
  }
  // Reduce ax into a row-major temporary over the other axes, then the rest from there.
  axes_buffer tsh, tst;
  drop_axis(r, sh.data(), ax, tsh.data());
  index_t count = 1;
  for (std::size_t i = r - 1; i-- > 0;) {
    tst[i] = count;
    count *= tsh[i];
  }
  Storage<A> tmp(count, Storage<A>::uninitialized);
  reduce_axis<Op>(p, lm, ax, tmp.data(), tst.data());
  const axis_mask low = rest & ((axis_mask{1} << ax) - 1);
  const axis_mask high = (rest >> (ax + 1)) << ax;
  reduce_axes<Op, A, A>(tmp.data(), layout{r - 1, tsh.data(), tst.data()}, low | high, out, ost);
}

}  // namespace detail
TENSR_NAMESPACE_END
