// gemm(alpha, A, B, beta, C): C = alpha * A B + beta * C on rank-2 views of any strides.
//
// The engine is BLIS's five loops around a micro-kernel (gemm_kernels.hpp), on packed
// copies of A and B (gemm_pack.hpp), with cache blocking (MC, KC, NC below), threads taking
// independent strips of C (OpenMP, threads.hpp), and unpacked loops for small products.
// C's own layout is used as it is; a column-major C is computed as C^T = B^T A^T.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/linalg/threads.hpp"
#include "tensr/linalg/gemm_kernels.hpp"
#include "tensr/linalg/gemm_pack.hpp"

#if defined(TENSR_USE_CBLAS)
#include <cblas.h>
#endif

TENSR_NAMESPACE_BEGIN
namespace detail {

/// Cache blocking: rows of A per packed block (mc), depth (kc), columns of B per packed block
/// (nc). Zero fields mean "the default for the kernel".
struct gemm_blocking {
  index_t mc = 0, kc = 0, nc = 0;
};

inline std::atomic<index_t>* gemm_blocking_override() noexcept {
  static std::atomic<index_t> b[3] = {0, 0, 0};
  return b;
}

inline bool gemm_blocking_overridden() noexcept {
  const auto* b = gemm_blocking_override();
  return b[0].load(std::memory_order_relaxed) > 0 || b[1].load(std::memory_order_relaxed) > 0 ||
         b[2].load(std::memory_order_relaxed) > 0;
}

/// Test hook: shrink (or reset, with {}) the cache blocks so that small matrices run the
/// multi-block and edge-tile paths. Sizes are rounded up to whole micro-tiles.
inline void set_gemm_blocking(gemm_blocking b) noexcept {
  gemm_blocking_override()[0].store(b.mc);
  gemm_blocking_override()[1].store(b.kc);
  gemm_blocking_override()[2].store(b.nc);
}

/// Default blocks, and why. The loops run (outer to inner): rows of A by MC, depth by KC,
/// columns of B by NC, then micro-panels of A by MR, then micro-panels of B by NR.
/// The machine this was tuned on: L1d 32 KiB and L2 1 MiB per core, L3 shared (2 MiB+ per
/// core).
///  - KC: one MR x KC micro-panel of A stays in L1 while the innermost loop streams every
///    B micro-panel past it: 12 x 384 floats = 18 KiB, about half of L1, the other half for
///    the B micro-panel streaming through and for C. Doubles take 12 x 256 = 24 KiB: a deeper
///    panel halves how often the 12 x 16 tile of C is loaded and stored per multiply-add
///    (the double tile holds half the columns), and measured 1-2 % faster than 12 x 192.
///  - NC: the packed KC x NC block of B is reused by every MR-row micro-panel of A, so it
///    lives in L2: 384 x 480 floats = 720 KiB (256 x 384 doubles = 768 KiB) of the 1 MiB.
///  - MC: the packed MC x KC block of A is reused by every NC block of B, so it lives in L3:
///    3072 x 384 floats = 4.5 MiB. B is repacked once per MC rows, which for MC = 3072 costs
///    about 1/3072 of the arithmetic.
/// The AVX2 kernel (6 x 16 floats) keeps KC and NC; the portable kernel uses smaller blocks.
template <class T>
gemm_blocking gemm_default_blocking(const gemm_kernel<T>& k) noexcept {
  if (k.kind == gemm_kernel_kind::generic) return {1024, 256, 512};
  if constexpr (sizeof(T) == 4)
    return {3072, 384, 480};
  else
    return {3072, 256, 384};
}

inline index_t gemm_round_up(index_t x, index_t m) noexcept { return (x + m - 1) / m * m; }

template <class T>
gemm_blocking gemm_blocking_for(const gemm_kernel<T>& k) noexcept {
  gemm_blocking b = gemm_default_blocking(k);
  const index_t mc = gemm_blocking_override()[0].load(std::memory_order_relaxed);
  const index_t kc = gemm_blocking_override()[1].load(std::memory_order_relaxed);
  const index_t nc = gemm_blocking_override()[2].load(std::memory_order_relaxed);
  if (mc > 0) b.mc = mc;
  if (kc > 0) b.kc = kc;
  if (nc > 0) b.nc = nc;
  b.mc = gemm_round_up(b.mc, k.mr);
  b.nc = gemm_round_up(b.nc, k.nr);
  return b;
}

/// A 64-byte-aligned scratch buffer per thread, grown on demand and reused across calls.
template <class T>
struct gemm_scratch {
  struct free_aligned {
    void operator()(T* p) const noexcept { ::operator delete[](p, std::align_val_t{64}); }
  };
  std::unique_ptr<T[], free_aligned> p;
  std::size_t n = 0;
  T* get(std::size_t want) {
    if (want > n) {
      p.reset();
      n = 0;
      p.reset(static_cast<T*>(::operator new[](want * sizeof(T), std::align_val_t{64})));
      n = want;
    }
    return p.get();
  }
};

template <class T, int Slot>
T* gemm_buffer(std::size_t n) {
  thread_local gemm_scratch<T> s;
  return s.get(n);
}

/// A matrix operand: pointer and strides (in elements).
template <class S>
struct gemm_operand {
  const S* p;
  index_t rs, cs;
};

/// The engine's side of gemm's epilogue: a type-erased `ep(row0, col0, block)` plus where the
/// engine's current C sits in the caller's C. The engine may work on a strip of C (threads)
/// or on C transposed (column-major C), so it reports blocks in its own coordinates and this
/// maps them back. An empty epilogue (fn == nullptr) does nothing and costs one test.
template <class T>
struct gemm_epilogue {
  void (*fn)(const void* ctx, index_t row0, index_t col0, TensorView<T, 2> block) = nullptr;
  const void* ctx = nullptr;
  index_t row0 = 0, col0 = 0;  // the engine's (0, 0) in the caller's C
  bool transposed = false;     // the engine computes C^T

  /// The m x n block at the engine's (i, j), with the engine's strides rs and cs.
  void operator()(index_t i, index_t j, index_t m, index_t n, T* p, index_t rs, index_t cs) const {
    if (fn == nullptr) return;
    if (transposed)
      fn(ctx, row0 + j, col0 + i, TensorView<T, 2>(p, {n, m}, {cs, rs}));
    else
      fn(ctx, row0 + i, col0 + j, TensorView<T, 2>(p, {m, n}, {rs, cs}));
  }
  /// The same epilogue for the engine's sub-block starting at its (i, j).
  gemm_epilogue shifted(index_t i, index_t j) const noexcept {
    gemm_epilogue e = *this;
    e.row0 += transposed ? j : i;
    e.col0 += transposed ? i : j;
    return e;
  }
  gemm_epilogue transposed_view() const noexcept {
    gemm_epilogue e = *this;
    e.transposed = !transposed;
    return e;
  }
};

/// Below this many multiply-adds (m * n * k) the work stays on one thread.
inline constexpr double gemm_parallel_threshold = 96.0 * 96.0 * 96.0;
/// Below this many multiply-adds a product skips packing altogether.
inline constexpr index_t gemm_small_threshold = 20 * 20 * 20;
/// The same for the vectorized unpacked kernel (B and C with unit column stride): below this
/// it beats packing.
inline constexpr index_t gemm_small_simd_threshold = 64 * 64 * 64;
/// On one thread the unpacked kernel, run over B in chunks of 4 vectors of columns, also beats
/// the packed engine for mid-size products: it skips packing and the edge tiles that sizes
/// just past a tile multiple pay for (sgemm n = 65: 57 -> 96 GFLOP/s, n = 100: 73 -> 100,
/// 256 x 256 x 4096: 103 -> 114, 8 x 64 x 200000: 26 -> 64). At 1024^3 multiply-adds the
/// two are even and some long shapes (4096 x 4096 x 64, 64 x 4096 x 4096) pack better, so it
/// stops at 2^29.
inline constexpr double gemm_unpacked_threshold = 536870912.0;

/// C = beta * C (beta == 0 writes zeros without reading C).
template <class T>
void gemm_scale(index_t m, index_t n, T beta, T* c, index_t rsc, index_t csc) {
  for (index_t i = 0; i < m; ++i)
    for (index_t j = 0; j < n; ++j) {
      T& x = c[i * rsc + j * csc];
      x = beta == T(0) ? T(0) : static_cast<T>(beta * x);
    }
}

/// Tiny products: no packing, no dispatch, one pass over C.
template <class T, class SA, class SB>
void gemm_small(index_t m, index_t n, index_t k, T alpha, gemm_operand<SA> a, gemm_operand<SB> b,
                T beta, T* c, index_t rsc, index_t csc) {
  using U = gemm_acc_t<T>;
  for (index_t i = 0; i < m; ++i) {
    const SA* ai = a.p + i * a.rs;
    for (index_t j = 0; j < n; ++j) {
      const SB* bj = b.p + j * b.cs;
      U acc = U(0);
      for (index_t p = 0; p < k; ++p)
        acc += static_cast<U>(static_cast<T>(ai[p * a.cs])) *
               static_cast<U>(static_cast<T>(bj[p * b.rs]));
      T& cij = c[i * rsc + j * csc];
      const U r = static_cast<U>(alpha) * acc;
      cij = beta == T(0) ? static_cast<T>(r)
                         : static_cast<T>(r + static_cast<U>(beta) * static_cast<U>(cij));
    }
  }
}

/// The blocked, packed product on one thread, with this thread's packing buffers.
template <class T, class SA, class SB>
void gemm_blocked(const gemm_kernel<T>& ker, const gemm_blocking& blk, index_t m, index_t n,
                  index_t k, T alpha, gemm_operand<SA> a, gemm_operand<SB> b, T beta, T* c,
                  index_t rsc, index_t csc, const gemm_epilogue<T>& ep) {
  const index_t mr = ker.mr, nr = ker.nr;
  const index_t kc_max = std::min(blk.kc, k);
  T* abuf =
      gemm_buffer<T, 0>(static_cast<std::size_t>(std::min(blk.mc, gemm_round_up(m, mr)) * kc_max));
  T* bbuf =
      gemm_buffer<T, 1>(static_cast<std::size_t>(std::min(blk.nc, gemm_round_up(n, nr)) * kc_max));
  for (index_t ic = 0; ic < m; ic += blk.mc) {
    const index_t mb = std::min(blk.mc, m - ic);
    const index_t mp = (mb + mr - 1) / mr;
    for (index_t pc = 0; pc < k; pc += blk.kc) {
      const index_t kb = std::min(blk.kc, k - pc);
      const T beta_k = pc == 0 ? beta : T(1);
      const bool last_k = pc + kb >= k;
      for (index_t ip = 0; ip < mp; ++ip)
        gemm_pack_a_panel(abuf + ip * mr * kb, a.p + (ic + ip * mr) * a.rs + pc * a.cs, a.rs, a.cs,
                          std::min(mr, mb - ip * mr), kb, mr);
      for (index_t jc = 0; jc < n; jc += blk.nc) {
        const index_t nb = std::min(blk.nc, n - jc);
        const index_t np = (nb + nr - 1) / nr;
        gemm_pack_b_rows(bbuf, b.p + pc * b.rs + jc * b.cs, b.rs, b.cs, nb, kb, nr, 0, kb);
        // Micro-tiles, A-panel-major so one A micro-panel stays in L1 across the B panels.
        for (index_t ip = 0; ip < mp; ++ip) {
          const index_t i = ic + ip * mr;
          for (index_t jp = 0; jp < np; ++jp) {
            const index_t j = jc + jp * nr;
            ker.fn(kb, abuf + ip * mr * kb, bbuf + jp * nr * kb, c + i * rsc + j * csc, rsc, csc,
                   alpha, beta_k, std::min(mr, m - i), std::min(nr, jc + nb - j));
          }
          // This MR x NC strip of C is final and still in L1/L2: run the epilogue on it now.
          if (last_k) ep(i, jc, std::min(mr, m - i), nb, c + i * rsc + jc * csc, rsc, csc);
        }
      }
    }
  }
}

#if defined(TENSR_USE_CBLAS)
/// With TENSR_USE_CBLAS, float and double products whose operands a BLAS can describe (one unit
/// stride each, positive leading dimensions) go to the CBLAS the program links.
template <class T>
bool gemm_cblas(index_t m, index_t n, index_t k, T alpha, gemm_operand<T> a, gemm_operand<T> b,
                T beta, T* c, index_t rsc, index_t csc) {
  const auto describe = [](const auto& x, index_t rows, index_t cols, CBLAS_TRANSPOSE& t,
                           index_t& ld) {
    if (x.cs == 1 && x.rs >= std::max<index_t>(1, cols)) {
      t = CblasNoTrans, ld = x.rs;
      return true;
    }
    if (x.rs == 1 && x.cs >= std::max<index_t>(1, rows)) {
      t = CblasTrans, ld = x.cs;
      return true;
    }
    return false;
  };
  CBLAS_TRANSPOSE ta{}, tb{};
  index_t lda = 0, ldb = 0;
  if (csc != 1 || rsc < std::max<index_t>(1, n) || !describe(a, m, k, ta, lda) ||
      !describe(b, k, n, tb, ldb))
    return false;
  constexpr index_t int_max = 2147483647;
  if (std::max({m, n, k, lda, ldb, rsc}) > int_max) return false;
  const auto i = [](index_t v) { return static_cast<int>(v); };
  if constexpr (std::is_same_v<T, float>)
    cblas_sgemm(CblasRowMajor, ta, tb, i(m), i(n), i(k), alpha, a.p, i(lda), b.p, i(ldb), beta, c,
                i(rsc));
  else
    cblas_dgemm(CblasRowMajor, ta, tb, i(m), i(n), i(k), alpha, a.p, i(lda), b.p, i(ldb), beta, c,
                i(rsc));
  return true;
}
#endif

/// C(m x n) = alpha * A(m x k) B(k x n) + beta * C on raw strided operands. C must not
/// overlap A or B (the public entry points copy an overlapping operand first).
/// The epilogue `ep` (if any) sees every element of C once, after its final value.
template <class T, class SA, class SB>
void gemm_raw(index_t m, index_t n, index_t k, T alpha, gemm_operand<SA> a, gemm_operand<SB> b,
              T beta, T* c, index_t rsc, index_t csc, const gemm_epilogue<T>& ep = {}) {
  if (m == 0 || n == 0) return;
  // The unpacked paths finish all of C at once; the epilogue then runs on all of it.
  const auto whole = [&] { ep(0, 0, m, n, c, rsc, csc); };
  if (k == 0 || alpha == T(0)) return gemm_scale(m, n, beta, c, rsc, csc), whole();
  // A column-major C: compute C^T = B^T A^T so the kernel's vectors run along memory.
  if (std::abs(csc) != 1 && std::abs(rsc) == 1) {
    return gemm_raw(n, m, k, alpha, gemm_operand<SB>{b.p, b.cs, b.rs},
                    gemm_operand<SA>{a.p, a.cs, a.rs}, beta, c, csc, rsc, ep.transposed_view());
  }
  // m * n * k in double: the product of three sizes may not fit index_t.
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
#if defined(TENSR_USE_CBLAS)
  if constexpr ((std::is_same_v<T, float> || std::is_same_v<T, double>)&&std::is_same_v<SA, T> &&
                std::is_same_v<SB, T>) {
    if (gemm_cblas(m, n, k, alpha, a, b, beta, c, rsc, csc)) return whole();
  }
#endif
  [[maybe_unused]] const int nt = work >= gemm_parallel_threshold ? get_num_threads() : 1;
  if constexpr (std::is_same_v<SA, T> && std::is_same_v<SB, T>) {
    // (A test that shrinks the cache blocks wants the packed engine: it stays there.)
    const bool unpacked =
        work <= double(gemm_small_simd_threshold) ||
        (nt == 1 && work <= gemm_unpacked_threshold && !gemm_blocking_overridden());
    if (unpacked && b.cs == 1 && csc == 1) {
      if (const auto f = gemm_select_small<T>(n)) {
        f(1, m, n, k, alpha, a.p, a.rs, a.cs, 0, b.p, b.rs, 0, beta, c, rsc, 0);
        return whole();
      }
    }
  }
  if (work <= double(gemm_small_threshold))
    return gemm_small(m, n, k, alpha, a, b, beta, c, rsc, csc), whole();

  const gemm_kernel<T> ker = gemm_select_kernel<T>();
  const gemm_blocking blk = gemm_blocking_for(ker);
#if defined(TENSR_OPENMP)
  if (nt > 1) {
    // Threads share no packed data and never wait for each other: C is cut into a few
    // independent strips (columns when C is wide, rows when it is tall), taken from a shared
    // counter, each computed with the thread's own packing buffers. A thread the OS delays
    // simply takes fewer strips. Splitting columns repacks A once per strip, which costs
    // about strips / n of the arithmetic.
    const bool by_cols = n >= m;
    const index_t unit = by_cols ? ker.nr : ker.mr;
    const index_t len = by_cols ? n : m;
    const index_t units = (len + unit - 1) / unit;
    const index_t strips = std::min<index_t>(units, 2 * static_cast<index_t>(nt));
    std::atomic<index_t> next{0};
    // An exception (a failed buffer allocation, a throwing epilogue) must not leave the
    // parallel region: the first one is kept, the other threads stop taking strips, and it
    // is rethrown on the calling thread.
    std::exception_ptr error;
#pragma omp parallel num_threads(nt)
    {
      for (index_t s; (s = next.fetch_add(1, std::memory_order_relaxed)) < strips;) {
        const index_t lo = std::min(len, units * s / strips * unit);
        const index_t hi = std::min(len, units * (s + 1) / strips * unit);
        if (lo >= hi) continue;
        try {
          if (by_cols)
            gemm_blocked(ker, blk, m, hi - lo, k, alpha, a,
                         gemm_operand<SB>{b.p + lo * b.cs, b.rs, b.cs}, beta, c + lo * csc, rsc,
                         csc, ep.shifted(0, lo));
          else
            gemm_blocked(ker, blk, hi - lo, n, k, alpha,
                         gemm_operand<SA>{a.p + lo * a.rs, a.rs, a.cs}, b, beta, c + lo * rsc, rsc,
                         csc, ep.shifted(lo, 0));
        } catch (...) {
          next.store(strips, std::memory_order_relaxed);
#pragma omp critical(tensr_gemm_error)
          if (!error) error = std::current_exception();
        }
      }
    }
    if (error) std::rethrow_exception(error);
    return;
  }
#endif
  gemm_blocked(ker, blk, m, n, k, alpha, a, b, beta, c, rsc, csc, ep);
}

template <class X>
inline constexpr bool is_writable_view_v = !std::is_const_v<typename decltype(as_view(
    std::declval<std::remove_reference_t<X>&>()))::element_type>;

}  // namespace detail

namespace detail {

/// gemm's checks and overlap handling, shared by both public forms.
template <class Alpha, class XA, class XB, class Beta, class XC>
void gemm_views(Alpha alpha, const XA& a, const XB& b, Beta beta, XC&& c,
                const gemm_epilogue<value_type_of<XC>>& ep) {
  static_assert(rank_of<XA> == 2 && rank_of<XB> == 2 && rank_of<XC> == 2,
                "tensr::gemm: A, B and C must be rank-2 tensors or views");
  static_assert(is_writable_view_v<XC>, "tensr::gemm: C must be writable (not const)");
  using T = value_type_of<XC>;
  static_assert(!std::is_same_v<T, bool>, "tensr::gemm: bool matrices are not supported");
  static_assert(std::is_arithmetic_v<Alpha> && std::is_arithmetic_v<Beta>,
                "tensr::gemm: alpha and beta must be numbers");
  const auto av = as_view(a);
  const auto bv = as_view(b);
  const auto cv = as_view(c);
  if (av.shape()[1] != bv.shape()[0])
    throw shape_error("gemm: shapes " + shape_str(av.shape()) + " and " + shape_str(bv.shape()) +
                      " not aligned: " + std::to_string(av.shape()[1]) +
                      " (dim 1) != " + std::to_string(bv.shape()[0]) + " (dim 0)");
  if (cv.shape()[0] != av.shape()[0] || cv.shape()[1] != bv.shape()[1])
    throw shape_error("gemm: output of shape " + shape_str(cv.shape()) +
                      " does not fit the product of " + shape_str(av.shape()) + " and " +
                      shape_str(bv.shape()) + ", which has shape " +
                      shape_str(shape_t<2>{av.shape()[0], bv.shape()[1]}));
  using SA = value_type_of<XA>;
  using SB = value_type_of<XB>;
  const index_t m = cv.shape()[0], n = cv.shape()[1], k = av.shape()[1];
  const auto run = [&](const auto& ta, const auto& tb) {
    using PA = std::remove_const_t<std::remove_pointer_t<decltype(ta.data())>>;
    using PB = std::remove_const_t<std::remove_pointer_t<decltype(tb.data())>>;
    gemm_raw<T>(m, n, k, static_cast<T>(alpha),
                gemm_operand<PA>{ta.data(), ta.strides()[0], ta.strides()[1]},
                gemm_operand<PB>{tb.data(), tb.strides()[0], tb.strides()[1]}, static_cast<T>(beta),
                cv.data(), cv.strides()[0], cv.strides()[1], ep);
  };
  const bool oa =
      may_overlap(cv.data(), cv.shape(), cv.strides(), av.data(), av.shape(), av.strides());
  const bool ob =
      may_overlap(cv.data(), cv.shape(), cv.strides(), bv.data(), bv.shape(), bv.strides());
  if (oa && ob) {
    const Tensor<SA, 2> ta(av);
    const Tensor<SB, 2> tb(bv);
    run(ta.view(), tb.view());
  } else if (oa) {
    const Tensor<SA, 2> ta(av);
    run(ta.view(), bv);
  } else if (ob) {
    const Tensor<SB, 2> tb(bv);
    run(av, tb.view());
  } else {
    run(av, bv);
  }
}

}  // namespace detail

/// C = alpha * A B + beta * C (BLAS's gemm) on rank-2 tensors or views of any strides,
/// including transposed (`W.t()`), sliced and flipped ones; allocates nothing unless C
/// overlaps A or B, in which case the result is NumPy's (the inputs are read first).
/// A and B may have other element types than C; they are converted while packing.
/// beta == 0 never reads C. Throws shape_error when the shapes do not fit.
template <class Alpha, tensor_like XA, tensor_like XB, class Beta, view_source XC>
void gemm(Alpha alpha, const XA& a, const XB& b, Beta beta, XC&& c) {
  detail::gemm_views(alpha, a, b, beta, c, {});
}

/// gemm with an epilogue: `ep(row0, col0, block)` is called exactly once for every block of
/// C after the block holds its final value alpha*A*B + beta*C, with `block` a writable
/// TensorView<T, 2> of C starting at (row0, col0). Blocks are disjoint and cover C; they may
/// be visited from several threads at once, so `ep` must only touch its block (and read
/// shared data). This is how nn::Linear adds its bias and activation while C is in cache:
/// the blocked engine hands over each MR-row strip of a cache block as soon as its last
/// depth block is added, the small-product paths hand over all of C once. An empty C has
/// no blocks.
template <class Alpha, tensor_like XA, tensor_like XB, class Beta, view_source XC, class Epilogue>
void gemm(Alpha alpha, const XA& a, const XB& b, Beta beta, XC&& c, const Epilogue& ep) {
  using T = value_type_of<XC>;
  static_assert(std::is_invocable_v<const Epilogue&, index_t, index_t, TensorView<T, 2>>,
                "tensr::gemm: the epilogue must be callable as ep(row0, col0, TensorView<T, 2>)");
  detail::gemm_epilogue<T> e;
  e.ctx = &ep;
  e.fn = [](const void* ctx, index_t row0, index_t col0, TensorView<T, 2> block) {
    (*static_cast<const Epilogue*>(ctx))(row0, col0, block);
  };
  detail::gemm_views(alpha, a, b, beta, c, e);
}

TENSR_NAMESPACE_END
