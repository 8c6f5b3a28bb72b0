// The strided walk under every loop in tensr: N operands that share one shape, visited one
// innermost run at a time after the axes are collapsed (core/layout.hpp), so the innermost run
// is as long as the layout allows. Rank-erased: the walk is compiled once per operand count
// and callback, not per rank. Copies (core/tensor_view.hpp) and the elementwise loop
// (ops/loop.hpp) run on it.
#pragma once

#include "tensr/core/internal.hpp"

#include <array>
#include <cstddef>

#include "tensr/core/config.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/shape.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// Calls f(offsets, n, inner_strides) once per innermost run, where offsets[k] is the element
/// offset of operand k at the start of the run and the run has n elements, inner_strides[k]
/// apart. An empty shape calls nothing; a shape of only size-1 axes calls once with n = 1.
// collapse() writes the entries the walk reads, which g++ cannot always see.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
template <std::size_t N, class F>
void for_each_run(std::size_t rank, const index_t* shape,
                  const std::array<const index_t*, N>& strides, F&& f) {
  collapsed<N> c;
  collapse(rank, shape, strides, c);
  if (c.empty) return;
  std::array<index_t, N> offset{};
  if (c.rank == 0) {
    f(offset, index_t{1}, std::array<index_t, N>{});
    return;
  }
  const std::size_t inner = c.rank - 1;
  std::array<index_t, N> inner_stride;
  for (std::size_t k = 0; k < N; ++k) inner_stride[k] = c.strides[k][inner];
  axes_buffer counter{};
  while (true) {
    f(offset, c.shape[inner], inner_stride);
    // Odometer over the outer axes.
    std::size_t ax = inner;
    while (ax-- > 0) {
      for (std::size_t k = 0; k < N; ++k) offset[k] += c.strides[k][ax];
      if (++counter[ax] < c.shape[ax]) break;
      for (std::size_t k = 0; k < N; ++k) offset[k] -= c.strides[k][ax] * c.shape[ax];
      counter[ax] = 0;
    }
    if (ax == static_cast<std::size_t>(-1)) return;
  }
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

/// The same for typed shapes and strides.
template <std::size_t N, std::size_t Rank, class F>
void for_each_run(const shape_t<Rank>& shape, const std::array<shape_t<Rank>, N>& strides, F&& f) {
  std::array<const index_t*, N> st;
  for (std::size_t k = 0; k < N; ++k) st[k] = strides[k].data();
  for_each_run<N>(Rank, shape.data(), st, f);
}

}  // namespace detail
TENSR_NAMESPACE_END
