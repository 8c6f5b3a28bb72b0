// The GEMM's packed engine on one thread and the pieces every GEMM path shares: the cache
// blocking (MC, KC, NC, with the cache model that sets them), per-thread packing buffers,
// strided operands, the epilogue that runs on finished blocks of C, the scalar product for
// element types without vector kernels, and the call into a CBLAS (TENSR_USE_CBLAS).
//
// The packed engine is the classic loop nest around a register-tile micro-kernel
// (gemm_kernels.hpp) on packed copies of A and B (gemm_pack.hpp): rows of A by MC, depth by
// KC, columns of B by NC, then MR x NR tiles. Which product takes which path, and on how many
// threads, is decided in one place: linalg/gemm_dispatch.hpp.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/tensor_view.hpp"
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

/// Test hook: shrink (or reset, with {}) the packed engine's cache blocks so that small
/// matrices run its multi-block and edge-tile paths (with gemm_force_path(gemm_path::packed),
/// linalg/gemm_dispatch.hpp). Sizes are rounded up to whole micro-tiles. Routing never reads it.
inline void set_gemm_blocking(gemm_blocking b) noexcept {
  gemm_blocking_override()[0].store(b.mc);
  gemm_blocking_override()[1].store(b.kc);
  gemm_blocking_override()[2].store(b.nc);
}

/// Default blocks, and why. The loops run (outer to inner): rows of A by MC (packing an
/// MC x KC block of A), depth by KC, columns of B by NC (packing a KC x NC block of B), then
/// micro-panels of A by MR, then micro-panels of B by NR.
/// The machine this was tuned on: L1d 32 KiB and L2 1 MiB per core, L3 shared (2 MiB+ per
/// core).
///  - KC: one MR x KC micro-panel of A stays in L1 while the innermost loop streams every
///    B micro-panel past it: 12 x 384 floats = 18 KiB, about half of L1, the other half for
///    the B micro-panel streaming through and for C. Doubles take 12 x 256 = 24 KiB: a deeper
///    panel halves how often the 12 x 16 tile of C is loaded and stored per multiply-add
///    (the double tile holds half the columns), which measured faster than 12 x 192.
///  - NC: the packed KC x NC block of B is reused by every MR-row micro-panel of A, so it
///    lives in L2: 384 x 480 floats = 720 KiB (256 x 384 doubles = 768 KiB) of the 1 MiB.
///  - MC: the packed MC x KC block of A is reused by every NC block of B, so it lives in L3:
///    3072 x 384 floats = 4.5 MiB. B is repacked once per MC rows, which for MC = 3072 costs
///    about 1/3072 of the arithmetic.
/// The AVX2 kernel (6 x 16 floats, 6 x 8 doubles) runs on cores with less cache: L1d 32 KiB,
/// L2 256 KiB (Haswell/Skylake client) or 512 KiB (Zen), L3 about 2 MiB per core. Its blocks:
///  - KC = 256: the 6 x 256 micro-panel of A (6 KiB float, 12 KiB double) and the 256-deep B
///    micro-panel streaming past it (16 KiB either type) share L1 with room for C.
///  - NC: the KC x NC block of B takes about 160 KiB, well within the smaller 256 KiB L2 that
///    also carries A's micro-panels and C: 256 x 160 floats, 256 x 80 doubles.
///  - MC: the MC x KC block of A takes about 1.1 MiB, half of a core's share of L3: 1152 rows
///    of floats, 576 of doubles; B is repacked once per MC rows, about 1/1152 of the work.
/// The portable kernel uses smaller blocks.
template <class T>
gemm_blocking gemm_default_blocking(const gemm_kernel<T>& k) noexcept {
  if (k.kind == gemm_kernel_kind::generic) return {1024, 256, 512};
  if (k.kind == gemm_kernel_kind::avx2) {
    if constexpr (sizeof(T) == 4)
      return {1152, 256, 160};
    else
      return {576, 256, 80};
  }
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

/// C = beta * C (beta == 0 writes zeros without reading C).
template <class T>
void gemm_scale(index_t m, index_t n, T beta, T* c, index_t rsc, index_t csc) {
  for (index_t i = 0; i < m; ++i)
    for (index_t j = 0; j < n; ++j) {
      T& x = c[i * rsc + j * csc];
      x = beta == T(0) ? T(0) : static_cast<T>(beta * x);
    }
}

/// The scalar triple loop: any element types and strides, no packing, one pass over C.
template <class T, class SA, class SB>
void gemm_naive(index_t m, index_t n, index_t k, T alpha, gemm_operand<SA> a, gemm_operand<SB> b,
                T beta, T* c, index_t rsc, index_t csc) {
  using U = gemm_acc_t<T>;
  for (index_t i = 0; i < m; ++i) {
    const SA* ai = a.p + i * a.rs;
    for (index_t j = 0; j < n; ++j) {
      const SB* bj = b.p + j * b.cs;
      U acc = U(0);
      for (index_t p = 0; p < k; ++p)
        acc += static_cast<U>(convert<T>(ai[p * a.cs])) * static_cast<U>(convert<T>(bj[p * b.rs]));
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

}  // namespace detail
TENSR_NAMESPACE_END
