// Random: a seeded generator, `Random rng(42)`, whose numbers are the same on every
// platform, compiler and standard library (SPEC §4).
//
// The engine is std::mt19937_64, whose output sequence the C++ standard fixes. The
// distributions are written here, because the std:: ones differ between libraries:
// - uniform: the top 53 (double) or 24 (float) bits of one output scaled to [0, 1), then
//   fma(high - low, u, low), kept below high.
// - normal: Marsaglia's polar method; both values of each pair are returned in turn (the
//   second is kept for the next call). Its log is computed here as well, from + - * / and
//   fma only, since a C library's log may differ from another's in the last bit.
// - integers, permutation, shuffle: Lemire's multiply-and-reject method for unbiased
//   draws in [0, n), and Fisher-Yates from the last element down, as NumPy shuffles.
// Every rounded product that is added to something goes through std::fma (2u - 1 is
// exact), so a compiler's FMA contraction cannot change a result. The streams are
// tensr's own: they do not reproduce NumPy's PCG64 numbers.
#pragma once

#include "tensr/core/internal.hpp"

#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/creation.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/iterate.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"

TENSR_NAMESPACE_BEGIN

namespace detail {

/// Floating types with a fixed format everywhere (long double is not).
template <class T>
concept random_real = std::is_same_v<T, float> || std::is_same_v<T, double>;

/// Integer types, without bool and the character types.
template <class T>
concept random_integer = std::integral<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char> &&
                         !std::is_same_v<T, wchar_t> && !std::is_same_v<T, char8_t> &&
                         !std::is_same_v<T, char16_t> && !std::is_same_v<T, char32_t>;

/// High and low 64 bits of the 128-bit product a * b, in portable code.
constexpr void mul_u64(std::uint64_t a, std::uint64_t b, std::uint64_t& hi,
                       std::uint64_t& lo) noexcept {
  constexpr std::uint64_t mask = 0xffffffffu;
  const std::uint64_t a0 = a & mask, a1 = a >> 32, b0 = b & mask, b1 = b >> 32;
  const std::uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const std::uint64_t mid = (p00 >> 32) + (p01 & mask) + (p10 & mask);
  hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  lo = (mid << 32) | (p00 & mask);
}

/// log(s) for a finite s > 0, the same on every platform: s = m * 2^e with m in
/// [sqrt(1/2), sqrt(2)), log(m) = 2 atanh(f) with f = (m - 1) / (m + 1), |f| < 0.172,
/// summed to f^21 (the next term is below 2^-54 of the sum). Within 2 ulp of log.
inline double portable_log(double s) noexcept {
  int e = 0;
  double m = std::frexp(s, &e);
  if (m < 0.70710678118654752440) {
    m *= 2;
    --e;
  }
  const double f = (m - 1) / (m + 1);
  const double f2 = f * f;
  double p = 1.0 / 21;
  for (int k = 19; k >= 3; k -= 2) p = std::fma(p, f2, 1.0 / k);
  const double log_m = 2 * std::fma(f * f2, p, f);
  // ln 2 split so that e * ln2_hi is exact (fdlibm's constants).
  constexpr double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  const auto de = static_cast<double>(e);
  return std::fma(de, ln2_hi, std::fma(de, ln2_lo, log_m));
}

}  // namespace detail

/// A seeded random generator, `Random rng(42)`: uniform, normal, integers, permutation and
/// shuffle give the same numbers on every platform (tensr's own streams, not NumPy's).
class Random {
 public:
  using engine_type = std::mt19937_64;

  /// The stream for `seed`; copies continue the same stream independently.
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  /// Restarts the stream of `seed`.
  void seed(std::uint64_t seed) {
    engine_.seed(seed);
    has_spare_ = false;
  }

  /// The next raw 64-bit output of the engine.
  std::uint64_t random_raw() { return engine_(); }

  // ---- one value ------------------------------------------------------------------------

  /// Uniform in [0, 1).
  template <detail::random_real T = double>
  T uniform() {
    if constexpr (std::is_same_v<T, float>)
      return static_cast<float>(engine_() >> 40) * 0x1.0p-24f;
    else
      return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
  }
  /// Uniform in [low, high) (in (high, low] when high < low, as NumPy).
  template <detail::random_real T = double, element L, element H>
  T uniform(L low, H high) {
    const auto lo = static_cast<T>(low), hi = static_cast<T>(high);
    const T range = checked_range(lo, hi);
    return scale(uniform<T>(), lo, range, hi);
  }

  /// Standard normal (mean 0, standard deviation 1).
  double standard_normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double x, y, s;
    do {  // a point uniform in the unit disc, without its center
      x = 2 * uniform<double>() - 1;
      y = 2 * uniform<double>() - 1;
      s = std::fma(x, x, y * y);
    } while (s >= 1 || s == 0);
    const double f = std::sqrt(-2 * detail::portable_log(s) / s);
    spare_ = y * f;
    has_spare_ = true;
    return x * f;
  }
  template <detail::random_real T = double>
  T normal() {
    return static_cast<T>(standard_normal());
  }
  /// Normal with the given mean and standard deviation (stddev < 0 is invalid_argument).
  template <detail::random_real T = double, element M, element S>
  T normal(M mean, S stddev) {
    check_stddev(static_cast<double>(stddev));
    return static_cast<T>(
        std::fma(static_cast<double>(stddev), standard_normal(), static_cast<double>(mean)));
  }

  /// Uniform integer in [low, high) (NumPy's Generator.integers). high <= low, or a bound
  /// outside T, is std::invalid_argument.
  template <detail::random_integer T = std::int64_t, detail::random_integer L,
            detail::random_integer H>
  T integers(L low, H high) {
    const auto [lo, count] = integer_range<T>(low, high);
    return static_cast<T>(lo + below(count));
  }

  // ---- tensors (elements drawn in row-major order) ------------------------------------------

  template <detail::random_real T = double, std::size_t R>
  Tensor<T, R> uniform(const std::array<index_t, R>& shape, std::type_identity_t<T> low = 0,
                       std::type_identity_t<T> high = 1) {
    Tensor<T, R> out(shape, Storage<T>::uninitialized);
    const T range = checked_range(low, high);
    T* p = out.data();
    for (index_t i = 0, n = out.size(); i < n; ++i) p[i] = scale(uniform<T>(), low, range, high);
    return out;
  }
  template <detail::random_real T = double, std::size_t R>
  Tensor<T, R> uniform(const index_t (&shape)[R], std::type_identity_t<T> low = 0,
                       std::type_identity_t<T> high = 1) {
    return uniform<T>(detail::to_shape(shape), low, high);
  }

  template <detail::random_real T = double, std::size_t R>
  Tensor<T, R> normal(const std::array<index_t, R>& shape, std::type_identity_t<T> mean = 0,
                      std::type_identity_t<T> stddev = 1) {
    Tensor<T, R> out(shape, Storage<T>::uninitialized);
    check_stddev(static_cast<double>(stddev));
    T* p = out.data();
    const auto m = static_cast<double>(mean), sd = static_cast<double>(stddev);
    for (index_t i = 0, n = out.size(); i < n; ++i)
      p[i] = static_cast<T>(std::fma(sd, standard_normal(), m));
    return out;
  }
  template <detail::random_real T = double, std::size_t R>
  Tensor<T, R> normal(const index_t (&shape)[R], std::type_identity_t<T> mean = 0,
                      std::type_identity_t<T> stddev = 1) {
    return normal<T>(detail::to_shape(shape), mean, stddev);
  }

  /// `rng.integers(0, 10, {3, 4})`: int64 values in [0, 10); `integers<std::uint8_t>(0, 256,
  /// {n})` for another element type.
  template <detail::random_integer T = std::int64_t, detail::random_integer L,
            detail::random_integer H, std::size_t R>
  Tensor<T, R> integers(L low, H high, const std::array<index_t, R>& shape) {
    Tensor<T, R> out(shape, Storage<T>::uninitialized);
    const auto [lo, count] = integer_range<T>(low, high);
    T* p = out.data();
    for (index_t i = 0, n = out.size(); i < n; ++i) p[i] = static_cast<T>(lo + below(count));
    return out;
  }
  template <detail::random_integer T = std::int64_t, detail::random_integer L,
            detail::random_integer H, std::size_t R>
  Tensor<T, R> integers(L low, H high, const index_t (&shape)[R]) {
    return integers<T>(low, high, detail::to_shape(shape));
  }

  /// A random permutation of 0, ..., n-1 (NumPy's permutation(n)).
  Tensor<index_t, 1> permutation(index_t n) {
    Tensor<index_t, 1> out(shape_t<1>{n}, Storage<index_t>::uninitialized);
    std::iota(out.data(), out.data() + n, index_t{0});
    shuffle(out);
    return out;
  }
  /// A copy of `a` with its rows (axis 0) in random order; `a` is unchanged.
  template <tensor_like A>
  auto permutation(const A& a) {
    static_assert(std::remove_cvref_t<A>::rank >= 1,
                  "tensr: permutation(a) needs a tensor with at least one axis");
    auto out = as_view(a).copy();
    shuffle(out);
    return out;
  }

  /// Puts the rows (axis 0) of a view or an lvalue Tensor in random order, in place;
  /// rows move whole. Fisher-Yates with unbiased draws.
  template <view_source A>
  void shuffle(A&& a) {
    const auto v = as_view(a);
    using V = std::remove_const_t<decltype(v)>;
    constexpr std::size_t R = V::rank;
    static_assert(R >= 1, "tensr: shuffle needs a tensor with at least one axis");
    static_assert(
        !std::is_const_v<typename V::element_type>,
        "tensr: shuffle needs writable elements (not a const tensor or a read-only view)");
    shape_t<R - 1> row_shape{}, row_strides{};
    for (std::size_t i = 1; i < R; ++i) {
      row_shape[i - 1] = v.shape()[i];
      row_strides[i - 1] = v.strides()[i];
    }
    auto* base = v.data();
    const index_t s0 = v.strides()[0];
    for (index_t i = v.shape()[0] - 1; i > 0; --i) {
      const auto j = static_cast<index_t>(below(static_cast<std::uint64_t>(i) + 1));
      if (j == i) continue;
      auto* p = base + i * s0;
      auto* q = base + j * s0;
      detail::for_each_run<1>(row_shape, {row_strides}, [&](auto off, index_t n, auto st) {
        for (index_t k = 0; k < n; ++k) std::swap(p[off[0] + k * st[0]], q[off[0] + k * st[0]]);
      });
    }
  }

 private:
  /// Uniform in [0, n), n = 0 standing for 2^64 (Lemire, "Fast random integer generation
  /// in an interval", 2019): the high word of x * n, rejecting the 2^64 mod n low words
  /// that would make some results more likely than others.
  std::uint64_t below(std::uint64_t n) {
    if (n == 0) return engine_();
    std::uint64_t hi = 0, lo = 0;
    detail::mul_u64(engine_(), n, hi, lo);
    if (lo < n) {
      const std::uint64_t threshold = (std::uint64_t{0} - n) % n;
      while (lo < threshold) detail::mul_u64(engine_(), n, hi, lo);
    }
    return hi;
  }
  /// low as an unsigned 64-bit number and the count high - low (modulo 2^64: 0 when
  /// the range is all 2^64 values of a 64-bit T), after checking the bounds.
  template <class T, class L, class H>
  static std::pair<std::uint64_t, std::uint64_t> integer_range(L low, H high) {
    if (!std::cmp_less(low, high))
      throw std::invalid_argument("integers: low >= high (low " + std::to_string(low) + ", high " +
                                  std::to_string(high) + ")");
    if (std::cmp_less(low, std::numeric_limits<T>::min()))
      throw std::invalid_argument("integers: low " + std::to_string(low) +
                                  " is out of bounds for the element type");
    if (std::cmp_greater(high - 1, std::numeric_limits<T>::max()))
      throw std::invalid_argument("integers: high " + std::to_string(high) +
                                  " is out of bounds for the element type");
    // Both bounds fit T, so the modular difference is the true one.
    const auto lo = static_cast<std::uint64_t>(static_cast<T>(low));
    const auto last = static_cast<std::uint64_t>(static_cast<T>(high - 1));
    return {lo, last - lo + 1};
  }

  template <class T>
  static T checked_range(T low, T high) {
    const T range = high - low;
    if (!std::isfinite(range))
      throw std::invalid_argument("uniform: high - low must be finite (low " + std::to_string(low) +
                                  ", high " + std::to_string(high) + ")");
    return range;
  }
  template <class T>
  static T scale(T u, T low, T range, T high) {
    const T v = std::fma(range, u, low);
    // Rounding can reach high itself; the interval is half-open.
    return range > 0 && v >= high ? std::nextafter(high, low) : v;
  }
  static void check_stddev(double stddev) {
    if (!(stddev >= 0))
      throw std::invalid_argument("normal: stddev must be non-negative, got " +
                                  std::to_string(stddev));
  }

  engine_type engine_;
  double spare_ = 0;  // the second value of the last polar pair
  bool has_spare_ = false;
};

TENSR_NAMESPACE_END
