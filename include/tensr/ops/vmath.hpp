// Vectorizable float math: exp, log, expm1, log1p, tanh and sigmoid for float as branch-free
// polynomials (Cephes' coefficients, ~1-2 ulp) with no libm call, so that a loop over
// them auto-vectorizes (for each instruction set the broadcasting engine compiles its loops
// for). Overflow, underflow (to subnormals and 0), infinities, NaN and -0 behave as the C
// library's functions. The double overloads call the standard library.
#pragma once

#include "tensr/core/internal.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "tensr/core/config.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail::vmath {

/// c ? a : b by bit masks. Both sides are computed anyway, so g++ (which keeps
/// -ftrapping-math on) sees no conditional arithmetic and if-converts the loop.
TENSR_ALWAYS_INLINE float sel(bool c, float a, float b) noexcept {
  const std::uint32_t m = 0u - static_cast<std::uint32_t>(c);
  return std::bit_cast<float>((std::bit_cast<std::uint32_t>(a) & m) |
                              (std::bit_cast<std::uint32_t>(b) & ~m));
}

/// 2^n for n in [-126, 127], built from its exponent bits.
TENSR_ALWAYS_INLINE float pow2i(std::int32_t n) noexcept {
  return std::bit_cast<float>(static_cast<std::uint32_t>(n + 127) << 23);
}

/// e^x = p * 2^n for x in [-104, 89] with |p - 1| <= 0.5: the work of exp before scaling.
/// A NaN passes through p.
TENSR_ALWAYS_INLINE float exp_parts(float x, std::int32_t& n) noexcept {
  // n = round(x / ln 2) by the 1.5 * 2^23 trick; its integer is read from the bits.
  constexpr float magic = 12582912.0f;
  const float tm = x * 1.44269504088896341f + magic;
  const float fn = tm - magic;
  n = static_cast<std::int32_t>(std::bit_cast<std::uint32_t>(tm) -
                                std::bit_cast<std::uint32_t>(magic));
  // r = x - n ln 2 in two parts (Cody-Waite), |r| <= ln 2 / 2.
  float r = x - fn * 0.693359375f;
  r = r - fn * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  return p * (r * r) + r + 1.0f;
}

/// e^x for float, ~1 ulp; no branches, no libm.
TENSR_ALWAYS_INLINE float exp(float x) noexcept {
  // Clamping keeps the scale exponent in range (exp(-104) rounds to 0 and exp(89) to
  // inf anyway); a NaN fails both comparisons and passes through.
  x = sel(x < -104.0f, -104.0f, x);
  x = sel(x > 89.0f, 89.0f, x);
  std::int32_t n;
  const float p = exp_parts(x, n);
  // Scale by 2^n in two steps, each 2^k normal (n in [-150, 128]), so that a subnormal
  // result rounds only once. (For a NaN, n is garbage but bounded, and p is NaN.)
  const std::int32_t n1 = n >> 1;
  return p * pow2i(n1) * pow2i(n - n1);
}

/// Natural log for float, ~1 ulp; no branches, no libm.
TENSR_ALWAYS_INLINE float log(float x) noexcept {
  // Subnormals are scaled into the normal range first.
  const bool sub = x < std::numeric_limits<float>::min();
  const float xs = sel(sub, x * 8388608.0f, x);  // 2^23
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(xs);
  std::int32_t e = static_cast<std::int32_t>((bits >> 23) & 0xff) - 126 - 23 * sub;
  float m = std::bit_cast<float>((bits & 0x007fffffu) | 0x3f000000u);  // in [0.5, 1)
  const bool lo = m < 0.707106781186547524f;
  e -= lo;
  m = sel(lo, m + m - 1.0f, m - 1.0f);  // m in [sqrt(0.5) - 1, sqrt(2) - 1)
  const float fe = static_cast<float>(e);
  const float z = m * m;
  float y = 7.0376836292e-2f;
  y = y * m - 1.1514610310e-1f;
  y = y * m + 1.1676998740e-1f;
  y = y * m - 1.2420140846e-1f;
  y = y * m + 1.4249322787e-1f;
  y = y * m - 1.6668057665e-1f;
  y = y * m + 2.0000714765e-1f;
  y = y * m - 2.4999993993e-1f;
  y = y * m + 3.3333331174e-1f;
  y = y * m * z;
  y += fe * -2.12194440e-4f;
  y += -0.5f * z;
  float r = m + y;
  r += fe * 0.693359375f;
  constexpr float inf = std::numeric_limits<float>::infinity();
  const float special =
      sel(x == 0.0f, -inf, sel(x == inf, inf, std::numeric_limits<float>::quiet_NaN()));
  return sel((x > 0.0f) & (x < inf), r, special);  // `&`: no branch
}

/// e^x - 1 for float, without cancellation near 0 (Kahan's correction: the rounding of
/// u = e^x cancels in (u - 1) * x / log u); ~2 ulp, no branches.
TENSR_ALWAYS_INLINE float expm1(float x) noexcept {
  const float u = exp(x);
  const float um1 = u - 1.0f;
  const float r = um1 * (x / log(u));
  // u == 1: x is tiny (also -0); u - 1 == -1 or u == inf: no correction needed (it would
  // give NaN at inf).
  const bool exact = (um1 == -1.0f) | (u == std::numeric_limits<float>::infinity());
  return sel(u == 1.0f, x, sel(exact, um1, r));
}

/// log(1 + x) for float, without cancellation near 0 (Kahan's correction: the rounding of
/// u = 1 + x cancels in log(u) * x / (u - 1)); ~2 ulp, no branches.
TENSR_ALWAYS_INLINE float log1p(float x) noexcept {
  const float u = 1.0f + x;
  const float r = log(u) * (x / (u - 1.0f));
  // u == 1: x is tiny (also -0); x == inf: the correction would be inf / inf.
  return sel(u == 1.0f, x, sel(x == std::numeric_limits<float>::infinity(), x, r));
}

/// tanh for float, ~2 ulp: an odd polynomial below 0.625, 1 - 2 / (e^2|x| + 1) above.
TENSR_ALWAYS_INLINE float tanh(float x) noexcept {
  const float ax = std::bit_cast<float>(std::bit_cast<std::uint32_t>(x) & 0x7fffffffu);
  const float z = x * x;
  float p = -5.70498872745e-3f;
  p = p * z + 2.06390887954e-2f;
  p = p * z - 5.37397155531e-2f;
  p = p * z + 1.33314422036e-1f;
  p = p * z - 3.33332819422e-1f;
  const float small = p * z * ax + ax;
  // From 9.02 on tanh rounds to 1: clamping at 10 keeps e^2|x| below 2^29, so one scaling
  // step suffices (exp's range checks are not needed). A NaN passes through.
  const float c = sel(ax > 10.0f, 10.0f, ax);
  std::int32_t n;
  const float e = exp_parts(c + c, n) * pow2i(n);
  const float big = 1.0f - 2.0f / (e + 1.0f);
  const float r = sel(ax < 0.625f, small, big);  // NaN takes `big`, which is NaN
  // tanh is odd: the sign of x (also for -0) on |tanh x|.
  return std::bit_cast<float>(std::bit_cast<std::uint32_t>(r) |
                              (std::bit_cast<std::uint32_t>(x) & 0x80000000u));
}

/// 1 / (1 + e^-x) for float, stable for large |x|: e = e^-|x| never overflows.
TENSR_ALWAYS_INLINE float sigmoid(float x) noexcept {
  const float ax = std::bit_cast<float>(std::bit_cast<std::uint32_t>(x) & 0x7fffffffu);
  const float e = exp(-ax);
  const float d = 1.0f + e;
  const float r = 1.0f / d;  // one division for both signs (divisions bound this loop)
  return sel(x >= 0.0f, r, e * r);
}

inline double exp(double x) noexcept { return std::exp(x); }
inline double log(double x) noexcept { return std::log(x); }
inline double expm1(double x) noexcept { return std::expm1(x); }
inline double log1p(double x) noexcept { return std::log1p(x); }
inline double tanh(double x) noexcept { return std::tanh(x); }
inline double sigmoid(double x) noexcept {
  const double e = std::exp(-std::fabs(x));
  return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

}  // namespace detail::vmath
TENSR_NAMESPACE_END
