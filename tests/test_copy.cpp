// Transposing copies (SPEC §12): a view whose unit-stride axis differs from the
// destination's, copied by copy(), contiguous() and assignment. Every result is checked
// element by element against at() on the source, for each transpose kernel family the CPU
// runs (the register-transposing ones and the scalar tiles), at sizes around the kernels'
// blocks (8 and 16 rows/columns), with offsets, flips, strided destinations and rank 3.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <cstdint>
#include <vector>

using namespace tensr;
using detail::transpose_kernel_kind;

namespace {

const index_t sizes[] = {7, 8, 9, 15, 16, 17, 31, 33, 100, 257};

/// Distinct values for every element a test reads (int8 wraps, which keeps neighbours apart).
template <class T>
T value(index_t k) {
  if constexpr (sizeof(T) == 1) return static_cast<T>(k % 127);
  return static_cast<T>(k + 1);
}

template <class T, std::size_t Rank>
Tensor<T, Rank> numbered(const shape_t<Rank>& shape) {
  Tensor<T, Rank> t(shape);
  T* p = t.data();
  for (index_t k = 0; k < t.size(); ++k) p[k] = value<T>(k);
  return t;
}

/// Elements of `got` that differ from `want`, both 2-D views of one shape.
template <class A, class B>
index_t mismatches2(const A& got, const B& want) {
  index_t bad = 0;
  if (got.shape() != want.shape()) return -1;
  for (index_t i = 0; i < want.shape()[0]; ++i)
    for (index_t j = 0; j < want.shape()[1]; ++j) bad += got.at(i, j) != want.at(i, j);
  return bad;
}

/// Runs f once per kernel family this CPU supports, forced, then restores the default.
template <class F>
void for_each_kernel(F&& f) {
  for (auto k : {transpose_kernel_kind::generic, transpose_kernel_kind::avx2,
                 transpose_kernel_kind::avx512}) {
    if (!detail::transpose_force_kernel(k)) continue;
    INFO("kernel " << detail::isa_name(k));
    f();
  }
  detail::transpose_force_kernel(transpose_kernel_kind::automatic);
}

}  // namespace

TEST_CASE_TEMPLATE("transposed copies match at() for every size pair", T, float, double,
                   std::int32_t, std::int64_t, std::int8_t) {
  for_each_kernel([] {
    for (index_t n : sizes)
      for (index_t m : sizes) {
        INFO(n << "x" << m);
        const auto a = numbered<T, 2>({n, m});
        const Tensor<T, 2> b = a.t().copy();
        CHECK(b.shape() == shape_t<2>{m, n});
        CHECK(mismatches2(b, a.t()) == 0);
        // Spot checks independent of the view machinery: b[j, i] == a's element i * m + j.
        CHECK(b.at(m - 1, 0) == value<T>(m - 1));
        CHECK(b.at(0, n - 1) == value<T>((n - 1) * m));
        CHECK(b.at(m - 1, n - 1) == value<T>(n * m - 1));
      }
  });
}

TEST_CASE_TEMPLATE("contiguous() and assignment of a transposed view", T, float, double,
                   std::int64_t) {
  for_each_kernel([] {
    for (index_t n : {9, 33, 257}) {
      INFO(n);
      const auto a = numbered<T, 2>({n, n + 7});
      CHECK(mismatches2(a.t().contiguous(), a.t()) == 0);
      Tensor<T, 2> c({n + 7, n}, T(0));
      c.view() = a.t();
      CHECK(mismatches2(c, a.t()) == 0);
    }
  });
}

TEST_CASE_TEMPLATE("transposed copies of offset, flipped and strided views", T, float, double,
                   std::int32_t, std::int8_t) {
  for_each_kernel([] {
    for (index_t n : {17, 33, 100}) {
      INFO(n);
      const auto a = numbered<T, 2>({n, n + 5});
      // Starts one row and three columns in: no block is aligned.
      const auto sub = a(range(1, n), range(3, n + 5)).t();
      CHECK(mismatches2(sub.copy(), sub) == 0);
      CHECK(sub.copy().at(0, 0) == value<T>((n + 5) + 3));
      // Negative strides, on the source's unit axis (scalar tiles) and on the other one.
      CHECK(mismatches2(a.t().flip(0).copy(), a.t().flip(0)) == 0);
      CHECK(mismatches2(a.t().flip(1).copy(), a.t().flip(1)) == 0);
      CHECK(a.t().flip(1).copy().at(0, 0) == value<T>((n - 1) * (n + 5)));
      // A destination with every other column: its unit axis is gone, others stay zero.
      Tensor<T, 2> d({n + 5, 2 * n}, T(0));
      d(all, range(0, 2 * n, 2)) = a.t();
      CHECK(mismatches2(d(all, range(0, 2 * n, 2)), a.t()) == 0);
      index_t touched = 0;
      for (index_t i = 0; i < n + 5; ++i)
        for (index_t j = 1; j < 2 * n; j += 2) touched += d.at(i, j) != T(0);
      CHECK(touched == 0);
      // A destination with a row stride larger than its width.
      Tensor<T, 2> e({n + 5, n + 11}, T(0));
      e(all, range(0, n)) = a.t();
      CHECK(mismatches2(e(all, range(0, n)), a.t()) == 0);
      CHECK(e.at(n + 4, n) == T(0));
    }
  });
}

TEST_CASE_TEMPLATE("rank-3 permutations", T, float, double, std::int32_t) {
  for_each_kernel([] {
    const auto a = numbered<T, 3>({17, 33, 9});
    const shape_t<3> perms[] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    for (const auto& p : perms) {
      INFO(p[0] << p[1] << p[2]);
      const auto v = a.transpose(p);
      const Tensor<T, 3> b = v.copy();
      index_t bad = 0;
      for (index_t i = 0; i < v.shape()[0]; ++i)
        for (index_t j = 0; j < v.shape()[1]; ++j)
          for (index_t k = 0; k < v.shape()[2]; ++k) {
            index_t idx[3] = {i, j, k}, src[3] = {};
            for (int ax = 0; ax < 3; ++ax) src[p[ax]] = idx[ax];
            bad += b.at(i, j, k) != value<T>((src[0] * 33 + src[1]) * 9 + src[2]);
          }
      CHECK(bad == 0);
    }
  });
}

TEST_CASE_TEMPLATE("large transposes (streaming stores) and conversions", T, float, double) {
  for_each_kernel([] {
    // 4 MiB or more per plane, destination rows 32-byte aligned.
    const index_t rows = sizeof(T) == 4 ? 1024 : 512, cols = 1032;
    const auto a = numbered<T, 2>({rows, cols});
    const Tensor<T, 2> b = a.t().copy();
    CHECK(mismatches2(b, a.t()) == 0);
    CHECK(b.at(cols - 1, rows - 1) == value<T>(rows * cols - 1));
    // A conversion keeps the scalar tiles.
    Tensor<std::int64_t, 2> c({cols, rows});
    c.view() = a.t();
    CHECK(c.at(5, 3) == 3 * cols + 5 + 1);
    CHECK(mismatches2(c, a.t()) == 0);
  });
}

TEST_CASE("the transpose kernel hook") {
  CHECK(detail::transpose_force_kernel(transpose_kernel_kind::generic));
  CHECK(detail::transpose_active_kernel() == transpose_kernel_kind::generic);
  CHECK(detail::transpose_force_kernel(transpose_kernel_kind::automatic));
  CHECK(detail::transpose_active_kernel() != transpose_kernel_kind::automatic);
}

TEST_CASE("integers whose bits are floating-point NaNs are moved unchanged") {
  // The kernels move 4- and 8-byte integers through float and double registers.
  Tensor<std::int32_t, 2> a({33, 40});
  Tensor<std::int64_t, 2> b({33, 40});
  for (index_t k = 0; k < a.size(); ++k) {
    a.data()[k] = static_cast<std::int32_t>(0x7F800001 + k);  // signalling NaNs, then quiet
    b.data()[k] = std::int64_t{-1} - k;                       // all-ones exponent: NaNs
  }
  for_each_kernel([&] {
    const Tensor<std::int32_t, 2> at = a.t().copy();
    const Tensor<std::int64_t, 2> bt = b.t().copy();
    CHECK(mismatches2(at, a.t()) == 0);
    CHECK(mismatches2(bt, b.t()) == 0);
    CHECK(at.at(39, 32) == 0x7F800001 + 32 * 40 + 39);
    CHECK(bt.at(1, 0) == -2);
  });
}
