// GEMM micro-kernels, the small-product kernels, and which of them the CPU runs. They only
// compute; which product takes which kernel is decided in linalg/gemm_dispatch.hpp.
//
// A micro-kernel computes one MR x NR tile of C = alpha * A_panel * B_panel + beta * C from
// packed panels: A_panel holds MR rows, k-major (a[p * MR + i]), B_panel holds NR columns,
// k-major (b[p * NR + j]). C is row-major-like: the vectors run along its columns (j), so a
// tile with unit column stride is stored with plain vector stores. Partial tiles (m < MR or
// n < NR) and other column strides go through a small stack tile, inside the kernel.
// beta == 0 never reads C, so NaN or garbage in C does not leak into the result.
//
// Variants: AVX-512 and AVX2+FMA (float and double, intrinsics, compiled with
// __attribute__((target(...))) so a build without -march flags still runs them) and a
// portable one for every element type. The best one the CPU supports is chosen at run time;
// tests can force one with detail::gemm_force_kernel.
#pragma once

#include "tensr/core/internal.hpp"

#include <cstddef>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/cpu.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/linalg/gemm_kernels_neon.hpp"

// The target macros (TENSR_TARGET_AVX2, TENSR_TARGET_AVX512) come from core/cpu.hpp.
#if defined(TENSR_TARGET_X86)
#include <immintrin.h>
#endif

TENSR_NAMESPACE_BEGIN
namespace detail {

/// The micro-kernels' level (core/cpu.hpp), forced apart from the other subsystems'. Float
/// and double use it; other element types always take the generic kernel.
inline constinit isa_dispatch gemm_dispatch;
using gemm_kernel_kind = isa_level;
inline const char* gemm_kernel_name(isa_level k) noexcept { return isa_name(k); }
inline bool gemm_force_kernel(isa_level k) noexcept { return gemm_dispatch.force(k); }
inline isa_level gemm_active_kernel() noexcept { return gemm_dispatch.active(); }

template <class T>
using gemm_ukr_fn = void (*)(index_t kc, const T* a, const T* b, T* c, index_t rsc, index_t csc,
                             T alpha, T beta, index_t m, index_t n);

/// One micro-kernel with its register tile.
template <class T>
struct gemm_kernel {
  gemm_ukr_fn<T> fn;
  index_t mr, nr;
  gemm_kernel_kind kind;
};

/// The type the portable kernel accumulates in: integers in an unsigned type, so that overflow
/// wraps as NumPy's does instead of being undefined behaviour.
template <class T>
using gemm_acc_t = wrap_t<T>;

/// c[i, j] = t[i, j] + beta * c[i, j] for the m x n corner of a tile (t already scaled).
template <class T>
inline void gemm_store_tile(const T* t, index_t ldt, T* c, index_t rsc, index_t csc, T beta,
                            index_t m, index_t n) {
  using U = gemm_acc_t<T>;
  for (index_t i = 0; i < m; ++i) {
    T* ci = c + i * rsc;
    const T* ti = t + i * ldt;
    if (beta == T(0)) {
      for (index_t j = 0; j < n; ++j) ci[j * csc] = ti[j];
    } else {
      for (index_t j = 0; j < n; ++j)
        ci[j * csc] = static_cast<T>(static_cast<U>(ti[j]) +
                                     static_cast<U>(beta) * static_cast<U>(ci[j * csc]));
    }
  }
}

/// Portable kernel: plain loops the compiler unrolls and vectorizes for the build's target.
template <class T, int MR, int NR>
void gemm_ukr_generic(index_t kc, const T* a, const T* b, T* c, index_t rsc, index_t csc, T alpha,
                      T beta, index_t m, index_t n) {
  using U = gemm_acc_t<T>;
  U acc[MR][NR] = {};
  for (index_t p = 0; p < kc; ++p) {
    for (int i = 0; i < MR; ++i) {
      const U ai = static_cast<U>(a[i]);
      for (int j = 0; j < NR; ++j) acc[i][j] += ai * static_cast<U>(b[j]);
    }
    a += MR;
    b += NR;
  }
  T t[MR * NR];
  const U ua = static_cast<U>(alpha);
  for (int i = 0; i < MR; ++i)
    for (int j = 0; j < NR; ++j) t[i * NR + j] = static_cast<T>(ua * acc[i][j]);
  gemm_store_tile(t, NR, c, rsc, csc, beta, m, n);
}

/// Asks for rows [r0, r1) of a matrix (row stride rs, `row_bytes` bytes per row) to be brought
/// into L2: a batch's kernels fetch the next product's operands while computing this one, in
/// slices, so that its first loads do not wait for memory and the requests never pile up.
/// Rows closer than a cache line apart are one range of lines (one loop, no loop per row).
template <class T>
inline void gemm_prefetch_rows(const T* p, index_t rs, index_t r0, index_t r1,
                               index_t row_bytes) noexcept {
  if (r0 >= r1) return;
  const index_t stride = rs * index_t(sizeof(T));
  const char* first = reinterpret_cast<const char*>(p + r0 * rs);
  if (stride > 0 && stride <= row_bytes + 64) {
    const char* end = first + (r1 - r0 - 1) * stride + row_bytes;
    for (const char* x = first; x < end; x += 64) __builtin_prefetch(x, 0, 2);
    return;
  }
  for (index_t r = r0; r < r1; ++r, first += stride)
    for (index_t off = 0; off < row_bytes; off += 64) __builtin_prefetch(first + off, 0, 2);
}

/// How many products ahead a batch's kernels prefetch: the next one, requested in slices while
/// this one computes.
inline constexpr index_t gemm_prefetch_ahead = 1;

#if defined(TENSR_TARGET_X86)

// Vector operations of one ISA and element type; the kernels below are written once over them.
struct gemm_avx512_f32 {
  using T = float;
  using V = __m512;
  static constexpr int W = 16, MR = 12, NV = 2;  // 12 x 32 tile: 24 accumulators of 32 zmm
  static constexpr int regs = 32;
  TENSR_TARGET_AVX512 static V zero() noexcept { return _mm512_setzero_ps(); }
  TENSR_TARGET_AVX512 static V set1(T x) noexcept { return _mm512_set1_ps(x); }
  TENSR_TARGET_AVX512 static V load(const T* p) noexcept { return _mm512_loadu_ps(p); }
  TENSR_TARGET_AVX512 static void store(T* p, V v) noexcept { _mm512_storeu_ps(p, v); }
  TENSR_TARGET_AVX512 static V fma(V a, V b, V c) noexcept { return _mm512_fmadd_ps(a, b, c); }
  TENSR_TARGET_AVX512 static V mul(V a, V b) noexcept { return _mm512_mul_ps(a, b); }
  using M = __mmask16;
  TENSR_TARGET_AVX512 static V load(M k, const T* p) noexcept {
    return _mm512_maskz_loadu_ps(k, p);
  }
  TENSR_TARGET_AVX512 static void store(T* p, M k, V v) noexcept { _mm512_mask_storeu_ps(p, k, v); }
  static constexpr int dot_rows = 4, dot_cols = 4;  // dot-product tile: 16 + 8 of 32 zmm
  TENSR_TARGET_AVX512 static M tail_mask(int r) noexcept { return static_cast<M>((1u << r) - 1u); }
  // The sum of the lanes (GCC 12's _mm512_reduce_add_ps trips -Wmaybe-uninitialized).
  TENSR_TARGET_AVX512 static T sum(V v) noexcept {
    const __m512d d = _mm512_castps_pd(v);
    const __m256 h = _mm256_add_ps(_mm256_castpd_ps(_mm512_maskz_extractf64x4_pd(0xF, d, 0)),
                                   _mm256_castpd_ps(_mm512_maskz_extractf64x4_pd(0xF, d, 1)));
    __m128 x = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    x = _mm_add_ps(x, _mm_movehl_ps(x, x));
    return _mm_cvtss_f32(_mm_add_ss(x, _mm_movehdup_ps(x)));
  }
};
struct gemm_avx512_f64 {
  using T = double;
  using V = __m512d;
  static constexpr int W = 8, MR = 12, NV = 2;  // 12 x 16 tile
  static constexpr int regs = 32;
  TENSR_TARGET_AVX512 static V zero() noexcept { return _mm512_setzero_pd(); }
  TENSR_TARGET_AVX512 static V set1(T x) noexcept { return _mm512_set1_pd(x); }
  TENSR_TARGET_AVX512 static V load(const T* p) noexcept { return _mm512_loadu_pd(p); }
  TENSR_TARGET_AVX512 static void store(T* p, V v) noexcept { _mm512_storeu_pd(p, v); }
  TENSR_TARGET_AVX512 static V fma(V a, V b, V c) noexcept { return _mm512_fmadd_pd(a, b, c); }
  TENSR_TARGET_AVX512 static V mul(V a, V b) noexcept { return _mm512_mul_pd(a, b); }
  using M = __mmask8;
  TENSR_TARGET_AVX512 static V load(M k, const T* p) noexcept {
    return _mm512_maskz_loadu_pd(k, p);
  }
  TENSR_TARGET_AVX512 static void store(T* p, M k, V v) noexcept { _mm512_mask_storeu_pd(p, k, v); }
  static constexpr int dot_rows = 4, dot_cols = 4;
  TENSR_TARGET_AVX512 static M tail_mask(int r) noexcept { return static_cast<M>((1u << r) - 1u); }
  TENSR_TARGET_AVX512 static T sum(V v) noexcept {
    const __m256d h = _mm256_add_pd(_mm512_maskz_extractf64x4_pd(0xF, v, 0),
                                    _mm512_maskz_extractf64x4_pd(0xF, v, 1));
    const __m128d x = _mm_add_pd(_mm256_castpd256_pd128(h), _mm256_extractf128_pd(h, 1));
    return _mm_cvtsd_f64(_mm_add_sd(x, _mm_unpackhi_pd(x, x)));
  }
};
// Narrow rows of small products (n <= 4 or 8 floats, n <= 4 doubles): 128/256-bit
// registers with AVX-512VL masks.
#define TENSR_GEMM_NARROW_OPS(name, TT, VV, W_, sfx, vsz)                                   \
  struct name {                                                                             \
    using T = TT;                                                                           \
    using V = VV;                                                                           \
    using M = __mmask8;                                                                     \
    static constexpr int W = W_, regs = 32;                                                 \
    TENSR_TARGET_AVX512 static M tail_mask(int r) noexcept { return M((1u << r) - 1u); }    \
    TENSR_TARGET_AVX512 static V zero() noexcept { return vsz##_setzero_##sfx(); }          \
    TENSR_TARGET_AVX512 static V set1(T x) noexcept { return vsz##_set1_##sfx(x); }         \
    TENSR_TARGET_AVX512 static V load(const T* p) noexcept { return vsz##_loadu_##sfx(p); } \
    TENSR_TARGET_AVX512 static void store(T* p, V v) noexcept { vsz##_storeu_##sfx(p, v); } \
    TENSR_TARGET_AVX512 static V fma(V a, V b, V c) noexcept {                              \
      return vsz##_fmadd_##sfx(a, b, c);                                                    \
    }                                                                                       \
    TENSR_TARGET_AVX512 static V mul(V a, V b) noexcept { return vsz##_mul_##sfx(a, b); }   \
    TENSR_TARGET_AVX512 static V load(M k, const T* p) noexcept {                           \
      return vsz##_maskz_loadu_##sfx(k, p);                                                 \
    }                                                                                       \
    TENSR_TARGET_AVX512 static void store(T* p, M k, V v) noexcept {                        \
      vsz##_mask_storeu_##sfx(p, k, v);                                                     \
    }                                                                                       \
  };
TENSR_GEMM_NARROW_OPS(gemm_avx512_f32x4, float, __m128, 4, ps, _mm)
TENSR_GEMM_NARROW_OPS(gemm_avx512_f32x8, float, __m256, 8, ps, _mm256)
TENSR_GEMM_NARROW_OPS(gemm_avx512_f64x4, double, __m256d, 4, pd, _mm256)
#undef TENSR_GEMM_NARROW_OPS

struct gemm_avx2_f32 {
  using T = float;
  using V = __m256;
  static constexpr int W = 8, MR = 6, NV = 2;  // 6 x 16 tile: 12 accumulators of 16 ymm
  static constexpr int regs = 16;
  TENSR_TARGET_AVX2 static V zero() noexcept { return _mm256_setzero_ps(); }
  TENSR_TARGET_AVX2 static V set1(T x) noexcept { return _mm256_set1_ps(x); }
  TENSR_TARGET_AVX2 static V load(const T* p) noexcept { return _mm256_loadu_ps(p); }
  TENSR_TARGET_AVX2 static void store(T* p, V v) noexcept { _mm256_storeu_ps(p, v); }
  TENSR_TARGET_AVX2 static V fma(V a, V b, V c) noexcept { return _mm256_fmadd_ps(a, b, c); }
  TENSR_TARGET_AVX2 static V mul(V a, V b) noexcept { return _mm256_mul_ps(a, b); }
  // For the dot-product kernel: 2 x 4 tiles (8 accumulators + 6 loads of 16 ymm), lanes
  // below r loaded (the others read as 0, without touching memory), the sum of the lanes.
  static constexpr int dot_rows = 2, dot_cols = 4;
  using M = __m256i;
  TENSR_TARGET_AVX2 static M tail_mask(int r) noexcept {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(r), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  TENSR_TARGET_AVX2 static V load(M k, const T* p) noexcept { return _mm256_maskload_ps(p, k); }
  TENSR_TARGET_AVX2 static void store(T* p, M k, V v) noexcept { _mm256_maskstore_ps(p, k, v); }
  TENSR_TARGET_AVX2 static T sum(V v) noexcept {
    __m128 x = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    x = _mm_add_ps(x, _mm_movehl_ps(x, x));
    return _mm_cvtss_f32(_mm_add_ss(x, _mm_movehdup_ps(x)));
  }
};
struct gemm_avx2_f64 {
  using T = double;
  using V = __m256d;
  static constexpr int W = 4, MR = 6, NV = 2;  // 6 x 8 tile
  static constexpr int regs = 16;
  TENSR_TARGET_AVX2 static V zero() noexcept { return _mm256_setzero_pd(); }
  TENSR_TARGET_AVX2 static V set1(T x) noexcept { return _mm256_set1_pd(x); }
  TENSR_TARGET_AVX2 static V load(const T* p) noexcept { return _mm256_loadu_pd(p); }
  TENSR_TARGET_AVX2 static void store(T* p, V v) noexcept { _mm256_storeu_pd(p, v); }
  TENSR_TARGET_AVX2 static V fma(V a, V b, V c) noexcept { return _mm256_fmadd_pd(a, b, c); }
  TENSR_TARGET_AVX2 static V mul(V a, V b) noexcept { return _mm256_mul_pd(a, b); }
  static constexpr int dot_rows = 2, dot_cols = 4;
  using M = __m256i;
  TENSR_TARGET_AVX2 static M tail_mask(int r) noexcept {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(r), _mm256_setr_epi64x(0, 1, 2, 3));
  }
  TENSR_TARGET_AVX2 static V load(M k, const T* p) noexcept { return _mm256_maskload_pd(p, k); }
  TENSR_TARGET_AVX2 static void store(T* p, M k, V v) noexcept { _mm256_maskstore_pd(p, k, v); }
  TENSR_TARGET_AVX2 static T sum(V v) noexcept {
    const __m128d x = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(x, _mm_unpackhi_pd(x, x)));
  }
};

/// Rows of at most 4 floats at the AVX2 level: 128-bit registers. The partial row is loaded
/// with a mask and stored in pieces (a 64-bit and a 32-bit store): a masked store costs many
/// micro-ops on some AVX2 cores.
struct gemm_avx2_f32x4 {
  using T = float;
  using V = __m128;
  static constexpr int W = 4, regs = 16;
  /// The lanes below n, as a load mask and as a count for the stores.
  struct M {
    __m128i lanes;
    int n;
  };
  TENSR_TARGET_AVX2 static V zero() noexcept { return _mm_setzero_ps(); }
  TENSR_TARGET_AVX2 static V set1(T x) noexcept { return _mm_set1_ps(x); }
  TENSR_TARGET_AVX2 static V load(const T* p) noexcept { return _mm_loadu_ps(p); }
  TENSR_TARGET_AVX2 static void store(T* p, V v) noexcept { _mm_storeu_ps(p, v); }
  TENSR_TARGET_AVX2 static V fma(V a, V b, V c) noexcept { return _mm_fmadd_ps(a, b, c); }
  TENSR_TARGET_AVX2 static V mul(V a, V b) noexcept { return _mm_mul_ps(a, b); }
  TENSR_TARGET_AVX2 static M tail_mask(int r) noexcept {
    return {_mm_cmpgt_epi32(_mm_set1_epi32(r), _mm_setr_epi32(0, 1, 2, 3)), r};
  }
  TENSR_TARGET_AVX2 static V load(M k, const T* p) noexcept { return _mm_maskload_ps(p, k.lanes); }
  TENSR_TARGET_AVX2 static void store(T* p, M k, V v) noexcept {
    if (k.n >= 4) return _mm_storeu_ps(p, v);
    if (k.n >= 2) {
      _mm_storel_pi(reinterpret_cast<__m64*>(p), v);
      if (k.n == 3) _mm_store_ss(p + 2, _mm_movehl_ps(v, v));
    } else {
      _mm_store_ss(p, v);
    }
  }
};

#define TENSR_GEMM_PRAGMA(x) _Pragma(#x)
// The kernel body, shared by both ISAs; the accumulators live in registers (MR * NV of them).
// KUNROLL: steps of the depth loop per iteration. The AVX2 step (2 loads, 6 broadcasts,
// 12 FMAs) is short enough that the loop's own increments and branch would take a visible
// share of the 4-wide issue; the AVX-512 step is twice as long and runs as written.
#define TENSR_GEMM_UKR_BODY(KUNROLL)                                                  \
  using T = typename O::T;                                                            \
  using V = typename O::V;                                                            \
  constexpr int MR = O::MR, NV = O::NV, W = O::W, NR = NV * W;                        \
  V acc[MR][NV];                                                                      \
  _Pragma("GCC unroll 16") for (int i = 0; i < MR; ++i)                               \
      _Pragma("GCC unroll 4") for (int v = 0; v < NV; ++v) acc[i][v] = O::zero();     \
  const bool full = m == MR && n == NR && csc == 1;                                   \
  if (full)                                                                           \
    for (int i = 0; i < MR; ++i) {                                                    \
      _mm_prefetch(reinterpret_cast<const char*>(c + i * rsc), _MM_HINT_T0);          \
      _mm_prefetch(reinterpret_cast<const char*>(c + i * rsc + NR - 1), _MM_HINT_T0); \
    }                                                                                 \
  TENSR_GEMM_PRAGMA(GCC unroll KUNROLL) for (index_t p = 0; p < kc; ++p) {            \
    V bv[NV];                                                                         \
    _Pragma("GCC unroll 4") for (int v = 0; v < NV; ++v) bv[v] = O::load(b + v * W);  \
    _Pragma("GCC unroll 16") for (int i = 0; i < MR; ++i) {                           \
      const V ai = O::set1(a[i]);                                                     \
      _Pragma("GCC unroll 4") for (int v = 0; v < NV; ++v) acc[i][v] =                \
          O::fma(ai, bv[v], acc[i][v]);                                               \
    }                                                                                 \
    a += MR;                                                                          \
    b += NR;                                                                          \
  }                                                                                   \
  const V va = O::set1(alpha);                                                        \
  if (full) {                                                                         \
    if (beta == T(0)) {                                                               \
      _Pragma("GCC unroll 16") for (int i = 0; i < MR; ++i)                           \
          _Pragma("GCC unroll 4") for (int v = 0; v < NV; ++v)                        \
              O::store(c + i * rsc + v * W, O::mul(va, acc[i][v]));                   \
    } else {                                                                          \
      const V vb = O::set1(beta);                                                     \
      _Pragma("GCC unroll 16") for (int i = 0; i < MR; ++i)                           \
          _Pragma("GCC unroll 4") for (int v = 0; v < NV; ++v) {                      \
        T* cp = c + i * rsc + v * W;                                                  \
        O::store(cp, O::fma(va, acc[i][v], O::mul(vb, O::load(cp))));                 \
      }                                                                               \
    }                                                                                 \
  } else {                                                                            \
    alignas(64) T t[MR * NR];                                                         \
    _Pragma("GCC unroll 16") for (int i = 0; i < MR; ++i)                             \
        _Pragma("GCC unroll 4") for (int v = 0; v < NV; ++v)                          \
            O::store(t + i * NR + v * W, O::mul(va, acc[i][v]));                      \
    gemm_store_tile(t, NR, c, rsc, csc, beta, m, n);                                  \
  }

template <class O>
TENSR_TARGET_AVX512 void gemm_ukr_avx512(index_t kc, const typename O::T* a, const typename O::T* b,
                                         typename O::T* c, index_t rsc, index_t csc,
                                         typename O::T alpha, typename O::T beta, index_t m,
                                         index_t n) {
  TENSR_GEMM_UKR_BODY(1)
}

template <class O>
TENSR_TARGET_AVX2 void gemm_ukr_avx2(index_t kc, const typename O::T* a, const typename O::T* b,
                                     typename O::T* c, index_t rsc, index_t csc,
                                     typename O::T alpha, typename O::T beta, index_t m,
                                     index_t n) {
  TENSR_GEMM_UKR_BODY(4)
}

#undef TENSR_GEMM_UKR_BODY
#undef TENSR_GEMM_PRAGMA

/// A 4 x 4 float matrix with unit column stride as one 512-bit register (row i in lanes
/// 4i..4i+3), and back.
TENSR_TARGET_AVX512 inline __m512 gemm_load_4x4(const float* p, index_t rs) noexcept {
  if (rs == 4) return _mm512_loadu_ps(p);
  // Lanes 4..15 start as zeros (not the cast's undefined lanes, which g++ -O3 warns about).
  __m512 v = _mm512_maskz_broadcast_f32x4(__mmask16(0x000F), _mm_loadu_ps(p));
  v = _mm512_insertf32x4(v, _mm_loadu_ps(p + rs), 1);
  v = _mm512_insertf32x4(v, _mm_loadu_ps(p + 2 * rs), 2);
  return _mm512_insertf32x4(v, _mm_loadu_ps(p + 3 * rs), 3);
}
TENSR_TARGET_AVX512 inline void gemm_store_4x4(float* p, index_t rs, __m512 v) noexcept {
  if (rs == 4) return _mm512_storeu_ps(p, v);
  _mm_storeu_ps(p, _mm512_maskz_extractf32x4_ps(__mmask8(0xF), v, 0));
  _mm_storeu_ps(p + rs, _mm512_maskz_extractf32x4_ps(__mmask8(0xF), v, 1));
  _mm_storeu_ps(p + 2 * rs, _mm512_maskz_extractf32x4_ps(__mmask8(0xF), v, 2));
  _mm_storeu_ps(p + 3 * rs, _mm512_maskz_extractf32x4_ps(__mmask8(0xF), v, 3));
}

/// The lanes of v that idx names, zeros where mask is clear.
TENSR_TARGET_AVX512 inline __m512 gemm_lanes(unsigned mask, __m512i idx, __m512 v) noexcept {
  return _mm512_maskz_permutexvar_ps(__mmask16(mask), idx, v);
}
// A permute, a 128-bit broadcast and extracts in their zero-masked forms: GCC 12's plain forms
// start from _mm512_undefined_ps() and trip -Wmaybe-uninitialized; the mask is all ones.
TENSR_TARGET_AVX512 inline __m512 gemm_permute(__m512i idx, __m512 v) noexcept {
  return gemm_lanes(0xFFFF, idx, v);
}
TENSR_TARGET_AVX512 inline __m512 gemm_repeat4(const float* p) noexcept {
  return _mm512_maskz_broadcast_f32x4(__mmask16(0xFFFF), _mm_loadu_ps(p));
}

/// A batch of 4 x 4 x 4 float products with unit column strides: A and C in one 512-bit
/// register each, no loop inside a product. Lane 4i + j of C gathers sum_p A[i, p] B[p, j]:
/// A's column p spread over the lanes by a permute, B's row p repeated four times by a
/// broadcast load. Two accumulators halve the dependency chain.
TENSR_TARGET_AVX512 inline void gemm_small_4x4x4_f32(index_t batches, float alpha, const float* a,
                                                     index_t ars, index_t sa, const float* b,
                                                     index_t brs, index_t sb, float beta, float* c,
                                                     index_t rsc, index_t sc) {
  // lanes 4i + j take A's element 4i + p
  const __m512i base = _mm512_set_epi32(12, 12, 12, 12, 8, 8, 8, 8, 4, 4, 4, 4, 0, 0, 0, 0);
  const __m512i c0 = base, c1 = _mm512_add_epi32(base, _mm512_set1_epi32(1)),
                c2 = _mm512_add_epi32(base, _mm512_set1_epi32(2)),
                c3 = _mm512_add_epi32(base, _mm512_set1_epi32(3));
  const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
  for (index_t q = 0; q < batches; ++q, a += sa, b += sb, c += sc) {
    const __m512 av = gemm_load_4x4(a, ars);
    __m512 x = _mm512_mul_ps(gemm_permute(c0, av), gemm_repeat4(b));
    __m512 y = _mm512_mul_ps(gemm_permute(c1, av), gemm_repeat4(b + brs));
    x = _mm512_fmadd_ps(gemm_permute(c2, av), gemm_repeat4(b + 2 * brs), x);
    y = _mm512_fmadd_ps(gemm_permute(c3, av), gemm_repeat4(b + 3 * brs), y);
    __m512 r = _mm512_add_ps(x, y);
    if (alpha != 1.0f) r = _mm512_mul_ps(va, r);
    if (beta != 0.0f) r = _mm512_fmadd_ps(vb, gemm_load_4x4(c, rsc), r);
    gemm_store_4x4(c, rsc, r);
  }
}

/// A batch of float products up to 4 x 4 x 4 whose matrices are each contiguous (rows k, n
/// and n elements apart), so each one is a single masked 512-bit load. Permutes spread A's
/// column p and B's row p over the 4 x 4 lane grid of gemm_small_4x4x4_f32 (lanes of rows,
/// columns or steps past m, n or k are zeros), and a compress packs C's m x n lanes back into
/// rows of n: no loop and no branch inside a product. Eight 512-bit permutes bound it.
TENSR_TARGET_AVX512 inline void gemm_small_tiny_f32(index_t batches, index_t m, index_t n,
                                                    index_t k, float alpha, const float* a,
                                                    index_t sa, const float* b, index_t sb,
                                                    float beta, float* c, index_t sc) {
  // lane 4i + j: row i, column j of the grid
  const __m512i lane = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  const __m512i vi = _mm512_srli_epi32(lane, 2), vj = _mm512_and_si512(lane, _mm512_set1_epi32(3));
  const __mmask16 rows = _mm512_cmplt_epi32_mask(vi, _mm512_set1_epi32(int(m)));
  const __mmask16 cols = _mm512_cmplt_epi32_mask(vj, _mm512_set1_epi32(int(n)));
  const __m512i a_row = _mm512_mullo_epi32(vi, _mm512_set1_epi32(int(k)));  // i * k
  __m512i xa[4], xb[4];   // step p takes A[i, p] = a[i * k + p] and B[p, j] = b[p * n + j]
  unsigned ma[4], mb[4];  // the lanes step p fills: none once p >= k
  for (int p = 0; p < 4; ++p) {
    xa[p] = _mm512_add_epi32(a_row, _mm512_set1_epi32(p));
    xb[p] = _mm512_add_epi32(vj, _mm512_set1_epi32(int(p * n)));
    ma[p] = p < k ? rows : 0u;
    mb[p] = p < k ? cols : 0u;
  }
  const unsigned mc = rows & cols;
  const auto la = __mmask16((1u << (m * k)) - 1u), lb = __mmask16((1u << (k * n)) - 1u),
             lc = __mmask16((1u << (m * n)) - 1u);
  const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
  for (index_t q = 0; q < batches; ++q, a += sa, b += sb, c += sc) {
    const __m512 av = _mm512_maskz_loadu_ps(la, a), bv = _mm512_maskz_loadu_ps(lb, b);
    // A's column p and B's row p on the lane grid, for each step p of the sum
    const __m512 a0 = gemm_lanes(ma[0], xa[0], av), b0 = gemm_lanes(mb[0], xb[0], bv);
    const __m512 a1 = gemm_lanes(ma[1], xa[1], av), b1 = gemm_lanes(mb[1], xb[1], bv);
    const __m512 a2 = gemm_lanes(ma[2], xa[2], av), b2 = gemm_lanes(mb[2], xb[2], bv);
    const __m512 a3 = gemm_lanes(ma[3], xa[3], av), b3 = gemm_lanes(mb[3], xb[3], bv);
    const __m512 x = _mm512_fmadd_ps(a2, b2, _mm512_mul_ps(a0, b0));
    const __m512 y = _mm512_fmadd_ps(a3, b3, _mm512_mul_ps(a1, b1));
    __m512 r = _mm512_add_ps(x, y);
    if (alpha != 1.0f) r = _mm512_mul_ps(va, r);
    r = _mm512_maskz_compress_ps(__mmask16(mc), r);
    if (beta != 0.0f) r = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(lc, c), r);
    _mm512_mask_storeu_ps(c, lc, r);
  }
}

/// Rows p and p + rs of a 4-column float matrix in one 256-bit register.
TENSR_TARGET_AVX2 inline __m256 gemm_load_2x4(const float* p, index_t rs) noexcept {
  return _mm256_set_m128(_mm_loadu_ps(p + rs), _mm_loadu_ps(p));
}
/// The 4 floats at p in both halves of a 256-bit register.
TENSR_TARGET_AVX2 inline __m256 gemm_repeat_row(const float* p) noexcept {
  return _mm256_broadcast_ps(reinterpret_cast<const __m128*>(p));
}

/// A batch of 4 x 4 x 4 float products with unit column strides at the AVX2 level: rows 0-1
/// of A and C in one 256-bit register and rows 2-3 in another (row i in lanes 4(i % 2) ..
/// 4(i % 2) + 3), no loop inside a product. An in-lane permute spreads A's column p over each
/// row's lanes, a 128-bit broadcast load repeats B's row p in both halves; two accumulators per
/// register halve the dependency chain.
TENSR_TARGET_AVX2 inline void gemm_small_4x4x4_avx2_f32(index_t batches, float alpha,
                                                        const float* a, index_t ars, index_t sa,
                                                        const float* b, index_t brs, index_t sb,
                                                        float beta, float* c, index_t rsc,
                                                        index_t sc) {
  const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
  for (index_t q = 0; q < batches; ++q, a += sa, b += sb, c += sc) {
    const __m256 a01 = gemm_load_2x4(a, ars), a23 = gemm_load_2x4(a + 2 * ars, ars);
    const __m256 b0 = gemm_repeat_row(b), b1 = gemm_repeat_row(b + brs),
                 b2 = gemm_repeat_row(b + 2 * brs), b3 = gemm_repeat_row(b + 3 * brs);
    __m256 x01 = _mm256_mul_ps(_mm256_permute_ps(a01, 0x00), b0);
    __m256 x23 = _mm256_mul_ps(_mm256_permute_ps(a23, 0x00), b0);
    __m256 y01 = _mm256_mul_ps(_mm256_permute_ps(a01, 0x55), b1);
    __m256 y23 = _mm256_mul_ps(_mm256_permute_ps(a23, 0x55), b1);
    x01 = _mm256_fmadd_ps(_mm256_permute_ps(a01, 0xAA), b2, x01);
    x23 = _mm256_fmadd_ps(_mm256_permute_ps(a23, 0xAA), b2, x23);
    y01 = _mm256_fmadd_ps(_mm256_permute_ps(a01, 0xFF), b3, y01);
    y23 = _mm256_fmadd_ps(_mm256_permute_ps(a23, 0xFF), b3, y23);
    __m256 r01 = _mm256_add_ps(x01, y01), r23 = _mm256_add_ps(x23, y23);
    if (alpha != 1.0f) r01 = _mm256_mul_ps(va, r01), r23 = _mm256_mul_ps(va, r23);
    if (beta != 0.0f) {
      r01 = _mm256_fmadd_ps(vb, gemm_load_2x4(c, rsc), r01);
      r23 = _mm256_fmadd_ps(vb, gemm_load_2x4(c + 2 * rsc, rsc), r23);
    }
    _mm_storeu_ps(c, _mm256_castps256_ps128(r01));
    _mm_storeu_ps(c + rsc, _mm256_extractf128_ps(r01, 1));
    _mm_storeu_ps(c + 2 * rsc, _mm256_castps256_ps128(r23));
    _mm_storeu_ps(c + 3 * rsc, _mm256_extractf128_ps(r23, 1));
  }
}

/// Largest depth the kernel that keeps B in registers takes at each level: k registers of B,
/// the accumulators of its row block (gemm_bregs_row_block) and a broadcast per row fit the
/// register file (32 zmm: 16 + 8 with broadcasts folded into the FMAs; 16 ymm: 8 + 4 + 4,
/// since AVX2's FMA has no broadcast operand).
template <class O>
inline constexpr index_t gemm_bregs_max_k = O::regs >= 32 ? 16 : 8;
/// Rows of C the B-in-registers kernel computes at a time (see gemm_bregs_max_k).
template <class O>
inline constexpr int gemm_bregs_row_block = O::regs >= 32 ? 8 : 4;

/// Rows of C a small-product kernel with NV vectors per row takes at a time: enough
/// independent accumulators (8 to 24) to hide the FMA latency, and as many rows per load of B
/// as the register file allows: with 32 zmm, 6 x 4 accumulators beat 4 x 4 at 64 x 64 x 64;
/// with 16 ymm, R x NV accumulators, NV vectors of B and a broadcast must fit 16 (8 x 1,
/// 6 x 2 -- the packed kernel's tile -- and 2 x 4).
template <class O, int NV>
inline constexpr int gemm_small_row_block = O::regs >= 32 ? (NV <= 2 ? 8 : 6)
                                                          : (NV == 1   ? 8
                                                             : NV == 2 ? 6
                                                             : NV == 3 ? 4
                                                                       : 2);

/// Widest row (in vectors) the small-product kernel takes at once at O's level; wider products
/// run in column chunks this wide (gemm_small_chunked). 32 zmm hold 6 rows of 4 vectors; 16 ymm
/// hold 6 rows of 2, and 2 rows of 4 would load B twice as often per FMA.
template <class O>
inline constexpr int gemm_small_max_nv = O::regs >= 32 ? 4 : 2;

// Step p of the sum for R rows, and the cases of a switch that enters the sum at step k - 1
// and falls through to step 0: every offset is a constant, so B stays in registers and each
// element of A feeds its FMA as a broadcast, for any k up to the level's limit without a loop.
// clang-format off
#define TENSR_GEMM_BREGS_CASES16(STEP)                                    \
  STEP(15) STEP(14) STEP(13) STEP(12) STEP(11) STEP(10) STEP(9) STEP(8) \
  STEP(7) STEP(6) STEP(5) STEP(4) STEP(3) STEP(2) STEP(1) STEP(0)
#define TENSR_GEMM_BREGS_CASES8(STEP) \
  STEP(7) STEP(6) STEP(5) STEP(4) STEP(3) STEP(2) STEP(1) STEP(0)
// clang-format on
#define TENSR_GEMM_BREGS_STEP(p)                                 \
  case p + 1:                                                    \
    _Pragma("GCC unroll 8") for (int r = 0; r < R; ++r) acc[r] = \
        O::fma(O::set1(ar[r][p]), bv[p], acc[r]);                \
    [[fallthrough]];
#define TENSR_GEMM_BREGS_LOAD(p)                                      \
  case p + 1:                                                         \
    bv[p] = Full ? O::load(b + p * brs) : O::load(tail, b + p * brs); \
    [[fallthrough]];

// A batch of products with k <= gemm_bregs_max_k, n <= W (one register per row of B and C),
// beta == 0 and unit column stride in A: each product loads B once into k registers and runs
// every row of A past it, with no loop over k, where the row-streaming kernel below reloads B
// for every block of rows and pays a loop step per k. The sum runs from p = k - 1 down to 0.
// Full: n == W, no masks. Narrower rows gained nothing measurable and would cost compile time,
// so they stream. Written once, compiled for each level (CASES: the level's depth limit); the
// signature is gemm_small_fn's (acs == 1 and beta == 0 are the selector's conditions).
#define TENSR_GEMM_BREGS_KERNEL(name, TARGET, CASES)                                               \
  template <class O, int R, bool Full>                                                             \
  TARGET inline __attribute__((always_inline)) void name##_rows(                                   \
      index_t k, const typename O::V* bv, typename O::V va, bool scale, typename O::M tail,        \
      const typename O::T* a, index_t ars, typename O::T* c, index_t rsc) {                        \
    typename O::V acc[R];                                                                          \
    const typename O::T* ar[R];                                                                    \
    _Pragma("GCC unroll 8") for (int r = 0; r < R; ++r) acc[r] = O::zero(), ar[r] = a + r * ars;   \
    switch (k) {                                                                                   \
      CASES(TENSR_GEMM_BREGS_STEP)                                                                 \
      default:                                                                                     \
        break;                                                                                     \
    }                                                                                              \
    _Pragma("GCC unroll 8") for (int r = 0; r < R; ++r) {                                          \
      const typename O::V res = scale ? O::mul(va, acc[r]) : acc[r];                               \
      if constexpr (Full)                                                                          \
        O::store(c + r * rsc, res);                                                                \
      else                                                                                         \
        O::store(c + r * rsc, tail, res);                                                          \
    }                                                                                              \
  }                                                                                                \
  template <class O, bool Full>                                                                    \
  TARGET void name(index_t batches, index_t m, index_t n, index_t k, typename O::T alpha,          \
                   const typename O::T* a, index_t ars, index_t, index_t sa,                       \
                   const typename O::T* b, index_t brs, index_t sb, typename O::T,                 \
                   typename O::T* c, index_t rsc, index_t sc) {                                    \
    constexpr int RB = gemm_bregs_row_block<O>;                                                    \
    const typename O::M tail = O::tail_mask(static_cast<int>(n));                                  \
    const typename O::V va = O::set1(alpha);                                                       \
    const bool scale = alpha != typename O::T(1);                                                  \
    /* Zeroed once: rows past k are never read, but the compiler cannot tell; rows below k are     \
       reloaded for every product. */                                                              \
    typename O::V bv[gemm_bregs_max_k<O>];                                                         \
    _Pragma("GCC unroll 16") for (int p = 0; p < int(gemm_bregs_max_k<O>); ++p) bv[p] = O::zero(); \
    for (index_t q = 0; q < batches; ++q, a += sa, b += sb, c += sc) {                             \
      switch (k) {                                                                                 \
        CASES(TENSR_GEMM_BREGS_LOAD)                                                               \
        default:                                                                                   \
          break;                                                                                   \
      }                                                                                            \
      index_t i = 0;                                                                               \
      for (; i + RB <= m; i += RB)                                                                 \
        name##_rows<O, RB, Full>(k, bv, va, scale, tail, a + i * ars, ars, c + i * rsc, rsc);      \
      if constexpr (RB > 4)                                                                        \
        if (i + 4 <= m) {                                                                          \
          name##_rows<O, 4, Full>(k, bv, va, scale, tail, a + i * ars, ars, c + i * rsc, rsc);     \
          i += 4;                                                                                  \
        }                                                                                          \
      for (; i < m; ++i)                                                                           \
        name##_rows<O, 1, Full>(k, bv, va, scale, tail, a + i * ars, ars, c + i * rsc, rsc);       \
    }                                                                                              \
  }

TENSR_GEMM_BREGS_KERNEL(gemm_small_bregs_avx512, TENSR_TARGET_AVX512, TENSR_GEMM_BREGS_CASES16)
TENSR_GEMM_BREGS_KERNEL(gemm_small_bregs_avx2, TENSR_TARGET_AVX2, TENSR_GEMM_BREGS_CASES8)
#undef TENSR_GEMM_BREGS_KERNEL
#undef TENSR_GEMM_BREGS_LOAD
#undef TENSR_GEMM_BREGS_STEP
#undef TENSR_GEMM_BREGS_CASES8
#undef TENSR_GEMM_BREGS_CASES16

// Small products without packing, for a batch of equally shaped matrices: B and C have unit
// column stride and n <= NV * W, so one row of C is NV registers (the last one masked unless
// Full, n == NV * W). Rows of C go gemm_small_row_block<O, NV> at a time, R x NV accumulators,
// so R independent FMA chains hide the FMA latency and every B load feeds R rows; B (small)
// stays in L1 across them. Written once, compiled for each level.
#define TENSR_GEMM_SMALL_KERNEL(name, TARGET)                                                      \
  template <class O, int NV, int R, bool Full>                                                     \
  TARGET inline __attribute__((always_inline)) void name##_rows(                                   \
      index_t k, typename O::V va, bool scale, typename O::V vb, typename O::M tail,               \
      const typename O::T* a, index_t ars, index_t acs, const typename O::T* b, index_t brs,       \
      typename O::T beta, typename O::T* c, index_t rsc) {                                         \
    using T = typename O::T;                                                                       \
    using V = typename O::V;                                                                       \
    constexpr int W = O::W;                                                                        \
    V acc[R][NV];                                                                                  \
    _Pragma("GCC unroll 8") for (int r = 0; r < R; ++r)                                            \
        _Pragma("GCC unroll 8") for (int v = 0; v < NV; ++v) acc[r][v] = O::zero();                \
    _Pragma("GCC unroll 2") for (index_t p = 0; p < k; ++p, b += brs) {                            \
      V bv[NV];                                                                                    \
      _Pragma("GCC unroll 8") for (int v = 0; v + 1 < NV; ++v) bv[v] = O::load(b + v * W);         \
      bv[NV - 1] = Full ? O::load(b + (NV - 1) * W) : O::load(tail, b + (NV - 1) * W);             \
      _Pragma("GCC unroll 8") for (int r = 0; r < R; ++r) {                                        \
        const V x = O::set1(a[r * ars + p * acs]);                                                 \
        _Pragma("GCC unroll 8") for (int v = 0; v < NV; ++v) acc[r][v] =                           \
            O::fma(x, bv[v], acc[r][v]);                                                           \
      }                                                                                            \
    }                                                                                              \
    _Pragma("GCC unroll 8") for (int r = 0; r < R; ++r) {                                          \
      T* ci = c + r * rsc;                                                                         \
      _Pragma("GCC unroll 8") for (int v = 0; v < NV; ++v) {                                       \
        V res = scale ? O::mul(va, acc[r][v]) : acc[r][v]; /* alpha == 1 skips a multiply */       \
        if (Full || v + 1 < NV) {                                                                  \
          if (beta != T(0)) res = O::fma(vb, O::load(ci + v * W), res);                            \
          O::store(ci + v * W, res);                                                               \
        } else {                                                                                   \
          if (beta != T(0)) res = O::fma(vb, O::load(tail, ci + v * W), res);                      \
          O::store(ci + v * W, tail, res);                                                         \
        }                                                                                          \
      }                                                                                            \
    }                                                                                              \
  }                                                                                                \
  template <class O, int NV, bool Full>                                                            \
  TARGET void name(index_t batches, index_t m, index_t n, index_t k, typename O::T alpha,          \
                   const typename O::T* a, index_t ars, index_t acs, index_t sa,                   \
                   const typename O::T* b, index_t brs, index_t sb, typename O::T beta,            \
                   typename O::T* c, index_t rsc, index_t sc) {                                    \
    using T = typename O::T;                                                                       \
    using V = typename O::V;                                                                       \
    const typename O::M tail = O::tail_mask(static_cast<int>(n - (NV - 1) * O::W));                \
    const V va = O::set1(alpha), vb = O::set1(beta);                                               \
    const bool scale = alpha != typename O::T(1);                                                  \
    constexpr int R = gemm_small_row_block<O, NV>;                                                 \
    for (index_t q = 0; q < batches; ++q, a += sa, b += sb, c += sc) {                             \
      index_t i = 0;                                                                               \
      for (; i + R <= m; i += R) {                                                                 \
        if (q + gemm_prefetch_ahead < batches) { /* a slice of the operands of a product ahead */  \
          if (acs == 1)                                                                            \
            gemm_prefetch_rows(a + gemm_prefetch_ahead * sa, ars, i, i + R,                        \
                               k * index_t(sizeof(T)));                                            \
          gemm_prefetch_rows(b + gemm_prefetch_ahead * sb, brs, i * k / m, (i + R) * k / m,        \
                             n * index_t(sizeof(T)));                                              \
          if (beta != T(0))                                                                        \
            gemm_prefetch_rows(c + gemm_prefetch_ahead * sc, rsc, i, i + R,                        \
                               n * index_t(sizeof(T)));                                            \
        }                                                                                          \
        name##_rows<O, NV, R, Full>(k, va, scale, vb, tail, a + i * ars, ars, acs, b, brs, beta,   \
                                    c + i * rsc, rsc);                                             \
      }                                                                                            \
      if constexpr (R > 4)                                                                         \
        if (i + 4 <= m) {                                                                          \
          name##_rows<O, NV, 4, Full>(k, va, scale, vb, tail, a + i * ars, ars, acs, b, brs, beta, \
                                      c + i * rsc, rsc);                                           \
          i += 4;                                                                                  \
        }                                                                                          \
      if constexpr (R > 4)                                                                         \
        if (m - i == 3) { /* three rows left (or in all): one pass over B, not two */              \
          name##_rows<O, NV, 3, Full>(k, va, scale, vb, tail, a + i * ars, ars, acs, b, brs, beta, \
                                      c + i * rsc, rsc);                                           \
          i += 3;                                                                                  \
        }                                                                                          \
      if constexpr (R > 2)                                                                         \
        for (; i + 2 <= m; i += 2)                                                                 \
          name##_rows<O, NV, 2, Full>(k, va, scale, vb, tail, a + i * ars, ars, acs, b, brs, beta, \
                                      c + i * rsc, rsc);                                           \
      for (; i < m; ++i)                                                                           \
        name##_rows<O, NV, 1, Full>(k, va, scale, vb, tail, a + i * ars, ars, acs, b, brs, beta,   \
                                    c + i * rsc, rsc);                                             \
    }                                                                                              \
  }

TENSR_GEMM_SMALL_KERNEL(gemm_small_avx512, TENSR_TARGET_AVX512)
TENSR_GEMM_SMALL_KERNEL(gemm_small_avx2, TENSR_TARGET_AVX2)
#undef TENSR_GEMM_SMALL_KERNEL

/// R x S dot products of length k: rows of A (stride ars) with columns of B stored as rows
/// (stride bcs), both contiguous in k. R + S vector loads feed R * S FMAs; the last, partial
/// vector is read with a mask, so nothing past a row is touched.
// Products whose B is stored transposed (its columns contiguous: B = W.t() of a row-major W,
// as in nn.Linear's x.matmul(W.t())) and whose A has contiguous rows: each C[i, j] is a dot
// product of two contiguous rows, so neither operand is packed (a product this small would
// spend a noticeable part of its time packing B). Tiles of O::dot_rows x O::dot_cols dot
// products share their loads (R + S vectors feed R * S FMAs); for each group of columns of C,
// B's rows stay in L1 while all rows of A pass over them. The last, partial vector of a row is
// read with a mask, so nothing past a row is touched. Written once, compiled for each level.
#define TENSR_GEMM_DOT_KERNEL(name, TARGET)                                                        \
  template <class O, int R, int S, bool Masked>                                                    \
  TARGET inline __attribute__((always_inline)) void name##_step(                                   \
      typename O::V(&acc)[R][S], const typename O::T* a, index_t ars, const typename O::T* b,      \
      index_t bcs, typename O::M tail) {                                                           \
    typename O::V av[R], bv[S];                                                                    \
    _Pragma("GCC unroll 4") for (int r = 0; r < R; ++r) av[r] =                                    \
        Masked ? O::load(tail, a + r * ars) : O::load(a + r * ars);                                \
    _Pragma("GCC unroll 4") for (int s = 0; s < S; ++s) bv[s] =                                    \
        Masked ? O::load(tail, b + s * bcs) : O::load(b + s * bcs);                                \
    _Pragma("GCC unroll 4") for (int r = 0; r < R; ++r)                                            \
        _Pragma("GCC unroll 4") for (int s = 0; s < S; ++s) acc[r][s] =                            \
            O::fma(av[r], bv[s], acc[r][s]);                                                       \
  }                                                                                                \
  /* alpha times R x S dot products of length k, into out[r * S + s]. */                           \
  template <class O, int R, int S>                                                                 \
  TARGET inline __attribute__((always_inline)) void name##_tile(                                   \
      index_t k, typename O::T alpha, const typename O::T* a, index_t ars, const typename O::T* b, \
      index_t bcs, typename O::M tail, typename O::T* out) {                                       \
    typename O::V acc[R][S];                                                                       \
    _Pragma("GCC unroll 4") for (int r = 0; r < R; ++r)                                            \
        _Pragma("GCC unroll 4") for (int s = 0; s < S; ++s) acc[r][s] = O::zero();                 \
    index_t p = 0;                                                                                 \
    for (; p + O::W <= k; p += O::W)                                                               \
      name##_step<O, R, S, false>(acc, a + p, ars, b + p, bcs, tail);                              \
    if (p < k) name##_step<O, R, S, true>(acc, a + p, ars, b + p, bcs, tail);                      \
    _Pragma("GCC unroll 4") for (int r = 0; r < R; ++r)                                            \
        _Pragma("GCC unroll 4") for (int s = 0; s < S; ++s) out[r * S + s] =                       \
            alpha * O::sum(acc[r][s]);                                                             \
  }                                                                                                \
  /* C = alpha A B + beta C, B given by its columns (stride bcs). */                               \
  template <class O>                                                                               \
  TARGET void name(index_t m, index_t n, index_t k, typename O::T alpha, const typename O::T* a,   \
                   index_t ars, const typename O::T* b, index_t bcs, typename O::T beta,           \
                   typename O::T* c, index_t rsc) {                                                \
    using T = typename O::T;                                                                       \
    constexpr int R = O::dot_rows, S = O::dot_cols;                                                \
    const typename O::M tail = O::tail_mask(static_cast<int>(k % O::W));                           \
    T t[R * S];                                                                                    \
    /* One tile of C: rows x cols dot products at (i, j), stored with beta (never reading C when   \
       beta == 0). */                                                                              \
    const auto put = [&](index_t i, index_t j, int rows, int cols) {                               \
      gemm_store_tile(t, cols, c + i * rsc + j, rsc, index_t{1}, beta, rows, cols);                \
    };                                                                                             \
    const auto* bj = b;                                                                            \
    index_t j = 0;                                                                                 \
    for (; j + S <= n; j += S, bj += S * bcs) {                                                    \
      index_t i = 0;                                                                               \
      for (; i + R <= m; i += R)                                                                   \
        name##_tile<O, R, S>(k, alpha, a + i * ars, ars, bj, bcs, tail, t), put(i, j, R, S);       \
      for (; i < m; ++i)                                                                           \
        name##_tile<O, 1, S>(k, alpha, a + i * ars, ars, bj, bcs, tail, t), put(i, j, 1, S);       \
    }                                                                                              \
    for (; j < n; ++j, bj += bcs) {                                                                \
      index_t i = 0;                                                                               \
      for (; i + R <= m; i += R)                                                                   \
        name##_tile<O, R, 1>(k, alpha, a + i * ars, ars, bj, bcs, tail, t), put(i, j, R, 1);       \
      for (; i < m; ++i)                                                                           \
        name##_tile<O, 1, 1>(k, alpha, a + i * ars, ars, bj, bcs, tail, t), put(i, j, 1, 1);       \
    }                                                                                              \
  }

TENSR_GEMM_DOT_KERNEL(gemm_dot_avx512, TENSR_TARGET_AVX512)
TENSR_GEMM_DOT_KERNEL(gemm_dot_avx2, TENSR_TARGET_AVX2)
#undef TENSR_GEMM_DOT_KERNEL

#endif  // TENSR_TARGET_X86

template <class T>
using gemm_small_fn = void (*)(index_t batches, index_t m, index_t n, index_t k, T alpha,
                               const T* a, index_t ars, index_t acs, index_t sa, const T* b,
                               index_t brs, index_t sb, T beta, T* c, index_t rsc, index_t sc);

template <class T>
gemm_small_fn<T> gemm_select_small(index_t n) noexcept;

/// Columns the small-product kernel takes at once at the active level (gemm_small_max_nv
/// vectors): wider products run in chunks this wide (gemm_small_chunked). 0 when the level has
/// no small-product kernel for T.
template <class T>
index_t gemm_small_chunk() noexcept {
#if defined(TENSR_TARGET_X86)
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    constexpr bool f32 = std::is_same_v<T, float>;
    using O512 = std::conditional_t<f32, gemm_avx512_f32, gemm_avx512_f64>;
    using O2 = std::conditional_t<f32, gemm_avx2_f32, gemm_avx2_f64>;
    if (gemm_active_kernel() == gemm_kernel_kind::avx512) return gemm_small_max_nv<O512> * O512::W;
    if (gemm_active_kernel() == gemm_kernel_kind::avx2) return gemm_small_max_nv<O2> * O2::W;
  }
#endif
  return 0;
}

/// Products wider than gemm_small_chunk, in column chunks of that width: 6 rows of a chunk fill
/// the accumulators, and one chunk of B (k rows of 64 or 256 bytes) stays in L1 while all rows
/// pass over it. A full-width row would hold fewer rows in registers and stream all of B from
/// L2 for every few rows of C.
template <class T>
void gemm_small_chunked(index_t batches, index_t m, index_t n, index_t k, T alpha, const T* a,
                        index_t ars, index_t acs, index_t sa, const T* b, index_t brs, index_t sb,
                        T beta, T* c, index_t rsc, index_t sc) {
  const index_t chunk = gemm_small_chunk<T>(), chunks = (n + chunk - 1) / chunk;
  const index_t row = n * index_t(sizeof(T));
  for (index_t q = 0; q < batches; ++q, a += sa, b += sb, c += sc)
    for (index_t j = 0, s = 0; j < n; j += chunk, ++s) {
      if (q + gemm_prefetch_ahead < batches) {  // a slice of the operands of a product ahead
        if (acs == 1)
          gemm_prefetch_rows(a + gemm_prefetch_ahead * sa, ars, s * m / chunks,
                             (s + 1) * m / chunks, k * index_t(sizeof(T)));
        gemm_prefetch_rows(b + gemm_prefetch_ahead * sb, brs, s * k / chunks, (s + 1) * k / chunks,
                           row);
        if (beta != T(0))
          gemm_prefetch_rows(c + gemm_prefetch_ahead * sc, rsc, s * m / chunks,
                             (s + 1) * m / chunks, row);
      }
      const index_t nj = std::min(chunk, n - j);
      gemm_select_small<T>(nj)(1, m, nj, k, alpha, a, ars, acs, 0, b + j, brs, 0, beta, c + j, rsc,
                               0);
    }
}

#if defined(TENSR_TARGET_X86)
// The special small kernels behind the common signature of gemm_small_fn.
TENSR_TARGET_AVX512 inline void gemm_small_4x4x4_fn(index_t batches, index_t, index_t, index_t,
                                                    float alpha, const float* a, index_t ars,
                                                    index_t, index_t sa, const float* b,
                                                    index_t brs, index_t sb, float beta, float* c,
                                                    index_t rsc, index_t sc) {
  gemm_small_4x4x4_f32(batches, alpha, a, ars, sa, b, brs, sb, beta, c, rsc, sc);
}
TENSR_TARGET_AVX2 inline void gemm_small_4x4x4_avx2_fn(index_t batches, index_t, index_t, index_t,
                                                       float alpha, const float* a, index_t ars,
                                                       index_t, index_t sa, const float* b,
                                                       index_t brs, index_t sb, float beta,
                                                       float* c, index_t rsc, index_t sc) {
  gemm_small_4x4x4_avx2_f32(batches, alpha, a, ars, sa, b, brs, sb, beta, c, rsc, sc);
}
TENSR_TARGET_AVX512 inline void gemm_small_tiny_fn(index_t batches, index_t m, index_t n, index_t k,
                                                   float alpha, const float* a, index_t, index_t,
                                                   index_t sa, const float* b, index_t, index_t sb,
                                                   float beta, float* c, index_t, index_t sc) {
  gemm_small_tiny_f32(batches, m, n, k, alpha, a, sa, b, sb, beta, c, sc);
}
#endif

/// The kernel for tiny float products, or nullptr when this shape and layout have none at the
/// active level: m = n = k = 4 with unit column stride in A (AVX-512 and AVX2), or (AVX-512
/// only) m, n, k <= 4 with each matrix contiguous (A's rows k apart, B's and C's n apart). At
/// the AVX2 level the other tiny shapes take the small-product kernel's 128-bit rows: without
/// AVX-512's masked permutes and compress, regrouping a contiguous matrix costs more shuffles
/// than the rows' broadcasts.
template <class T>
gemm_small_fn<T> gemm_select_tiny([[maybe_unused]] index_t m, [[maybe_unused]] index_t n,
                                  [[maybe_unused]] index_t k, [[maybe_unused]] index_t ars,
                                  [[maybe_unused]] index_t acs, [[maybe_unused]] index_t brs,
                                  [[maybe_unused]] index_t rsc) noexcept {
#if defined(TENSR_TARGET_X86)
  if constexpr (std::is_same_v<T, float>) {
    const gemm_kernel_kind level = gemm_active_kernel();
    if (m < 1 || n < 1 || k < 1) return nullptr;
    if (level == gemm_kernel_kind::avx512) {
      if (m == 4 && n == 4 && k == 4 && acs == 1) return &gemm_small_4x4x4_fn;
      if (m <= 4 && n <= 4 && k <= 4 && ars == k && acs == 1 && brs == n && rsc == n)
        return &gemm_small_tiny_fn;
    } else if (level == gemm_kernel_kind::avx2) {
      if (m == 4 && n == 4 && k == 4 && acs == 1) return &gemm_small_4x4x4_avx2_fn;
    }
  }
#endif
  return nullptr;
}

/// The kernel that keeps B in registers (depth k <= gemm_bregs_max_k, rows of one register
/// more than half full: AVX-512 float 9-16 columns, double 5-8; AVX2 float 5-8, double 3-4;
/// unit column stride in A; beta == 0), or nullptr.
template <class T>
gemm_small_fn<T> gemm_select_bregs([[maybe_unused]] index_t n, [[maybe_unused]] index_t k,
                                   [[maybe_unused]] index_t acs, [[maybe_unused]] T beta) noexcept {
#if defined(TENSR_TARGET_X86)
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    constexpr bool f32 = std::is_same_v<T, float>;
    const auto fits = [&](int w, index_t max_k) {
      return n > w / 2 && n <= w && k >= 1 && k <= max_k && acs == 1 && beta == T(0);
    };
    const gemm_kernel_kind level = gemm_active_kernel();
    if (level == gemm_kernel_kind::avx512) {
      using O = std::conditional_t<f32, gemm_avx512_f32, gemm_avx512_f64>;
      if (fits(O::W, gemm_bregs_max_k<O>)) return &gemm_small_bregs_avx512<O, false>;
    } else if (level == gemm_kernel_kind::avx2) {
      using O = std::conditional_t<f32, gemm_avx2_f32, gemm_avx2_f64>;
      if (fits(O::W, gemm_bregs_max_k<O>))
        return n == O::W ? &gemm_small_bregs_avx2<O, true> : &gemm_small_bregs_avx2<O, false>;
    }
  }
#endif
  return nullptr;
}

/// Longest row the dot-product kernel takes: the rows of B a tile reuses (at most 4) stay in
/// L1, with the rows of A streaming past them.
inline constexpr index_t gemm_dot_max_row_bytes = 4096;
/// Largest A the dot-product kernel takes: A is read once per group of columns of C, which
/// is cheap while it stays in L2; a larger product is packed, and the packed engine reads A
/// once per block instead.
inline constexpr index_t gemm_dot_max_a_bytes = 256 * 1024;

template <class T>
using gemm_dot_fn = void (*)(index_t m, index_t n, index_t k, T alpha, const T* a, index_t ars,
                             const T* b, index_t bcs, T beta, T* c, index_t rsc);

/// The dot-product kernel for a product whose B is stored transposed (see TENSR_GEMM_DOT_KERNEL),
/// or nullptr when there is none for this type or CPU, or when its operands would not stay in cache
/// (then the packed engine runs).
template <class T>
gemm_dot_fn<T> gemm_select_dot([[maybe_unused]] index_t m, [[maybe_unused]] index_t k) noexcept {
#if defined(TENSR_TARGET_X86)
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    constexpr bool f32 = std::is_same_v<T, float>;
    const index_t row = k * index_t(sizeof(T));
    if (k < 1 || row > gemm_dot_max_row_bytes || m > gemm_dot_max_a_bytes / row) return nullptr;
    if (gemm_active_kernel() == gemm_kernel_kind::avx512)
      return &gemm_dot_avx512<std::conditional_t<f32, gemm_avx512_f32, gemm_avx512_f64>>;
    if (gemm_active_kernel() == gemm_kernel_kind::avx2)
      return &gemm_dot_avx2<std::conditional_t<f32, gemm_avx2_f32, gemm_avx2_f64>>;
  }
#endif
  return nullptr;
}

/// The unpacked small-product kernel for n columns (B and C with unit column stride), or
/// nullptr when there is none for this type or CPU. Past gemm_small_chunk columns it runs in
/// column chunks. At the AVX2 level rows whose last vector is full take the variant without
/// masks (a masked load or store costs extra micro-ops there; AVX-512 masks cost nothing).
template <class T>
gemm_small_fn<T> gemm_select_small([[maybe_unused]] index_t n) noexcept {
#if defined(TENSR_TARGET_X86)
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    constexpr bool f32 = std::is_same_v<T, float>;
    if (n < 1) return nullptr;
    const gemm_kernel_kind level = gemm_active_kernel();
    if (level == gemm_kernel_kind::avx512) {
      using O = std::conditional_t<f32, gemm_avx512_f32, gemm_avx512_f64>;
      if constexpr (f32) {
        if (n <= 4) return &gemm_small_avx512<gemm_avx512_f32x4, 1, false>;
        if (n <= 8) return &gemm_small_avx512<gemm_avx512_f32x8, 1, false>;
      } else {
        if (n <= 4) return &gemm_small_avx512<gemm_avx512_f64x4, 1, false>;
      }
      switch ((n + O::W - 1) / O::W) {
        case 1:
          return &gemm_small_avx512<O, 1, false>;
        case 2:
          return &gemm_small_avx512<O, 2, false>;
        case 3:
          return &gemm_small_avx512<O, 3, false>;
        case 4:
          return &gemm_small_avx512<O, 4, false>;
        default:
          return &gemm_small_chunked<T>;
      }
    }
    if (level == gemm_kernel_kind::avx2) {
      using O = std::conditional_t<f32, gemm_avx2_f32, gemm_avx2_f64>;
      if constexpr (f32)
        if (n <= 4)
          return n == 4 ? &gemm_small_avx2<gemm_avx2_f32x4, 1, true>
                        : &gemm_small_avx2<gemm_avx2_f32x4, 1, false>;
      const bool full = n % O::W == 0;
      switch ((n + O::W - 1) / O::W) {
        case 1:
          return full ? &gemm_small_avx2<O, 1, true> : &gemm_small_avx2<O, 1, false>;
        case 2:
          return full ? &gemm_small_avx2<O, 2, true> : &gemm_small_avx2<O, 2, false>;
        default:
          return &gemm_small_chunked<T>;
      }
    }
  }
#endif
  return nullptr;
}

/// The micro-kernel for element type T.
template <class T>
gemm_kernel<T> gemm_select_kernel() noexcept {
  [[maybe_unused]] const gemm_kernel_kind k = gemm_active_kernel();
#if defined(TENSR_TARGET_X86)
  if constexpr (std::is_same_v<T, float>) {
    if (k == gemm_kernel_kind::avx512)
      return {&gemm_ukr_avx512<gemm_avx512_f32>, 12, 32, gemm_kernel_kind::avx512};
    if (k == gemm_kernel_kind::avx2)
      return {&gemm_ukr_avx2<gemm_avx2_f32>, 6, 16, gemm_kernel_kind::avx2};
  } else if constexpr (std::is_same_v<T, double>) {
    if (k == gemm_kernel_kind::avx512)
      return {&gemm_ukr_avx512<gemm_avx512_f64>, 12, 16, gemm_kernel_kind::avx512};
    if (k == gemm_kernel_kind::avx2)
      return {&gemm_ukr_avx2<gemm_avx2_f64>, 6, 8, gemm_kernel_kind::avx2};
  }
#endif
#if defined(__aarch64__)
  // NEON is every AArch64 CPU's baseline: its kernels are the generic level there.
  if constexpr (std::is_same_v<T, float>)
    return {&gemm_ukr_neon<gemm_neon_f32>, 12, 8, gemm_kernel_kind::generic};
  else if constexpr (std::is_same_v<T, double>)
    return {&gemm_ukr_neon<gemm_neon_f64>, 6, 8, gemm_kernel_kind::generic};
#endif
  return {&gemm_ukr_generic<T, 4, 8>, 4, 8, gemm_kernel_kind::generic};
}

}  // namespace detail
TENSR_NAMESPACE_END
