// GEMM micro-kernels for AArch64 (Advanced SIMD, "NEON"), float and double, with the
// signature and contract of linalg/gemm_kernels.hpp's: one MR x NR tile of
// C = alpha * A_panel * B_panel + beta * C from k-major packed panels, the vectors running
// along C's columns, partial tiles and other column strides through a stack tile, and
// beta == 0 never reading C. NEON is part of every AArch64 CPU, so these are the kernels of
// the `generic` level there: linalg/gemm_kernels.hpp's selector takes them at compile time,
// no run-time check is needed.
//
// Tile shapes. AArch64 has 32 128-bit registers and an FMA that takes one factor from a lane
// of another register (fmla v.4s, v.4s, v.s[i]), so a k-step loads a column of A's panel as
// whole vectors and multiplies each row's lane into that row's accumulators, with no
// broadcast instruction. The tile is chosen for the most accumulators that leave room for
// one k-step's loads:
//   float  12 x 8: 12 rows x 2 vectors = 24 accumulators, + 3 vectors of A + 2 of B = 29;
//   double  6 x 8:  6 rows x 4 vectors = 24 accumulators, + 3 vectors of A + 4 of B = 31.
// Each k-step then issues 24 FMAs for 5 (float) or 7 (double) loads, which keeps the two
// FMA pipes of Cortex-A7x / Neoverse cores ahead of their load ports. The float tile is
// 12 x 8 rather than 8 x 12 (the same counts) because the packing routines
// (linalg/gemm_pack.hpp) have fast paths for 12-row A and 8-column B panels; the double
// tile's 6 rows and 8 columns are among them too.
#pragma once

#include "tensr/core/internal.hpp"

#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/shape.hpp"

#if defined(__aarch64__)
#include <arm_neon.h>
#endif

TENSR_NAMESPACE_BEGIN
namespace detail {

#if defined(__aarch64__)

/// Vector operations of the float kernel (4 lanes per register) and its 12 x 8 tile.
struct gemm_neon_f32 {
  using T = float;
  using V = float32x4_t;
  static constexpr int W = 4, MR = 12, NV = 2, NR = NV * W;
  static V zero() noexcept { return vdupq_n_f32(0.0f); }
  static V set1(T x) noexcept { return vdupq_n_f32(x); }
  static V load(const T* p) noexcept { return vld1q_f32(p); }
  static void store(T* p, V v) noexcept { vst1q_f32(p, v); }
  static V mul(V a, V b) noexcept { return vmulq_f32(a, b); }
  /// c + a * b
  static V fma(V c, V a, V b) noexcept { return vfmaq_f32(c, a, b); }
  /// c + b * lane L of a
  template <int L>
  static V fma_lane(V c, V b, V a) noexcept {
    return vfmaq_laneq_f32(c, b, a, L);
  }
};

/// Vector operations of the double kernel (2 lanes per register) and its 6 x 8 tile.
struct gemm_neon_f64 {
  using T = double;
  using V = float64x2_t;
  static constexpr int W = 2, MR = 6, NV = 4, NR = NV * W;
  static V zero() noexcept { return vdupq_n_f64(0.0); }
  static V set1(T x) noexcept { return vdupq_n_f64(x); }
  static V load(const T* p) noexcept { return vld1q_f64(p); }
  static void store(T* p, V v) noexcept { vst1q_f64(p, v); }
  static V mul(V a, V b) noexcept { return vmulq_f64(a, b); }
  static V fma(V c, V a, V b) noexcept { return vfmaq_f64(c, a, b); }
  template <int L>
  static V fma_lane(V c, V b, V a) noexcept {
    return vfmaq_laneq_f64(c, b, a, L);
  }
};

/// One k-step for rows I...: row i's accumulators += B's vectors times lane i % W of A's
/// vector i / W. The lane must be a constant, hence a pack of rows instead of a loop.
template <class O, int... I>
TENSR_ALWAYS_INLINE void gemm_neon_step(std::integer_sequence<int, I...>,
                                        typename O::V (&acc)[O::MR][O::NV], const typename O::V* av,
                                        const typename O::V* bv) {
  const auto row = [&]<int i>(std::integral_constant<int, i>) {
#pragma GCC unroll 4
    for (int v = 0; v < O::NV; ++v)
      acc[i][v] = O::template fma_lane<i % O::W>(acc[i][v], bv[v], av[i / O::W]);
  };
  (row(std::integral_constant<int, I>{}), ...);
}

/// The micro-kernel (see the top of this file) for the operations O: gemm_neon_f32 or
/// gemm_neon_f64.
template <class O>
void gemm_ukr_neon(index_t kc, const typename O::T* a, const typename O::T* b, typename O::T* c,
                   index_t rsc, index_t csc, typename O::T alpha, typename O::T beta, index_t m,
                   index_t n) {
  using T = typename O::T;
  using V = typename O::V;
  constexpr int MR = O::MR, NV = O::NV, W = O::W, NR = O::NR, NA = MR / W;
  static_assert(MR % W == 0, "a column of A's panel is whole vectors");
  V acc[MR][NV];
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[i][v] = O::zero();
  const bool full = m == MR && n == NR && csc == 1;
  if (full)
    for (int i = 0; i < MR; ++i) __builtin_prefetch(c + i * rsc, 1);
  for (index_t p = 0; p < kc; ++p) {
    V av[NA], bv[NV];
#pragma GCC unroll 4
    for (int q = 0; q < NA; ++q) av[q] = O::load(a + q * W);
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) bv[v] = O::load(b + v * W);
    gemm_neon_step<O>(std::make_integer_sequence<int, MR>{}, acc, av, bv);
    a += MR;
    b += NR;
  }
  const V va = O::set1(alpha);
  if (full) {
    if (beta == T(0)) {
#pragma GCC unroll 16
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) O::store(c + i * rsc + v * W, O::mul(va, acc[i][v]));
    } else {
      const V vb = O::set1(beta);
#pragma GCC unroll 16
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) {
          T* cp = c + i * rsc + v * W;
          O::store(cp, O::fma(O::mul(vb, O::load(cp)), va, acc[i][v]));
        }
    }
    return;
  }
  // A partial tile or a strided C: the scaled tile on the stack, then its m x n corner.
  alignas(16) T t[MR * NR];
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) O::store(t + i * NR + v * W, O::mul(va, acc[i][v]));
  for (index_t i = 0; i < m; ++i) {
    T* ci = c + i * rsc;
    const T* ti = t + i * NR;
    if (beta == T(0)) {
      for (index_t j = 0; j < n; ++j) ci[j * csc] = ti[j];
    } else {
      for (index_t j = 0; j < n; ++j) ci[j * csc] = ti[j] + beta * ci[j * csc];
    }
  }
}

#endif  // __aarch64__

}  // namespace detail
TENSR_NAMESPACE_END
