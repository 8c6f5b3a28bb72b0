// Packing for the GEMM: copies a block of A into MR-row panels and a block of B into
// NR-column panels, k-major, zero-padded to whole panels. The sources are read through any
// strides (transposed, sliced, flipped) and any arithmetic element type, so a strided or
// transposed operand costs one packing pass, the same pass a contiguous operand needs.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#include <xmmintrin.h>
#endif

#include "tensr/core/config.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/traits.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// N rows of a matrix with unit stride along k, interleaved k-major: dst[p * N + i] =
/// a[i * rs + p], one pass along k with the N row pointers in registers. This is a full MR-row
/// panel of a row-major A, and a full NR-column panel of a transposed B (W.t()), whose
/// columns run along k.
template <int MR, class T, class S>
void gemm_pack_interleave(T* dst, const S* a, index_t rs, index_t kc) {
  const S* row[MR];
  for (int i = 0; i < MR; ++i) row[i] = a + i * rs;
  index_t p = 0;
#if defined(__SSE2__)
  // Interleaving is a transpose: do it in 4 x 4 (float) or 2 x 2 (double) register blocks,
  // with the SSE2 every x86-64 CPU has. Each group of rows is taken a cache line (64 bytes)
  // along k at a time: rows a power-of-two stride apart (a 1024-wide matrix) share one L1
  // set, and reading a few bytes from all MR of them in turn would evict each line before
  // its next use.
  constexpr int line = 64 / int(sizeof(T));
  if constexpr (std::is_same_v<T, float> && std::is_same_v<S, float> && MR % 4 == 0) {
    for (; p + line <= kc; p += line, dst += line * MR)
      for (int g = 0; g < MR; g += 4)
        for (int q = 0; q < line; q += 4) {
          __m128 r0 = _mm_loadu_ps(row[g] + p + q), r1 = _mm_loadu_ps(row[g + 1] + p + q);
          __m128 r2 = _mm_loadu_ps(row[g + 2] + p + q), r3 = _mm_loadu_ps(row[g + 3] + p + q);
          _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
          _mm_storeu_ps(dst + q * MR + g, r0);
          _mm_storeu_ps(dst + (q + 1) * MR + g, r1);
          _mm_storeu_ps(dst + (q + 2) * MR + g, r2);
          _mm_storeu_ps(dst + (q + 3) * MR + g, r3);
        }
  } else if constexpr (std::is_same_v<T, double> && std::is_same_v<S, double> && MR % 2 == 0) {
    for (; p + line <= kc; p += line, dst += line * MR)
      for (int g = 0; g < MR; g += 2)
        for (int q = 0; q < line; q += 2) {
          const __m128d r0 = _mm_loadu_pd(row[g] + p + q), r1 = _mm_loadu_pd(row[g + 1] + p + q);
          _mm_storeu_pd(dst + q * MR + g, _mm_unpacklo_pd(r0, r1));
          _mm_storeu_pd(dst + (q + 1) * MR + g, _mm_unpackhi_pd(r0, r1));
        }
  }
#endif
  for (; p < kc; ++p) {
    for (int i = 0; i < MR; ++i) dst[i] = convert<T>(row[i][p]);
    dst += MR;
  }
}

/// dst[p * MR + i] = a[i * rs + p * cs] for i < m, p < kc; rows m..MR-1 are zero.
template <class T, class S>
void gemm_pack_a_panel(T* dst, const S* a, index_t rs, index_t cs, index_t m, index_t kc,
                       index_t mr) {
  if (cs == 1 && m == mr) {
    if (mr == 12) return gemm_pack_interleave<12, T>(dst, a, rs, kc);
    if (mr == 6) return gemm_pack_interleave<6, T>(dst, a, rs, kc);
    if (mr == 4) return gemm_pack_interleave<4, T>(dst, a, rs, kc);
  }
  if (m < mr)
    for (index_t p = 0; p < kc; ++p)
      for (index_t i = m; i < mr; ++i) dst[p * mr + i] = T(0);
  if (rs == 1) {
    for (index_t p = 0; p < kc; ++p)
      for (index_t i = 0; i < m; ++i) dst[p * mr + i] = convert<T>(a[p * cs + i]);
  } else {
    // Walk each row along k (contiguous when cs == 1), a few k at a time for locality.
    constexpr index_t kb = 8;
    for (index_t p0 = 0; p0 < kc; p0 += kb) {
      const index_t pe = std::min(kc, p0 + kb);
      for (index_t i = 0; i < m; ++i) {
        const S* ai = a + i * rs;
        for (index_t p = p0; p < pe; ++p) dst[p * mr + i] = convert<T>(ai[p * cs]);
      }
    }
  }
}

/// dst[p * NR + j] = b[p * rs + j * cs] for j < n, p < kc; columns n..NR-1 are zero.
template <class T, class S>
void gemm_pack_b_panel(T* dst, const S* b, index_t rs, index_t cs, index_t n, index_t kc,
                       index_t nr) {
  if (rs == 1 && n == nr) {
    if (nr == 32) return gemm_pack_interleave<32, T>(dst, b, cs, kc);
    if (nr == 16) return gemm_pack_interleave<16, T>(dst, b, cs, kc);
    if (nr == 8) return gemm_pack_interleave<8, T>(dst, b, cs, kc);
  }
  if (cs == 1 && n == nr) {
    for (index_t p = 0; p < kc; ++p) {
      const S* bp = b + p * rs;
      T* d = dst + p * nr;
      for (index_t j = 0; j < nr; ++j) d[j] = convert<T>(bp[j]);
    }
    return;
  }
  if (n < nr)
    for (index_t p = 0; p < kc; ++p)
      for (index_t j = n; j < nr; ++j) dst[p * nr + j] = T(0);
  if (cs == 1 || std::abs(cs) <= std::abs(rs)) {
    for (index_t p = 0; p < kc; ++p)
      for (index_t j = 0; j < n; ++j) dst[p * nr + j] = convert<T>(b[p * rs + j * cs]);
  } else {
    // B is a transposed view (W.t()): each column is contiguous along k. Read a few k of
    // every column at a time, so the reads stay sequential and the writes stay in L1.
    constexpr index_t kb = 8;
    for (index_t p0 = 0; p0 < kc; p0 += kb) {
      const index_t pe = std::min(kc, p0 + kb);
      for (index_t j = 0; j < n; ++j) {
        const S* bj = b + j * cs;
        for (index_t p = p0; p < pe; ++p) dst[p * nr + j] = convert<T>(bj[p * rs]);
      }
    }
  }
}

/// Rows p0..p1 of a KC x nb block of B into its NR-column panels (panel jp at
/// dst + jp * NR * kc). For a B with unit column stride this walks B row by row, so the reads
/// are long and sequential (column panels would touch a new page on every row); other
/// layouts go panel by panel.
template <class T, class S>
void gemm_pack_b_rows(T* dst, const S* b, index_t rs, index_t cs, index_t nb, index_t kc,
                      index_t nr, index_t p0, index_t p1) {
  const index_t full = nb / nr;
  if (cs == 1) {
    for (index_t p = p0; p < p1; ++p) {
      const S* bp = b + p * rs;
      for (index_t jp = 0; jp < full; ++jp) {
        T* d = dst + jp * nr * kc + p * nr;
        const S* s = bp + jp * nr;
        if constexpr (std::is_same_v<S, T>) {
          switch (nr) {
            case 32:
              std::memcpy(d, s, 32 * sizeof(T));
              continue;
            case 16:
              std::memcpy(d, s, 16 * sizeof(T));
              continue;
            case 8:
              std::memcpy(d, s, 8 * sizeof(T));
              continue;
            default:
              break;
          }
        }
        for (index_t j = 0; j < nr; ++j) d[j] = convert<T>(s[j]);
      }
    }
  } else {
    for (index_t jp = 0; jp < full; ++jp)
      gemm_pack_b_panel(dst + jp * nr * kc + p0 * nr, b + p0 * rs + jp * nr * cs, rs, cs, nr,
                        p1 - p0, nr);
  }
  if (full * nr < nb)
    gemm_pack_b_panel(dst + full * nr * kc + p0 * nr, b + p0 * rs + full * nr * cs, rs, cs,
                      nb - full * nr, p1 - p0, nr);
}

}  // namespace detail
TENSR_NAMESPACE_END
