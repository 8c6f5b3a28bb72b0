// The one entry point of every matrix product in tensr -- gemm, matmul, dot, inner, vdot,
// bmm, tensordot, einsum and nn::Linear all call gemm_run -- and every decision about how a
// product runs: which path, every size threshold (each with its reason, below), and how its
// work is split among threads.
//
// A problem is a batch of equally shaped products C[q] = alpha A[q] B[q] + beta C[q] on strided
// operands, the batch given as axes (rank known at run time) with each operand's stride along
// them (0 where an operand is shared), and an optional epilogue on finished blocks of C (single
// products only). The router:
//   1. collapses the batch axes (core/layout.hpp); a batch that shares B and whose A and C rows
//      merge with the batch axes becomes one product with more rows (no tiling, no copy);
//   2. runs a batch of small products through one call of an unpacked kernel per thread's share
//      of the batch, and any other batch one product at a time;
//   3. runs one product on the first path that applies: a CBLAS (TENSR_USE_CBLAS), the
//      unpacked kernels (tiny, B-in-registers, row-streaming, and dot products when B is
//      stored transposed; gemm_kernels.hpp) up to gemm_unpacked_limit() while their chunk of
//      B stays in cache (gemm_b_chunk_fits), the
//      scalar loop for small products of other types or strides, else the packed engine
//      (gemm_engine.hpp).
// Threads never change a result: the path is chosen from shapes, strides and types alone, and
// threads split C -- rows or columns of one product, or whole products of a batch -- without
// changing any element's order of summation, so results are bit-identical for every thread
// count. (A CBLAS, with TENSR_USE_CBLAS, follows its own rules.) Tests choose a path with
// gemm_force_path, never by changing these thresholds.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <numeric>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/threads.hpp"
#include "tensr/linalg/gemm_engine.hpp"
#include "tensr/linalg/gemm_kernels.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

// ---- thresholds, in multiply-adds (m * n * k of one product) ----------------------------------

/// Below this much work (a product, or a whole batch) everything stays on one thread: opening
/// a parallel region and waking a second thread costs about as much as the product itself.
inline constexpr double gemm_parallel_threshold = 96.0 * 96.0 * 96.0;
/// Products up to this size whose B and C have unit column stride skip packing and run the
/// unpacked kernels over B (in column chunks, gemm_small_chunk): below it packing costs more
/// than it saves, and it avoids the packed engine's edge tiles for sizes just past a tile
/// multiple. Above it, long shapes (4096 x 4096 x 64, 64 x 4096 x 4096) pack better.
inline constexpr double gemm_unpacked_threshold = 536870912.0;  // 2^29
/// The same at the AVX2 level, lower: its 16 ymm registers hold 6 rows of a 2-vector chunk
/// (16 floats, 8 doubles) instead of 4 zmm vectors, so every row of A is read once per 16
/// floats of C's row instead of 64, and once A outgrows the 256-512 KiB L2 of AVX2-class cores
/// each chunk streams it from L3; the packed engine reads A from its packed L1 panel.
inline constexpr double gemm_unpacked_threshold_avx2 = 16777216.0;  // 2^24 = 256^3
/// The row-streaming unpacked kernels' limit at the active GEMM level (the dot-product kernel
/// keeps gemm_unpacked_threshold: it reads A once per 4 columns of C at either level).
inline double gemm_unpacked_limit() noexcept {
  return gemm_active_kernel() == gemm_kernel_kind::avx2 ? gemm_unpacked_threshold_avx2
                                                        : gemm_unpacked_threshold;
}
/// The unpacked kernels keep a chunk of B -- k rows of 256 bytes (AVX-512) or 64 (AVX2) -- in
/// cache while every row of A passes over it. Rows of B whose distance is a multiple of a large
/// power of two fall into few cache sets (L2 sets repeat every 64 KiB on common cores) and the
/// chunk then evicts itself, halving the kernel's speed or worse; the packed engine copies B into
/// contiguous panels instead. A chunk of up to 64 rows always fits; a longer one must spread so
/// that at most 8 of its lines share a set (half the ways of a 16-way L2).
inline bool gemm_b_chunk_fits(index_t k, index_t b_row_bytes) noexcept {
  constexpr index_t period = 65536;
  if (k <= 64) return true;
  const index_t s = std::abs(b_row_bytes) % period;
  const index_t groups = std::min<index_t>(period / std::gcd(s == 0 ? period : s, period), 256);
  return k <= 8 * groups;
}
/// Products of other element types or strides (no vector kernel) up to this size take the
/// scalar loop: packing them would cost more than the loop itself.
inline constexpr double gemm_naive_threshold = 20.0 * 20.0 * 20.0;
/// A batch whose products are each at most this size runs whole products on each thread;
/// larger products run one after the other, each split over the threads.
inline constexpr double gemm_batch_split_threshold = 64.0 * 64.0 * 64.0;

// ---- the test knob -----------------------------------------------------------------------------

/// The paths a product can take: `naive` (the scalar loop; any product), `unpacked` (the
/// unpacked vector kernels; products whose B and C have unit column stride and one element type
/// with a kernel at the active level -- others take their automatic path), `packed` (the packed
/// engine; any product). `automatic` is the routing above.
enum class gemm_path { automatic, naive, unpacked, packed };

inline std::atomic<gemm_path>& gemm_forced_path() noexcept {
  static std::atomic<gemm_path> p{gemm_path::automatic};
  return p;
}
/// Test hook: make every product take path p from now on (automatic: the routing again).
inline void gemm_force_path(gemm_path p) noexcept { gemm_forced_path().store(p); }

// ---- the problem --------------------------------------------------------------------------------

/// A batch of products C[q] = alpha A[q] B[q] + beta C[q], each m x n x k. C must not share
/// memory with A or B (the public entry points copy such an operand first).
template <class T, class SA, class SB>
struct gemm_problem {
  index_t m = 0, n = 0, k = 0;
  T alpha = T(1), beta = T(0);
  gemm_operand<SA> a{};
  gemm_operand<SB> b{};
  T* c = nullptr;
  index_t rsc = 0, csc = 0;
  /// Batch axes: sizes and the strides of A, B and C along them.
  std::size_t batch_rank = 0;
  const index_t* batch = nullptr;
  std::array<const index_t*, 3> batch_strides{};
  /// Run on every finished block of C; single products only (batch_rank 0).
  gemm_epilogue<T> ep{};
};

// ---- threads ------------------------------------------------------------------------------------

/// f(lo, hi) over [0, count) cut into `parts` contiguous pieces of whole `grain`s, run as
/// tasks on up to nt threads of tensr's pool (core/threads.hpp: a thread the OS delays takes
/// fewer pieces, and the caller never waits for one that has not started).
template <class F>
void gemm_parallel(int nt, index_t count, index_t grain, index_t parts, const F& f) {
  const index_t units = (count + grain - 1) / grain;
  parts = std::max<index_t>(1, std::min(parts, units));
  if (nt <= 1 || parts == 1) return f(index_t{0}, count);
  struct ctx_t {
    const F& f;
    index_t count, grain, units, parts;
  } ctx{f, count, grain, units, parts};
  parallel_run(
      nt, parts,
      [](const void* p, index_t i) {
        const auto& c = *static_cast<const ctx_t*>(p);
        const index_t lo = std::min(c.count, c.units * i / c.parts * c.grain);
        const index_t hi = std::min(c.count, c.units * (i + 1) / c.parts * c.grain);
        if (lo < hi) c.f(lo, hi);
      },
      &ctx);
}

/// Threads for `work` multiply-adds: 1 below the threshold, else the library's setting, at
/// most `cap` when cap > 0. (The setting is asked only when it matters: asking costs a call
/// into the OpenMP runtime.)
inline int gemm_threads(double work, int cap = 0) noexcept {
  if (work < gemm_parallel_threshold || cap == 1) return 1;
  const int n = get_num_threads();
  return cap > 0 && cap < n ? cap : n;
}

// ---- one product --------------------------------------------------------------------------------

/// The unpacked kernel for this product at the active level, when it has one: the tiny
/// kernels, then B in registers, then the row-streaming kernel for n columns.
template <class T>
gemm_small_fn<T> gemm_unpacked_kernel(index_t m, index_t n, index_t k, gemm_operand<T> a,
                                      gemm_operand<T> b, T beta, index_t rsc) noexcept {
  if (const auto f = gemm_select_tiny<T>(m, n, k, a.rs, a.cs, b.rs, rsc)) return f;
  if (const auto f = gemm_select_bregs<T>(n, k, a.cs, beta)) return f;
  return gemm_select_small<T>(n);
}

/// The packed engine on nt threads: C is cut into independent strips (columns when C is wide,
/// rows when it is tall), taken from a shared counter, each computed with the thread's own
/// packing buffers; a thread the OS delays simply takes fewer strips. Splitting columns
/// repacks A once per strip, which costs about strips / n of the arithmetic.
template <class T, class SA, class SB>
void gemm_packed(int nt, index_t m, index_t n, index_t k, T alpha, gemm_operand<SA> a,
                 gemm_operand<SB> b, T beta, T* c, index_t rsc, index_t csc,
                 const gemm_epilogue<T>& ep) {
  const gemm_kernel<T> ker = gemm_select_kernel<T>();
  const gemm_blocking blk = gemm_blocking_for(ker);
  if (nt <= 1) return gemm_blocked(ker, blk, m, n, k, alpha, a, b, beta, c, rsc, csc, ep);
  const bool by_cols = n >= m;
  gemm_parallel(nt, by_cols ? n : m, by_cols ? ker.nr : ker.mr, 2 * static_cast<index_t>(nt),
                [&](index_t lo, index_t hi) {
                  if (by_cols)
                    gemm_blocked(ker, blk, m, hi - lo, k, alpha, a,
                                 gemm_operand<SB>{b.p + lo * b.cs, b.rs, b.cs}, beta, c + lo * csc,
                                 rsc, csc, ep.shifted(0, lo));
                  else
                    gemm_blocked(ker, blk, hi - lo, n, k, alpha,
                                 gemm_operand<SA>{a.p + lo * a.rs, a.rs, a.cs}, b, beta,
                                 c + lo * rsc, rsc, csc, ep.shifted(lo, 0));
                });
}

/// One product on the first path that applies (see the top of this file), on up to `cap`
/// threads (0: the library's setting).
template <class T, class SA, class SB>
void gemm_one(int cap, index_t m, index_t n, index_t k, T alpha, gemm_operand<SA> a,
              gemm_operand<SB> b, T beta, T* c, index_t rsc, index_t csc,
              const gemm_epilogue<T>& ep) {
  if (m == 0 || n == 0) return;
  // The unpacked paths finish all of C at once; the epilogue then runs on all of it.
  const auto whole = [&] { ep(0, 0, m, n, c, rsc, csc); };
  if (k == 0 || alpha == T(0)) return gemm_scale(m, n, beta, c, rsc, csc), whole();
  // A column-major C: compute C^T = B^T A^T so the kernels' vectors run along memory.
  if (std::abs(csc) != 1 && std::abs(rsc) == 1)
    return gemm_one(cap, n, m, k, alpha, gemm_operand<SB>{b.p, b.cs, b.rs},
                    gemm_operand<SA>{a.p, a.cs, a.rs}, beta, c, csc, rsc, ep.transposed_view());
  // m * n * k in double: the product of three sizes may not fit index_t.
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  const gemm_path forced = gemm_forced_path().load(std::memory_order_relaxed);
#if defined(TENSR_USE_CBLAS)
  if constexpr ((std::is_same_v<T, float> || std::is_same_v<T, double>)&&std::is_same_v<SA, T> &&
                std::is_same_v<SB, T>) {
    if (forced == gemm_path::automatic && gemm_cblas(m, n, k, alpha, a, b, beta, c, rsc, csc))
      return whole();
  }
#endif
  if constexpr (std::is_same_v<SA, T> && std::is_same_v<SB, T>) {
    const bool want = forced == gemm_path::unpacked ||
                      (forced == gemm_path::automatic && work <= gemm_unpacked_threshold &&
                       gemm_b_chunk_fits(k, b.rs * index_t(sizeof(T))));
    // The row-streaming kernels stop lower at the AVX2 level (gemm_unpacked_threshold_avx2).
    const bool want_rows = want && (forced == gemm_path::unpacked || work <= gemm_unpacked_limit());
    // The unpacked kernels finish whole rows: threads take blocks of rows (each row's sums are
    // the same on any of them), and the epilogue runs on each block.
    const auto by_rows = [&](const auto& rows) {
      const int threads = gemm_threads(work, cap);
      gemm_parallel(threads, m, 24, threads, [&](index_t lo, index_t hi) {
        rows(lo, hi);
        ep(lo, 0, hi - lo, n, c + lo * rsc, rsc, csc);
      });
    };
    if (want_rows && b.cs == 1 && csc == 1) {
      if (const auto f = gemm_unpacked_kernel<T>(m, n, k, a, b, beta, rsc))
        return by_rows([&](index_t lo, index_t hi) {
          f(1, hi - lo, n, k, alpha, a.p + lo * a.rs, a.rs, a.cs, 0, b.p, b.rs, 0, beta,
            c + lo * rsc, rsc, 0);
        });
    }
    // B stored transposed (nn.Linear's x.matmul(W.t())): dot products of contiguous rows.
    if (want && b.rs == 1 && b.cs != 1 && a.cs == 1 && csc == 1) {
      if (const auto f = gemm_select_dot<T>(m, k))
        return by_rows([&](index_t lo, index_t hi) {
          f(hi - lo, n, k, alpha, a.p + lo * a.rs, a.rs, b.p, b.cs, beta, c + lo * rsc, rsc);
        });
    }
  }
  if (forced == gemm_path::naive || (forced != gemm_path::packed && work <= gemm_naive_threshold))
    return gemm_naive(m, n, k, alpha, a, b, beta, c, rsc, csc), whole();
  gemm_packed(gemm_threads(work, cap), m, n, k, alpha, a, b, beta, c, rsc, csc, ep);
}

// ---- batches ------------------------------------------------------------------------------------

/// The entry point: runs problem p (see gemm_problem) on up to get_num_threads() threads.
template <class T, class SA, class SB>
void gemm_run(const gemm_problem<T, SA, SB>& p) {
  if (p.batch_rank == 0)
    return gemm_one(0, p.m, p.n, p.k, p.alpha, p.a, p.b, p.beta, p.c, p.rsc, p.csc, p.ep);
  collapsed<3> bt;
  collapse(p.batch_rank, p.batch, p.batch_strides, bt);
  if (bt.empty || p.m == 0 || p.n == 0) return;
  if (bt.rank == 0)
    return gemm_one(0, p.m, p.n, p.k, p.alpha, p.a, p.b, p.beta, p.c, p.rsc, p.csc, p.ep);
  // B shared by the whole batch: (batch, m) rows of A and C that merge into one strided axis
  // make one product of batch * m rows -- (B, n, k) @ (k, m) is one GEMM.
  bool b_shared = true;
  for (std::size_t i = 0; i < bt.rank; ++i) b_shared = b_shared && bt.strides[1][i] == 0;
  if (b_shared) {
    axes_buffer sh{}, sa{}, sc{};
    for (std::size_t i = 0; i < bt.rank; ++i)
      sh[i] = bt.shape[i], sa[i] = bt.strides[0][i], sc[i] = bt.strides[2][i];
    sh[bt.rank] = p.m, sa[bt.rank] = p.a.rs, sc[bt.rank] = p.rsc;
    index_t rows = 0, ars = 0, crs = 0;
    if (merge_axes(bt.rank + 1, sh.data(), sa.data(), rows, ars) &&
        merge_axes(bt.rank + 1, sh.data(), sc.data(), rows, crs))
      return gemm_one(0, rows, p.n, p.k, p.alpha, gemm_operand<SA>{p.a.p, ars, p.a.cs}, p.b, p.beta,
                      p.c, crs, p.csc, p.ep);
  }
  index_t batches = 1;
  for (std::size_t i = 0; i < bt.rank; ++i) batches *= bt.shape[i];
  const double work =
      static_cast<double>(p.m) * static_cast<double>(p.n) * static_cast<double>(p.k);
  const int nt_batch = gemm_threads(work * static_cast<double>(batches));
  // Many small products along one batch axis: one call of an unpacked kernel runs each
  // thread's share of the batch.
  if constexpr (std::is_same_v<SA, T> && std::is_same_v<SB, T>) {
    const gemm_path forced = gemm_forced_path().load(std::memory_order_relaxed);
    const bool want = forced == gemm_path::unpacked ||
                      (forced == gemm_path::automatic && work <= gemm_batch_split_threshold);
    if (want && bt.rank == 1 && p.b.cs == 1 && p.csc == 1 && p.k > 0 && p.alpha != T(0)) {
      if (const auto f = gemm_unpacked_kernel<T>(p.m, p.n, p.k, p.a, p.b, p.beta, p.rsc)) {
        const index_t sa = bt.strides[0][0], sb = bt.strides[1][0], sc = bt.strides[2][0];
        gemm_parallel(nt_batch, batches, 1, nt_batch, [&](index_t q0, index_t q1) {
          f(q1 - q0, p.m, p.n, p.k, p.alpha, p.a.p + q0 * sa, p.a.rs, p.a.cs, sa, p.b.p + q0 * sb,
            p.b.rs, sb, p.beta, p.c + q0 * sc, p.rsc, sc);
        });
        return;
      }
    }
  }
  // One product at a time: small ones whole on each thread, large ones split over the threads.
  const auto run = [&](index_t q, int threads) {
    index_t oa = 0, ob = 0, oc = 0;
    for (std::size_t i = bt.rank; i-- > 0;) {
      const index_t idx = q % bt.shape[i];
      q /= bt.shape[i];
      oa += idx * bt.strides[0][i], ob += idx * bt.strides[1][i], oc += idx * bt.strides[2][i];
    }
    // With k == 0, A and B hold no element and may be null: no offset is applied to them.
    const bool empty = p.k == 0;
    gemm_one(threads, p.m, p.n, p.k, p.alpha,
             gemm_operand<SA>{empty ? p.a.p : p.a.p + oa, p.a.rs, p.a.cs},
             gemm_operand<SB>{empty ? p.b.p : p.b.p + ob, p.b.rs, p.b.cs}, p.beta, p.c + oc, p.rsc,
             p.csc, gemm_epilogue<T>{});
  };
  if (work <= gemm_batch_split_threshold) {
    gemm_parallel(nt_batch, batches, 1, nt_batch, [&](index_t q0, index_t q1) {
      for (index_t q = q0; q < q1; ++q) run(q, 1);
    });
  } else {
    for (index_t q = 0; q < batches; ++q) run(q, 0);
  }
}

/// The entry point for one product C = alpha A B + beta C (a problem without batch axes,
/// without compiling the batch's paths).
template <class T, class SA, class SB>
void gemm_run(index_t m, index_t n, index_t k, T alpha, gemm_operand<SA> a, gemm_operand<SB> b,
              T beta, T* c, index_t rsc, index_t csc, const gemm_epilogue<T>& ep = {}) {
  gemm_one(0, m, n, k, alpha, a, b, beta, c, rsc, csc, ep);
}

}  // namespace detail
TENSR_NAMESPACE_END
