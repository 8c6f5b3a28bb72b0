// Reductions: every axis (negative too), keepdims, out-parameter, NumPy result types,
// pairwise accuracy along every axis, NaN in max/min/argmax, empty inputs and their errors,
// softmax / log_softmax / logsumexp. Expected values: tests/data/gen_ops.py.
#include "test_ops_common.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

using namespace tensr;
using ops_test::ar;
using ops_test::check_values;

namespace {
constexpr double NAN_ = std::numeric_limits<double>::quiet_NaN();
constexpr double INF = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("sum along each axis, keepdims, out") {
  const auto x = ar<3>({2, 3, 4});
  CHECK(sum(x) == 276.0);
  check_values(sum(x, 0), {3, 4},
               {12.0, 14.0, 16.0, 18.0, 20.0, 22.0, 24.0, 26.0, 28.0, 30.0, 32.0, 34.0});
  check_values(sum(x, 1), {2, 4}, {12.0, 15.0, 18.0, 21.0, 48.0, 51.0, 54.0, 57.0});
  check_values(sum(x, -1), {2, 3}, {6.0, 22.0, 38.0, 54.0, 70.0, 86.0});
  check_values(sum(x, -1, keepdims), {2, 3, 1}, {6.0, 22.0, 38.0, 54.0, 70.0, 86.0});
  check_values(sum(x.transpose({2, 0, 1}), 0), {2, 3}, {6.0, 22.0, 38.0, 54.0, 70.0, 86.0});
  CHECK(sum(x.flip()) == 276.0);
  CHECK(sum(x(all, range(0, 3, 2), all)) == 184.0);
  Tensor<double, 2> out({2, 3});
  sum(x, 2, out);
  check_values(out, {2, 3}, {6.0, 22.0, 38.0, 54.0, 70.0, 86.0});
  Tensor<float, 2> outf({2, 3});
  sum(x, 2, outf);  // converted
  check_values(outf, {2, 3}, {6.0f, 22.0f, 38.0f, 54.0f, 70.0f, 86.0f});
  CHECK_THROWS_WITH_AS(sum(x, 3), "axis 3 is out of bounds for array of dimension 3", shape_error);
  CHECK_THROWS_WITH_AS(sum(x, 0, out), "output of a reduction has shape (2,3), expected (3,4)",
                       shape_error);
}

TEST_CASE("result types as NumPy") {
  const Tensor<std::uint8_t, 1> u({1000}, 1);
  static_assert(std::is_same_v<decltype(sum(u)), std::uint64_t>);
  CHECK(sum(u) == 1000u);
  const Tensor<bool, 1> b({300}, true);
  static_assert(std::is_same_v<decltype(sum(b)), std::int64_t>);
  CHECK(sum(b) == 300);
  const Tensor<int, 2> i{{1, 2}, {3, 4}};
  static_assert(std::is_same_v<decltype(sum(i, 0)), Tensor<std::int64_t, 1>>);
  static_assert(std::is_same_v<decltype(mean(i)), double>);
  static_assert(std::is_same_v<decltype(mean(i, 0)), Tensor<double, 1>>);
  static_assert(std::is_same_v<decltype(max(i)), int>);
  static_assert(std::is_same_v<decltype(argmax(i, 1)), Tensor<index_t, 1>>);
  static_assert(std::is_same_v<decltype(any(i, 1)), Tensor<bool, 1>>);
  static_assert(std::is_same_v<decltype(mean(Tensor<float, 1>({2}))), float>);
  CHECK(mean(i) == 2.5);
  check_values(mean(i, 1), {2}, {1.5, 3.5});
  check_values(prod(ar<2>({2, 3}, 1), 1), {2}, {6.0, 120.0});
  CHECK(prod(i) == 24);
}

TEST_CASE("pairwise float summation along every axis") {
  // 0.1f summed 2^20 times: naive float accumulation is off by ~1e-2 relative.
  const index_t n = 1 << 20;
  const Tensor<float, 1> v({n}, 0.1f);
  const double exact = 0.1f * static_cast<double>(n);
  CHECK(std::fabs(sum(v) - exact) / exact < 1e-6);
  const Tensor<float, 2> col({n, 1}, 0.1f);
  CHECK(std::fabs(sum(col, 0)(0) - exact) / exact < 1e-6);
  const Tensor<float, 2> m({4096, 3}, 0.1f);
  const auto s0 = sum(m, 0);
  for (index_t j = 0; j < 3; ++j) CHECK(std::fabs(s0(j) - 409.6) / 409.6 < 1e-6);
  CHECK(std::fabs(sum(m.t(), 1)(2) - 409.6) / 409.6 < 1e-6);
}

TEST_CASE("float sums with every instruction set: block tree, remainders, rows") {
  // 0.1f, 3 * 2^18 + 45 times: 384 blocks of 2048 (a tree that is not a power of two), a
  // vector remainder and a scalar one. Naive float accumulation is off by ~1e-2 relative.
  const index_t n = 3 * (1 << 18) + 45;
  const Tensor<float, 1> v({n}, 0.1f);
  const double exact = 0.1f * static_cast<double>(n);
  const Tensor<double, 1> vd({n}, 0.1);
  const Tensor<float, 2> m({300, 77}, 0.1f);  // along axis 0: blocks of rows, odd row length
  for (auto isa : {detail::simd_isa::generic, detail::simd_isa::avx2, detail::simd_isa::avx512}) {
    if (!detail::simd_force_isa(isa)) continue;
    INFO("isa ", static_cast<int>(isa));
    CHECK(std::fabs(sum(v) - exact) / exact < 1e-6);
    CHECK(std::fabs(sum(vd) - 0.1 * static_cast<double>(n)) / exact < 1e-13);
    CHECK(sum(Tensor<float, 1>{1.0f, 2.0f, 3.0f}) == 6.0f);
    const auto s0 = sum(m, 0), s1 = sum(m, 1);
    for (index_t j = 0; j < 77; ++j) CHECK(s0(j) == doctest::Approx(30.0).epsilon(1e-6));
    for (index_t i = 0; i < 300; ++i) CHECK(s1(i) == doctest::Approx(7.7).epsilon(1e-6));
  }
  detail::simd_force_isa(detail::simd_isa::automatic);
}

namespace {

/// The instruction sets this CPU can run the loops with (generic always).
std::vector<detail::simd_isa> reduce_isas() {
  std::vector<detail::simd_isa> v;
  for (auto isa : {detail::simd_isa::generic, detail::simd_isa::avx2, detail::simd_isa::avx512})
    if (detail::isa_supported(isa)) v.push_back(isa);
  return v;
}

/// Values of both signs and many magnitudes, exact in float.
template <class T>
Tensor<T, 1> mixed(index_t n) {
  Tensor<T, 1> t({n});
  for (index_t i = 0; i < n; ++i)
    t(i) = static_cast<T>(((i * 7919) % 2001) - 1000) / static_cast<T>(1 << ((i * 13) % 11));
  return t;
}

/// The exact sum (long double, Kahan-compensated) of a strided run, and the bound of a pairwise
/// float sum of it: (lane run + levels of the trees) * eps * sum |x|.
template <class T>
void reference_sum(const T* p, index_t n, index_t s, long double& sum, long double& bound) {
  long double c = 0, abs = 0;
  sum = 0;
  for (index_t i = 0; i < n; ++i) {
    const long double y = static_cast<long double>(p[i * s]) - c;
    const long double t = sum + y;
    c = (t - sum) - y;
    sum = t;
    abs += std::fabs(static_cast<long double>(p[i * s]));
  }
  const double levels = 40.0 + std::log2(static_cast<double>(n) + 1.0);
  bound = levels * std::numeric_limits<T>::epsilon() * abs;
}

}  // namespace

TEST_CASE("float and double sums at each level: against a compensated sum, and the same bits") {
  // Lengths around the vector, lane group (64 floats / 32 doubles) and block (2048) sizes.
  const index_t lengths[] = {0,    1,    7,    8,     15,
                             16,   17,   31,   33,    63,
                             64,   65,   127,  129,   255,
                             257,  2047, 2048, 2049,  4095,
                             4096, 6143, 6145, 10000, 3 * 2048 * 7 + 77};
  const auto isas = reduce_isas();
  auto one = [&](auto tag) {
    using T = decltype(tag);
    for (const index_t n : lengths) {
      const auto x = mixed<T>(n);
      long double ref, bound;
      reference_sum(x.data(), n, 1, ref, bound);
      std::vector<T> got;
      for (const auto isa : isas) {
        REQUIRE(detail::simd_force_isa(isa));
        got.push_back(sum(x));
      }
      detail::simd_force_isa(detail::simd_isa::automatic);
      for (std::size_t k = 0; k < got.size(); ++k) {
        INFO("n ", n, " isa ", detail::isa_name(isas[k]), " sizeof ", sizeof(T));
        CHECK(std::fabs(static_cast<long double>(got[k]) - ref) <= bound);
        // The order of the additions depends on the layout alone: the same bits at every level.
        CHECK(std::memcmp(&got[k], &got[0], sizeof(T)) == 0);
      }
    }
  };
  one(float{});
  one(double{});
}

TEST_CASE("sums along a slow axis at each level: against a compensated sum, and the same bits") {
  // Rows: 1, 3, 4, 5, 8, 129 (the four-row groups and the pairwise halving above 128), each of
  // an odd length (a vector tail).
  const auto isas = reduce_isas();
  for (const index_t rows : {1, 3, 4, 5, 8, 129, 300}) {
    const index_t cols = 37;
    const auto flat = mixed<float>(rows * cols);
    const Tensor<float, 2> m = flat.reshape(shape_t<2>{rows, cols});
    std::vector<Tensor<float, 1>> got;
    for (const auto isa : isas) {
      REQUIRE(detail::simd_force_isa(isa));
      got.push_back(sum(m, 0));
    }
    detail::simd_force_isa(detail::simd_isa::automatic);
    for (index_t j = 0; j < cols; ++j) {
      long double ref, bound;
      reference_sum(m.data() + j, rows, cols, ref, bound);
      for (std::size_t k = 0; k < got.size(); ++k) {
        INFO("rows ", rows, " column ", j, " isa ", detail::isa_name(isas[k]));
        CHECK(std::fabs(static_cast<long double>(got[k](j)) - ref) <= bound);
        CHECK(std::memcmp(&got[k](j), &got[0](j), sizeof(float)) == 0);
      }
    }
  }
}

TEST_CASE("sums at each level: NaN and infinities anywhere, strided inputs") {
  const float inf = std::numeric_limits<float>::infinity();
  for (const auto isa : reduce_isas()) {
    REQUIRE(detail::simd_force_isa(isa));
    INFO("isa ", detail::isa_name(isa));
    for (const index_t n : {5, 64, 100, 2048, 5000}) {
      for (const index_t at : {index_t{0}, n / 2, n - 1}) {  // a lane, the body, the tail
        INFO("n ", n, " at ", at);
        Tensor<float, 1> x = mixed<float>(n);
        x(at) = std::numeric_limits<float>::quiet_NaN();
        CHECK(std::isnan(sum(x)));
        x(at) = inf;
        CHECK(sum(x) == inf);
        x(n - 1 - at == at ? 0 : n - 1 - at) = -inf;
        CHECK(std::isnan(sum(x)));  // inf + -inf
        // The same along a slow axis: column 1 of a (n, 3) tensor.
        Tensor<float, 2> m({n, 3}, 1.0f);
        m(at, 1) = -inf;
        const auto s0 = sum(m, 0);
        CHECK(s0(0) == static_cast<float>(n));
        CHECK(s0(1) == -inf);
      }
    }
    // Strided: every third element, a reversed view, a column of a row-major matrix.
    const auto x = mixed<float>(3001);
    long double ref, bound;
    reference_sum(x.data() + 1, 1000, 3, ref, bound);
    CHECK(std::fabs(static_cast<long double>(sum(x(range(1, 3001, 3)))) - ref) <= bound);
    reference_sum(x.data(), 3001, 1, ref, bound);
    CHECK(std::fabs(static_cast<long double>(sum(x.flip())) - ref) <= bound);
    const Tensor<float, 2> m = x(range(0, 3000)).reshape(shape_t<2>{100, 30});
    const auto s1 = sum(m.t(), 1);  // along the slow axis of m, as a fast one of the view
    for (index_t j = 0; j < 30; ++j) {
      reference_sum(m.data() + j, 100, 30, ref, bound);
      CHECK(std::fabs(static_cast<long double>(s1(j)) - ref) <= bound);
    }
  }
  detail::simd_force_isa(detail::simd_isa::automatic);
}

TEST_CASE("max, min, argmax, argmin, all, any") {
  const auto x0 = ar<3>({2, 3, 4});
  const auto x = x0.transpose({2, 0, 1});
  check_values(max(x, 1), {4, 3},
               {12.0, 16.0, 20.0, 13.0, 17.0, 21.0, 14.0, 18.0, 22.0, 15.0, 19.0, 23.0});
  check_values(argmin(x, 2), {4, 2}, {0, 0, 0, 0, 0, 0, 0, 0});
  check_values(argmax(x, 0), {2, 3}, {3, 3, 3, 3, 3, 3});
  CHECK(max(x) == 23.0);
  CHECK(min(x) == 0.0);
  CHECK(argmax(x) == 23);  // flat C-order index of the transposed view
  CHECK(argmin(x.flip(0)) == 18);
  const Tensor<double, 2> n{{1.0, NAN_, 3.0}, {4.0, 5.0, 6.0}};
  CHECK(std::isnan(max(n)));
  CHECK(std::isnan(min(n)));
  check_values(max(n, 0), {3}, {4.0, NAN_, 6.0});
  check_values(min(n, 1), {2}, {NAN_, 4.0});
  CHECK(argmax(n) == 1);
  check_values(argmin(n, 1), {2}, {1, 0});
  check_values(max(n, 1, keepdims), {2, 1}, {NAN_, 6.0});
  const Tensor<int, 2> b{{1, 0, 2}, {3, 4, 5}};
  CHECK_FALSE(all_of(b));
  CHECK(any(b));
  check_values(all_of(b, 0), {3}, {true, false, true});
  check_values(all_of(b, 1), {2}, {false, true});
  check_values(any_of(b == 0, 1), {2}, {true, false});
  check_values(any(b > 3, 0), {3}, {false, true, true});
}

TEST_CASE("empty reductions") {
  const Tensor<double, 2> e({0, 3});
  CHECK(sum(e) == 0.0);
  CHECK(prod(e) == 1.0);
  CHECK(std::isnan(mean(e)));
  CHECK(all_of(e));
  CHECK_FALSE(any(e));
  check_values(sum(e, 0), {3}, {0.0, 0.0, 0.0});
  CHECK(sum(e, 1).shape() == shape_t<1>{0});
  CHECK(max(e, 1).shape() == shape_t<1>{0});
  CHECK_THROWS_WITH_AS(
      max(e), "zero-size array to reduction operation maximum which has no identity", shape_error);
  CHECK_THROWS_WITH_AS(min(e, 0),
                       "zero-size array to reduction operation minimum which has no identity",
                       shape_error);
  CHECK_THROWS_WITH_AS(argmax(e), "attempt to get argmax of an empty sequence", shape_error);
  CHECK_THROWS_WITH_AS(argmin(e, 0), "attempt to get argmin of an empty sequence", shape_error);
}

TEST_CASE("var, std") {
  const auto m = ar<2>({3, 4});
  check_values(var(m, 0, ddof(1)), {4}, {16.0, 16.0, 16.0, 16.0});
  CHECK(tensr::std(m) == doctest::Approx(3.452052529534663).epsilon(1e-14));
  CHECK(var(m, ddof(1)) == doctest::Approx(143.0 / 11.0).epsilon(1e-14));
  check_values(tensr::std(m, 1), {3}, {std::sqrt(1.25), std::sqrt(1.25), std::sqrt(1.25)});
  CHECK(var(Tensor<int, 1>{1, 2, 3, 4}) == 1.25);
}

TEST_CASE("softmax, log_softmax, logsumexp") {
  const Tensor<double, 2> s{{1.0, 2.0, 3.0}, {1000.0, 1000.0, -INF}};
  const auto sm = softmax(s, 1);
  const double expect[] = {
      0.09003057317038043, 0.24472847105479767, 0.6652409557748218, 0.5, 0.5, 0.0};
  for (index_t i = 0; i < 6; ++i) CHECK(sm.data()[i] == doctest::Approx(expect[i]).epsilon(1e-15));
  const auto lse = logsumexp(s, -1);
  CHECK(lse(0) == doctest::Approx(3.4076059644443806).epsilon(1e-15));
  CHECK(lse(1) == doctest::Approx(1000.6931471805599).epsilon(1e-15));
  const auto ls = log_softmax(s, 1);
  CHECK(ls(0, 0) == doctest::Approx(std::log(expect[0])).epsilon(1e-14));
  CHECK(ls(1, 2) == -INF);
  CHECK(logsumexp(Tensor<double, 1>{-INF, -INF}, 0)() == -INF);
  // Along axis 0 of a float tensor, rows summing to 1.
  const auto p = softmax(Tensor<float, 2>{{1.0f, 100.0f}, {3.0f, -100.0f}}, 0);
  CHECK(p(0, 0) + p(1, 0) == doctest::Approx(1.0f));
  CHECK(p(0, 1) == 1.0f);
}

TEST_CASE("several axes at once") {
  const auto x = ar<3>({2, 3, 4});
  check_values(sum(x, {0, 2}), {3}, {60.0, 92.0, 124.0});
  check_values(sum(x, {2, 0}), {3}, {60.0, 92.0, 124.0});
  check_values(max(x, {-1, 0}, keepdims), {1, 3, 1}, {15.0, 19.0, 23.0});
  check_values(mean(x, {1, 2}), {2}, {5.5, 17.5});
  check_values(mean(x, {1, 2}, keepdims), {2, 1, 1}, {5.5, 17.5});
  CHECK(sum(x, {0, 1, 2}).item() == 276.0);
  check_values(all_of(x >= 1.0, {0, 1}), {4}, {false, true, true, true});
  check_values(any(x > 22.0, {1, 0}), {4}, {false, false, false, true});
  check_values(prod(Tensor<int, 2>{{1, 2}, {3, 4}}, {0, 1}, keepdims), {1, 1}, {24});
  CHECK_THROWS_WITH_AS(sum(x, {0, -3}), "duplicate value in 'axis'", shape_error);
  CHECK_THROWS_WITH_AS(min(x, {0, 5}), "axis 5 is out of bounds for array of dimension 3",
                       shape_error);
}

TEST_CASE("cumsum") {
  const auto m = ar<2>({2, 3});
  check_values(cumsum(m, 0), {2, 3}, {0.0, 1.0, 2.0, 3.0, 5.0, 7.0});
  check_values(cumsum(m, 1), {2, 3}, {0.0, 1.0, 3.0, 3.0, 7.0, 12.0});
  check_values(cumsum(m.t(), 0), {3, 2}, {0.0, 3.0, 1.0, 7.0, 3.0, 12.0});
  check_values(cumsum(m, -1), {2, 3}, {0.0, 1.0, 3.0, 3.0, 7.0, 12.0});
  check_values(cumsum(m.t()), {6}, {0.0, 3.0, 4.0, 8.0, 10.0, 15.0});
  const auto b = cumsum(Tensor<bool, 1>{true, true, false});
  static_assert(std::is_same_v<decltype(b), const Tensor<std::int64_t, 1>>);
  check_values(b, {3}, {1, 2, 2});
  CHECK(cumsum(Tensor<double, 2>({0, 3}), 1).shape() == shape_t<2>{0, 3});
}
