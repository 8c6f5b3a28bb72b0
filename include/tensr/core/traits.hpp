// Forward declarations of the two tensor types and the concepts that recognize them.
// A "view source" is anything a view may be taken of: a view, or an lvalue Tensor
// (a view of a temporary Tensor would dangle, so it does not satisfy the concept).
#pragma once

#include "tensr/core/internal.hpp"

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "tensr/core/config.hpp"

TENSR_NAMESPACE_BEGIN

template <class T, std::size_t Rank>
class TensorView;
template <class T, std::size_t Rank>
class Tensor;

namespace detail {
template <class X>
struct is_view : std::false_type {};
template <class T, std::size_t R>
struct is_view<TensorView<T, R>> : std::true_type {};
template <class X>
struct is_tensor : std::false_type {};
template <class T, std::size_t R>
struct is_tensor<Tensor<T, R>> : std::true_type {};

template <class X>
inline constexpr bool is_view_v = is_view<std::remove_cvref_t<X>>::value;
template <class X>
inline constexpr bool is_tensor_v = is_tensor<std::remove_cvref_t<X>>::value;
/// To is From with const added (views of T convert to views of const T).
template <class From, class To>
inline constexpr bool is_const_of = std::is_same_v<const From, To> && !std::is_const_v<From>;
template <class X>
inline constexpr bool is_lvalue_tensor_v =
    std::conjunction_v<std::is_lvalue_reference<X>, is_tensor<std::remove_cvref_t<X>>>;
}  // namespace detail

/// A TensorView or a Tensor (of any constness and value category).
template <class X>
concept tensor_like = detail::is_view_v<X> || detail::is_tensor_v<X>;

/// Something a view may be taken of without dangling: a view, or an lvalue Tensor.
template <class X>
concept view_source = detail::is_view_v<X> || detail::is_lvalue_tensor_v<X>;

namespace detail {
/// Instantiated by the view-returning functions when they are given a temporary Tensor, to
/// stop there with tensr's sentence rather than a deleted-function or no-match error. Those
/// functions return `auto`, so the compiler instantiates them, and this, at the call.
template <class A>
struct view_of_temporary {
  static_assert(view_source<A>,
                "tensr: a view of a temporary Tensor would dangle; bind it to a variable first");
};
}  // namespace detail

/// Element types tensr stores: arithmetic types and bool.
template <class T>
concept element = std::is_arithmetic_v<std::remove_const_t<T>>;

/// Rank and element value type of a tensor-like type.
template <class X>
inline constexpr std::size_t rank_of = std::remove_cvref_t<X>::rank;
template <class X>
using value_type_of = typename std::remove_cvref_t<X>::value_type;

namespace detail {
/// Integer arithmetic in an unsigned type of at least int's width, so that it wraps (as
/// NumPy's) instead of overflowing; other types as they are. Elementwise ops, sums and the
/// GEMM compute integers in it.
template <class C, bool = std::is_integral_v<C> && !std::is_same_v<C, bool>>
struct wrap {
  using type = C;
};
template <class C>
struct wrap<C, true> {
  using type = std::make_unsigned_t<std::common_type_t<C, int>>;
};
template <class C>
using wrap_t = typename wrap<C>::type;

/// x converted to element type To, defined for every value. A floating-point value converted
/// to an integer type is truncated toward zero through int32 (targets of up to 32 bits, but
/// uint32) or int64, where NaN, infinities and values outside that type's range give its
/// minimum -- what the x86 conversion instructions, and NumPy on x86, give -- and then wrapped
/// to To's width (C++'s integer conversion). Every other conversion is static_cast's.
template <class To, class From>
TENSR_ALWAYS_INLINE constexpr To convert(From x) noexcept {
  if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To> &&
                !std::is_same_v<To, bool>) {
    using W = std::conditional_t<(sizeof(To) < 4 || (sizeof(To) == 4 && std::is_signed_v<To>)),
                                 std::int32_t, std::int64_t>;
    constexpr From lo = static_cast<From>(std::numeric_limits<W>::min());  // -2^31 or -2^63
    const bool in_range = x >= lo && x < -lo;                              // false for NaN
    return static_cast<To>(in_range ? static_cast<W>(x) : std::numeric_limits<W>::min());
  } else {
    return static_cast<To>(x);
  }
}

// a.matmul(b) and a.dot(b) are members of the core types while the products live in
// linalg/: these hooks find tensr::matmul / tensr::dot by argument-dependent lookup when a
// member is instantiated, so core does not include linalg.
template <class A, class B>
auto adl_matmul(const A& a, const B& b) {
  return matmul(a, b);
}
template <class A, class B>
auto adl_dot(const A& a, const B& b) {
  return dot(a, b);
}
}  // namespace detail

/// The view of x: x itself for a view, x.view() for a Tensor.
template <tensor_like X>
constexpr auto as_view(X& x) noexcept {
  if constexpr (detail::is_view<std::remove_cvref_t<X>>::value)
    return x;
  else
    return x.view();
}

namespace detail {
/// The read-only view of x (a view of const elements), the form algorithms read inputs as.
template <tensor_like X>
auto const_view(const X& x) {
  return TensorView<const value_type_of<X>, rank_of<X>>(as_view(x));
}
}  // namespace detail

TENSR_NAMESPACE_END
