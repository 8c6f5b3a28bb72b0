// einsum_into and tensordot's out-parameter forms: results against naive double loops
// written here, into plain, strided and transposed destinations, into a destination that
// overlaps an operand (NumPy's result: as if the operands were read first), at sizes on
// both sides of the GEMM's blocking thresholds (about 20^3 and 96^3 multiply-adds), and
// destinations of the wrong shape.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <string>

using tensr::index_t;
using tensr::Tensor;
using tensr::TensorView;

namespace {

/// Small integers, so that every sum below is exact in double.
template <std::size_t R>
Tensor<double, R> filled(const tensr::shape_t<R>& s, int mul, int add) {
  Tensor<double, R> t(s);
  for (index_t i = 0; i < t.size(); ++i) t.data()[i] = double((i * mul + add) % 7 - 3);
  return t;
}

/// c[i, k] = sum_j a[i, j] * b[j, k], by definition.
Tensor<double, 2> naive_matmul(const Tensor<double, 2>& a, const Tensor<double, 2>& b) {
  Tensor<double, 2> c({a.shape(0), b.shape(1)});
  for (index_t i = 0; i < a.shape(0); ++i)
    for (index_t k = 0; k < b.shape(1); ++k) {
      double s = 0;
      for (index_t j = 0; j < a.shape(1); ++j) s += a(i, j) * b(j, k);
      c(i, k) = s;
    }
  return c;
}

/// Elements of `got` (any layout) that differ from `want`.
template <class V>
int mismatches(const V& got, const Tensor<double, 2>& want) {
  REQUIRE(got.shape(0) == want.shape(0));
  REQUIRE(got.shape(1) == want.shape(1));
  int bad = 0;
  for (index_t i = 0; i < want.shape(0); ++i)
    for (index_t j = 0; j < want.shape(1); ++j) bad += got(i, j) != want(i, j);
  return bad;
}

// 4^3 and 19^3 < 20^3 < 21^3; 95^3 < 96^3 < 97^3; 130 is past both.
constexpr index_t sizes[] = {4, 19, 21, 95, 97, 130};

}  // namespace

TEST_CASE("einsum_into writes a matrix product into plain, strided and transposed outs") {
  for (const index_t n : sizes) {
    CAPTURE(n);
    const auto a = filled<2>({n, n + 1}, 5, 1);
    const auto b = filled<2>({n + 1, n + 2}, 3, 2);
    const Tensor<double, 2> want = naive_matmul(a, b);
    Tensor<double, 2> c({n, n + 2});
    tensr::einsum_into<"ij,jk->ik">(c, a, b);
    CHECK(mismatches(c, want) == 0);
    Tensor<double, 2> d({n, n + 2});
    tensr::einsum_into(d, "ij,jk->ik", a, b);
    CHECK(mismatches(d, want) == 0);
    // Every other column of a wider buffer, untouched between.
    Tensor<double, 2> wide({n, 2 * (n + 2)});
    wide.fill(-99.0);
    const TensorView<double, 2> strided(wide.data(), {n, n + 2}, {2 * (n + 2), 2});
    tensr::einsum_into<"ij,jk->ik">(strided, a, b);
    CHECK(mismatches(strided, want) == 0);
    int touched = 0;
    for (index_t i = 0; i < n; ++i)
      for (index_t k = 0; k < n + 2; ++k) touched += wide(i, 2 * k + 1) != -99.0;
    CHECK(touched == 0);
    // A column-major destination: out = the transpose of a row-major tensor.
    Tensor<double, 2> cm({n + 2, n});
    tensr::einsum_into<"ij,jk->ik">(cm.t(), a, b);
    CHECK(mismatches(cm.t(), want) == 0);
    // The output written transposed by the spec itself.
    Tensor<double, 2> tr({n + 2, n});
    tensr::einsum_into(tr, "ij,jk->ki", a, b);
    CHECK(mismatches(tr.t(), want) == 0);
    // tensordot's forms.
    Tensor<double, 2> td({n, n + 2}), tn({n, n + 2});
    tensr::tensordot(a, b, {1}, {0}, td);
    tensr::tensordot<1>(a, b, tn);
    CHECK(mismatches(td, want) == 0);
    CHECK(mismatches(tn, want) == 0);
  }
}

TEST_CASE("einsum_into overlapping an operand gives NumPy's result") {
  for (const index_t n : sizes) {
    CAPTURE(n);
    const auto a0 = filled<2>({n, n}, 5, 1);
    const auto b0 = filled<2>({n, n}, 3, 2);
    // out is the left operand, the right one, and the left one transposed.
    auto a = a0.copy();
    tensr::einsum_into<"ij,jk->ik">(a, a, b0);
    CHECK(mismatches(a, naive_matmul(a0, b0)) == 0);
    auto b = b0.copy();
    tensr::einsum_into(b, "ij,jk->ik", a0, b);
    CHECK(mismatches(b, naive_matmul(a0, b0)) == 0);
    a = a0.copy();
    tensr::einsum_into<"ij,jk->ik">(a.t(), a, b0);
    CHECK(mismatches(a.t(), naive_matmul(a0, b0)) == 0);
    // The square of a matrix, in place: a = a @ a.
    a = a0.copy();
    tensr::einsum_into<"ij,jk->ik">(a, a, a);
    CHECK(mismatches(a, naive_matmul(a0, a0)) == 0);
    // tensordot into its operand.
    b = b0.copy();
    tensr::tensordot(a0, b, {1}, {0}, b);
    CHECK(mismatches(b, naive_matmul(a0, b0)) == 0);
    a = a0.copy();
    tensr::tensordot<1>(a, b0, a);
    CHECK(mismatches(a, naive_matmul(a0, b0)) == 0);
    // A transpose in place (one operand, no GEMM): a = a.T.
    a = a0.copy();
    tensr::einsum_into<"ij->ji">(a, a);
    CHECK(mismatches(a, Tensor<double, 2>(a0.t())) == 0);
  }
}

TEST_CASE("einsum_into overlapping part of an operand, batched and with a sum") {
  // out is the first block of a batched operand: c[b] = x[b] @ y[b] for b < 2, with c
  // aliasing x[0..1] (NumPy reads x before writing).
  for (const index_t n : {3, 19, 21, 50}) {
    CAPTURE(n);
    auto x = filled<3>({3, n, n}, 5, 1);
    const auto y = filled<3>({2, n, n}, 3, 2);
    const Tensor<double, 3> x0 = x.copy();
    const TensorView<double, 3> x2(x.data(), {2, n, n}, {n * n, n, 1});
    const TensorView<double, 3> c(x.data(), {2, n, n}, {n * n, n, 1});
    tensr::einsum_into<"bij,bjk->bik">(c, x2, y);
    int bad = 0;
    for (index_t q = 0; q < 2; ++q)
      for (index_t i = 0; i < n; ++i)
        for (index_t k = 0; k < n; ++k) {
          double s = 0;
          for (index_t j = 0; j < n; ++j) s += x0(q, i, j) * y(q, j, k);
          bad += c(q, i, k) != s;
        }
    CHECK(bad == 0);
    // The third block is not part of out and keeps its values.
    for (index_t i = 0; i < n * n; ++i) bad += x.data()[2 * n * n + i] != x0.data()[2 * n * n + i];
    CHECK(bad == 0);
  }
  // A row sum into the operand's first column: out[i] = sum_j a[i, j], out = a[:, 0].
  auto a = filled<2>({6, 5}, 5, 1);
  const Tensor<double, 2> a0 = a.copy();
  const TensorView<double, 1> col(a.data(), {6}, {5});
  tensr::einsum_into<"ij->i">(col, a);
  for (index_t i = 0; i < 6; ++i) {
    double s = 0;
    for (index_t j = 0; j < 5; ++j) s += a0(i, j);
    CHECK(a(i, 0) == s);
    for (index_t j = 1; j < 5; ++j) CHECK(a(i, j) == a0(i, j));
  }
}

TEST_CASE("einsum_into with three operands and a '...' term") {
  // d[i, l] = sum_jk a[i, j] b[j, k] c[k, l], with out overlapping c.
  const auto a = filled<2>({4, 5}, 5, 1);
  const auto b = filled<2>({5, 6}, 3, 2);
  auto c = filled<2>({6, 6}, 2, 3);
  const Tensor<double, 2> c0 = c.copy();
  const Tensor<double, 2> want = naive_matmul(naive_matmul(a, b), c0);
  const TensorView<double, 2> out(c.data(), {4, 6}, {6, 1});
  tensr::einsum_into<"ij,jk,kl->il">(out, a, b, c);
  CHECK(mismatches(out, want) == 0);
  // '...ij,...jk->...ik' on a batch of 2 into a plain out.
  const auto x = filled<3>({2, 3, 4}, 5, 1);
  const auto y = filled<3>({2, 4, 2}, 3, 2);
  Tensor<double, 3> z({2, 3, 2});
  tensr::einsum_into(z, "...ij,...jk->...ik", x, y);
  int bad = 0;
  for (index_t q = 0; q < 2; ++q)
    for (index_t i = 0; i < 3; ++i)
      for (index_t k = 0; k < 2; ++k) {
        double s = 0;
        for (index_t j = 0; j < 4; ++j) s += x(q, i, j) * y(q, j, k);
        bad += z(q, i, k) != s;
      }
  CHECK(bad == 0);
}

TEST_CASE("einsum_into and tensordot reject an out of the wrong shape") {
  const auto a = filled<2>({2, 3}, 5, 1);
  const auto b = filled<2>({3, 4}, 3, 2);
  Tensor<double, 2> bad({4, 2});
  const Tensor<double, 2> before = bad.copy();
  const auto message = [](auto f) {
    try {
      f();
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  CHECK_THROWS_AS(tensr::einsum_into<"ij,jk->ik">(bad, a, b), tensr::einsum_error);
  CHECK(message([&] { tensr::einsum_into<"ij,jk->ik">(bad, a, b); }) ==
        "einsum: out has shape (4,2) but the result has shape (2,4)\n"
        "  ij,jk->ik\n"
        "         ^~");
  CHECK_THROWS_AS(tensr::einsum_into(bad, "ij,jk->ik", a, b), tensr::einsum_error);
  CHECK(mismatches(bad, before) == 0);  // nothing written
  // The run-time form: an out whose rank is not the spec's.
  Tensor<double, 3> r3({2, 4, 1});
  CHECK(message([&] { tensr::einsum_into(r3, "ij,jk->ik", a, b); }) ==
        "einsum: the output has rank 2 but out has rank 3\n"
        "  ij,jk->ik\n"
        "         ^~");
  // Sizes that do not fit are still the operands' error.
  CHECK_THROWS_AS(tensr::einsum_into<"ij,jk->ik">(bad, a, a), tensr::einsum_error);
  CHECK_THROWS_AS(tensr::tensordot(a, b, {1}, {0}, bad), tensr::shape_error);
  CHECK(message([&] { tensr::tensordot<1>(a, b, bad); }) ==
        "tensordot: out has shape (4,2) but the product of (2,3) and (3,4) has shape (2,4)");
  CHECK(mismatches(bad, before) == 0);
}

TEST_CASE("einsum_into and tensordot with operands of different element types") {
  // int and double operands: the common type is double, and out must be double.
  Tensor<int, 2> ai({3, 4});
  for (index_t i = 0; i < ai.size(); ++i) ai.data()[i] = int(i % 5) - 2;
  const auto b = filled<2>({4, 2}, 3, 2);
  Tensor<double, 2> ad({3, 4});
  for (index_t i = 0; i < ad.size(); ++i) ad.data()[i] = double(ai.data()[i]);
  const Tensor<double, 2> want = naive_matmul(ad, b);
  Tensor<double, 2> c({3, 2}), d({3, 2}), e({3, 2});
  tensr::einsum_into<"ij,jk->ik">(c, ai, b);
  tensr::einsum_into(d, "ij,jk->ik", ai, b);
  tensr::tensordot(ai, b, {-1}, {0}, e);
  CHECK(mismatches(c, want) == 0);
  CHECK(mismatches(d, want) == 0);
  CHECK(mismatches(e, want) == 0);
}
