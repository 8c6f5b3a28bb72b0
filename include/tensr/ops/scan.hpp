// Scans: cumsum and cumprod along an axis (same shape; bool and narrow integers accumulate in
// 64 bits) or over the flattened elements, cumsum also into an out-parameter that may be the
// input itself; and diff, the n-th discrete difference along an axis.
#pragma once

#include "tensr/core/internal.hpp"

#include <cstddef>
#include <string>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/iterate.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/loop.hpp"
#include "tensr/ops/reduce_kernel.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// The running Op (add_fn: cumsum, multiply_fn: cumprod) of p (layout l) along ax into dst
/// (l's shape, strides ds; no overlap with p unless in the same layout), accumulating in O.
template <class O, template <class> class Op, class T, class D>
void scan_layout(const T* p, const layout& l, std::size_t ax, D* dst, const index_t* ds) {
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
                        // From the first element, not an identity: -0.0 stays -0.0.
                        O acc = static_cast<O>(q[0]);
                        o[0] = convert<D>(acc);
                        for (index_t i = 1; i < in.n; ++i)
                          o[i * so] = convert<D>(acc = Op<O>{}(acc, q[i * in.step]));
                      }
                    });
    return;
  }
  // Row by row: row i = Op(row i-1, input row i), each an elementwise op.
  const auto convert = [](T x) { return static_cast<O>(x); };
  run_loop<loop_alias::maybe>(convert, in.rank, in.shape.data(), dst, drows.data(),
                              loop_input<T>{p, in.strides.data()});
  Op<O> op;
  for (index_t i = 1; i < in.n; ++i)
    run_loop<loop_alias::maybe>(op, in.rank, in.shape.data(), dst + i * so, drows.data(),
                                loop_input<D>{dst + (i - 1) * so, drows.data()},
                                loop_input<T>{p + i * in.step, in.strides.data()});
}

/// The scan of Op along an axis, in a new tensor of a's shape.
template <template <class> class Op, tensor_like A>
auto scan(const A& a, index_t axis) {
  using T = value_type_of<A>;
  using O = sum_t<T>;
  constexpr std::size_t R = rank_of<A>;
  static_assert(R >= 1, "tensr: a scan along an axis needs a tensor of rank >= 1");
  const TensorView<const T, R> v = as_view(a);
  const std::size_t ax = normalize_axis(axis, R);
  Tensor<O, R> out(v.shape(), Storage<O>::uninitialized);
  scan_layout<O, Op>(v.data(), layout_of(v.shape(), v.strides()), ax, out.data(),
                     out.strides().data());
  return out;
}
/// The same over the elements in C order, as a rank-1 tensor.
template <template <class> class Op, tensor_like A>
auto scan(const A& a) {
  using T = value_type_of<A>;
  const Tensor<T, rank_of<A>> flat(as_view(a));
  return scan<Op>(TensorView<const T, 1>(flat.data(), shape_t<1>{flat.size()}), 0);
}

}  // namespace detail

/// np.cumsum along an axis (same shape; sums of bool and narrow integers in 64 bits).
template <tensor_like A>
auto cumsum(const A& a, index_t axis) {
  return detail::scan<detail::add_fn>(a, axis);
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
    detail::scan_layout<O, detail::add_fn>(v.data(), detail::layout_of(v.shape(), v.strides()), ax,
                                           dst.data(), dst.strides().data());
  else
    dst = cumsum(a, axis);
}
/// np.cumsum(a) without an axis: over the elements in C order, as a rank-1 tensor.
template <tensor_like A>
auto cumsum(const A& a) {
  return detail::scan<detail::add_fn>(a);
}

/// np.cumprod along an axis, or without one over the elements in C order (rank 1); products
/// of bool and narrow integers in 64 bits, as NumPy's.
template <tensor_like A>
auto cumprod(const A& a, index_t axis) {
  return detail::scan<detail::multiply_fn>(a, axis);
}
template <tensor_like A>
auto cumprod(const A& a) {
  return detail::scan<detail::multiply_fn>(a);
}

/// np.diff(a, n=1, axis=-1): the n-th discrete difference along the axis, a[1:] - a[:-1]
/// applied n times (the axis shrinks by n, to no less than 0). The element type is kept
/// (unsigned wraps); bool gives not_equal, as NumPy's. n = 0 returns a copy of a.
template <tensor_like A>
auto diff(const A& a, index_t n = 1, index_t axis = -1) {
  using T = value_type_of<A>;
  constexpr std::size_t R = rank_of<A>;
  static_assert(R >= 1, "tensr: diff requires input that is at least one dimensional");
  if (n < 0) throw shape_error("diff: order must be non-negative but got " + std::to_string(n));
  const std::size_t ax = detail::normalize_axis(axis, R);
  Tensor<T, R> r(as_view(a));
  for (index_t k = 0; k < n && r.shape(ax) > 0; ++k) {
    shape_t<R> s = r.shape();
    --s[ax];
    const TensorView<const T, R> hi(r.data() + r.strides()[ax], s, r.strides());
    const TensorView<const T, R> lo(r.data(), s, r.strides());
    if constexpr (std::is_same_v<T, bool>)
      r = not_equal(hi, lo);
    else
      r = subtract(hi, lo);
  }
  return r;
}

TENSR_NAMESPACE_END
