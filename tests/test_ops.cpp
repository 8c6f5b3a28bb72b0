// Elementwise ops: arithmetic with NumPy's integer wrap-around and Python's floor
// division/modulo, comparisons, math functions, where/clip/map, compound assignment on
// Tensors and views, out-parameter forms, and overlap between destination and inputs.
// Expected values: tests/data/gen_ops.py.
#include "test_ops_common.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

using namespace tensr;
using ops_test::ar;
using ops_test::check_values;

namespace {
constexpr double NAN_ = std::numeric_limits<double>::quiet_NaN();
constexpr double INF = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("arithmetic operators") {
  const auto a = ar<2>({2, 3});
  const auto b = ar<1>({3}, 1);
  check_values(a + b, {2, 3}, {1., 3., 5., 4., 6., 8.});
  check_values(a - b, {2, 3}, {-1., -1., -1., 2., 2., 2.});
  check_values(a * b, {2, 3}, {0., 2., 6., 3., 8., 15.});
  check_values(a / b, {2, 3}, {0., 0.5, 2. / 3., 3., 2., 5. / 3.});
  check_values(-a, {2, 3}, {-0., -1., -2., -3., -4., -5.});
  check_values(+a, {2, 3}, {0., 1., 2., 3., 4., 5.});
  check_values(a.view() * 2, {2, 3}, {0., 2., 4., 6., 8., 10.});
  check_values(1.0 / b, {3}, {1., 0.5, 1. / 3.});
}

TEST_CASE("floor division and Python modulo") {
  const Tensor<double, 1> x{-7.5, 7.5, -7.5, 7.5, 0.0, -0.0, 6.0, -6.0};
  const Tensor<double, 1> y{2.0, 2.0, -2.0, -2.0, -3.0, 3.0, 3.0, 3.0};
  const auto r = x % y;
  check_values(r, {8}, {0.5, 1.5, -1.5, -0.5, -0.0, 0.0, 0.0, 0.0});
  const bool signs[] = {false, false, true, true, true, false, false, false};
  for (index_t i = 0; i < 8; ++i) CHECK(std::signbit(r(i)) == signs[i]);
  const Tensor<int, 1> xi{-7, 7, -7, 7, 0, 5};
  const Tensor<int, 1> yi{2, 2, -2, -2, 3, 0};
  check_values(xi % yi, {6}, {1, 1, -1, -1, 0, 0});
  check_values(xi / yi, {6}, {-4, 3, 3, -4, 0, 0});  // x // 0 is 0 in NumPy too
  const Tensor<int, 1> mn{std::numeric_limits<int>::min()};
  check_values(mn / -1, {1}, {std::numeric_limits<int>::min()});
  check_values(mn % -1, {1}, {0});
  Tensor<float, 1> f{5.5f, -5.5f};
  f %= 2;
  check_values(f, {2}, {1.5f, 0.5f});
}

TEST_CASE("integer wrap-around as NumPy") {
  const Tensor<std::int8_t, 1> a{127, -128};
  check_values(a + std::int8_t{1}, {2}, {-128, -127});
  check_values(-Tensor<std::int8_t, 1>{-128}, {1}, {-128});
  check_values(abs(Tensor<std::int8_t, 1>{-128}), {1}, {-128});
  const Tensor<int, 1> big{std::numeric_limits<int>::max()};
  check_values(big + 1, {1}, {std::numeric_limits<int>::min()});
  check_values(square(Tensor<std::uint16_t, 1>{65535}), {1}, {1});
  check_values(pow(Tensor<int, 1>{2, 3, -2, 1, 2, -1}, Tensor<int, 1>{10, 3, 3, 0, -1, -3}), {6},
               {1024, 27, -8, 1, 0, -1});
  const Tensor<bool, 1> t{true, false};
  check_values(t + t, {2}, {true, false});  // NumPy: + on bool is logical or
}

TEST_CASE("comparisons and logical ops") {
  const auto a = ar<2>({2, 3});
  const auto b = ar<1>({3}) * 2.0;
  check_values(a < b, {2, 3}, {false, true, true, false, false, false});
  check_values(a <= b, {2, 3}, {true, true, true, false, false, false});
  check_values(a > b, {2, 3}, {false, false, false, true, true, true});
  check_values(a >= b, {2, 3}, {true, false, false, true, true, true});
  check_values(a == b, {2, 3}, {true, false, false, false, false, false});
  check_values(a != b, {2, 3}, {false, true, true, true, true, true});
  check_values(2.0 < a, {2, 3}, {false, false, false, true, true, true});
  const Tensor<bool, 1> p{true, true, false, false};
  const Tensor<bool, 1> q{true, false, true, false};
  check_values(logical_and(p, q), {4}, {true, false, false, false});
  check_values(logical_or(p, q), {4}, {true, true, true, false});
  check_values(logical_not(p), {4}, {false, false, true, true});
  check_values(logical_and(Tensor<int, 1>{0, 2}, 3), {2}, {false, true});
  check_values(isnan(Tensor<double, 1>{1.0, NAN_, INF}), {3}, {false, true, false});
  check_values(isfinite(Tensor<double, 1>{1.0, NAN_, -INF}), {3}, {true, false, false});
  check_values(isnan(Tensor<int, 1>{1}), {1}, {false});
}

TEST_CASE("math functions") {
  const Tensor<double, 1> x{-2.0, -0.5, 0.0, 0.5, 3.0};
  const double xs[] = {-2.0, -0.5, 0.0, 0.5, 3.0};
  const auto ex = exp(x), sq = square(x), ab = abs(x), re = relu(x), th = tanh(x), sg = sigmoid(x),
             si = sin(x), co = cos(x), em = expm1(x);
  for (index_t i = 0; i < 5; ++i) {
    const double v = xs[i];
    CHECK(ex(i) == std::exp(v));
    CHECK(sq(i) == v * v);
    CHECK(ab(i) == std::fabs(v));
    CHECK(re(i) == (v > 0 ? v : 0.0));
    CHECK(th(i) == std::tanh(v));
    CHECK(sg(i) == doctest::Approx(1.0 / (1.0 + std::exp(-v))).epsilon(1e-15));
    CHECK(si(i) == std::sin(v));
    CHECK(co(i) == std::cos(v));
    CHECK(em(i) == std::expm1(v));
  }
  const Tensor<double, 1> p{0.5, 1.0, 4.0};
  check_values(sqrt(p), {3}, {std::sqrt(0.5), 1.0, 2.0});
  check_values(log(p), {3}, {std::log(0.5), 0.0, std::log(4.0)});
  check_values(log1p(p), {3}, {std::log1p(0.5), std::log1p(1.0), std::log1p(4.0)});
  check_values(sqrt(Tensor<int, 1>{4, 9}), {2}, {2.0, 3.0});
  check_values(pow(p, 2.0), {3}, {0.25, 1.0, 16.0});
  check_values(relu(Tensor<double, 1>{NAN_, -1.0}), {2}, {NAN_, 0.0});
  // Sigmoid stays finite and exact at the extremes.
  check_values(sigmoid(Tensor<double, 1>{-800.0, 800.0, NAN_}), {3}, {0.0, 1.0, NAN_});
  check_values(sigmoid(Tensor<float, 1>{-200.0f, 200.0f}), {2}, {0.0f, 1.0f});
}

TEST_CASE("maximum, minimum, clip, where, map") {
  const Tensor<double, 1> a{1.0, NAN_, 3.0};
  const Tensor<double, 1> b{NAN_, 2.0, 1.0};
  check_values(maximum(a, b), {3}, {NAN_, NAN_, 3.0});
  check_values(minimum(a, b), {3}, {NAN_, NAN_, 1.0});
  check_values(maximum(Tensor<int, 1>{1, 5}, 3), {2}, {3, 5});
  const auto m = ar<2>({2, 3});
  check_values(clip(m - 2.0, -1.0, ar<1>({3}) * 0.5 + 0.5), {2, 3},
               {-1.0, -1.0, 0.0, 0.5, 1.0, 1.5});
  check_values(where(m % 2.0 == 0.0, m, -ar<1>({3})), {2, 3}, {0.0, -1.0, 2.0, -0.0, 4.0, -2.0});
  // Scalar bounds of a wider type keep the tensor's type, as np.clip(float32_array, 0.0, 1.0)
  // stays float32; a tensor bound of a wider type widens, as in NumPy.
  const Tensor<float, 1> f{-0.5f, 0.25f, 2.0f};
  const auto cf = clip(f, 0.0, 1.0);
  static_assert(std::is_same_v<decltype(cf), const Tensor<float, 1>>);
  check_values(cf, {3}, {0.0f, 0.25f, 1.0f});
  static_assert(
      std::is_same_v<decltype(clip(Tensor<int, 1>{1}, std::int64_t{0}, 5L)), Tensor<int, 1>>);
  static_assert(std::is_same_v<decltype(clip(f, Tensor<double, 1>{0.0}, 1.0)), Tensor<double, 1>>);
  check_values(where(m > 2.0, 1, 0), {2, 3}, {0, 0, 0, 1, 1, 1});
  const auto mp = map(m, [](double v) { return static_cast<int>(v) * 10; });
  static_assert(std::is_same_v<decltype(mp), const Tensor<int, 2>>);
  check_values(mp, {2, 3}, {0, 10, 20, 30, 40, 50});
  Tensor<double, 2> out({2, 3});
  map(
      m, [](double v) { return v + 0.5; }, out);
  check_values(out, {2, 3}, {0.5, 1.5, 2.5, 3.5, 4.5, 5.5});
}

TEST_CASE("out-parameter forms") {
  const auto a = ar<2>({2, 3});
  const auto b = ar<1>({3});
  Tensor<double, 2> out({2, 3}, -1.0);
  const double* p = out.data();
  add(a, b, out);
  check_values(out, {2, 3}, {0., 2., 4., 3., 5., 7.});
  subtract(a, b, out);
  check_values(out, {2, 3}, {0., 0., 0., 3., 3., 3.});
  multiply(a, 2.0, out);
  check_values(out, {2, 3}, {0., 2., 4., 6., 8., 10.});
  divide(a, 2.0, out);
  check_values(out, {2, 3}, {0., .5, 1., 1.5, 2., 2.5});
  maximum(a, 2.5, out);
  check_values(out, {2, 3}, {2.5, 2.5, 2.5, 3., 4., 5.});
  clip(a, 1.0, 4.0, out);
  check_values(out, {2, 3}, {1., 1., 2., 3., 4., 4.});
  where(a > 2.0, a, 0.0, out);
  check_values(out, {2, 3}, {0., 0., 0., 3., 4., 5.});
  square(a, out);
  check_values(out, {2, 3}, {0., 1., 4., 9., 16., 25.});
  CHECK(out.data() == p);  // written in place, nothing reallocated
  Tensor<bool, 2> mask({2, 3});
  less(a, b + 1.0, mask);
  check_values(mask, {2, 3}, {true, true, true, false, false, false});
  // Into a row of a bigger tensor (a view), converting the element type.
  Tensor<float, 2> big({3, 3});
  add(b, 1, big(1, all));
  check_values(big, {3, 3}, {0.f, 0.f, 0.f, 1.f, 2.f, 3.f, 0.f, 0.f, 0.f});
}

TEST_CASE("compound assignment on tensors and views") {
  auto a = ar<2>({2, 3});
  a += ar<1>({3});
  check_values(a, {2, 3}, {0., 2., 4., 3., 5., 7.});
  a -= 1.0;
  a *= 2;
  a /= ar<2>({2, 1}, 1);
  check_values(a, {2, 3}, {-2., 2., 6., 2., 4., 6.});
  a(all, 0) += 100.0;  // through a view
  a(1, all) *= ar<1>({3});
  check_values(a, {2, 3}, {98., 2., 6., 0., 4., 12.});
  auto row = a(0, all);
  row -= 1.0;
  check_values(a, {2, 3}, {97., 1., 5., 0., 4., 12.});
  Tensor<int, 1> i{1, 2, 3};
  i *= 2.5;  // computed in double, stored as int
  check_values(i, {3}, {2, 5, 7});
  auto& r = (i += 1);
  CHECK(&r == &i);
}

TEST_CASE("overlap: NumPy's result when the destination overlaps an input") {
  SUBCASE("a += a.T") {
    auto a = ar<2>({3, 3});
    a += a.t();
    check_values(a, {3, 3}, {0.0, 4.0, 8.0, 4.0, 8.0, 12.0, 8.0, 12.0, 16.0});
  }
  SUBCASE("shifted slices") {
    auto v = ar<1>({6});
    v(range(1, 6)) = v(range(0, 5));
    check_values(v, {6}, {0.0, 0.0, 1.0, 2.0, 3.0, 4.0});
    auto w = ar<1>({6});
    add(w(range(0, 5)), 0.0, w(range(1, 6)));
    check_values(w, {6}, {0.0, 0.0, 1.0, 2.0, 3.0, 4.0});
    auto u = ar<1>({6});
    u(range(0, 5)) += u(range(1, 6));
    check_values(u, {6}, {1.0, 3.0, 5.0, 7.0, 9.0, 5.0});
  }
  SUBCASE("out aliasing a flipped input") {
    auto b = ar<2>({2, 3});
    add(b, b.flip(0), b);
    check_values(b, {2, 3}, {3.0, 5.0, 7.0, 3.0, 5.0, 7.0});
  }
  SUBCASE("broadcast row of the destination") {
    auto c = ar<2>({3, 2});
    c -= c(0, all);  // NumPy copies row 0 first: every row minus the original row 0
    check_values(c, {3, 2}, {0., 0., 2., 2., 4., 4.});
  }
  SUBCASE("identical layout in place needs no copy") {
    auto x = ar<2>({2, 3});
    exp(x, x);
    CHECK(x(1, 2) == std::exp(5.0));
    auto y = ar<2>({2, 3});
    y += y;
    check_values(y, {2, 3}, {0., 2., 4., 6., 8., 10.});
    auto z = ar<2>({2, 3});
    multiply(z, z, z);
    check_values(z, {2, 3}, {0., 1., 4., 9., 16., 25.});
    auto t = ar<2>({3, 3});
    add(t.t(), 1.0, t.t());  // same transposed layout on both sides
    check_values(t, {3, 3}, {1., 2., 3., 4., 5., 6., 7., 8., 9.});
  }
}
