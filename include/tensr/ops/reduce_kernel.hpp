// The reduction kernel every reduction runs on (sum, prod, max, min, all, any, the sums inside
// mean, var, softmax and einsum, Linear's bias gradient): a fold of a strided layout over a set
// of axes into an output, rank-erased. Along the axis that runs along memory, each output
// element reduces its own run; sums are pairwise there (blocks of 2048 summed as a tree over
// vector-register accumulators, the blocks combined as a binary tree), so the error grows like
// log n. Along any other axis whole rows are combined elementwise while the output stays in
// cache; sums halve the rows pairwise, so their error grows like log n too. Several axes:
// neighbours that are contiguous in memory are merged first, then the axes are reduced one at a
// time, the fastest in memory first, through temporaries. The contiguous loops are compiled for
// each instruction-set level, like the elementwise loop's, on explicit vectors of the level's
// width. The order of the additions of a sum depends on the layout alone -- not on the level
// (block_sum_k) -- so a sum is the same bit for bit at every level.
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
#include "tensr/core/threads.hpp"
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

/// Sum of p[0, n) for n a multiple of W into W accumulator lanes: lane k adds p[k], p[k + W],
/// p[k + 2W], ... in sequence; then the lanes are halved pairwise (lane k += lane k + h for
/// h = W/2, ..., 1). For floats and doubles W spans 256 bytes and the lanes live in vector
/// registers of VB bytes -- 4 zmm (64), 8 ymm (32), or 16-byte registers in two passes over
/// the block, each holding half of the lanes in 8 of them (x86 has 16) -- so the order of the
/// additions, and the result, are the same at every width.
template <int W, int VB = 32>
struct block_sum_k {
  template <class Acc, class T>
  TENSR_ALWAYS_INLINE void operator()(Acc& res, const T* __restrict p, index_t n) const {
    if constexpr (std::is_same_v<Acc, T> && std::is_floating_point_v<T> && W * sizeof(T) == 256) {
      typedef T R __attribute__((vector_size(VB)));
      typedef T U __attribute__((vector_size(VB), aligned(sizeof(T)), may_alias));
      constexpr int L = VB / sizeof(T);  // lanes per register
      constexpr int NV = 256 / VB;       // registers for all lanes: 4, 8 or 16
      constexpr int P = NV > 8 ? 2 : 1;  // passes
      constexpr int K = NV / P;          // registers per pass: 4 or 8
      // The halving, while h spans whole registers: register j += register j + h / L. With two
      // passes, the first step adds the first pass's registers (kept in `first`) to the
      // second's; the rest runs on the last pass's registers. Then the lanes of register 0.
      R first[P > 1 ? K : 1] = {};
      R r0, r1, r2, r3, r4, r5, r6, r7;
      for (int pass = 0; pass < P; ++pass) {
        const T* q = p + pass * K * L;
        // Named accumulators (an array would live in memory at -O2).
        r0 = r1 = r2 = r3 = r4 = r5 = r6 = r7 = R{};
        for (index_t i = 0; i < n; i += W) {
          const U* v = reinterpret_cast<const U*>(q + i);
          r0 += v[0];
          r1 += v[1];
          r2 += v[2];
          r3 += v[3];
          if constexpr (K == 8) {
            r4 += v[4];
            r5 += v[5];
            r6 += v[6];
            r7 += v[7];
          }
        }
        if constexpr (P > 1) {
          if (pass == 0) {
            first[0] = r0;
            first[1] = r1;
            first[2] = r2;
            first[3] = r3;
            first[4] = r4;
            first[5] = r5;
            first[6] = r6;
            first[7] = r7;
          }
        }
      }
      if constexpr (P > 1) {
        r0 = first[0] + r0;
        r1 = first[1] + r1;
        r2 = first[2] + r2;
        r3 = first[3] + r3;
        r4 = first[4] + r4;
        r5 = first[5] + r5;
        r6 = first[6] + r6;
        r7 = first[7] + r7;
      }
      if constexpr (K == 8) {
        r0 += r4;
        r1 += r5;
        r2 += r6;
        r3 += r7;
      }
      r0 += r2;
      r1 += r3;
      r0 += r1;
      // Loops of fixed length, which the compiler vectorizes.
      T lanes[L];
      std::memcpy(lanes, &r0, sizeof(R));
      if constexpr (L >= 16)
        for (int k = 0; k < 8; ++k) lanes[k] += lanes[k + 8];
      if constexpr (L >= 8)
        for (int k = 0; k < 4; ++k) lanes[k] += lanes[k + 4];
      if constexpr (L >= 4)
        for (int k = 0; k < 2; ++k) lanes[k] += lanes[k + 2];
      res = lanes[0] + lanes[1];
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
/// binary counter: block k merges with the partial sums below it while k + 1 is even); then
/// the rest: its whole groups of W by block_sum_k, the last n % W in sequence, and the
/// partial sums of the tree from the top down. The order depends on n alone.
template <int W, int VB = 32>
struct pairwise_k {
  template <class Acc, class T>
  TENSR_ALWAYS_INLINE void operator()(Acc& res, const T* __restrict p, index_t n) const {
    constexpr index_t B = 2048;
    Acc stack[64];
    int top = 0;
    index_t i = 0;
    for (index_t k = 1; i + B <= n; i += B, ++k) {
      Acc s;
      block_sum_k<W, VB>{}(s, p + i, B);
      for (index_t c = k; (c & 1) == 0; c >>= 1) s = stack[--top] + s;
      stack[top++] = s;
    }
    const index_t m = (n - i) / W * W;
    Acc s{};
    if (m > 0) block_sum_k<W, VB>{}(s, p + i, m);
    for (index_t j = i + m; j < n; ++j) s += static_cast<Acc>(p[j]);
    while (top > 0) s = stack[--top] + s;
    res = s;
  }
};

/// pairwise_k for T's lanes at VB bytes: the kernel isa_run_width compiles for each level.
template <class T>
struct pairwise_of {
  template <int VB>
  using k = pairwise_k<256 / sizeof(T), VB>;
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
        isa_run_width<pairwise_of<T>::template k>(isa, res, p, n);
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
/// apart: the rows of a reduction along a slow axis, streamed while dst stays in cache. Four
/// rows per pass over dst (dst is loaded and stored once for four rows), each element still
/// taking its rows in order. Sums of floats run on explicit vectors of VB bytes; the other
/// folds on loops the compiler vectorizes.
template <class Op, int VB = 32>
struct fold_rows_k {
  template <class A, class T>
  TENSR_ALWAYS_INLINE void operator()(A* __restrict dst, index_t m, const T* __restrict p,
                                      index_t ld, index_t rows) const {
    constexpr index_t B = simd_block;
    const Op op;
    index_t r = 1;
    for (; r + 4 <= rows; r += 4) {
      const T* __restrict q0 = p + r * ld;
      const T* __restrict q1 = q0 + ld;
      const T* __restrict q2 = q1 + ld;
      const T* __restrict q3 = q2 + ld;
      index_t j = 0;
      if constexpr (Op::pairwise && std::is_same_v<A, T> && std::is_floating_point_v<A>) {
        typedef A U __attribute__((vector_size(VB), aligned(sizeof(A)), may_alias));
        constexpr index_t L = VB / sizeof(A);
        for (; j + L <= m; j += L) {
          U d = *reinterpret_cast<const U*>(dst + j);
          d += *reinterpret_cast<const U*>(q0 + j);
          d += *reinterpret_cast<const U*>(q1 + j);
          d += *reinterpret_cast<const U*>(q2 + j);
          d += *reinterpret_cast<const U*>(q3 + j);
          *reinterpret_cast<U*>(dst + j) = d;
        }
      } else {
        for (; j + B <= m; j += B)
          for (index_t k = 0; k < B; ++k)
            dst[j + k] =
                op(op(op(op(dst[j + k], static_cast<A>(q0[j + k])), static_cast<A>(q1[j + k])),
                      static_cast<A>(q2[j + k])),
                   static_cast<A>(q3[j + k]));
      }
      for (; j < m; ++j)
        dst[j] = op(
            op(op(op(dst[j], static_cast<A>(q0[j])), static_cast<A>(q1[j])), static_cast<A>(q2[j])),
            static_cast<A>(q3[j]));
    }
    for (; r < rows; ++r) {
      const T* __restrict q = p + r * ld;
      index_t j = 0;
      for (; j + B <= m; j += B)
        for (index_t k = 0; k < B; ++k) dst[j + k] = op(dst[j + k], static_cast<A>(q[j + k]));
      for (; j < m; ++j) dst[j] = op(dst[j], static_cast<A>(q[j]));
    }
  }
};

/// fold_rows_k for Op at VB bytes: the kernel isa_run_width compiles for each level.
template <class Op>
struct fold_rows_of {
  template <int VB>
  using k = fold_rows_k<Op, VB>;
};

/// The layout of one row of a reduction along ax: l without ax, and the row's first element.
struct reduce_rows {
  std::size_t rank;
  axes_buffer shape{}, strides{};
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
    axes_buffer rm{};
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
      isa_run_width<fold_rows_of<Op>::template k>(isa, out, m, first, rows.step, hi - lo);
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

/// One run of n >= 1 elements at stride s: Op::run, except that a long contiguous sum is cut
/// into chunks of parallel_grain elements, summed on several threads into one slot each and
/// combined as a binary tree in chunk order (a binary counter, as pairwise_k combines its
/// blocks). The cut depends on n alone, so the result does not depend on the thread count.
template <class Op, class A, class T>
A reduce_run(const T* p, index_t n, index_t s, isa_level isa) {
  if constexpr (Op::pairwise && std::is_floating_point_v<A>) {
    if (s == 1 && n >= parallel_threshold) {
      constexpr index_t G = parallel_grain;
      const index_t chunks = (n + G - 1) / G, full = n / G;
      Storage<A> part(chunks, Storage<A>::uninitialized);
      A* slot = part.data();
      parallel_tasks(chunks, n, [&](index_t i) {
        slot[i] = Op::template run<T>(p + i * G, std::min(G, n - i * G), 1, isa);
      });
      const Op op;
      A stack[64];
      int top = 0;
      for (index_t k = 1; k <= full; ++k) {
        A x = slot[k - 1];
        for (index_t c = k; (c & 1) == 0; c >>= 1) x = op(stack[--top], x);
        stack[top++] = x;
      }
      A r = full < chunks ? slot[full] : A(0);
      while (top > 0) r = op(stack[--top], r);
      return r;
    }
  }
  return Op::template run<T>(p, n, s, isa);
}

/// out (l without axis ax, strides ost) = op over axis ax of l. out must not share memory
/// with the input. Large reductions run on several threads, each output element computed
/// whole by one of them (a long contiguous sum: see reduce_run).
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
    parallel_for_each_run<2>(
        rows.rank, rows.shape.data(), {ost, rows.strides.data()},
        [&](const auto& off, index_t m, const auto& st) {
          for (index_t j = 0; j < m; ++j)
            out[off[0] + j * st[0]] =
                reduce_run<Op, A, T>(p + off[1] + j * st[1], rows.n, rows.step, isa);
        },
        rows.n);
    return;
  }
  // Rows along a slow axis: the output cut along its longest axis (in pieces of at least 128
  // elements when that axis runs along memory: whole cache lines, long vectorized rows),
  // unless out repeats elements.
  std::size_t k = 0;
  index_t count = 1;
  bool distinct = true;
  for (std::size_t i = 0; i < rows.rank; ++i) {
    if (rows.shape[i] > rows.shape[k]) k = i;
    count *= rows.shape[i];
    distinct = distinct && (ost[i] != 0 || rows.shape[i] == 1);
  }
  if (rows.rank == 0 || !distinct) return fold_rows<Op>(rows, p, 0, rows.n, out, ost, isa);
  parallel_for(
      rows.shape[k], rows.n * (count / rows.shape[k]),
      [&](index_t lo, index_t hi) {
        reduce_rows part = rows;
        part.shape[k] = hi - lo;
        fold_rows<Op>(part, p + lo * rows.strides[k], 0, rows.n, out + lo * ost[k], ost, isa);
      },
      rows.strides[k] == 1 || rows.strides[k] == -1 ? 128 : 1);
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
  axes_buffer sh{}, st{};
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
  axes_buffer tsh{}, tst{};
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
