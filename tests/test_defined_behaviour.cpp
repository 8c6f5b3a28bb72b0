// Inputs at the edges of the types, each with a defined, NumPy-like result instead of
// undefined behaviour or a wrong answer (run under the sanitizer build, these fail without the
// fixes): unsigned indices past index_t's range, integer products and sums that overflow,
// floats converted to integers out of their range, and softmax/log_softmax/logsumexp of
// infinities and NaN (scipy.special's formulas).
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

using namespace tensr;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double qnan = std::numeric_limits<double>::quiet_NaN();

bool same(double x, double want) { return std::isnan(want) ? std::isnan(x) : x == want; }
}  // namespace

TEST_CASE("an unsigned index past index_t's range is out of bounds, not counted from the end") {
  Tensor<float, 2> a({3, 2});
  const std::size_t i = 0;
  CHECK_THROWS_WITH_AS(a.at(i - 1, 0),
                       "index 18446744073709551615 is out of bounds for axis 0 with size 3",
                       std::out_of_range);
  CHECK_THROWS_WITH_AS(a(i - 1, all),
                       "index 18446744073709551615 is out of bounds for axis 0 with size 3",
                       std::out_of_range);
  CHECK_THROWS_AS(a.at(0, std::uint64_t{1} << 63), std::out_of_range);
  CHECK(a.at(std::size_t{2}, 1u) == 0.0f);  // in range: fine
  CHECK(&a.at(-1, -1) == &a.at(2, 1));      // a signed negative index still counts from the end
}

TEST_CASE("CrossEntropyLoss rejects unsigned class indices of 2^63 and more") {
  const Tensor<float, 2> x({2, 3}, 0.5f);
  const nn::CrossEntropyLoss loss;
  const Tensor<std::uint64_t, 1> t{std::uint64_t{1}, std::uint64_t{1} << 63};
  CHECK_THROWS_WITH_AS(loss(x, t),
                       "CrossEntropyLoss: target 9223372036854775808 of sample 1 is out of bounds "
                       "for 3 classes",
                       std::out_of_range);
  const Tensor<std::size_t, 1> t2{std::size_t{0}, std::numeric_limits<std::size_t>::max()};
  CHECK_THROWS_AS(loss(x, t2), std::out_of_range);
  const Tensor<std::size_t, 1> ok{std::size_t{0}, std::size_t{2}};
  CHECK(loss(x, ok).loss == doctest::Approx(std::log(3.0)));
}

TEST_CASE("integer products and sums that overflow wrap, as NumPy's") {
  constexpr std::int32_t big = std::numeric_limits<std::int32_t>::max();
  const Tensor<std::int32_t, 1> a{big, 2}, b{3, 5};
  // NumPy: np.outer(a, b) = [[2147483645, 2147483643], [6, 10]]
  const auto o = outer(a, b);
  CHECK(o(0, 0) == 2147483645);
  CHECK(o(0, 1) == 2147483643);
  CHECK(o(1, 1) == 10);
  // np.einsum('i->', a) = -2147483647, np.einsum('i,i->i', a, b) = [2147483645, 10]
  CHECK(einsum<0>("i->", a).item() == -2147483647);
  const auto p = einsum<1>("i,i->i", a, b);
  CHECK(p(0) == 2147483645);
  CHECK(p(1) == 10);
  CHECK(einsum<"i->">(a).item() == -2147483647);
  const std::int64_t big64 = std::numeric_limits<std::int64_t>::max();
  const Tensor<std::int64_t, 1> c{big64}, d{2};
  CHECK(outer(c, d)(0, 0) == -2);          // 2 * (2^63 - 1) wraps to -2
  CHECK(tensordot<1>(c, d).item() == -2);  // the same through einsum's GEMM
  CHECK(einsum<0>("i,i->", c, d).item() == -2);
  CHECK(einsum<1>("ij->i", Tensor<std::int64_t, 2>{{big64, big64}})(0) == -2);  // a summed index
}

TEST_CASE("floats converted to integers out of range: the target's defined result") {
  const Tensor<double, 1> v{qnan, inf, -inf, 1e300, -1e300, 3e9, 300.7, -1.5};
  // NumPy on x86: int32 gives INT_MIN for NaN, infinities and values out of its range.
  const auto i32 = v.astype<std::int32_t>();
  constexpr std::int32_t m32 = std::numeric_limits<std::int32_t>::min();
  for (index_t k = 0; k < 6; ++k) CHECK(i32(k) == m32);
  CHECK(i32(6) == 300);
  CHECK(i32(7) == -1);
  const auto i64 = v.astype<std::int64_t>();
  constexpr std::int64_t m64 = std::numeric_limits<std::int64_t>::min();
  for (index_t k = 0; k < 5; ++k) CHECK(i64(k) == m64);
  CHECK(i64(5) == 3000000000);
  // Narrower types take the int32 result's low bits: NumPy's int8 of 300.7 is 44, uint8 of
  // -1.5 is 255, and of NaN 0.
  const auto i8 = v.astype<std::int8_t>();
  CHECK(i8(0) == 0);
  CHECK(i8(6) == 44);
  CHECK(v.astype<std::uint8_t>()(7) == 255);
  // Compound assignment converts back the same way.
  Tensor<std::int32_t, 1> n{5, -5, 2};
  n *= 1e10;
  CHECK(n(0) == m32);
  CHECK(n(1) == m32);
  CHECK(n(2) == m32);
  Tensor<std::int32_t, 1> q{7};
  q *= 0.5;  // in range: truncated toward zero
  CHECK(q(0) == 3);
  // A view assigned a scalar, and a float tensor copied into an integer one.
  Tensor<std::int16_t, 1> s({2});
  s(all) = 1e30;
  CHECK(s(0) == 0);  // INT_MIN's low 16 bits
  Tensor<std::int32_t, 1> w(Tensor<float, 1>{std::numeric_limits<float>::quiet_NaN(), 2.9f});
  CHECK(w(0) == m32);
  CHECK(w(1) == 2);
}

TEST_CASE("softmax, log_softmax and logsumexp of infinities and NaN are scipy's") {
  // (log_softmax of a row of -inf: (x - 0) - log(0) = -inf - -inf.)
  // Each row along the fastest axis (the one-pass kernel), then the same rows as columns
  // (along axis 0: reductions and elementwise ops).
  const double rows[5][2] = {{inf, 1.0}, {qnan, 1.0}, {-inf, -inf}, {-inf, 0.0}, {1000.0, 1.0}};
  const double softmax_want[5][2] = {
      {qnan, qnan}, {qnan, qnan}, {qnan, qnan}, {0.0, 1.0}, {1.0, 0.0}};
  const double log_softmax_want[5][2] = {
      {qnan, -inf}, {qnan, qnan}, {qnan, qnan}, {-inf, 0.0}, {0.0, -999.0}};
  const double logsumexp_want[5] = {inf, qnan, -inf, 0.0, 1000.0};
  Tensor<double, 2> x({5, 2});
  for (index_t i = 0; i < 5; ++i)
    for (index_t j = 0; j < 2; ++j) x(i, j) = rows[i][j];
  const Tensor<double, 2> xt(x.t());  // contiguous, the rows as columns
  const Tensor<float, 2> xf(x);
  const auto sm = softmax(x, 1), smt = softmax(xt, 0);
  const auto ls = log_softmax(x, 1), lst = log_softmax(xt, 0);
  const auto lse = logsumexp(x, 1), lset = logsumexp(xt, 0);
  const auto smf = softmax(xf, 1);
  const auto lsf = log_softmax(xf, 1);
  const auto lsef = logsumexp(xf, 1);
  for (index_t i = 0; i < 5; ++i) {
    CAPTURE(i);
    CHECK(same(lse(i), logsumexp_want[i]));
    CHECK(same(lset(i), logsumexp_want[i]));
    CHECK(same(lsef(i), logsumexp_want[i]));
    for (index_t j = 0; j < 2; ++j) {
      CAPTURE(j);
      CHECK(same(sm(i, j), softmax_want[i][j]));
      CHECK(same(smt(j, i), softmax_want[i][j]));
      CHECK(same(smf(i, j), softmax_want[i][j]));
      CHECK(same(ls(i, j), log_softmax_want[i][j]));
      CHECK(same(lst(j, i), log_softmax_want[i][j]));
      CHECK(same(lsf(i, j), log_softmax_want[i][j]));
    }
  }
}

TEST_CASE("batched products of empty operands: zeros, no arithmetic on their null pointers") {
  // k == 0: A and B hold no element, and a view of nothing may have a null pointer with
  // non-zero batch strides (einsum passes such views of empty operands to the GEMM). C is all
  // zeros (NumPy's sum over an empty axis), and no offset is applied to the null pointers
  // (UBSan checks that).
  std::vector<float> c(3 * 2 * 4, std::numeric_limits<float>::quiet_NaN());
  const index_t batch[] = {3}, sa[] = {4}, sb[] = {8}, sc[] = {8};
  detail::gemm_problem<float, float, float> p;
  p.m = 2, p.n = 4, p.k = 0;
  p.a = {nullptr, 0, 1};
  p.b = {nullptr, 4, 1};
  p.c = c.data(), p.rsc = 4, p.csc = 1;
  p.batch_rank = 1, p.batch = batch, p.batch_strides = {sa, sb, sc};
  detail::gemm_run(p);
  int nonzero = 0;
  for (const float x : c) nonzero += x != 0.f;
  CHECK(nonzero == 0);
}
