// Scans: cumsum along an axis (same shape; sums of bool and narrow integers in 64 bits) or over
// the flattened elements, and into an out-parameter that may be the input itself.
#pragma once

#include "tensr/core/internal.hpp"

#include <cstddef>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/iterate.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/loop.hpp"
#include "tensr/ops/reduce_kernel.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// cumsum of p (layout l) along ax into dst (l's shape, strides ds; no overlap with p unless
/// in the same layout), accumulating in O.
template <class O, class T, class D>
void cumsum_layout(const T* p, const layout& l, std::size_t ax, D* dst, const index_t* ds) {
  for (std::size_t i = 0; i < l.rank; ++i)
    if (l.shape[i] == 0) return;
  const reduce_rows in = rows_of(l, ax);
  axes_buffer drows{};
  drop_axis(l.rank, ds, ax, drows.data());
  const index_t so = ds[ax];
  if (is_inner_axis(l, ax)) {
    // One running sum per line, along memory.
    for_each_run<2>(in.rank, in.shape.data(), {drows.data(), in.strides.data()},
                    [&](const auto& off, index_t m, const auto& st) {
                      for (index_t j = 0; j < m; ++j) {
                        D* o = dst + off[0] + j * st[0];
                        const T* q = p + off[1] + j * st[1];
                        O acc{};
                        for (index_t i = 0; i < in.n; ++i)
                          o[i * so] = convert<D>(acc = add_fn<O>{}(acc, q[i * in.step]));
                      }
                    });
    return;
  }
  // Row by row: row i = row i-1 + input row i, each an elementwise add.
  const auto convert = [](T x) { return static_cast<O>(x); };
  run_loop<loop_alias::maybe>(convert, in.rank, in.shape.data(), dst, drows.data(),
                              loop_input<T>{p, in.strides.data()});
  add_fn<O> add;
  for (index_t i = 1; i < in.n; ++i)
    run_loop<loop_alias::maybe>(add, in.rank, in.shape.data(), dst + i * so, drows.data(),
                                loop_input<D>{dst + (i - 1) * so, drows.data()},
                                loop_input<T>{p + i * in.step, in.strides.data()});
}

}  // namespace detail

/// np.cumsum along an axis (same shape; sums of bool and narrow integers in 64 bits).
template <tensor_like A>
auto cumsum(const A& a, index_t axis) {
  using T = value_type_of<A>;
  using O = detail::sum_t<T>;
  constexpr std::size_t R = rank_of<A>;
  static_assert(R >= 1, "tensr: cumsum along an axis needs a tensor of rank >= 1");
  const TensorView<const T, R> v = as_view(a);
  const std::size_t ax = detail::normalize_axis(axis, R);
  Tensor<O, R> out(v.shape(), Storage<O>::uninitialized);
  detail::cumsum_layout<O>(v.data(), detail::layout_of(v.shape(), v.strides()), ax, out.data(),
                           out.strides().data());
  return out;
}
/// np.cumsum(a, axis, out=out): out has a's shape; it may be a itself. No allocation unless
/// out overlaps a in another layout, or has another element type than the sum's.
template <tensor_like A, out_target Out>
void cumsum(const A& a, index_t axis, Out&& out) {
  using T = value_type_of<A>;
  using O = detail::sum_t<T>;
  constexpr std::size_t R = rank_of<A>;
  static_assert(R >= 1, "tensr: cumsum along an axis needs a tensor of rank >= 1");
  static_assert(rank_of<Out> == R, "tensr: the destination of cumsum has the input's rank");
  const TensorView<const T, R> v = as_view(a);
  const std::size_t ax = detail::normalize_axis(axis, R);
  auto dst = as_view(out);
  if (dst.shape() != v.shape())
    throw shape_error("output of cumsum has shape " + detail::shape_str(dst.shape()) +
                      ", expected " + detail::shape_str(v.shape()));
  using D = value_type_of<Out>;
  const auto ov =
      detail::overlap_of(dst.data(), sizeof(D), detail::layout_of(dst.shape(), dst.strides()),
                         v.data(), sizeof(T), detail::layout_of(v.shape(), v.strides()));
  if (std::is_same_v<D, O> && ov != detail::overlap::partial)
    detail::cumsum_layout<O>(v.data(), detail::layout_of(v.shape(), v.strides()), ax, dst.data(),
                             dst.strides().data());
  else
    dst = cumsum(a, axis);
}
/// np.cumsum(a) without an axis: over the elements in C order, as a rank-1 tensor.
template <tensor_like A>
auto cumsum(const A& a) {
  const auto v = as_view(a);
  using T = value_type_of<A>;
  const Tensor<T, rank_of<A>> flat(v);
  return cumsum(TensorView<const T, 1>(flat.data(), shape_t<1>{flat.size()}), 0);
}

TENSR_NAMESPACE_END
