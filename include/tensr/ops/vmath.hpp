// Vectorizable float math: exp, log, tanh and sigmoid for float as branch-free
// polynomials (Cephes' coefficients, ~1-2 ulp) with no libm call, so that a loop over
// them auto-vectorizes. Overflow, underflow (to subnormals and 0), infinities and NaN
// behave as std::exp / std::log / std::tanh. The double overloads call the standard library.
#pragma once

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

/// e^x for float, ~1 ulp; no branches, no libm.
TENSR_ALWAYS_INLINE float exp(float x) noexcept {
  // Clamping keeps the scale exponent in range (exp(-104) rounds to 0 and exp(89) to
  // inf anyway); a NaN fails both comparisons and passes through.
  x = sel(x < -104.0f, -104.0f, x);
  x = sel(x > 89.0f, 89.0f, x);
  // n = round(x / ln 2) by the 1.5 * 2^23 trick; its integer is read from the bits.
  constexpr float magic = 12582912.0f;
  const float tm = x * 1.44269504088896341f + magic;
  const float fn = tm - magic;
  const auto n = static_cast<std::int32_t>(std::bit_cast<std::uint32_t>(tm) -
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
  p = p * (r * r) + r + 1.0f;
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
  return sel(x > 0.0f && x < inf, r, special);
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
  const float big = 1.0f - 2.0f / (exp(ax + ax) + 1.0f);
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
inline double tanh(double x) noexcept { return std::tanh(x); }
inline double sigmoid(double x) noexcept {
  const double e = std::exp(-std::fabs(x));
  return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

}  // namespace detail::vmath
TENSR_NAMESPACE_END
