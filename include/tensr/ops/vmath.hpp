// Vectorizable float math: exp, log, expm1, log1p, tanh and sigmoid for float as branch-free
// polynomials (Cephes' coefficients, ~1-2 ulp) with no libm call. Each is written once for a
// float and for simd<float, B>, a GNU vector of floats (16, 32 or 64 bytes): a loop over the scalar
// form auto-vectorizes where the compiler's tuning lets it, and the array kernel map_k runs the
// vector form at the full register width of each instruction-set level whatever the tuning
// (-mtune=znver1 and others make the auto-vectorizer prefer 128-bit vectors). Both forms do
// the same operations in the same order. Overflow, underflow (to subnormals and 0),
// infinities, NaN and -0 behave as the C library's functions. The double overloads call the
// standard library.
#pragma once

#include "tensr/core/internal.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/cpu.hpp"
#include "tensr/core/shape.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// Bytes of the widest vector registers of the build's own target (the generic level): 64
/// with AVX-512, 32 with AVX, else 16 (SSE2 on x86-64, NEON on aarch64).
#if defined(__AVX512F__)
inline constexpr int generic_vec_bytes = 64;
#elif defined(__AVX__)
inline constexpr int generic_vec_bytes = 32;
#else
inline constexpr int generic_vec_bytes = 16;
#endif

/// K<B>{}(p...) compiled for level isa, B being that level's vector width in bytes (64 for
/// avx512, 32 for avx2, generic_vec_bytes for generic): for kernels written with explicit
/// vector types, whose width must not depend on the compiler's tuning.
template <template <int> class K, class... P>
TENSR_ALWAYS_INLINE void isa_run_width(isa_level isa, P&&... p) {
#if defined(TENSR_TARGET_X86)
  if (isa == isa_level::avx512) return isa_run_avx512(K<64>{}, std::forward<P>(p)...);
  if (isa == isa_level::avx2) return isa_run_avx2(K<32>{}, std::forward<P>(p)...);
#endif
  static_cast<void>(isa);
  K<generic_vec_bytes>{}(std::forward<P>(p)...);
}

/// B bytes of T lanes (float, double, 32-bit integers) in a GNU vector, wrapped in a struct
/// with the arithmetic of its lanes. Kernels pass it by reference and return it by value, so
/// that no function outside the kernels' target attributes has a vector argument or result
/// (whose ABI depends on the target: g++'s -Wpsabi).
template <class T, int B>
struct simd {
  typedef T raw __attribute__((vector_size(B)));
  raw v;
};

// Lane-wise + - * / & | >> << of two simd, or of a simd and a scalar (either side), and the
// compound forms.
#define TENSR_SIMD_OP(op)                                                                         \
  template <class T, int B>                                                                       \
  TENSR_ALWAYS_INLINE simd<T, B> operator op(const simd<T, B>& a, const simd<T, B>& b) noexcept { \
    return {a.v op b.v};                                                                          \
  }                                                                                               \
  template <class T, int B, class S>                                                              \
  requires std::is_arithmetic_v<S> TENSR_ALWAYS_INLINE simd<T, B>                                 \
  operator op(const simd<T, B>& a, S b) noexcept { return {a.v op static_cast<T>(b)}; }           \
  template <class T, int B, class S>                                                              \
  requires std::is_arithmetic_v<S> TENSR_ALWAYS_INLINE simd<T, B>                                 \
  operator op(S a, const simd<T, B>& b) noexcept { return {static_cast<T>(a) op b.v}; }           \
  template <class T, int B, class S>                                                              \
  TENSR_ALWAYS_INLINE simd<T, B>& operator op##=(simd<T, B>& a, const S& b) noexcept {            \
    return a = a op b;                                                                            \
  }
TENSR_SIMD_OP(+)
TENSR_SIMD_OP(-)
TENSR_SIMD_OP(*)
TENSR_SIMD_OP(/)
TENSR_SIMD_OP(&)
TENSR_SIMD_OP(|)
TENSR_SIMD_OP(>>)
TENSR_SIMD_OP(<<)
#undef TENSR_SIMD_OP
template <class T, int B>
TENSR_ALWAYS_INLINE simd<T, B> operator-(const simd<T, B>& a) noexcept {
  return {-a.v};
}
template <class T, int B>
TENSR_ALWAYS_INLINE simd<T, B> operator~(const simd<T, B>& a) noexcept {
  return {~a.v};
}

}  // namespace detail

namespace detail::vmath {

// The scalar and vector forms must round alike: a fused epilogue (scalar form) and a separate
// pass (vector form) give the same bits. clang contracts a * b + c into an FMA within one
// expression of the scalar form but not across the vector form's operator calls, so in these
// functions it contracts nothing; g++ treats both forms alike under any -ffp-contract.
#if defined(__clang__)
#define TENSR_VMATH_SAME_ROUNDING _Pragma("clang fp contract(off)")
#else
#define TENSR_VMATH_SAME_ROUNDING
#endif

/// True for simd<float, B>.
template <class V>
inline constexpr bool is_float_simd = false;
template <int B>
inline constexpr bool is_float_simd<simd<float, B>> = true;

/// float or simd<float, B>: the types the functions below take.
template <class V>
concept float_or_vec = std::is_same_v<V, float> || is_float_simd<V>;

/// The 32-bit unsigned and signed lanes of V.
template <class V>
struct lanes {
  using u = simd<std::uint32_t, sizeof(V)>;
  using i = simd<std::int32_t, sizeof(V)>;
};
template <>
struct lanes<float> {
  using u = std::uint32_t;
  using i = std::int32_t;
};
template <class V>
using u_t = typename lanes<V>::u;
template <class V>
using i_t = typename lanes<V>::i;

/// The bits of x's lanes, and back.
template <class V>
TENSR_ALWAYS_INLINE u_t<V> bits(const V& x) noexcept {
  return __builtin_bit_cast(u_t<V>, x);
}
template <class V>
TENSR_ALWAYS_INLINE V from_bits(const u_t<V>& b) noexcept {
  return __builtin_bit_cast(V, b);
}
/// V with every lane c.
template <class V>
TENSR_ALWAYS_INLINE V splat(float c) noexcept {
  if constexpr (std::is_same_v<V, float>)
    return c;
  else
    return V{typename V::raw{} + c};
}

// Comparisons as masks: all ones where they hold.
#define TENSR_VMATH_CMP(name, op)                                 \
  template <class V>                                              \
  TENSR_ALWAYS_INLINE u_t<V> name(const V& a, float b) noexcept { \
    if constexpr (std::is_same_v<V, float>)                       \
      return 0u - static_cast<std::uint32_t>(a op b);             \
    else                                                          \
      return __builtin_bit_cast(u_t<V>, a.v op b);                \
  }
TENSR_VMATH_CMP(lt, <)
TENSR_VMATH_CMP(gt, >)
TENSR_VMATH_CMP(ge, >=)
TENSR_VMATH_CMP(eq, ==)
#undef TENSR_VMATH_CMP

/// The integers of n's lanes as floats.
template <class V>
TENSR_ALWAYS_INLINE V to_float(const i_t<V>& n) noexcept {
  if constexpr (std::is_same_v<V, float>)
    return static_cast<float>(n);
  else
    return V{__builtin_convertvector(n.v, typename V::raw)};
}

/// m ? a : b lane by lane, by bit masks. Both sides are computed anyway, so g++ (which keeps
/// -ftrapping-math on) sees no conditional arithmetic and if-converts the scalar form's loop.
template <class V>
TENSR_ALWAYS_INLINE V sel(const u_t<V>& m, const V& a, const V& b) noexcept {
  return from_bits<V>((bits(a) & m) | (bits(b) & ~m));
}

/// x below lo: lo, x above hi: hi, else x (also NaN): the vector form is a max and a min.
template <class V>
TENSR_ALWAYS_INLINE V clamp(const V& x, float lo, float hi) noexcept {
  if constexpr (std::is_same_v<V, float>) {
    const V y = sel(lt(x, lo), splat<V>(lo), x);
    return sel(gt(y, hi), splat<V>(hi), y);
  } else {
    const auto y = x.v < lo ? splat<V>(lo).v : x.v;
    return V{y > hi ? splat<V>(hi).v : y};
  }
}

/// 2^n for n in [-126, 127], built from its exponent bits.
template <class V>
TENSR_ALWAYS_INLINE V pow2i(const i_t<V>& n) noexcept {
  return from_bits<V>(__builtin_bit_cast(u_t<V>, (n + 127) << 23));
}

/// e^x = p * 2^n for x in [-104, 89] with |p - 1| <= 0.5: the work of exp before scaling.
/// A NaN passes through p.
template <float_or_vec V>
TENSR_ALWAYS_INLINE V exp_parts(const V& x, i_t<V>& n) noexcept {
  TENSR_VMATH_SAME_ROUNDING
  // n = round(x / ln 2) by the 1.5 * 2^23 trick; its integer is read from the bits.
  constexpr float magic = 12582912.0f;
  const V tm = x * 1.44269504088896341f + magic;
  const V fn = tm - magic;
  n = __builtin_bit_cast(i_t<V>, bits(tm) - __builtin_bit_cast(std::uint32_t, magic));
  // r = x - n ln 2 in two parts (Cody-Waite), |r| <= ln 2 / 2.
  V r = x - fn * 0.693359375f;
  r = r - fn * -2.12194440e-4f;
  V p = splat<V>(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  return p * (r * r) + r + 1.0f;
}

/// e^x for float, ~1 ulp; no branches, no libm.
template <float_or_vec V>
TENSR_ALWAYS_INLINE V exp(const V& x0) noexcept {
  TENSR_VMATH_SAME_ROUNDING
  // Clamping keeps the scale exponent in range (exp(-104) rounds to 0 and exp(89) to
  // inf anyway); a NaN fails both comparisons and passes through.
  const V x = clamp(x0, -104.0f, 89.0f);
  i_t<V> n{};
  const V p = exp_parts(x, n);
  // Scale by 2^n in two steps, each 2^k normal (n in [-150, 128]), so that a subnormal
  // result rounds only once. (For a NaN, n is garbage but bounded, and p is NaN.)
  const i_t<V> n1 = n >> 1;
  return p * pow2i<V>(n1) * pow2i<V>(n - n1);
}

/// Natural log for float, ~1 ulp; no branches, no libm.
template <float_or_vec V>
TENSR_ALWAYS_INLINE V log(const V& x) noexcept {
  TENSR_VMATH_SAME_ROUNDING
  // Subnormals are scaled into the normal range first.
  const u_t<V> sub = lt(x, std::numeric_limits<float>::min());
  const V xs = sel(sub, x * 8388608.0f, x);  // 2^23
  const u_t<V> b = bits(xs);
  i_t<V> e =
      __builtin_bit_cast(i_t<V>, (b >> 23) & 0xffu) - 126 - (__builtin_bit_cast(i_t<V>, sub) & 23);
  V m = from_bits<V>((b & 0x007fffffu) | 0x3f000000u);  // in [0.5, 1)
  const u_t<V> lo = lt(m, 0.707106781186547524f);
  e += __builtin_bit_cast(i_t<V>, lo);  // -1 where lo
  m = sel(lo, m + m - 1.0f, m - 1.0f);  // m in [sqrt(0.5) - 1, sqrt(2) - 1)
  const V fe = to_float<V>(e);
  const V z = m * m;
  V y = splat<V>(7.0376836292e-2f);
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
  V r = m + y;
  r += fe * 0.693359375f;
  constexpr float inf = std::numeric_limits<float>::infinity();
  const V special =
      sel(eq(x, 0.0f), splat<V>(-inf),
          sel(eq(x, inf), splat<V>(inf), splat<V>(std::numeric_limits<float>::quiet_NaN())));
  return sel(gt(x, 0.0f) & lt(x, inf), r, special);
}

/// e^x - 1 for float, without cancellation near 0 (Kahan's correction: the rounding of
/// u = e^x cancels in (u - 1) * x / log u); ~2 ulp, no branches.
template <float_or_vec V>
TENSR_ALWAYS_INLINE V expm1(const V& x) noexcept {
  TENSR_VMATH_SAME_ROUNDING
  const V u = vmath::exp(x);
  const V um1 = u - 1.0f;
  const V r = um1 * (x / vmath::log(u));
  // u == 1: x is tiny (also -0); u - 1 == -1 or u == inf: no correction needed (it would
  // give NaN at inf).
  const u_t<V> exact = eq(um1, -1.0f) | eq(u, std::numeric_limits<float>::infinity());
  return sel(eq(u, 1.0f), x, sel(exact, um1, r));
}

/// log(1 + x) for float, without cancellation near 0 (Kahan's correction: the rounding of
/// u = 1 + x cancels in log(u) * x / (u - 1)); ~2 ulp, no branches.
template <float_or_vec V>
TENSR_ALWAYS_INLINE V log1p(const V& x) noexcept {
  TENSR_VMATH_SAME_ROUNDING
  const V u = 1.0f + x;
  const V r = vmath::log(u) * (x / (u - 1.0f));
  // u == 1: x is tiny (also -0); x == inf: the correction would be inf / inf.
  return sel(eq(u, 1.0f), x, sel(eq(x, std::numeric_limits<float>::infinity()), x, r));
}

/// tanh for float, ~2 ulp: an odd polynomial below 0.625, 1 - 2 / (e^2|x| + 1) above.
template <float_or_vec V>
TENSR_ALWAYS_INLINE V tanh(const V& x) noexcept {
  TENSR_VMATH_SAME_ROUNDING
  const V ax = from_bits<V>(bits(x) & 0x7fffffffu);
  const V z = x * x;
  V p = splat<V>(-5.70498872745e-3f);
  p = p * z + 2.06390887954e-2f;
  p = p * z - 5.37397155531e-2f;
  p = p * z + 1.33314422036e-1f;
  p = p * z - 3.33332819422e-1f;
  const V small = p * z * ax + ax;
  // From 9.02 on tanh rounds to 1: clamping at 10 keeps e^2|x| below 2^29, so one scaling
  // step suffices (exp's range checks are not needed). A NaN passes through.
  const V c = sel(gt(ax, 10.0f), splat<V>(10.0f), ax);
  i_t<V> n{};
  const V p2 = exp_parts(c + c, n);  // sets n: a statement of its own
  const V e = p2 * pow2i<V>(n);
  const V big = 1.0f - 2.0f / (e + 1.0f);
  const V r = sel(lt(ax, 0.625f), small, big);  // NaN takes `big`, which is NaN
  // tanh is odd: the sign of x (also for -0) on |tanh x|.
  return from_bits<V>(bits(r) | (bits(x) & 0x80000000u));
}

/// 1 / (1 + e^-x) for float, stable for large |x|: e = e^-|x| never overflows.
template <float_or_vec V>
TENSR_ALWAYS_INLINE V sigmoid(const V& x) noexcept {
  TENSR_VMATH_SAME_ROUNDING
  const V ax = from_bits<V>(bits(x) & 0x7fffffffu);
  const V e = vmath::exp(-ax);
  const V d = 1.0f + e;
  const V r = 1.0f / d;  // one division for both signs (divisions bound this loop)
  return sel(ge(x, 0.0f), r, e * r);
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

/// o[i] = F::vec(in[i]) for i in [0, n) over B-byte vectors of floats; the tail goes through
/// one zero-padded vector, so every element gets the vector form's result. o may be in
/// (the same elements), not another overlap.
template <class F>
struct map_k {
  template <int B>
  struct at {
    TENSR_ALWAYS_INLINE void operator()(index_t n, float* o, const float* in) const {
      using V = simd<float, B>;
      // Unaligned loads and stores of whole vectors (a memcpy of V may go through integer
      // registers).
      typedef float U __attribute__((vector_size(B), aligned(4), may_alias));
      constexpr index_t L = B / sizeof(float);
      index_t i = 0;
      for (; i + L <= n; i += L) {
        const V x{*reinterpret_cast<const U*>(in + i)};
        *reinterpret_cast<U*>(o + i) = F::template vec<V>(x).v;
      }
      if (i < n) {
        const auto rest = static_cast<std::size_t>(n - i) * sizeof(float);
        V x = {};
        std::memcpy(&x, in + i, rest);
        x = F::template vec<V>(x);
        std::memcpy(o + i, &x, rest);
      }
    }
  };
};

/// o = F's function of in over n contiguous floats, compiled for level isa at its full width.
template <class F>
void apply(isa_level isa, index_t n, float* o, const float* in) {
  isa_run_width<map_k<F>::template at>(isa, n, o, in);
}

#undef TENSR_VMATH_SAME_ROUNDING

}  // namespace detail::vmath
TENSR_NAMESPACE_END
