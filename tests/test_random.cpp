// Random: reproducibility, exact values derived from std::mt19937_64 (whose sequence the
// C++ standard fixes), statistics on 100k samples with loose bounds, errors.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

using namespace tensr;

namespace {

constexpr index_t kSamples = 100000;

template <class T, std::size_t R>
std::vector<T> values(const Tensor<T, R>& a) {
  return std::vector<T>(a.data(), a.data() + a.size());
}

template <class T, std::size_t R>
double mean(const Tensor<T, R>& a) {
  double s = 0;
  for (index_t i = 0; i < a.size(); ++i) s += static_cast<double>(a.data()[i]);
  return s / static_cast<double>(a.size());
}
template <class T, std::size_t R>
double variance(const Tensor<T, R>& a) {
  const double m = mean(a);
  double s = 0;
  for (index_t i = 0; i < a.size(); ++i) {
    const double d = static_cast<double>(a.data()[i]) - m;
    s += d * d;
  }
  return s / static_cast<double>(a.size());
}

// An independent bounded draw for the exact-value tests: Lemire's method as in the
// paper, with the compiler's 128-bit integers.
__extension__ typedef unsigned __int128 u128;
std::uint64_t reference_below(std::mt19937_64& e, std::uint64_t n) {
  u128 m = static_cast<u128>(e()) * n;
  if (static_cast<std::uint64_t>(m) < n) {
    const std::uint64_t t = (0 - n) % n;
    while (static_cast<std::uint64_t>(m) < t) m = static_cast<u128>(e()) * n;
  }
  return static_cast<std::uint64_t>(m >> 64);
}

}  // namespace

TEST_CASE("the engine is the standard's mt19937_64") {
  // The standard ([rand.predef]) fixes the 10000th output of a default-constructed
  // mt19937_64 (seed 5489).
  Random rng(5489);
  std::uint64_t x = 0;
  for (int i = 0; i < 10000; ++i) x = rng.random_raw();
  CHECK(x == 9981545732273789042ull);
}

TEST_CASE("uniform: exact values from the engine's top bits") {
  std::mt19937_64 e(42);
  Random rng(42);
  auto d = rng.uniform({1000});
  static_assert(std::is_same_v<decltype(d), Tensor<double, 1>>);
  for (index_t i = 0; i < d.size(); ++i)
    REQUIRE(d(i) == static_cast<double>(e() >> 11) * 0x1.0p-53);

  // float: 24 bits; the stream goes on where the doubles stopped.
  auto f = rng.uniform<float>({10, 10});
  static_assert(std::is_same_v<decltype(f), Tensor<float, 2>>);
  for (index_t r = 0; r < 10; ++r)
    for (index_t c = 0; c < 10; ++c) REQUIRE(f(r, c) == static_cast<float>(e() >> 40) * 0x1.0p-24f);

  // [low, high): low + (high - low) * u, with one rounding.
  auto g = rng.uniform({100}, -2.0, 6.0);
  for (index_t i = 0; i < g.size(); ++i)
    REQUIRE(g(i) == -2.0 + 8.0 * (static_cast<double>(e() >> 11) * 0x1.0p-53));

  // Scalars draw from the same stream.
  CHECK(rng.uniform() == static_cast<double>(e() >> 11) * 0x1.0p-53);
  CHECK(rng.uniform<float>() == static_cast<float>(e() >> 40) * 0x1.0p-24f);
  CHECK(rng.uniform(10, 12) == 10.0 + 2.0 * (static_cast<double>(e() >> 11) * 0x1.0p-53));
}

TEST_CASE("normal: Marsaglia's polar method on the engine's uniforms") {
  std::mt19937_64 e(7);
  auto u = [&] { return 2 * (static_cast<double>(e() >> 11) * 0x1.0p-53) - 1; };
  std::vector<double> want;
  while (want.size() < 1004) {
    double x, y, s;
    do {
      x = u();
      y = u();
      s = x * x + y * y;
    } while (s >= 1 || s == 0);
    const double f = std::sqrt(-2 * std::log(s) / s);
    want.push_back(x * f);
    want.push_back(y * f);
  }
  Random rng(7);
  auto z = rng.normal({1001});  // odd: the pair's second value is kept for the next draw
  for (index_t i = 0; i < z.size(); ++i)
    REQUIRE(z(i) == doctest::Approx(want[static_cast<std::size_t>(i)]).epsilon(1e-14));
  CHECK(rng.normal() == doctest::Approx(want[1001]).epsilon(1e-14));
  CHECK(rng.normal(3.0, 2.0) == doctest::Approx(3.0 + 2.0 * want[1002]).epsilon(1e-14));

  auto f = rng.normal<float>({3}, 1.0f, 0.5f);
  static_assert(std::is_same_v<decltype(f), Tensor<float, 1>>);
  CHECK(f.size() == 3);
}

TEST_CASE("the normal stream is pinned: same seed, same bits, on every platform") {
  // Values of this implementation, recorded once. They must never change: a change
  // breaks everyone's reproducibility (the test above checks them against std::log).
  Random rng(20240601);
  CHECK(rng.normal() == -0x1.4a1f8422221a7p-4);
  CHECK(rng.normal() == -0x1.10a8c01f7630dp-4);
  CHECK(rng.normal() == -0x1.349dcac4d5e4p-2);
  CHECK(rng.normal() == 0x1.3dd46d1e9a202p-2);
}

TEST_CASE("the polar method's log is within 2 ulp of std::log") {
  std::mt19937_64 e(1);
  for (int i = 0; i < 20000; ++i) {
    // s as the polar method sees it: in (0, 1), down to tiny values.
    const double s =
        std::ldexp(static_cast<double>((e() >> 11) | 1), -53 - static_cast<int>(i % 60));
    const double want = std::log(s);
    const double got = detail::portable_log(s);
    REQUIRE(std::fabs(got - want) <=
            2 * (std::nextafter(std::fabs(want), 1e300) - std::fabs(want)));
  }
  CHECK(detail::portable_log(1.0) == 0.0);
  CHECK(detail::portable_log(0.5) == -0x1.62e42fefa39efp-1);  // -ln 2, correctly rounded
}

TEST_CASE("integers: exact values for power-of-two ranges, which take the top bits") {
  std::mt19937_64 e(3);
  Random rng(3);
  auto a = rng.integers(0, 8, {200});
  static_assert(std::is_same_v<decltype(a), Tensor<std::int64_t, 1>>);
  for (index_t i = 0; i < a.size(); ++i) REQUIRE(a(i) == static_cast<std::int64_t>(e() >> 61));
  auto b = rng.integers(-4, 4, {50});
  for (index_t i = 0; i < b.size(); ++i) REQUIRE(b(i) == static_cast<std::int64_t>(e() >> 61) - 4);
  auto c = rng.integers<std::uint8_t>(0, 256, {2, 25});
  static_assert(std::is_same_v<decltype(c), Tensor<std::uint8_t, 2>>);
  for (index_t i = 0; i < c.size(); ++i)
    REQUIRE(c.data()[i] == static_cast<std::uint8_t>(e() >> 56));
  CHECK(rng.integers(0, 2) == static_cast<std::int64_t>(e() >> 63));
}

TEST_CASE("integers and permutation match an independent Lemire + Fisher-Yates") {
  std::mt19937_64 e(11);
  Random rng(11);
  auto a = rng.integers(-5, 1000, {500});  // 1005 values: not a power of two
  for (index_t i = 0; i < a.size(); ++i)
    REQUIRE(a(i) == static_cast<std::int64_t>(reference_below(e, 1005)) - 5);

  // A range that rejects about half of the draws.
  constexpr std::uint64_t big = (std::uint64_t{1} << 63) + 1;
  auto b = rng.integers<std::uint64_t>(std::uint64_t{0}, big, {200});
  for (index_t i = 0; i < b.size(); ++i) REQUIRE(b(i) == reference_below(e, big));

  std::vector<index_t> want(20);
  for (index_t i = 0; i < 20; ++i) want[static_cast<std::size_t>(i)] = i;
  for (std::size_t i = want.size() - 1; i > 0; --i) {
    const auto j = static_cast<std::size_t>(reference_below(e, i + 1));
    std::swap(want[i], want[j]);
  }
  CHECK(values(rng.permutation(20)) == want);
}

TEST_CASE("integers: full 64-bit ranges, and every element type's bounds") {
  Random rng(5);
  constexpr auto lo = std::numeric_limits<std::int64_t>::min();
  constexpr auto hi = std::numeric_limits<std::int64_t>::max();
  // All 2^64 values of int64: high = 2^63 given as an unsigned number.
  auto a = rng.integers(lo, std::uint64_t{1} << 63, {1000});
  bool negative = false, positive = false;
  for (index_t i = 0; i < a.size(); ++i) {
    negative = negative || a(i) < 0;
    positive = positive || a(i) > 0;
  }
  CHECK((negative && positive));
  auto b = rng.integers(hi - 1, hi, {10});  // a single value
  for (index_t i = 0; i < b.size(); ++i) CHECK(b(i) == hi - 1);
  auto c = rng.integers<std::int8_t>(-128, 128, {5000});
  static_assert(std::is_same_v<decltype(c), Tensor<std::int8_t, 1>>);
  CHECK(*std::min_element(c.data(), c.data() + c.size()) == -128);
  CHECK(*std::max_element(c.data(), c.data() + c.size()) == 127);
}

TEST_CASE("same seed, same numbers; other seed, other numbers; copies fork the stream") {
  Random a(2024), b(2024), c(2025);
  const auto x = a.uniform({100});
  CHECK(values(x) == values(b.uniform({100})));
  CHECK(values(x) != values(c.uniform({100})));

  const auto n = a.normal({5});  // leaves a spare normal behind
  CHECK(values(n) == values(b.normal({5})));
  Random fork = a;  // same state, spare included
  CHECK(values(a.normal({7})) == values(fork.normal({7})));
  CHECK(a.integers(0, 1000) == fork.integers(0, 1000));

  a.seed(2024);  // restarts the stream and drops the spare
  CHECK(values(a.uniform({100})) == values(x));
  Random d(2024);
  d.uniform({100});
  CHECK(values(a.normal({3})) == values(d.normal({3})));

  // Drawing a tensor is drawing its elements one at a time.
  Random e(9), f(9);
  const auto t = e.normal({4});
  for (index_t i = 0; i < 4; ++i) CHECK(t(i) == f.normal());
}

TEST_CASE("uniform statistics (100k samples)") {
  Random rng(123);
  const auto u = rng.uniform({kSamples});
  CHECK(std::fabs(mean(u) - 0.5) < 0.01);
  CHECK(std::fabs(variance(u) - 1.0 / 12) < 0.002);
  CHECK(*std::min_element(u.data(), u.data() + u.size()) >= 0.0);
  CHECK(*std::max_element(u.data(), u.data() + u.size()) < 1.0);

  const auto g = rng.uniform<float>({kSamples}, -3, 5);
  CHECK(std::fabs(mean(g) - 1.0) < 0.08);  // 0.01 of the width
  CHECK(std::fabs(variance(g) - 64.0 / 12) < 0.13);
  CHECK(*std::min_element(g.data(), g.data() + g.size()) >= -3.0f);
  CHECK(*std::max_element(g.data(), g.data() + g.size()) < 5.0f);

  // A range so narrow that low + range * u rounds to high for most u: still below high.
  const double lo = 1.0, hi = std::nextafter(1.0, 2.0);
  const auto n = rng.uniform({1000}, lo, hi);
  for (index_t i = 0; i < n.size(); ++i) REQUIRE(n(i) == lo);
}

TEST_CASE("normal statistics (100k samples)") {
  Random rng(321);
  const auto z = rng.normal({kSamples});
  CHECK(std::fabs(mean(z)) < 0.02);
  CHECK(std::fabs(std::sqrt(variance(z)) - 1.0) < 0.02);
  index_t within1 = 0;  // P(|z| < 1) = 0.6827
  for (index_t i = 0; i < z.size(); ++i) within1 += std::fabs(z(i)) < 1;
  CHECK(std::fabs(static_cast<double>(within1) / kSamples - 0.6827) < 0.01);

  const auto s = rng.normal<float>({kSamples}, 10.0f, 3.0f);
  CHECK(std::fabs(mean(s) - 10.0) < 0.06);
  CHECK(std::fabs(std::sqrt(variance(s)) - 3.0) < 0.06);
}

TEST_CASE("integers statistics: in range, every value hit, no value favoured") {
  Random rng(77);
  const auto a = rng.integers<int>(-3, 7, {kSamples});
  static_assert(std::is_same_v<decltype(a), const Tensor<int, 1>>);
  std::vector<index_t> count(10);
  index_t outside = 0;
  for (index_t i = 0; i < a.size(); ++i) {
    if (a(i) < -3 || a(i) >= 7)
      ++outside;
    else
      ++count[static_cast<std::size_t>(a(i) + 3)];
  }
  REQUIRE(outside == 0);
  for (const index_t c : count) CHECK(std::abs(c - kSamples / 10) < 500);  // ~5 sigma

  const auto t = rng.integers(0, 3, {kSamples});  // 2^64 mod 3 != 0: needs the rejection
  std::vector<index_t> count3(3);
  for (index_t i = 0; i < t.size(); ++i) ++count3[static_cast<std::size_t>(t(i))];
  for (const index_t c : count3) CHECK(std::abs(c - kSamples / 3) < 800);
}

TEST_CASE("permutation(n) and permutation(a)") {
  Random rng(8);
  const auto p = rng.permutation(1000);
  static_assert(std::is_same_v<decltype(p), const Tensor<index_t, 1>>);
  auto sorted = values(p);
  std::sort(sorted.begin(), sorted.end());
  for (index_t i = 0; i < 1000; ++i) REQUIRE(sorted[static_cast<std::size_t>(i)] == i);
  CHECK(values(p) != sorted);
  CHECK(rng.permutation(0).size() == 0);
  CHECK(values(rng.permutation(1)) == std::vector<index_t>{0});
  CHECK_THROWS_AS(rng.permutation(-1), shape_error);

  // Rows of a 2-D tensor move whole; the argument is not changed.
  const auto a = arange(12).reshape<2>({4, 3});
  const auto b = rng.permutation(a);
  static_assert(std::is_same_v<decltype(b), const Tensor<int, 2>>);
  CHECK(values(a) == values(arange(12)));
  REQUIRE(b.shape() == a.shape());
  std::set<int> firsts;
  for (index_t r = 0; r < 4; ++r) {
    CHECK(b(r, 0) % 3 == 0);
    CHECK(b(r, 1) == b(r, 0) + 1);
    CHECK(b(r, 2) == b(r, 0) + 2);
    firsts.insert(b(r, 0));
  }
  CHECK(firsts.size() == 4);
  const auto v = rng.permutation(a.t());  // of a view: its rows are a's columns
  CHECK(v.shape() == shape_t<2>{3, 4});
  for (index_t r = 0; r < 3; ++r) CHECK(v(r, 1) == v(r, 0) + 3);
}

TEST_CASE("shuffle in place: the multiset stays, rows move whole, views write through") {
  Random rng(99);
  auto a = arange(100);
  rng.shuffle(a);
  auto sorted = values(a);
  CHECK(sorted != values(arange(100)));
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == values(arange(100)));

  Tensor<double, 3> t({5, 2, 2});
  for (index_t i = 0; i < t.size(); ++i) t.data()[i] = static_cast<double>(i);
  rng.shuffle(t);
  std::set<double> firsts;
  for (index_t r = 0; r < 5; ++r) {
    const double f = t(r, 0, 0);
    CHECK(std::fmod(f, 4.0) == 0.0);
    CHECK((t(r, 0, 1) == f + 1 && t(r, 1, 0) == f + 2 && t(r, 1, 1) == f + 3));
    firsts.insert(f);
  }
  CHECK(firsts.size() == 5);

  // A strided view: shuffling a's columns (the rows of a.t()) moves them in a.
  auto m = arange(20).reshape<2>({4, 5});
  rng.shuffle(m.t());
  for (index_t r = 0; r < 4; ++r)
    for (index_t c = 0; c < 5; ++c) CHECK(m(r, c) == m(0, c) + 5 * r);
  std::set<int> cols;
  for (index_t c = 0; c < 5; ++c) cols.insert(m(0, c));
  CHECK(cols == std::set<int>{0, 1, 2, 3, 4});

  // Zero-size and single-row tensors are left alone.
  auto e = zeros<float>({0, 3});
  rng.shuffle(e);
  auto one = full({1, 2}, 4);
  rng.shuffle(one);
  CHECK((one(0, 0) == 4 && one(0, 1) == 4));
}

TEST_CASE("invalid arguments") {
  Random rng(1);
  CHECK_THROWS_WITH_AS(rng.integers(5, 5), doctest::Contains("low >= high"), std::invalid_argument);
  CHECK_THROWS_AS(rng.integers(5, 2, {3}), std::invalid_argument);
  CHECK_THROWS_WITH_AS(rng.integers<std::uint8_t>(0, 257, {3}), doctest::Contains("high 257"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(rng.integers<std::uint8_t>(-1, 10, {3}), doctest::Contains("low -1"),
                       std::invalid_argument);
  CHECK_THROWS_AS(rng.normal({3}, 0.0, -1.0), std::invalid_argument);
  CHECK_THROWS_AS(rng.normal(0, -0.5), std::invalid_argument);
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(rng.uniform({3}, 0.0, inf), std::invalid_argument);
  CHECK_THROWS_AS(rng.uniform(-inf, 0.0), std::invalid_argument);
  CHECK_THROWS_WITH_AS(rng.uniform({2, -1}), doctest::Contains("(2,-1)"), shape_error);
}
