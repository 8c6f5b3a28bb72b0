// Creation functions with NumPy's names and semantics: zeros, ones, full, empty, their
// *_like forms, arange, linspace, logspace, geomspace, eye, identity, tri and indices.
//
// Shapes are braced lists whose length gives the rank (`zeros<float>({2, 3})` is a
// Tensor<float, 2>) or a shape_t<R>; a scalar tensor is `zeros<float>(shape_t<0>{})`.
// Negative sizes throw shape_error naming the shape.
//
// arange and linspace follow NumPy's arithmetic, so their values match NumPy's bit for
// bit: arange's length is ceil((stop - start) / step), its element i is
// start + i * ((start + step) - start) (NumPy's fill rule); linspace's element i is
// i * step + start with step = (stop - start) / div, the last one exactly stop. The
// product and the sum are rounded separately, as NumPy rounds them, even where the
// compiler would fuse them into one FMA (g++ does so in C++ with -march=native).
#pragma once

#include "tensr/core/internal.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/traits.hpp"

TENSR_NAMESPACE_BEGIN

namespace detail {

/// A braced shape `{2, 3}` as a shape_t; the braced form deduces the rank.
template <std::size_t R>
constexpr shape_t<R> to_shape(const index_t (&shape)[R]) noexcept {
  shape_t<R> s{};
  for (std::size_t i = 0; i < R; ++i) s[i] = shape[i];
  return s;
}

/// The element type of a creation function: T when given explicitly, else Default.
template <class T, class Default>
using explicit_or = std::conditional_t<std::is_void_v<T>, Default, T>;

/// Element type of a *_like result: T when given, else the value type of A.
template <class T, class A>
using like_t = explicit_or<T, typename std::remove_cvref_t<A>::value_type>;

template <class T>
concept arange_element = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

/// |x| truncated to an integer, as an unsigned 64-bit number (saturating for floats).
template <class S>
std::uint64_t magnitude_u64(S x) noexcept {
  if constexpr (std::is_floating_point_v<S>) {
    const double a = std::fabs(static_cast<double>(x));
    return a < 0x1p64 ? static_cast<std::uint64_t>(a) : std::numeric_limits<std::uint64_t>::max();
  } else if constexpr (std::is_signed_v<S>) {
    // Through uint64 so that the most negative value has no overflow.
    return x < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(x) : static_cast<std::uint64_t>(x);
  } else {
    return static_cast<std::uint64_t>(x);
  }
}

/// a * b + c with the product rounded before the sum. The product passes through a
/// volatile so that no compiler can contract the two into an FMA; in C++ g++ does that
/// even across statements when the target has FMA.
template <class T>
T mul_add_unfused(T a, T b, T c) noexcept {
  const volatile T product = a * b;
  return product + c;
}

[[noreturn]] inline void arange_too_large() {
  throw shape_error("arange: Maximum allowed size exceeded");
}

/// Integer arange in exact arithmetic (NumPy's float division could round). start and
/// stop are converted to T; the step keeps its sign and magnitude, so an unsigned T can
/// still count down.
template <class T, class Start, class Stop, class Step>
Tensor<T, 1> arange_integral(Start start_arg, Stop stop_arg, Step step_arg) {
  const T start = static_cast<T>(start_arg), stop = static_cast<T>(stop_arg);
  const std::uint64_t step = magnitude_u64(step_arg);
  if (step == 0) throw shape_error("arange: step cannot be zero");
  bool down = false;
  if constexpr (std::is_signed_v<Step>) down = step_arg < 0;
  std::uint64_t n = 0;
  if (down ? stop < start : start < stop) {
    // The difference is below 2^64, so the unsigned subtraction is exact.
    const std::uint64_t span =
        down ? static_cast<std::uint64_t>(start) - static_cast<std::uint64_t>(stop)
             : static_cast<std::uint64_t>(stop) - static_cast<std::uint64_t>(start);
    n = span / step + (span % step != 0);
  }
  if (n > static_cast<std::uint64_t>(std::numeric_limits<index_t>::max())) arange_too_large();
  Tensor<T, 1> out(shape_t<1>{static_cast<index_t>(n)}, Storage<T>::uninitialized);
  T* p = out.data();
  // Modular arithmetic: every value lies between start and stop, so it fits T.
  const auto base = static_cast<std::uint64_t>(start);
  for (std::uint64_t i = 0; i < n; ++i)
    p[i] = static_cast<T>(down ? base - i * step : base + i * step);
  return out;
}

template <class T, class Start, class Stop, class Step>
Tensor<T, 1> arange_floating(Start start_arg, Stop stop_arg, Step step_arg) {
  using C = std::common_type_t<T, double>;  // NumPy computes the length in double
  const T start = static_cast<T>(start_arg), stop = static_cast<T>(stop_arg),
          step = static_cast<T>(step_arg);
  if (step == 0) throw shape_error("arange: step cannot be zero");
  const C len = std::ceil((static_cast<C>(stop) - static_cast<C>(start)) / static_cast<C>(step));
  if (std::isnan(len)) throw shape_error("arange: cannot compute length");
  if (!(len < static_cast<C>(std::numeric_limits<index_t>::max()))) arange_too_large();
  const index_t n = len > 0 ? static_cast<index_t>(len) : 0;
  Tensor<T, 1> out(shape_t<1>{n}, Storage<T>::uninitialized);
  T* p = out.data();
  if (n > 0) p[0] = start;
  if (n > 1) p[1] = static_cast<T>(start + step);
  if (n > 2) {
    const T delta = p[1] - start;
    for (index_t i = 2; i < n; ++i) p[i] = mul_add_unfused(static_cast<T>(i), delta, start);
  }
  return out;
}

template <class T>
using linspace_compute_t = std::conditional_t<std::is_same_v<T, long double>, long double, double>;

/// n x m with ones where column - row <= k (lower) or >= k (upper), else zeros: the mask
/// of tri, tril and triu. m = -1 means m = n.
template <class T>
Tensor<T, 2> triangle_mask(index_t n, index_t m, index_t k, bool upper) {
  if (m == -1) m = n;
  Tensor<T, 2> out(shape_t<2>{n, m});
  for (index_t i = 0; i < n; ++i)
    for (index_t j = 0; j < m; ++j)
      if (upper ? j - i >= k : j - i <= k) out(i, j) = T(1);
  return out;
}

}  // namespace detail

// ---- zeros, ones, full, empty ---------------------------------------------------------------

/// Zeros of the given shape (NumPy's np.zeros). `zeros<float>({2, 3})`.
template <class T = double, std::size_t R>
Tensor<T, R> zeros(const std::array<index_t, R>& shape) {
  return Tensor<T, R>(shape);
}
template <class T = double, std::size_t R>
Tensor<T, R> zeros(const index_t (&shape)[R]) {
  return Tensor<T, R>(detail::to_shape(shape));
}

/// Ones of the given shape (NumPy's np.ones).
template <class T = double, std::size_t R>
Tensor<T, R> ones(const std::array<index_t, R>& shape) {
  return Tensor<T, R>(shape, T(1));
}
template <class T = double, std::size_t R>
Tensor<T, R> ones(const index_t (&shape)[R]) {
  return Tensor<T, R>(detail::to_shape(shape), T(1));
}

/// `value` everywhere (NumPy's np.full); the element type is value's unless given:
/// `full({2, 3}, 1.5f)` is Tensor<float, 2>, `full<double>({2}, 1)` is Tensor<double, 1>.
template <class T = void, std::size_t R, element V>
Tensor<detail::explicit_or<T, V>, R> full(const std::array<index_t, R>& shape, V value) {
  using E = detail::explicit_or<T, V>;
  return Tensor<E, R>(shape, static_cast<E>(value));
}
template <class T = void, std::size_t R, element V>
Tensor<detail::explicit_or<T, V>, R> full(const index_t (&shape)[R], V value) {
  return full<T>(detail::to_shape(shape), value);
}

/// Uninitialized elements (NumPy's np.empty): for results about to be overwritten.
template <class T = double, std::size_t R>
Tensor<T, R> empty(const std::array<index_t, R>& shape) {
  return Tensor<T, R>(shape, Storage<T>::uninitialized);
}
template <class T = double, std::size_t R>
Tensor<T, R> empty(const index_t (&shape)[R]) {
  return Tensor<T, R>(detail::to_shape(shape), Storage<T>::uninitialized);
}

// ---- *_like: the shape (and, unless T is given, the element type) of a --------------------

/// Zeros shaped like `a`, with a's element type unless T is given (`zeros_like<float>(a)`).
template <class T = void, tensor_like A>
auto zeros_like(const A& a) {
  return Tensor<detail::like_t<T, A>, std::remove_cvref_t<A>::rank>(a.shape());
}
template <class T = void, tensor_like A>
auto ones_like(const A& a) {
  using E = detail::like_t<T, A>;
  return Tensor<E, std::remove_cvref_t<A>::rank>(a.shape(), E(1));
}
/// `value` converted to the element type, as NumPy's np.full_like does
/// (`full_like(int_tensor, 2.5)` holds 2).
template <class T = void, tensor_like A, element V>
auto full_like(const A& a, V value) {
  using E = detail::like_t<T, A>;
  return Tensor<E, std::remove_cvref_t<A>::rank>(a.shape(), static_cast<E>(value));
}
template <class T = void, tensor_like A>
auto empty_like(const A& a) {
  using E = detail::like_t<T, A>;
  return Tensor<E, std::remove_cvref_t<A>::rank>(a.shape(), Storage<E>::uninitialized);
}

// ---- arange -----------------------------------------------------------------------------------

/// Values from start up to (excluding) stop by step (NumPy's np.arange). The element type
/// is std::common_type_t of the arguments, or T when given; the arguments are converted
/// to it first, so `arange<int>(0, 10, 2.5)` steps by 2 and ends at 8 (NumPy takes the
/// length from the unconverted values and stops at 6). step == 0 throws shape_error.
/// Integer types count exactly; floating types follow NumPy's rounding (see the top).
template <class T = void, element Start, element Stop, element Step>
auto arange(Start start, Stop stop, Step step) {
  using E = detail::explicit_or<T, std::common_type_t<Start, Stop, Step>>;
  static_assert(detail::arange_element<E>, "tensr: arange needs a non-bool arithmetic type");
  if constexpr (std::is_integral_v<E>)
    return detail::arange_integral<E>(start, stop, step);
  else
    return detail::arange_floating<E>(start, stop, step);
}
/// arange(start, stop) with step 1.
template <class T = void, element Start, element Stop>
auto arange(Start start, Stop stop) {
  using E = detail::explicit_or<T, std::common_type_t<Start, Stop>>;
  return arange<E>(start, stop, E(1));
}
/// arange(0, stop): `arange(5)` is the Tensor<int, 1> {0, 1, 2, 3, 4}.
template <class T = void, element Stop>
auto arange(Stop stop) {
  using E = detail::explicit_or<T, Stop>;
  return arange<E>(E(0), stop, E(1));
}

// ---- linspace, eye ----------------------------------------------------------------------------

/// num evenly spaced values from start to stop (NumPy's np.linspace): step is
/// (stop - start) / (endpoint ? num - 1 : num), element i is i * step + start computed in
/// double (long double for T = long double), the last one exactly stop when endpoint and
/// num > 1. Integer T: the values are floored, as NumPy does. num < 0 throws shape_error.
template <class T = double>
Tensor<T, 1> linspace(detail::linspace_compute_t<T> start, detail::linspace_compute_t<T> stop,
                      index_t num = 50, bool endpoint = true) {
  using C = detail::linspace_compute_t<T>;
  static_assert(detail::arange_element<T>, "tensr: linspace needs a non-bool arithmetic type");
  if (num < 0)
    throw shape_error("linspace: Number of samples, " + std::to_string(num) +
                      ", must be non-negative.");
  Tensor<T, 1> out(shape_t<1>{num}, Storage<T>::uninitialized);
  const index_t div = endpoint ? num - 1 : num;
  const C delta = stop - start;
  const C step = div > 0 ? delta / static_cast<C>(div) : C(0);
  T* p = out.data();
  for (index_t i = 0; i < num; ++i) {
    const auto ci = static_cast<C>(i);
    C y;
    if (div <= 0)
      y = detail::mul_add_unfused(ci, delta, start);  // num == 1 with endpoint: just start
    else if (step == 0)  // NumPy's branch for a step too small to represent
      y = detail::mul_add_unfused(ci / static_cast<C>(div), delta, start);
    else
      y = detail::mul_add_unfused(ci, step, start);
    if (endpoint && num > 1 && i == num - 1) y = stop;
    if constexpr (std::is_integral_v<T>)
      p[i] = static_cast<T>(std::floor(y));
    else
      p[i] = static_cast<T>(y);
  }
  return out;
}

/// n x m with ones on diagonal k (NumPy's np.eye): k > 0 above the main diagonal, k < 0
/// below. m = -1 means m = n.
template <class T = double>
Tensor<T, 2> eye(index_t n, index_t m = -1, index_t k = 0) {
  if (m == -1) m = n;
  Tensor<T, 2> out(shape_t<2>{n, m});
  for (index_t i = 0; i < n; ++i) {
    // Column i + k must lie in [0, m); written so that no sum can overflow.
    const bool inside = k >= 0 ? i < m - k : (i + k >= 0 && i + k < m);
    if (inside) out(i, i + k) = T(1);
  }
  return out;
}

/// The n x n identity matrix (NumPy's np.identity): eye<T>(n).
template <class T = double>
Tensor<T, 2> identity(index_t n) {
  return eye<T>(n);
}

/// n x m with ones at and below diagonal k, zeros above (NumPy's np.tri): element (i, j) is
/// 1 where j <= i + k. m = -1 means m = n.
template <class T = double>
Tensor<T, 2> tri(index_t n, index_t m = -1, index_t k = 0) {
  return detail::triangle_mask<T>(n, m, k, false);
}

// ---- logspace, geomspace ----------------------------------------------------------------------

namespace detail {
/// base ** linspace(start, stop, num, endpoint) in C, as NumPy computes it.
template <class C>
Tensor<C, 1> logspace_values(C start, C stop, index_t num, bool endpoint, C base) {
  Tensor<C, 1> y = linspace<C>(start, stop, num, endpoint);
  C* p = y.data();
  for (index_t i = 0; i < num; ++i) p[i] = std::pow(base, p[i]);
  return y;
}
}  // namespace detail

/// num values spaced evenly on a log scale, base ** linspace(start, stop, num, endpoint)
/// (NumPy's np.logspace), computed in double (long double for T = long double) and then
/// converted to T (integers truncated, as NumPy's astype).
template <class T = double>
Tensor<T, 1> logspace(detail::linspace_compute_t<T> start, detail::linspace_compute_t<T> stop,
                      index_t num = 50, bool endpoint = true,
                      detail::linspace_compute_t<T> base = 10.0) {
  static_assert(detail::arange_element<T>, "tensr: logspace needs a non-bool arithmetic type");
  return detail::logspace_values(start, stop, num, endpoint, base).template astype<T>();
}

/// num values in geometric progression from start to stop (NumPy's np.geomspace): logspace of
/// the base-10 logarithms, with the first value exactly start and the last exactly stop (when
/// endpoint). Both negative gives the negated progression of -start to -stop; opposite signs
/// give NaN between the endpoints, as NumPy's. A zero start or stop throws shape_error.
template <class T = double>
Tensor<T, 1> geomspace(detail::linspace_compute_t<T> start, detail::linspace_compute_t<T> stop,
                       index_t num = 50, bool endpoint = true) {
  using C = detail::linspace_compute_t<T>;
  static_assert(detail::arange_element<T>, "tensr: geomspace needs a non-bool arithmetic type");
  if (start == 0 || stop == 0)
    throw shape_error("geomspace: Geometric sequence cannot include zero");
  const C sign = start < 0 && stop < 0 ? C(-1) : C(1);
  start *= sign;
  stop *= sign;
  Tensor<C, 1> y =
      detail::logspace_values(std::log10(start), std::log10(stop), num, endpoint, C(10));
  C* p = y.data();
  // 10 ** log10(x) need not be x.
  if (num > 0) p[0] = start;
  if (num > 1 && endpoint) p[num - 1] = stop;
  for (index_t i = 0; i < num; ++i) p[i] *= sign;
  return y.template astype<T>();
}

// ---- indices ----------------------------------------------------------------------------------

/// NumPy's np.indices(shape), dense: a Tensor<index_t, R + 1> of shape (R, shape...) whose
/// slice i holds each element's index along axis i. `indices({2, 3})` is
/// {{{0, 0, 0}, {1, 1, 1}}, {{0, 1, 2}, {0, 1, 2}}}.
template <std::size_t R>
Tensor<index_t, R + 1> indices(const shape_t<R>& shape) {
  shape_t<R + 1> full{};
  full[0] = static_cast<index_t>(R);
  for (std::size_t a = 0; a < R; ++a) full[a + 1] = shape[a];
  Tensor<index_t, R + 1> out(full, Storage<index_t>::uninitialized);
  const index_t n = detail::product(shape);
  index_t* p = out.data();
  index_t stride = n;  // elements per step along axis a
  for (std::size_t a = 0; a < R; ++a) {
    if (n == 0) break;
    stride /= shape[a];
    for (index_t f = 0; f < n; ++f) p[static_cast<index_t>(a) * n + f] = f / stride % shape[a];
  }
  return out;
}
template <std::size_t R>
Tensor<index_t, R + 1> indices(const index_t (&shape)[R]) {
  return indices(detail::to_shape(shape));
}

TENSR_NAMESPACE_END
