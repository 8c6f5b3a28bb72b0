// Elementwise math on tensors, views and scalars, all through the broadcasting engine:
// operators + - * / % (and unary -), comparisons (-> Tensor<bool, R>), compound
// += -= *= /= on Tensors and views, and the functions abs exp log log1p expm1 sqrt square
// sin cos tanh sigmoid relu pow maximum minimum clip where isnan isfinite isinf signbit
// logical_and logical_or logical_xor logical_not map. Every op returns a new Tensor, and has
// an out-parameter form whose last argument is the destination (`add(a, b, out)`,
// `exp(x, out)`).
//
// Result types: std::common_type_t of the operands, except that a scalar whose kind
// (bool < integer < floating) is not above the tensor's keeps the tensor's type, as NumPy
// does (`float_tensor * 2.0` is float). Math functions of integers give double.
// Integer arithmetic wraps like NumPy's; `/` and `%` of integers are Python's floor
// division and floor modulo (x / 0 and x % 0 give 0); `%` of floats is Python's too.
#pragma once

#include "tensr/core/internal.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/loop.hpp"
#include "tensr/ops/vmath.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

template <class T>
inline constexpr int kind_of = std::is_same_v<T, bool> ? 0
                               : std::is_integral_v<T> ? 1
                                                       : 2;

/// The element type of an op on A and B (see the header comment).
template <class A, class B>
struct promote {
  using VA = operand_value_t<A>;
  using VB = operand_value_t<B>;
  using type = std::conditional_t<
      !tensor_like<A> && tensor_like<B> && kind_of<VA> <= kind_of<VB>, VB,
      std::conditional_t<!tensor_like<B> && tensor_like<A> && kind_of<VB> <= kind_of<VA>, VA,
                         std::common_type_t<VA, VB>>>;
};
template <class A, class B>
using promote_t = typename promote<A, B>::type;

/// Result type of math functions: floats keep their type, integers give double.
template <class T>
using float_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;

template <class C, class X>
TENSR_ALWAYS_INLINE wrap_t<C> w(X x) noexcept {
  return static_cast<wrap_t<C>>(static_cast<C>(x));
}

// ---- binary kernels: C is the computation type ---------------------------------------------
template <class C>
struct add_fn {
  static constexpr bool wide = true;
  template <class A, class B>
  TENSR_ALWAYS_INLINE C operator()(A a, B b) const noexcept {
    if constexpr (std::is_same_v<C, bool>)
      return static_cast<bool>(a) || static_cast<bool>(b);  // NumPy: + on bool is `or`
    else
      return static_cast<C>(w<C>(a) + w<C>(b));
  }
};
template <class C>
struct subtract_fn {
  static constexpr bool wide = true;
  template <class A, class B>
  TENSR_ALWAYS_INLINE C operator()(A a, B b) const noexcept {
    return static_cast<C>(w<C>(a) - w<C>(b));
  }
};
template <class C>
struct multiply_fn {
  static constexpr bool wide = true;
  template <class A, class B>
  TENSR_ALWAYS_INLINE C operator()(A a, B b) const noexcept {
    if constexpr (std::is_same_v<C, bool>)
      return static_cast<bool>(a) && static_cast<bool>(b);
    else
      return static_cast<C>(w<C>(a) * w<C>(b));
  }
};
template <class C>
struct divide_fn {
  static constexpr bool wide = true;
  template <class A, class B>
  TENSR_ALWAYS_INLINE C operator()(A a, B b) const noexcept {
    const C x = static_cast<C>(a), y = static_cast<C>(b);
    if constexpr (std::is_floating_point_v<C>) {
      return x / y;
    } else if constexpr (std::is_signed_v<C>) {
      if (y == 0) return C{0};
      if (y == -1) return static_cast<C>(wrap_t<C>(0) - w<C>(x));  // MIN / -1 wraps
      const C q = static_cast<C>(x / y);
      return static_cast<C>(q - ((x % y != 0) && ((x < 0) != (y < 0))));  // floor
    } else {
      return y == 0 ? C{0} : static_cast<C>(x / y);
    }
  }
};
template <class C>
struct remainder_fn {
  template <class A, class B>
  C operator()(A a, B b) const noexcept {
    const C x = static_cast<C>(a), y = static_cast<C>(b);
    if constexpr (std::is_floating_point_v<C>) {
      C r = std::fmod(x, y);
      if (r != 0) {
        if ((r < 0) != (y < 0)) r += y;
      } else {
        r = std::copysign(C{0}, y);
      }
      return r;
    } else if constexpr (std::is_signed_v<C>) {
      if (y == 0 || y == -1) return C{0};
      const C r = static_cast<C>(x % y);
      return static_cast<C>(r != 0 && ((r < 0) != (y < 0)) ? r + y : r);
    } else {
      return y == 0 ? C{0} : static_cast<C>(x % y);
    }
  }
};
template <class C>
struct pow_fn {
  template <class A, class B>
  C operator()(A a, B b) const noexcept {
    const C x = static_cast<C>(a), y = static_cast<C>(b);
    if constexpr (std::is_floating_point_v<C>) {
      return std::pow(x, y);
    } else {
      if constexpr (std::is_signed_v<C>) {
        if (y < 0) return static_cast<C>(x == 1 ? 1 : x == -1 ? (y % 2 ? -1 : 1) : 0);
      }
      wrap_t<C> r = 1, base = w<C>(x);
      for (auto e = static_cast<wrap_t<C>>(y); e; e >>= 1) {
        if (e & 1) r *= base;
        base *= base;
      }
      return static_cast<C>(r);
    }
  }
};
template <class C>
TENSR_ALWAYS_INLINE C max_nan(C x, C y) noexcept {
  if constexpr (std::is_floating_point_v<C>)
    return x != x ? x : (y != y ? y : (x < y ? y : x));
  else
    return x < y ? y : x;
}
template <class C>
TENSR_ALWAYS_INLINE C min_nan(C x, C y) noexcept {
  if constexpr (std::is_floating_point_v<C>)
    return x != x ? x : (y != y ? y : (y < x ? y : x));
  else
    return y < x ? y : x;
}
template <class C>
struct maximum_fn {
  static constexpr bool wide = true;
  template <class A, class B>
  TENSR_ALWAYS_INLINE C operator()(A a, B b) const noexcept {
    return max_nan(static_cast<C>(a), static_cast<C>(b));
  }
};
template <class C>
struct minimum_fn {
  static constexpr bool wide = true;
  template <class A, class B>
  TENSR_ALWAYS_INLINE C operator()(A a, B b) const noexcept {
    return min_nan(static_cast<C>(a), static_cast<C>(b));
  }
};

#define TENSR_COMPARE_FN(name, op)                   \
  template <class C>                                 \
  struct name {                                      \
    template <class A, class B>                      \
    bool operator()(A a, B b) const noexcept {       \
      return static_cast<C>(a) op static_cast<C>(b); \
    }                                                \
  };
TENSR_COMPARE_FN(equal_fn, ==)
TENSR_COMPARE_FN(not_equal_fn, !=)
TENSR_COMPARE_FN(less_fn, <)
TENSR_COMPARE_FN(less_equal_fn, <=)
TENSR_COMPARE_FN(greater_fn, >)
TENSR_COMPARE_FN(greater_equal_fn, >=)
#undef TENSR_COMPARE_FN

template <class C>
struct logical_and_fn {
  template <class A, class B>
  bool operator()(A a, B b) const noexcept {
    return static_cast<bool>(a) && static_cast<bool>(b);
  }
};
template <class C>
struct logical_or_fn {
  template <class A, class B>
  bool operator()(A a, B b) const noexcept {
    return static_cast<bool>(a) || static_cast<bool>(b);
  }
};
template <class C>
struct logical_xor_fn {
  template <class A, class B>
  bool operator()(A a, B b) const noexcept {
    return static_cast<bool>(a) != static_cast<bool>(b);
  }
};

// ---- ternary kernels -------------------------------------------------------------------------
template <class C>
struct where_fn {
  static constexpr bool wide = true;
  template <class K, class A, class B>
  TENSR_ALWAYS_INLINE C operator()(K c, A a, B b) const noexcept {
    return static_cast<bool>(c) ? static_cast<C>(a) : static_cast<C>(b);
  }
};
template <class C>
struct clip_fn {
  static constexpr bool wide = true;
  template <class A, class L, class H>
  TENSR_ALWAYS_INLINE C operator()(A a, L lo, H hi) const noexcept {
    return min_nan(max_nan(static_cast<C>(a), static_cast<C>(lo)), static_cast<C>(hi));
  }
};

// ---- unary kernels: T is the input element type ----------------------------------------------
template <class T>
struct negative_fn {
  static constexpr bool wide = true;
  static_assert(!std::is_same_v<T, bool>,
                "tensr: unary - is not defined for bool tensors; use logical_not");
  TENSR_ALWAYS_INLINE T operator()(T a) const noexcept {
    return static_cast<T>(wrap_t<T>(0) - w<T>(a));
  }
};
template <class T>
struct abs_fn {
  static constexpr bool wide = true;
  TENSR_ALWAYS_INLINE T operator()(T a) const noexcept {
    if constexpr (std::is_floating_point_v<T>)
      return std::fabs(a);
    else if constexpr (std::is_signed_v<T>)
      return a < 0 ? static_cast<T>(wrap_t<T>(0) - w<T>(a)) : a;
    else
      return a;
  }
};
template <class T>
struct square_fn {
  static constexpr bool wide = true;
  TENSR_ALWAYS_INLINE T operator()(T a) const noexcept { return multiply_fn<T>{}(a, a); }
};
/// x itself (the bias-only write-back of a layer).
struct identity_fn {
  static constexpr bool wide = true;
  template <class T>
  TENSR_ALWAYS_INLINE T operator()(T a) const noexcept {
    return a;
  }
};
template <class T>
struct relu_fn {
  static constexpr bool wide = true;
  // NaN stays NaN (as np.maximum(x, 0)).
  TENSR_ALWAYS_INLINE T operator()(T a) const noexcept { return a < T{0} ? T{0} : a; }
};

template <class T>
inline constexpr bool is_float = std::is_same_v<float_t<T>, float>;

// `wide`: the contiguous loops are also compiled for AVX2 / AVX-512 (the function is inline
// arithmetic there, not a library call).
#define TENSR_FLOAT_FN(name, expr, is_wide)                         \
  template <class T>                                                \
  struct name {                                                     \
    static constexpr bool wide = is_wide;                           \
    TENSR_ALWAYS_INLINE float_t<T> operator()(T a) const noexcept { \
      const auto x = static_cast<float_t<T>>(a);                    \
      return expr;                                                  \
    }                                                               \
  };
TENSR_FLOAT_FN(sqrt_fn, std::sqrt(x), false)
TENSR_FLOAT_FN(sin_fn, std::sin(x), false)
TENSR_FLOAT_FN(cos_fn, std::cos(x), false)
#undef TENSR_FLOAT_FN

// The vmath functions: as above, plus `vec`, the same function on a vector of floats (simd),
// which contiguous float runs use (vector_form; see the isa_run overloads below).
#define TENSR_VMATH_FN(name, fn)                                    \
  template <class T>                                                \
  struct name {                                                     \
    static constexpr bool wide = is_float<T>;                       \
    static constexpr bool vector_form = std::is_same_v<T, float>;   \
    TENSR_ALWAYS_INLINE float_t<T> operator()(T a) const noexcept { \
      return vmath::fn(static_cast<float_t<T>>(a));                 \
    }                                                               \
    template <class V>                                              \
    TENSR_ALWAYS_INLINE static V vec(const V& x) noexcept {         \
      return vmath::fn(x);                                          \
    }                                                               \
  };
TENSR_VMATH_FN(exp_fn, exp)
TENSR_VMATH_FN(log_fn, log)
TENSR_VMATH_FN(tanh_fn, tanh)
TENSR_VMATH_FN(sigmoid_fn, sigmoid)
TENSR_VMATH_FN(log1p_fn, log1p)
TENSR_VMATH_FN(expm1_fn, expm1)
#undef TENSR_VMATH_FN

/// A function with a vector form (the vmath functions of float).
template <class F>
concept vector_form_fn = requires {
  requires F::vector_form;
};

// The elementwise loop (ops/loop.hpp) runs a contiguous run of a `wide` function as
// isa_run(isa, kernel, f, n, out, in...). For the vmath functions on a contiguous float input
// these overloads, more specialized and found by argument-dependent lookup, replace that
// auto-vectorized kernel by vmath::apply, written with explicit vectors of the level's full
// width: the auto-vectorizer's width follows -mtune (128 bits under some tunings). Out of
// place and in place (the output is the input) alike.
template <vector_form_fn F>
TENSR_ALWAYS_INLINE void isa_run(isa_level isa, const contig_k<true>&, F&, index_t n, float* o,
                                 const float* in) {
  vmath::apply<F>(isa, n, o, in);
}
template <vector_form_fn F>
TENSR_ALWAYS_INLINE void isa_run(isa_level isa, const contig_inplace_k<true>&, F&, index_t n,
                                 float* o, const float* in) {
  vmath::apply<F>(isa, n, o, in);
}

template <class T>
struct isnan_fn {
  bool operator()(T a) const noexcept {
    if constexpr (std::is_floating_point_v<T>)
      return a != a;
    else
      return static_cast<void>(a), false;
  }
};
template <class T>
struct isfinite_fn {
  bool operator()(T a) const noexcept {
    if constexpr (std::is_floating_point_v<T>)
      return a - a == a - a;  // inf - inf and NaN - NaN are NaN
    else
      return static_cast<void>(a), true;
  }
};
template <class T>
struct isinf_fn {
  bool operator()(T a) const noexcept {
    if constexpr (std::is_floating_point_v<T>)
      return std::isinf(a);
    else
      return static_cast<void>(a), false;
  }
};
template <class T>
struct signbit_fn {
  bool operator()(T a) const noexcept {
    if constexpr (std::is_floating_point_v<T>)
      return std::signbit(a);  // also -0.0 and -NaN
    else if constexpr (std::is_signed_v<T>)
      return a < 0;
    else
      return static_cast<void>(a), false;
  }
};
template <class T>
struct logical_not_fn {
  bool operator()(T a) const noexcept { return !static_cast<bool>(a); }
};

}  // namespace detail

// ---- public API -------------------------------------------------------------------------------

#define TENSR_UNARY_OP(name, Out)                                                            \
  template <tensor_like A>                                                                   \
  auto name(const A& a) {                                                                    \
    using T = value_type_of<A>;                                                              \
    return detail::elementwise<Out>(detail::name##_fn<T>{}, detail::operand_view(a));        \
  }                                                                                          \
  template <tensor_like A, out_target O>                                                     \
  void name(const A& a, O&& out) {                                                           \
    using T = value_type_of<A>;                                                              \
    detail::elementwise_into(detail::name##_fn<T>{}, as_view(out), detail::operand_view(a)); \
  }

/// NumPy's np.negative / unary minus.
TENSR_UNARY_OP(negative, T)
/// np.abs
TENSR_UNARY_OP(abs, T)
/// np.square
TENSR_UNARY_OP(square, T)
/// max(x, 0); NaN stays NaN.
TENSR_UNARY_OP(relu, T)
/// np.exp (float: vectorized, ~1 ulp)
TENSR_UNARY_OP(exp, detail::float_t<T>)
/// np.log (float: vectorized, ~1 ulp)
TENSR_UNARY_OP(log, detail::float_t<T>)
/// np.tanh (float: vectorized, ~2 ulp)
TENSR_UNARY_OP(tanh, detail::float_t<T>)
/// 1 / (1 + exp(-x)), stable for large |x| (scipy.special.expit)
TENSR_UNARY_OP(sigmoid, detail::float_t<T>)
/// np.log1p (float: vectorized, ~2 ulp)
TENSR_UNARY_OP(log1p, detail::float_t<T>)
/// np.expm1 (float: vectorized, ~2 ulp)
TENSR_UNARY_OP(expm1, detail::float_t<T>)
/// np.sqrt
TENSR_UNARY_OP(sqrt, detail::float_t<T>)
/// np.sin
TENSR_UNARY_OP(sin, detail::float_t<T>)
/// np.cos
TENSR_UNARY_OP(cos, detail::float_t<T>)
/// np.isnan
TENSR_UNARY_OP(isnan, bool)
/// np.isfinite
TENSR_UNARY_OP(isfinite, bool)
/// np.isinf: true for +inf and -inf; false for every integer
TENSR_UNARY_OP(isinf, bool)
/// np.signbit: the sign bit of a float (true for -0.0), x < 0 for an integer
TENSR_UNARY_OP(signbit, bool)
/// np.logical_not
TENSR_UNARY_OP(logical_not, bool)
#undef TENSR_UNARY_OP

#define TENSR_BINARY_OP(name, Out)                                                          \
  template <operand A, operand_with<A> B>                                                   \
  auto name(const A& a, const B& b) {                                                       \
    using C = detail::promote_t<A, B>;                                                      \
    return detail::elementwise<Out>(detail::name##_fn<C>{}, detail::operand_view(a),        \
                                    detail::operand_view(b));                               \
  }                                                                                         \
  template <operand A, operand_with<A> B, out_target O>                                     \
  void name(const A& a, const B& b, O&& out) {                                              \
    using C = detail::promote_t<A, B>;                                                      \
    detail::elementwise_into(detail::name##_fn<C>{}, as_view(out), detail::operand_view(a), \
                             detail::operand_view(b));                                      \
  }

/// np.add (a + b)
TENSR_BINARY_OP(add, C)
/// np.subtract (a - b)
TENSR_BINARY_OP(subtract, C)
/// np.multiply (a * b)
TENSR_BINARY_OP(multiply, C)
/// a / b: true division for floats, floor division (np.floor_divide) for integers
TENSR_BINARY_OP(divide, C)
/// np.remainder (a % b): Python's modulo, the sign of b
TENSR_BINARY_OP(remainder, C)
/// np.power
TENSR_BINARY_OP(pow, C)
/// np.maximum (NaN propagates)
TENSR_BINARY_OP(maximum, C)
/// np.minimum (NaN propagates)
TENSR_BINARY_OP(minimum, C)
/// np.equal, np.not_equal, np.less, np.less_equal, np.greater, np.greater_equal
TENSR_BINARY_OP(equal, bool)
TENSR_BINARY_OP(not_equal, bool)
TENSR_BINARY_OP(less, bool)
TENSR_BINARY_OP(less_equal, bool)
TENSR_BINARY_OP(greater, bool)
TENSR_BINARY_OP(greater_equal, bool)
/// np.logical_and, np.logical_or, np.logical_xor
TENSR_BINARY_OP(logical_and, bool)
TENSR_BINARY_OP(logical_or, bool)
TENSR_BINARY_OP(logical_xor, bool)
#undef TENSR_BINARY_OP

/// np.where(cond, a, b): a where cond is true, else b; all three broadcast.
template <operand K, operand A, operand B>
auto where(const K& cond, const A& a, const B& b) {
  using C = detail::promote_t<A, B>;
  return detail::elementwise<C>(detail::where_fn<C>{}, detail::operand_view(cond),
                                detail::operand_view(a), detail::operand_view(b));
}
template <operand K, operand A, operand B, out_target O>
void where(const K& cond, const A& a, const B& b, O&& out) {
  using C = detail::promote_t<A, B>;
  detail::elementwise_into(detail::where_fn<C>{}, as_view(out), detail::operand_view(cond),
                           detail::operand_view(a), detail::operand_view(b));
}

/// np.clip(a, lo, hi): minimum(maximum(a, lo), hi); lo and hi broadcast.
template <tensor_like A, operand L, operand H>
auto clip(const A& a, const L& lo, const H& hi) {
  // Each bound promotes against the tensor on its own (a scalar bound keeps a's type).
  using C = std::common_type_t<detail::promote_t<A, L>, detail::promote_t<A, H>>;
  return detail::elementwise<C>(detail::clip_fn<C>{}, detail::operand_view(a),
                                detail::operand_view(lo), detail::operand_view(hi));
}
template <tensor_like A, operand L, operand H, out_target O>
void clip(const A& a, const L& lo, const H& hi, O&& out) {
  // Each bound promotes against the tensor on its own (a scalar bound keeps a's type).
  using C = std::common_type_t<detail::promote_t<A, L>, detail::promote_t<A, H>>;
  detail::elementwise_into(detail::clip_fn<C>{}, as_view(out), detail::operand_view(a),
                           detail::operand_view(lo), detail::operand_view(hi));
}

/// f applied elementwise, like np.vectorize(f): `map(a, f)` with f: T -> an element type,
/// `map(a, b, f)` and `map(a, b, c, f)` over operands (tensors or scalars) that broadcast
/// together, each with an out-parameter form (`map(a, b, f, out)`). The result's element type
/// is what f returns. A large map may call f on several threads at once (core/threads.hpp)
/// when f can be called as const; a mutable f (a lambda that changes its own state) is called
/// on one thread, in the order of the elements.
template <tensor_like A, class F>
requires(!operand<F>) auto map(const A& a, F f) {
  using R = std::remove_cvref_t<std::invoke_result_t<F&, value_type_of<A>>>;
  static_assert(element<R>, "tensr: map(a, f): f must return an arithmetic or bool value");
  return detail::elementwise<R>(std::move(f), detail::operand_view(a));
}
template <tensor_like A, class F, out_target O>
requires(!operand<F>) void map(const A& a, F f, O&& out) {
  detail::elementwise_into(std::move(f), as_view(out), detail::operand_view(a));
}
template <operand A, operand_with<A> B, class F>
requires(!operand<F>) auto map(const A& a, const B& b, F f) {
  using R = std::remove_cvref_t<
      std::invoke_result_t<F&, detail::operand_value_t<A>, detail::operand_value_t<B>>>;
  static_assert(element<R>, "tensr: map(a, b, f): f must return an arithmetic or bool value");
  return detail::elementwise<R>(std::move(f), detail::operand_view(a), detail::operand_view(b));
}
template <operand A, operand_with<A> B, class F, out_target O>
requires(!operand<F>) void map(const A& a, const B& b, F f, O&& out) {
  detail::elementwise_into(std::move(f), as_view(out), detail::operand_view(a),
                           detail::operand_view(b));
}
template <operand A, operand B, operand C, class F>
requires(!operand<F> && (tensor_like<A> || tensor_like<B> ||
                         tensor_like<C>)) auto map(const A& a, const B& b, const C& c, F f) {
  using R = std::remove_cvref_t<std::invoke_result_t<
      F&, detail::operand_value_t<A>, detail::operand_value_t<B>, detail::operand_value_t<C>>>;
  static_assert(element<R>, "tensr: map(a, b, c, f): f must return an arithmetic or bool value");
  return detail::elementwise<R>(std::move(f), detail::operand_view(a), detail::operand_view(b),
                                detail::operand_view(c));
}
template <operand A, operand B, operand C, class F, out_target O>
requires(!operand<F> &&
         (tensor_like<A> || tensor_like<B> || tensor_like<C>)) void map(const A& a, const B& b,
                                                                        const C& c, F f, O&& out) {
  detail::elementwise_into(std::move(f), as_view(out), detail::operand_view(a),
                           detail::operand_view(b), detail::operand_view(c));
}

// ---- operators --------------------------------------------------------------------------------

/// -a (np.negative) and +a (a copy, as NumPy's unary plus).
template <tensor_like A>
auto operator-(const A& a) {
  return negative(a);
}
template <tensor_like A>
auto operator+(const A& a) {
  return Tensor<value_type_of<A>, rank_of<A>>(as_view(a));
}

#define TENSR_BINARY_OPERATOR(op, name)      \
  template <operand A, operand_with<A> B>    \
  auto operator op(const A& a, const B& b) { \
    return name(a, b);                       \
  }
/// a + b, a - b, a * b, a / b, a % b and the comparisons (-> Tensor<bool, R>): the functions
/// above (add, subtract, ...), with a tensor or a scalar on either side.
TENSR_BINARY_OPERATOR(+, add)
TENSR_BINARY_OPERATOR(-, subtract)
TENSR_BINARY_OPERATOR(*, multiply)
TENSR_BINARY_OPERATOR(/, divide)
TENSR_BINARY_OPERATOR(%, remainder)
TENSR_BINARY_OPERATOR(==, equal)
TENSR_BINARY_OPERATOR(!=, not_equal)
TENSR_BINARY_OPERATOR(<, less)
TENSR_BINARY_OPERATOR(<=, less_equal)
TENSR_BINARY_OPERATOR(>, greater)
TENSR_BINARY_OPERATOR(>=, greater_equal)
#undef TENSR_BINARY_OPERATOR

// Compound assignment writes into the left side, whose shape never changes: the right side
// broadcasts into it. The computation is done in the promoted type, then converted back.
#define TENSR_COMPOUND_OPERATOR(op, name)                                                       \
  template <out_target L, operand R>                                                            \
  L&& operator op(L&& lhs, const R& rhs) {                                                      \
    using T = value_type_of<L>;                                                                 \
    using C = detail::promote_t<std::remove_cvref_t<L>, R>;                                     \
    const auto out = as_view(lhs);                                                              \
    detail::elementwise_into(detail::name##_fn<C>{}, out, TensorView<const T, rank_of<L>>(out), \
                             detail::operand_view(rhs));                                        \
    return std::forward<L>(lhs);                                                                \
  }
/// a += b, -=, *=, /=, %=: b broadcasts into a (a tensor or a writable view), computed in the
/// promoted type and converted back to a's element type.
TENSR_COMPOUND_OPERATOR(+=, add)
TENSR_COMPOUND_OPERATOR(-=, subtract)
TENSR_COMPOUND_OPERATOR(*=, multiply)
TENSR_COMPOUND_OPERATOR(/=, divide)
TENSR_COMPOUND_OPERATOR(%=, remainder)
#undef TENSR_COMPOUND_OPERATOR

TENSR_NAMESPACE_END
