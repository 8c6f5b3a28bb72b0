// tensordot(a, b, {axes_a}, {axes_b}) and tensordot<N>(a, b), NumPy's tensordot: the sum
// of products over the given axis pairs; the result's axes are a's remaining axes, then
// b's. It is an einsum whose labels come from the axis lists, so it runs on the same
// GEMM lowering. The result's rank depends on the number of summed axes K, so K is always
// known at compile time: from braces, a std::array, `{}, {}` (K = 0, the outer product),
// or as tensordot<K>(a, b, vector_a, vector_b) for lists whose length is known only at run
// time (checked). Each form takes a trailing `out` as well.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/linalg/einsum_exec.hpp"
#include "tensr/linalg/einsum_plan.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// Contracts a with b into the view that dest(result_shape) returns (a new Tensor, or a
/// checked out-parameter).
template <class T, std::size_t RA, std::size_t RB, std::size_t K, class Dest>
void tensordot_views(const TensorView<const T, RA>& a, const TensorView<const T, RB>& b,
                     const std::array<index_t, K>& axes_a, const std::array<index_t, K>& axes_b,
                     Dest&& dest) {
  static_assert(RA + RB <= einsum_max_labels, "tensr::tensordot: ranks too large");
  // Labels: a's axes 0..RA-1; b's summed axes take their partner's label, its others RA+i.
  std::array<std::size_t, RB> label_b{};
  std::array<bool, RA> summed_a{};
  std::array<bool, RB> summed_b{};
  bool ok = true;
  for (std::size_t k = 0; k < K; ++k) {
    const std::size_t ia = normalize_axis(axes_a[k], RA, "tensordot");
    const std::size_t ib = normalize_axis(axes_b[k], RB, "tensordot");
    if (summed_a[ia] || summed_b[ib])
      throw shape_error("tensordot: repeated axis in " + shape_str(axes_a) + " or " +
                        shape_str(axes_b));
    summed_a[ia] = summed_b[ib] = true;
    label_b[ib] = ia;
    ok = ok && a.shape()[ia] == b.shape()[ib];
  }
  if (!ok)
    throw shape_error("tensordot: shape-mismatch for sum: shapes " + shape_str(a.shape()) +
                      " and " + shape_str(b.shape()) + " with axes " + shape_str(axes_a) + " and " +
                      shape_str(axes_b));
  einsum_workspace<T> ws;
  einsum_tensor<const T> t[2];
  t[0].p = a.data();
  t[0].mask = 0;
  t[1].p = b.data();
  t[1].mask = 0;
  constexpr std::size_t R = RA + RB - 2 * K;
  shape_t<R> shape{};
  einsum_order out;
  for (std::size_t i = 0; i < RA; ++i) {
    t[0].mask |= einsum_bit(i);
    t[0].stride[i] = a.shape()[i] == 1 ? 0 : a.strides()[i];
    ws.size[i] = a.shape()[i];
    if (!summed_a[i]) shape[out.n] = a.shape()[i], out.l[out.n++] = static_cast<std::uint8_t>(i);
  }
  for (std::size_t i = 0; i < RB; ++i) {
    const std::size_t l = summed_b[i] ? label_b[i] : RA + i;
    t[1].mask |= einsum_bit(l);
    t[1].stride[l] = b.shape()[i] == 1 ? 0 : b.strides()[i];
    ws.size[l] = b.shape()[i];
    if (!summed_b[i]) shape[out.n] = b.shape()[i], out.l[out.n++] = static_cast<std::uint8_t>(l);
  }
  const TensorView<T, R> result = dest(shape);
  einsum_tensor<T> o;
  o.p = result.data();
  o.mask = 0;
  for (std::size_t i = 0; i < R; ++i) {
    o.mask |= einsum_bit(out.l[i]);
    o.stride[out.l[i]] = shape[i] == 1 ? 0 : result.strides()[i];
  }
  einsum_execute<T>(ws, t, 2, o, std::remove_cvref_t<Dest>::fresh);
}

/// Allocates the result.
template <class T, std::size_t R>
struct tensordot_new {
  static constexpr bool fresh = true;
  Tensor<T, R>* result;
  TensorView<T, R> operator()(const shape_t<R>& shape) const {
    *result = Tensor<T, R>(shape, Storage<T>::uninitialized);
    return result->view();
  }
};

/// Checks an out-parameter against the result's shape.
template <class T, std::size_t R, std::size_t RA, std::size_t RB>
struct tensordot_out {
  static constexpr bool fresh = false;
  TensorView<T, R> out;
  const shape_t<RA>& sa;
  const shape_t<RB>& sb;
  TensorView<T, R> operator()(const shape_t<R>& shape) const {
    if (shape != out.shape())
      throw shape_error("tensordot: out has shape " + shape_str(out.shape()) +
                        " but the product of " + shape_str(sa) + " and " + shape_str(sb) +
                        " has shape " + shape_str(shape));
    return out;
  }
};

template <class X>
auto tensordot_operand(const X& x) {
  return TensorView<const value_type_of<X>, rank_of<X>>(as_view(x));
}

template <class XA, class XB>
using tensordot_value_t = std::common_type_t<value_type_of<XA>, value_type_of<XB>>;

/// The operands as views of their common element type (converted copies when needed), then
/// f(view_a, view_b).
template <class XA, class XB, class F>
void tensordot_operands(const XA& a, const XB& b, F&& f) {
  using T = tensordot_value_t<XA, XB>;
  static_assert(!std::is_same_v<T, bool>, "tensr::tensordot: bool operands are not supported");
  if constexpr (std::is_same_v<value_type_of<XA>, T> && std::is_same_v<value_type_of<XB>, T>) {
    f(tensordot_operand(a), tensordot_operand(b));
  } else {
    const Tensor<T, rank_of<XA>> ca(tensordot_operand(a));
    const Tensor<T, rank_of<XB>> cb(tensordot_operand(b));
    f(TensorView<const T, rank_of<XA>>(ca.view()), TensorView<const T, rank_of<XB>>(cb.view()));
  }
}

/// The run-time axis lists as arrays of K axes; NumPy's "shape-mismatch for sum" when their
/// lengths differ, and a shape_error naming K when that length is not K.
template <std::size_t K>
std::array<std::array<index_t, K>, 2> tensordot_fixed(std::span<const index_t> axes_a,
                                                      std::span<const index_t> axes_b) {
  if (axes_a.size() != axes_b.size())
    throw shape_error("tensordot: shape-mismatch for sum: " + std::to_string(axes_a.size()) +
                      " axes of a paired with " + std::to_string(axes_b.size()) + " axes of b");
  if (axes_a.size() != K)
    throw shape_error("tensordot<K>: K = " + std::to_string(K) + " but the axis lists have " +
                      std::to_string(axes_a.size()) + " axes");
  std::array<std::array<index_t, K>, 2> axes{};
  std::copy(axes_a.begin(), axes_a.end(), axes[0].begin());
  std::copy(axes_b.begin(), axes_b.end(), axes[1].begin());
  return axes;
}

/// What `{}` binds to in tensordot(a, b, {}, {}): no summed axes.
struct no_axes_t {};

template <class>
inline constexpr bool always_false = false;

template <class XA, class XB, std::size_t K>
auto tensordot_arrays(const XA& a, const XB& b, const std::array<index_t, K>& ax,
                      const std::array<index_t, K>& bx) {
  constexpr std::size_t RA = rank_of<XA>, RB = rank_of<XB>;
  static_assert(K <= RA && K <= RB, "tensr::tensordot: more summed axes than an operand has");
  using T = tensordot_value_t<XA, XB>;
  Tensor<T, RA + RB - 2 * K> result;
  tensordot_operands(a, b, [&](const auto& va, const auto& vb) {
    tensordot_views<T>(va, vb, ax, bx, tensordot_new<T, RA + RB - 2 * K>{&result});
  });
  return result;
}

/// tensordot into `out`, which must have the result's shape (shape_error naming both).
template <class XA, class XB, class XC, std::size_t K>
void tensordot_into(const XA& a, const XB& b, const std::array<index_t, K>& ax,
                    const std::array<index_t, K>& bx, XC&& out) {
  constexpr std::size_t RA = rank_of<XA>, RB = rank_of<XB>, R = RA + RB - 2 * K;
  static_assert(K <= RA && K <= RB, "tensr::tensordot: more summed axes than an operand has");
  using T = tensordot_value_t<XA, XB>;
  const auto cv = as_view(out);
  static_assert(std::is_same_v<typename decltype(cv)::value_type, T>,
                "tensr::tensordot: out must be writable and have the operands' common element "
                "type");
  static_assert(decltype(cv)::rank == R,
                "tensr::tensordot: out's rank differs from the result's (rank(a) + rank(b) - "
                "2 * number of summed axes)");
  tensordot_operands(a, b, [&](const auto& va, const auto& vb) {
    tensordot_views<T>(va, vb, ax, bx, tensordot_out<T, R, RA, RB>{cv, va.shape(), vb.shape()});
  });
}

/// axes=N as NumPy reads it: the last N axes of a rank-RA operand, the first N of the other.
template <std::size_t N, std::size_t RA>
constexpr std::array<std::array<index_t, N>, 2> tensordot_last_first() noexcept {
  std::array<std::array<index_t, N>, 2> axes{};
  for (std::size_t k = 0; k < N; ++k)
    axes[0][k] = static_cast<index_t>(RA - N + k), axes[1][k] = static_cast<index_t>(k);
  return axes;
}

}  // namespace detail

/// numpy.tensordot(a, b, axes=(axes_a, axes_b)): sums over axes_a[k] of a paired with
/// axes_b[k] of b (negative axes count from the end). The result has a's other axes, then
/// b's, so its rank RA + RB - 2K is known at compile time. Sizes that differ throw
/// shape_error naming both shapes.
template <tensor_like XA, tensor_like XB, std::size_t K>
auto tensordot(const XA& a, const XB& b, const index_t (&axes_a)[K], const index_t (&axes_b)[K]) {
  return detail::tensordot_arrays(a, b, std::to_array(axes_a), std::to_array(axes_b));
}
/// The same with std::array<index_t, K> axis lists (K = 0 allowed: the outer product).
template <tensor_like XA, tensor_like XB, std::size_t K>
auto tensordot(const XA& a, const XB& b, const std::array<index_t, K>& axes_a,
               const std::array<index_t, K>& axes_b) {
  return detail::tensordot_arrays(a, b, axes_a, axes_b);
}
/// tensordot(a, b, {}, {}): NumPy's axes=([], []), the outer product (rank RA + RB).
template <tensor_like XA, tensor_like XB>
auto tensordot(const XA& a, const XB& b, detail::no_axes_t, detail::no_axes_t) {
  return detail::tensordot_arrays(a, b, std::array<index_t, 0>{}, std::array<index_t, 0>{});
}
/// tensordot<K>(a, b, axes_a, axes_b) for axis lists of run-time length (std::vector,
/// std::span): K, the number of pairs, sets the result's rank, so it is a template argument
/// and the lists must hold K axes each (shape_error otherwise; NumPy's "shape-mismatch for
/// sum" when their lengths differ).
template <std::size_t K, tensor_like XA, tensor_like XB>
auto tensordot(const XA& a, const XB& b, std::span<const index_t> axes_a,
               std::span<const index_t> axes_b) {
  const auto axes = detail::tensordot_fixed<K>(axes_a, axes_b);
  return detail::tensordot_arrays(a, b, axes[0], axes[1]);
}
/// tensordot(a, b, n) with a run-time n cannot fix the result's rank: a compile error that
/// names the spelling to use, tensordot<N>(a, b).
template <tensor_like XA, tensor_like XB, std::integral I>
auto tensordot(const XA&, const XB&, I) {
  static_assert(detail::always_false<I>,
                "tensr::tensordot: axes=N is a template argument, write tensordot<N>(a, b)");
  // `auto` makes the compiler instantiate this at the call, so the assertion comes first.
  return 0;
}

/// numpy.tensordot(a, b, axes=N): sums over the last N axes of a and the first N of b
/// (NumPy's default is N = 2). N is a template argument because it sets the result's rank.
template <std::size_t N = 2, tensor_like XA, tensor_like XB>
auto tensordot(const XA& a, const XB& b) {
  static_assert(N <= rank_of<XA> && N <= rank_of<XB>,
                "tensr::tensordot<N>: N is larger than an operand's rank");
  constexpr auto axes = detail::tensordot_last_first<N, rank_of<XA>>();
  return detail::tensordot_arrays(a, b, axes[0], axes[1]);
}

/// numpy.tensordot(a, b, axes=(axes_a, axes_b), out=out) — NumPy's tensordot has no out=;
/// this is the dot-like form: `out` (a writable view or lvalue Tensor of the operands'
/// common element type) must have the result's shape (shape_error naming both). It may
/// overlap an operand: that operand is copied first, so the result is the plain form's.
template <tensor_like XA, tensor_like XB, std::size_t K, view_source XC>
void tensordot(const XA& a, const XB& b, const index_t (&axes_a)[K], const index_t (&axes_b)[K],
               XC&& out) {
  detail::tensordot_into(a, b, std::to_array(axes_a), std::to_array(axes_b), out);
}
/// tensordot(a, b, array_a, array_b, out): std::array axis lists into `out`.
template <tensor_like XA, tensor_like XB, std::size_t K, view_source XC>
void tensordot(const XA& a, const XB& b, const std::array<index_t, K>& axes_a,
               const std::array<index_t, K>& axes_b, XC&& out) {
  detail::tensordot_into(a, b, axes_a, axes_b, out);
}
/// tensordot(a, b, {}, {}, out): the outer product into `out`.
template <tensor_like XA, tensor_like XB, view_source XC>
void tensordot(const XA& a, const XB& b, detail::no_axes_t, detail::no_axes_t, XC&& out) {
  detail::tensordot_into(a, b, std::array<index_t, 0>{}, std::array<index_t, 0>{}, out);
}
/// tensordot<K>(a, b, vector_a, vector_b, out): run-time axis lists of K axes into `out`.
template <std::size_t K, tensor_like XA, tensor_like XB, view_source XC>
void tensordot(const XA& a, const XB& b, std::span<const index_t> axes_a,
               std::span<const index_t> axes_b, XC&& out) {
  const auto axes = detail::tensordot_fixed<K>(axes_a, axes_b);
  detail::tensordot_into(a, b, axes[0], axes[1], out);
}

/// tensordot<N>(a, b, out): tensordot(a, b, axes=N) into `out`, as above.
template <std::size_t N = 2, tensor_like XA, tensor_like XB, view_source XC>
void tensordot(const XA& a, const XB& b, XC&& out) {
  static_assert(N <= rank_of<XA> && N <= rank_of<XB>,
                "tensr::tensordot<N>: N is larger than an operand's rank");
  constexpr auto axes = detail::tensordot_last_first<N, rank_of<XA>>();
  detail::tensordot_into(a, b, axes[0], axes[1], out);
}

TENSR_NAMESPACE_END
