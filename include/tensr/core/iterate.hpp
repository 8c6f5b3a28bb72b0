// The strided loop under copies and assignments: walks N operands that share one
// shape, collapsing axes along which every operand is contiguous, so the innermost
// run is as long as the layout allows and the compiler can vectorize it.
#pragma once

#include <array>
#include <cstddef>

#include "tensr/core/config.hpp"
#include "tensr/core/shape.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// Calls f(offsets, n, inner_strides) once per innermost run, where offsets[k] is the
/// element offset of operand k at the start of the run.
template <std::size_t N, std::size_t Rank, class F>
void for_each_run(const shape_t<Rank>& shape, const std::array<shape_t<Rank>, N>& strides, F&& f) {
  std::array<index_t, N> offset{};
  if constexpr (Rank == 0) {
    f(offset, index_t{1}, std::array<index_t, N>{});
    return;
  } else {
    if (has_zero(shape)) return;  // before any stride * size product, which could overflow
    // Drop size-1 axes and merge axis i into the previous kept one when every operand
    // steps across the boundary by exactly one inner extent.
    std::array<index_t, Rank> dims{};
    std::array<std::array<index_t, Rank>, N> st{};
    std::size_t nd = 0;
    for (std::size_t i = 0; i < Rank; ++i) {
      if (shape[i] == 1) continue;
      bool merge = nd > 0;
      for (std::size_t k = 0; k < N && merge; ++k)
        merge = st[k][nd - 1] == strides[k][i] * shape[i];
      if (merge) {
        dims[nd - 1] *= shape[i];
        for (std::size_t k = 0; k < N; ++k) st[k][nd - 1] = strides[k][i];
      } else {
        dims[nd] = shape[i];
        for (std::size_t k = 0; k < N; ++k) st[k][nd] = strides[k][i];
        ++nd;
      }
    }
    if (nd == 0) {
      f(offset, index_t{1}, std::array<index_t, N>{});
      return;
    }
    const std::size_t inner = nd - 1;
    std::array<index_t, N> inner_stride{};
    for (std::size_t k = 0; k < N; ++k) inner_stride[k] = st[k][inner];
    std::array<index_t, Rank> counter{};
    while (true) {
      f(offset, dims[inner], inner_stride);
      // Odometer over the outer axes.
      std::size_t ax = inner;
      while (ax-- > 0) {
        for (std::size_t k = 0; k < N; ++k) offset[k] += st[k][ax];
        if (++counter[ax] < dims[ax]) break;
        for (std::size_t k = 0; k < N; ++k) offset[k] -= st[k][ax] * dims[ax];
        counter[ax] = 0;
      }
      if (ax == static_cast<std::size_t>(-1)) return;
    }
  }
}

}  // namespace detail
TENSR_NAMESPACE_END
