// Transposing copies of 4- and 8-byte elements through vector registers, and their run-time
// dispatch.
//
// A kernel copies one plane: src[i * sq + j] (rows i, unit stride along j) to
// dst[j * dp + i] (unit stride along i), elements moved by bit pattern. Strips of source
// rows are walked left to right; each step transposes a block in registers (AVX-512: 16x16
// floats or 8x8 doubles; AVX2: two 8x8 floats or two 4x4 doubles) and writes whole
// destination cache lines, streaming them past the cache when the plane is large. The edges
// that fill no block are copied element by element. A large plane's strips of rows are shared
// among threads (core/threads.hpp).
// Kernels are compiled for the instruction-set levels of core/cpu.hpp, so a build without
// -march flags still runs them; they need no more than AVX2 and AVX-512F, but take the common
// levels (which also ask for FMA, and for AVX-512 VL + DQ) so that one check serves every
// kernel. Tests force a level with detail::transpose_force_kernel. Other CPUs and compilers
// keep the scalar tiles (`generic`).
#pragma once

#include "tensr/core/internal.hpp"

#include <cstddef>
#include <cstdint>

#include "tensr/core/config.hpp"
#include "tensr/core/cpu.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/threads.hpp"

#if defined(TENSR_TARGET_X86)
#include <immintrin.h>
#endif

TENSR_NAMESPACE_BEGIN
namespace detail {

/// The transposing copies' level, forced apart from the other subsystems'.
inline constinit isa_dispatch transpose_dispatch;
using transpose_kernel_kind = isa_level;
inline bool transpose_force_kernel(isa_level l) noexcept { return transpose_dispatch.force(l); }
inline isa_level transpose_active_kernel() noexcept { return transpose_dispatch.active(); }

/// Copies an nq x np plane (see the header comment); dst and src hold elements of one size.
using transpose_plane_fn = void (*)(void* dst, index_t dp, const void* src, index_t sq, index_t nq,
                                    index_t np);

#if defined(TENSR_TARGET_X86)

// Planes at least this large stream their stores: they would only evict the source.
inline constexpr index_t transpose_stream_bytes = index_t{1} << 22;

/// Element-by-element copy of the rows [i0, i1) x columns [j0, j1) of a plane.
template <class E>
inline void transpose_scalar_rect(E* d, index_t dp, const E* s, index_t sq, index_t i0, index_t i1,
                                  index_t j0, index_t j1) noexcept {
  for (index_t i = i0; i < i1; ++i)
    for (index_t j = j0; j < j1; ++j) d[j * dp + i] = s[i * sq + j];
}

/// 8x8 floats: r[k] holds source row k on entry and destination row k on exit.
TENSR_TARGET_AVX2 inline void transpose8x8_ps(__m256 r[8]) noexcept {
  const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
  const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
  const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
  const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
  const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
  const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
  const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  r[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
  r[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
  r[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
  r[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
  r[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
  r[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
  r[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
  r[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

/// 4x4 doubles, as transpose8x8_ps.
TENSR_TARGET_AVX2 inline void transpose4x4_pd(__m256d r[4]) noexcept {
  const __m256d t0 = _mm256_unpacklo_pd(r[0], r[1]), t1 = _mm256_unpackhi_pd(r[0], r[1]);
  const __m256d t2 = _mm256_unpacklo_pd(r[2], r[3]), t3 = _mm256_unpackhi_pd(r[2], r[3]);
  r[0] = _mm256_permute2f128_pd(t0, t2, 0x20);
  r[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
  r[2] = _mm256_permute2f128_pd(t0, t2, 0x31);
  r[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
}

// GCC 12's unmasked forms of these intrinsics read an uninitialized pass-through register
// (-Wuninitialized); the full-mask forms compile to the same instructions.
TENSR_TARGET_AVX512 inline __m512 unpacklo(__m512 a, __m512 b) noexcept {
  return _mm512_mask_unpacklo_ps(a, 0xFFFF, a, b);
}
TENSR_TARGET_AVX512 inline __m512 unpackhi(__m512 a, __m512 b) noexcept {
  return _mm512_mask_unpackhi_ps(a, 0xFFFF, a, b);
}
TENSR_TARGET_AVX512 inline __m512d unpacklo(__m512d a, __m512d b) noexcept {
  return _mm512_mask_unpacklo_pd(a, 0xFF, a, b);
}
TENSR_TARGET_AVX512 inline __m512d unpackhi(__m512d a, __m512d b) noexcept {
  return _mm512_mask_unpackhi_pd(a, 0xFF, a, b);
}
/// 128-bit lanes (0, 2 of a, 0, 2 of b) when Odd is false, (1, 3 of a, 1, 3 of b) otherwise.
template <bool Odd>
TENSR_TARGET_AVX512 inline __m512 lanes(__m512 a, __m512 b) noexcept {
  return _mm512_mask_shuffle_f32x4(a, 0xFFFF, a, b, Odd ? 0xDD : 0x88);
}
template <bool Odd>
TENSR_TARGET_AVX512 inline __m512d lanes(__m512d a, __m512d b) noexcept {
  return _mm512_mask_shuffle_f64x2(a, 0xFF, a, b, Odd ? 0xDD : 0x88);
}

/// 16x16 floats in AVX-512 registers, as transpose8x8_ps. After the in-lane unpack and
/// shuffle, u[4g + c] lane L holds column 4L + c of rows 4g..4g+3; two rounds of 128-bit
/// lane shuffles gather each column's four lanes.
TENSR_TARGET_AVX512 inline void transpose16x16_ps(__m512 r[16]) noexcept {
  __m512 u[16];
  for (int g = 0; g < 4; ++g) {
    const __m512 t0 = unpacklo(r[4 * g], r[4 * g + 1]);
    const __m512 t1 = unpackhi(r[4 * g], r[4 * g + 1]);
    const __m512 t2 = unpacklo(r[4 * g + 2], r[4 * g + 3]);
    const __m512 t3 = unpackhi(r[4 * g + 2], r[4 * g + 3]);
    u[4 * g] = _mm512_shuffle_ps(t0, t2, 0x44);
    u[4 * g + 1] = _mm512_shuffle_ps(t0, t2, 0xEE);
    u[4 * g + 2] = _mm512_shuffle_ps(t1, t3, 0x44);
    u[4 * g + 3] = _mm512_shuffle_ps(t1, t3, 0xEE);
  }
  for (int c = 0; c < 4; ++c) {
    const __m512 v0 = lanes<false>(u[c], u[4 + c]);  // lanes 0, 2
    const __m512 w0 = lanes<true>(u[c], u[4 + c]);   // lanes 1, 3
    const __m512 v1 = lanes<false>(u[8 + c], u[12 + c]);
    const __m512 w1 = lanes<true>(u[8 + c], u[12 + c]);
    r[c] = lanes<false>(v0, v1);
    r[4 + c] = lanes<false>(w0, w1);
    r[8 + c] = lanes<true>(v0, v1);
    r[12 + c] = lanes<true>(w0, w1);
  }
}

/// 8x8 doubles in AVX-512 registers: after the unpack, t[2g + h] lane L holds column
/// 2L + h of rows 2g, 2g + 1; the lane shuffles are those of transpose16x16_ps.
TENSR_TARGET_AVX512 inline void transpose8x8_pd(__m512d r[8]) noexcept {
  __m512d t[8];
  for (int g = 0; g < 4; ++g) {
    t[2 * g] = unpacklo(r[2 * g], r[2 * g + 1]);
    t[2 * g + 1] = unpackhi(r[2 * g], r[2 * g + 1]);
  }
  for (int h = 0; h < 2; ++h) {
    const __m512d v0 = lanes<false>(t[h], t[2 + h]);
    const __m512d w0 = lanes<true>(t[h], t[2 + h]);
    const __m512d v1 = lanes<false>(t[4 + h], t[6 + h]);
    const __m512d w1 = lanes<true>(t[4 + h], t[6 + h]);
    r[h] = lanes<false>(v0, v1);
    r[2 + h] = lanes<false>(w0, w1);
    r[4 + h] = lanes<true>(v0, v1);
    r[6 + h] = lanes<true>(w0, w1);
  }
}

// Stores of one register, streaming or not.
template <bool Stream>
TENSR_TARGET_AVX2 inline void put(float* p, __m256 v) noexcept {
  if constexpr (Stream)
    _mm256_stream_ps(p, v);
  else
    _mm256_storeu_ps(p, v);
}
template <bool Stream>
TENSR_TARGET_AVX2 inline void put(double* p, __m256d v) noexcept {
  if constexpr (Stream)
    _mm256_stream_pd(p, v);
  else
    _mm256_storeu_pd(p, v);
}
template <bool Stream>
TENSR_TARGET_AVX512 inline void put(float* p, __m512 v) noexcept {
  if constexpr (Stream)
    _mm512_stream_ps(p, v);
  else
    _mm512_storeu_ps(p, v);
}
template <bool Stream>
TENSR_TARGET_AVX512 inline void put(double* p, __m512d v) noexcept {
  if constexpr (Stream)
    _mm512_stream_pd(p, v);
  else
    _mm512_storeu_pd(p, v);
}

// A kernel for one family and element size: step() copies a block of `rows` source rows
// (s + k * sq) by `cols` columns to `cols` destination rows (d + k * dp) of one cache line
// each. AVX2 moves two 8x8 (4x4) register blocks per step so destination lines stay whole.
struct avx2_f32 {
  using elem = float;
  static constexpr index_t rows = 16, cols = 8, align = 32;
  template <bool Stream>
  TENSR_TARGET_AVX2 static void step(float* d, index_t dp, const float* s, index_t sq) noexcept {
    __m256 lo[8], hi[8];
    for (index_t k = 0; k < 8; ++k) {
      lo[k] = _mm256_loadu_ps(s + k * sq);
      hi[k] = _mm256_loadu_ps(s + (k + 8) * sq);
    }
    transpose8x8_ps(lo);
    transpose8x8_ps(hi);
    for (index_t k = 0; k < 8; ++k) {
      put<Stream>(d + k * dp, lo[k]);
      put<Stream>(d + k * dp + 8, hi[k]);
    }
  }
};
struct avx2_f64 {
  using elem = double;
  static constexpr index_t rows = 8, cols = 4, align = 32;
  template <bool Stream>
  TENSR_TARGET_AVX2 static void step(double* d, index_t dp, const double* s, index_t sq) noexcept {
    __m256d lo[4], hi[4];
    for (index_t k = 0; k < 4; ++k) {
      lo[k] = _mm256_loadu_pd(s + k * sq);
      hi[k] = _mm256_loadu_pd(s + (k + 4) * sq);
    }
    transpose4x4_pd(lo);
    transpose4x4_pd(hi);
    for (index_t k = 0; k < 4; ++k) {
      put<Stream>(d + k * dp, lo[k]);
      put<Stream>(d + k * dp + 4, hi[k]);
    }
  }
};
struct avx512_f32 {
  using elem = float;
  static constexpr index_t rows = 16, cols = 16, align = 64;
  template <bool Stream>
  TENSR_TARGET_AVX512 static void step(float* d, index_t dp, const float* s, index_t sq) noexcept {
    __m512 r[16];
    for (index_t k = 0; k < 16; ++k) r[k] = _mm512_loadu_ps(s + k * sq);
    transpose16x16_ps(r);
    for (index_t k = 0; k < 16; ++k) put<Stream>(d + k * dp, r[k]);
  }
};
struct avx512_f64 {
  using elem = double;
  static constexpr index_t rows = 8, cols = 8, align = 64;
  template <bool Stream>
  TENSR_TARGET_AVX512 static void step(double* d, index_t dp, const double* s,
                                       index_t sq) noexcept {
    __m512d r[8];
    for (index_t k = 0; k < 8; ++k) r[k] = _mm512_loadu_pd(s + k * sq);
    transpose8x8_pd(r);
    for (index_t k = 0; k < 8; ++k) put<Stream>(d + k * dp, r[k]);
  }
};

/// Strips of K::rows source rows, walked left to right in steps; the edges element by element.
template <class K, bool Stream>
void transpose_blocks(typename K::elem* d, index_t dp, const typename K::elem* s, index_t sq,
                      index_t in, index_t jn) noexcept {
  for (index_t i = 0; i < in; i += K::rows)
    for (index_t j = 0; j < jn; j += K::cols)
      K::template step<Stream>(d + j * dp + i, dp, s + i * sq + j, sq);
}

template <class K>
void transpose_plane(void* dst, index_t dp, const void* src, index_t sq, index_t nq,
                     index_t np) noexcept {
  using E = typename K::elem;
  E* d = static_cast<E*>(dst);
  const E* s = static_cast<const E*>(src);
  const index_t in = nq - nq % K::rows, jn = np - np % K::cols;
  // Streaming stores need aligned destination rows.
  const bool stream = nq * np * index_t{sizeof(E)} >= transpose_stream_bytes &&
                      reinterpret_cast<std::uintptr_t>(d) % K::align == 0 &&
                      (dp * index_t{sizeof(E)}) % K::align == 0;
  // Strips of whole blocks, on several threads when the plane is large (core/threads.hpp).
  // Each thread fences its own streaming stores before the loop ends.
  parallel_for(in / K::rows, K::rows * np, [&](index_t lo, index_t hi) {
    const index_t i0 = lo * K::rows, i1 = hi * K::rows;
    if (stream) {
      transpose_blocks<K, true>(d + i0, dp, s + i0 * sq, sq, i1 - i0, jn);
      _mm_sfence();
    } else {
      transpose_blocks<K, false>(d + i0, dp, s + i0 * sq, sq, i1 - i0, jn);
    }
    transpose_scalar_rect(d, dp, s, sq, i0, i1, jn, np);
  });
  transpose_scalar_rect(d, dp, s, sq, in, nq, 0, np);
}

#endif  // TENSR_TARGET_X86

/// The plane kernel for elements of `size` (4 or 8) bytes, or nullptr (the scalar tiles).
inline transpose_plane_fn transpose_select([[maybe_unused]] std::size_t size) noexcept {
#if defined(TENSR_TARGET_X86)
  switch (transpose_active_kernel()) {
    case isa_level::avx512:
      return size == 4 ? &transpose_plane<avx512_f32> : &transpose_plane<avx512_f64>;
    case isa_level::avx2:
      return size == 4 ? &transpose_plane<avx2_f32> : &transpose_plane<avx2_f64>;
    default:
      break;
  }
#endif
  return nullptr;
}

}  // namespace detail
TENSR_NAMESPACE_END
