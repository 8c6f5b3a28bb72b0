// Comparisons of whole tensors, with NumPy's names and semantics: isclose (elementwise),
// allclose, array_equal and array_equiv. Each takes two tensors, views or a tensor and a
// scalar, which broadcast as in any elementwise op (array_equal excepted: it needs equal
// shapes).
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/creation.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/loop.hpp"
#include "tensr/ops/reduce.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// isclose's computation type: NumPy converts b to floating point first, then promotes.
template <class A, class B>
using isclose_t = float_t<promote_t<
    A, std::conditional_t<tensor_like<B>, Tensor<float_t<operand_value_t<B>>, operand_rank<B>>,
                          float_t<operand_value_t<B>>>>>;

template <class C>
struct isclose_fn {
  C rtol, atol;
  bool equal_nan;
  template <class A, class B>
  bool operator()(A a, B b) const noexcept {
    const C x = static_cast<C>(a), y = static_cast<C>(b);
    if (std::isfinite(x) && std::isfinite(y))
      return std::fabs(x - y) <= mul_add_unfused(rtol, std::fabs(y), atol);
    if (equal_nan && x != x && y != y) return true;
    return x == y;  // an infinity equals only itself
  }
};

/// a == b, or both NaN when equal_nan.
template <class C>
struct equal_or_nan_fn {
  bool equal_nan;
  template <class A, class B>
  bool operator()(A a, B b) const noexcept {
    const C x = static_cast<C>(a), y = static_cast<C>(b);
    return x == y || (equal_nan && x != x && y != y);
  }
};

}  // namespace detail

/// np.isclose(a, b, rtol, atol, equal_nan): |a - b| <= atol + rtol * |b| elementwise over the
/// broadcast operands (not symmetric in a and b, as NumPy's); an infinity is close only to
/// the same infinity, NaN to nothing unless equal_nan, when NaN is close to NaN. Computed in
/// floating point: integers as double, a scalar b keeps a float tensor's type.
template <operand A, operand_with<A> B>
auto isclose(const A& a, const B& b, double rtol = 1e-05, double atol = 1e-08,
             bool equal_nan = false) {
  using C = detail::isclose_t<A, B>;
  return detail::elementwise<bool>(
      detail::isclose_fn<C>{static_cast<C>(rtol), static_cast<C>(atol), equal_nan},
      detail::operand_view(a), detail::operand_view(b));
}

/// np.allclose: whether isclose holds everywhere (true for empty operands). Operands that
/// do not broadcast throw shape_error, as NumPy's.
template <operand A, operand_with<A> B>
bool allclose(const A& a, const B& b, double rtol = 1e-05, double atol = 1e-08,
              bool equal_nan = false) {
  return all_of(isclose(a, b, rtol, atol, equal_nan));
}

/// np.array_equal: same shape and equal elements (NaN equal to NaN when equal_nan). Operands
/// of different shapes or ranks are not equal; that is no error.
template <operand A, operand_with<A> B>
bool array_equal(const A& a, const B& b, bool equal_nan = false) {
  if constexpr (detail::operand_rank<A> != detail::operand_rank<B>) {
    return false;
  } else {
    const auto va = detail::operand_view(a);
    const auto vb = detail::operand_view(b);
    if (va.shape() != vb.shape()) return false;
    using C = detail::promote_t<A, B>;
    return all_of(detail::elementwise<bool>(detail::equal_or_nan_fn<C>{equal_nan}, va, vb));
  }
}

/// np.array_equiv: the operands broadcast together and are equal everywhere after
/// broadcasting; false, not an error, when they do not broadcast.
template <operand A, operand_with<A> B>
bool array_equiv(const A& a, const B& b) {
  const auto va = detail::operand_view(a);
  const auto vb = detail::operand_view(b);
  constexpr std::size_t R = std::max(detail::operand_rank<A>, detail::operand_rank<B>);
  shape_t<R> shape{};
  if (!detail::broadcast_shape(
          R, shape.data(),
          {detail::layout{detail::operand_rank<A>, va.shape().data(), nullptr},
           detail::layout{detail::operand_rank<B>, vb.shape().data(), nullptr}}))
    return false;
  using C = detail::promote_t<A, B>;
  return all_of(detail::elementwise<bool>(detail::equal_or_nan_fn<C>{false}, va, vb));
}

TENSR_NAMESPACE_END
