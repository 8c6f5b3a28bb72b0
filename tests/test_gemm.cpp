// The GEMM engine against an independent triple loop in double: every kernel variant the CPU
// runs, default and shrunk cache blocks (multi-block and edge-tile paths), sizes 0, 1, primes
// and around the block edges, any operand layout (transposed, padded, flipped, strided),
// alpha/beta including beta = 0 over NaN, float/double/integers, one and two threads,
// and C overlapping its operands.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using tensr::index_t;
using tensr::shape_t;
using tensr::Tensor;
using tensr::TensorView;
namespace detail = tensr::detail;

namespace {

/// How a test operand is laid out in its buffer.
enum class layout { row_major, col_major, padded, flip_rows, flip_cols, step2 };
constexpr layout all_layouts[] = {layout::row_major, layout::col_major, layout::padded,
                                  layout::flip_rows, layout::flip_cols, layout::step2};

/// A rows x cols matrix in its own buffer, viewed through `l`, filled with small integers
/// (exact in float for the sizes here) by a formula of the logical index.
template <class T>
struct operand {
  std::vector<T> buf;
  TensorView<T, 2> v;
  operand(index_t rows, index_t cols, layout l, int seed) : v(make(buf, rows, cols, l)) {
    for (index_t i = 0; i < rows; ++i)
      for (index_t j = 0; j < cols; ++j) v(i, j) = static_cast<T>((i * 7 + j * 3 + seed) % 9 - 4);
  }
  static TensorView<T, 2> make(std::vector<T>& buf, index_t rows, index_t cols, layout l) {
    index_t rs = cols, cs = 1, off = 0;
    index_t len = rows * cols;
    switch (l) {
      case layout::row_major:
        break;
      case layout::col_major:
        rs = 1, cs = rows;
        break;
      case layout::padded:
        rs = cols + 3, len = rows * (cols + 3);
        break;
      case layout::flip_rows:
        rs = -cols, off = (rows - 1) * cols;
        break;
      case layout::flip_cols:
        cs = -1, off = cols - 1;
        break;
      case layout::step2:
        rs = 2 * cols * 2, cs = 2, len = rows * cols * 4;
        break;
    }
    buf.assign(static_cast<std::size_t>(std::max<index_t>(len, 1)), T(99));
    if (rows == 0 || cols == 0) off = 0;
    return TensorView<T, 2>(buf.data() + off, {rows, cols}, {rs, cs});
  }
};

/// alpha * A B + beta * C0 in double, by the definition.
template <class T>
std::vector<double> reference(double alpha, TensorView<const T, 2> a, TensorView<const T, 2> b,
                              double beta, const std::vector<double>& c0, index_t m, index_t n) {
  std::vector<double> r(static_cast<std::size_t>(m * n));
  for (index_t i = 0; i < m; ++i)
    for (index_t j = 0; j < n; ++j) {
      double s = 0;
      for (index_t p = 0; p < a.shape()[1]; ++p) s += double(a(i, p)) * double(b(p, j));
      const double c = c0[static_cast<std::size_t>(i * n + j)];
      r[static_cast<std::size_t>(i * n + j)] = alpha * s + (beta == 0 ? 0.0 : beta * c);
    }
  return r;
}

/// Runs one gemm and compares every element of C with the reference.
template <class T>
void check_gemm(index_t m, index_t n, index_t k, layout la, layout lb, layout lc, T alpha, T beta) {
  operand<T> a(m, k, la, 1), b(k, n, lb, 2), c(m, n, lc, 3);
  std::vector<double> c0(static_cast<std::size_t>(m * n));
  for (index_t i = 0; i < m; ++i)
    for (index_t j = 0; j < n; ++j) {
      if constexpr (std::is_floating_point_v<T>)
        if (beta == T(0)) c.v(i, j) = std::numeric_limits<T>::quiet_NaN();
      c0[static_cast<std::size_t>(i * n + j)] = double(c.v(i, j));
    }
  const auto want = reference<T>(double(alpha), a.v, b.v, double(beta), c0, m, n);
  tensr::gemm(alpha, a.v, b.v, beta, c.v);
  int bad = 0;
  for (index_t i = 0; i < m; ++i)
    for (index_t j = 0; j < n; ++j)
      if (double(c.v(i, j)) != want[static_cast<std::size_t>(i * n + j)]) ++bad;
  INFO("m=" << m << " n=" << n << " k=" << k << " layouts " << int(la) << int(lb) << int(lc)
            << " alpha=" << double(alpha) << " beta=" << double(beta));
  CHECK(bad == 0);
}

std::vector<detail::gemm_kernel_kind> supported_kernels() {
  std::vector<detail::gemm_kernel_kind> ks;
  for (auto k : {detail::gemm_kernel_kind::generic, detail::gemm_kernel_kind::avx2,
                 detail::gemm_kernel_kind::avx512})
    if (detail::isa_supported(k)) ks.push_back(k);
  return ks;
}

/// Restores the automatic kernel, the default blocks and the default thread count.
struct engine_reset {
  ~engine_reset() {
    detail::gemm_force_kernel(detail::gemm_kernel_kind::automatic);
    detail::set_gemm_blocking({});
    detail::gemm_force_path(detail::gemm_path::automatic);
    tensr::set_num_threads(0);
  }
};

template <class T>
void sweep_sizes(const std::vector<index_t>& sizes) {
  int i = 0;
  for (index_t m : sizes)
    for (index_t n : sizes)
      for (index_t k : sizes) {
        ++i;
        const layout la = all_layouts[i % 6], lb = all_layouts[(i / 6) % 6],
                     lc = all_layouts[(i / 2) % 6];
        check_gemm<T>(m, n, k, la, lb, lc, T(1), T(0));
        if (i % 3 == 0) check_gemm<T>(m, n, k, lc, la, lb, T(2), T(-1));
      }
}

}  // namespace

TEST_CASE("gemm: every kernel variant the CPU runs, default blocks") {
  engine_reset reset;
  for (auto kind : supported_kernels()) {
    const std::string kernel = detail::gemm_kernel_name(kind);
    CAPTURE(kernel);
    REQUIRE(detail::gemm_force_kernel(kind));
    sweep_sizes<float>({0, 1, 2, 7, 13, 33});
    sweep_sizes<double>({1, 5, 17, 31});
    check_gemm<float>(67, 45, 29, layout::row_major, layout::row_major, layout::row_major, 1.f,
                      0.f);
    check_gemm<double>(45, 67, 29, layout::col_major, layout::flip_rows, layout::padded, 0.5, 2.0);
  }
}

TEST_CASE("gemm: shrunk blocks run the multi-block and edge paths") {
  engine_reset reset;
  for (auto kind : supported_kernels()) {
    const std::string kernel = detail::gemm_kernel_name(kind);
    CAPTURE(kernel);
    REQUIRE(detail::gemm_force_kernel(kind));
    const auto ker = detail::gemm_select_kernel<float>();
    const index_t mr = ker.mr, nr = ker.nr;
    detail::set_gemm_blocking({2 * mr, 8, 2 * nr});
    detail::gemm_force_path(detail::gemm_path::packed);
    // around every block edge: one micro-tile, one block, one block plus or minus one
    const std::vector<index_t> ms = {mr - 1, mr, mr + 1, 2 * mr + 1, 4 * mr + 3};
    const std::vector<index_t> ns = {nr - 1, nr + 1, 2 * nr, 2 * nr + 1, 3 * nr + 5};
    const std::vector<index_t> ks = {7, 8, 9, 17, 25};
    int i = 0;
    for (index_t m : ms)
      for (index_t n : ns)
        for (index_t k : ks) {
          ++i;
          check_gemm<float>(m, n, k, all_layouts[i % 6], all_layouts[(i / 6) % 6],
                            all_layouts[(i / 3) % 6], 1.f, i % 2 ? 0.f : 0.5f);
        }
    detail::set_gemm_blocking({13, 7, 33});  // not multiples of the micro-tile
    detail::gemm_force_path(detail::gemm_path::packed);
    check_gemm<double>(61, 83, 29, layout::padded, layout::col_major, layout::row_major, 1.0, 0.0);
    check_gemm<double>(83, 61, 29, layout::flip_cols, layout::step2, layout::col_major, -1.0, 3.0);
    detail::set_gemm_blocking({});
    detail::gemm_force_path(detail::gemm_path::automatic);
  }
}

TEST_CASE("gemm: the unpacked small-product path, every row width") {
  engine_reset reset;
  for (auto kind : supported_kernels()) {
    const std::string kernel = detail::gemm_kernel_name(kind);
    CAPTURE(kernel);
    REQUIRE(detail::gemm_force_kernel(kind));
    for (index_t n : {1, 3, 4, 5, 8, 9, 16, 17, 33, 40, 48, 57, 64, 65}) {
      for (index_t m : {1, 2, 3, 5, 9}) {
        check_gemm<double>(m, n, 7, layout::row_major, layout::row_major, layout::padded, 1.0, 0.0);
        check_gemm<double>(m, n, 3, layout::col_major, layout::flip_rows, layout::row_major, 2.0,
                           -1.0);
        check_gemm<float>(m, n, 11, layout::flip_cols, layout::padded, layout::flip_rows, 1.f, 0.f);
        check_gemm<float>(m, n, 2, layout::step2, layout::row_major, layout::padded, -1.f, 0.5f);
      }
    }
  }
}

TEST_CASE("gemm: B stored transposed, as in x.matmul(W.t()): dot products of contiguous rows") {
  // B col-major (its columns contiguous) with A's rows contiguous takes the dot-product kernel
  // where the CPU has one; every tile shape (4 x 4, 1 x 4, 4 x 1, 1 x 1), depths around the
  // vector width and the kernel's row limit (longer rows take the packed engine).
  engine_reset reset;
  for (auto kind : supported_kernels()) {
    const std::string kernel = detail::gemm_kernel_name(kind);
    CAPTURE(kernel);
    REQUIRE(detail::gemm_force_kernel(kind));
    for (index_t k : {1, 5, 8, 16, 17, 33, 512, 513, 1024, 1025})
      for (index_t m : {1, 4, 5, 9})
        for (index_t n : {1, 4, 6, 10}) {
          check_gemm<float>(m, n, k, layout::row_major, layout::col_major, layout::row_major, 1.f,
                            0.f);
          check_gemm<double>(m, n, k, layout::padded, layout::col_major, layout::padded, 2.0, -1.0);
        }
    check_gemm<float>(37, 45, 70, layout::padded, layout::col_major, layout::row_major, -1.f, 0.5f);
  }
}

TEST_CASE("gemm: small products with B held in registers (k <= 16, one register per row)") {
  // float n <= 16 and double n <= 8 with unit column stride in A and beta = 0 take the kernel
  // that keeps B in registers: every depth up to its limit and one past it, row counts that use
  // its 8-, 4- and 1-row steps, negative and padded row strides, alpha 1 and not 1.
  engine_reset reset;
  for (auto kind : supported_kernels()) {
    REQUIRE(detail::gemm_force_kernel(kind));
    for (index_t k = 1; k <= 17; ++k)
      for (index_t m : {1, 4, 7, 8, 13, 20}) {
        check_gemm<float>(m, 16, k, layout::row_major, layout::row_major, layout::row_major, 1.f,
                          0.f);
        check_gemm<float>(m, 9, k, layout::flip_rows, layout::padded, layout::padded, -2.f, 0.f);
        check_gemm<double>(m, 8, k, layout::padded, layout::row_major, layout::flip_rows, 1.0, 0.0);
        check_gemm<double>(m, 5, k, layout::row_major, layout::flip_rows, layout::row_major, 0.5,
                           0.0);
      }
  }
}

TEST_CASE("gemm: mid-size products on one thread, unpacked in column chunks, and on two") {
  // Past 64^3 multiply-adds a single-threaded product with unit column strides in B and C
  // still skips packing (B in chunks of 4 vectors of columns); with two threads it packs.
  engine_reset reset;
  for (int threads : {1, 2}) {
    tensr::set_num_threads(threads);
    CAPTURE(threads);
    check_gemm<float>(70, 130, 90, layout::row_major, layout::row_major, layout::padded, 1.f, 0.f);
    check_gemm<float>(100, 65, 300, layout::flip_rows, layout::padded, layout::row_major, -1.f,
                      2.f);
    check_gemm<float>(13, 200, 700, layout::col_major, layout::row_major, layout::flip_rows, 2.f,
                      0.f);
    check_gemm<double>(67, 97, 101, layout::row_major, layout::flip_rows, layout::row_major, 1.0,
                       0.0);
    check_gemm<double>(129, 40, 90, layout::step2, layout::padded, layout::padded, 0.5, -1.0);
  }
}

TEST_CASE("gemm: 4 x 4 x 4 products, every layout (the register-only kernel)") {
  engine_reset reset;
  for (auto kind : supported_kernels()) {
    REQUIRE(detail::gemm_force_kernel(kind));
    for (layout la : all_layouts)
      for (layout lb : all_layouts)
        for (layout lc : all_layouts) {
          check_gemm<float>(4, 4, 4, la, lb, lc, 1.f, 0.f);
          check_gemm<float>(4, 4, 4, la, lb, lc, -2.f, 0.5f);
        }
    check_gemm<double>(4, 4, 4, layout::row_major, layout::row_major, layout::padded, 2.0, -1.0);
  }
}

TEST_CASE("gemm: products up to 4 x 4 x 4 of contiguous matrices (one masked load each)") {
  engine_reset reset;
  for (auto kind : supported_kernels()) {
    REQUIRE(detail::gemm_force_kernel(kind));
    for (index_t m = 1; m <= 4; ++m)
      for (index_t n = 1; n <= 4; ++n)
        for (index_t k = 1; k <= 4; ++k) {
          check_gemm<float>(m, n, k, layout::row_major, layout::row_major, layout::row_major, 1.f,
                            0.f);
          check_gemm<float>(m, n, k, layout::row_major, layout::row_major, layout::row_major, -2.f,
                            0.5f);
          check_gemm<float>(m, n, k, layout::padded, layout::row_major, layout::row_major, 1.f,
                            0.f);  // A's rows apart: the row kernel
        }
  }
}

TEST_CASE("gemm: integer element types use the portable kernel") {
  engine_reset reset;
  detail::set_gemm_blocking({8, 5, 16});
  detail::gemm_force_path(detail::gemm_path::packed);
  for (index_t s : {0, 1, 3, 19, 40}) {
    check_gemm<int>(s, s + 3, s + 1, layout::row_major, layout::col_major, layout::row_major, 1, 0);
    check_gemm<std::int64_t>(s + 2, s, s + 5, layout::flip_rows, layout::padded, layout::step2, 3,
                             -2);
    check_gemm<std::int16_t>(s, s, s, layout::row_major, layout::row_major, layout::col_major, 1,
                             1);
  }
}

TEST_CASE("gemm: beta = 0 does not read C, alpha = 0 and k = 0 scale C") {
  engine_reset reset;
  for (index_t s : {3, 40}) {
    Tensor<float, 2> a({s, s}, 1.f), b({s, s}, 1.f);
    Tensor<float, 2> c({s, s}, std::numeric_limits<float>::quiet_NaN());
    tensr::gemm(1.f, a, b, 0.f, c);
    CHECK(c(s - 1, s - 1) == float(s));
    CHECK(c(0, 0) == float(s));
    tensr::gemm(0.f, a, b, 2.f, c);  // alpha = 0: C = beta C
    CHECK(c(1, 2) == 2.f * float(s));
    Tensor<float, 2> a0({s, 0}), b0({0, s});
    tensr::gemm(1.f, a0, b0, 0.f, c);  // k = 0, beta = 0: zeros
    CHECK(c(2, 1) == 0.f);
  }
}

TEST_CASE("gemm: C overlapping A or B gives NumPy's result") {
  engine_reset reset;
  detail::set_gemm_blocking({16, 8, 32});
  detail::gemm_force_path(detail::gemm_path::packed);
  for (index_t n : {5, 37, 70}) {
    operand<double> a(n, n, layout::row_major, 1), b(n, n, layout::row_major, 2);
    const Tensor<double, 2> a_copy(a.v), b_copy(b.v);
    Tensor<double, 2> want({n, n});
    tensr::gemm(1.0, a_copy, b_copy, 0.0, want);
    tensr::gemm(1.0, a.v, b.v, 0.0, a.v);  // a = a b
    int bad = 0;
    for (index_t i = 0; i < n; ++i)
      for (index_t j = 0; j < n; ++j) bad += a.v(i, j) != want(i, j);
    CHECK(bad == 0);
    Tensor<double, 2> want2({n, n});
    tensr::gemm(1.0, b_copy, b_copy.t(), 0.0, want2);
    tensr::gemm(1.0, b.v, b.v.t(), 0.0, b.v.t());  // writes the transpose of its own operands
    bad = 0;
    for (index_t i = 0; i < n; ++i)
      for (index_t j = 0; j < n; ++j) bad += b.v(j, i) != want2(i, j);
    CHECK(bad == 0);
  }
}

TEST_CASE("gemm: mixed element types convert while packing") {
  Tensor<int, 2> a{{1, 2}, {3, 4}};
  Tensor<float, 2> b{{0.5f, 1.f}, {1.5f, 2.f}};
  Tensor<double, 2> c({2, 2});
  tensr::gemm(1, a, b, 0, c);
  CHECK(c(0, 0) == 3.5);
  CHECK(c(1, 1) == 11.0);
}

TEST_CASE("gemm: shape errors name both shapes") {
  Tensor<float, 2> a({2, 3}), b({4, 5}), c({2, 5});
  CHECK_THROWS_WITH_AS(tensr::gemm(1.f, a, b, 0.f, c),
                       "gemm: shapes (2,3) and (4,5) not aligned: 3 (dim 1) != 4 (dim 0)",
                       tensr::shape_error);
  Tensor<float, 2> b2({3, 5}), c2({5, 2});
  CHECK_THROWS_WITH_AS(tensr::gemm(1.f, a, b2, 0.f, c2),
                       "gemm: output of shape (5,2) does not fit the product of (2,3) and (3,5), "
                       "which has shape (2,5)",
                       tensr::shape_error);
}

TEST_CASE("gemm: one and two threads give the same exact result") {
  engine_reset reset;
  const index_t m = 131, n = 157, k = 101;  // above the parallel threshold
  for (auto kind : supported_kernels()) {
    const std::string kernel = detail::gemm_kernel_name(kind);
    CAPTURE(kernel);
    REQUIRE(detail::gemm_force_kernel(kind));
    for (int threads : {1, 2}) {
      CAPTURE(threads);
      tensr::set_num_threads(threads);
      detail::set_gemm_blocking({});
      detail::gemm_force_path(detail::gemm_path::automatic);
      check_gemm<float>(m, n, k, layout::row_major, layout::col_major, layout::row_major, 1.f, 0.f);
      detail::set_gemm_blocking({24, 32, 64});
      detail::gemm_force_path(detail::gemm_path::packed);
      check_gemm<double>(m, n, k, layout::padded, layout::row_major, layout::flip_rows, 2.0, 0.5);
      // taller than wide: the threads split rows instead of columns
      check_gemm<float>(n, m, k, layout::col_major, layout::padded, layout::row_major, 1.f, -2.f);
      check_gemm<int>(n, m, k, layout::row_major, layout::row_major, layout::row_major, 1, 0);
    }
  }
#if defined(TENSR_OPENMP)
  tensr::set_num_threads(2);
  CHECK(tensr::get_num_threads() == 2);
  int inner = 0;
#pragma omp parallel num_threads(2)
  {
#pragma omp single
    inner = tensr::get_num_threads();  // no nested teams inside a user's parallel region
  }
  CHECK(inner == 1);
#else
  CHECK(tensr::get_num_threads() == 1);
#endif
}

TEST_CASE("gemm: forcing a kernel the CPU lacks is refused") {
  engine_reset reset;
  for (auto k : {detail::gemm_kernel_kind::avx2, detail::gemm_kernel_kind::avx512})
    if (!detail::isa_supported(k)) CHECK_FALSE(detail::gemm_force_kernel(k));
  CHECK(detail::gemm_force_kernel(detail::gemm_kernel_kind::generic));
  CHECK(detail::gemm_select_kernel<float>().kind == detail::gemm_kernel_kind::generic);
}

TEST_CASE("results do not depend on the thread count: every path, bit for bit") {
  // The route is chosen from shapes, strides and types only, and threads split C without
  // changing any element's summation order (linalg/gemm_dispatch.hpp).
  engine_reset reset;
  tensr::Random rng(7);
  const auto run = [](int threads, const auto& f) {
    tensr::set_num_threads(threads);
    auto r = f();
    tensr::set_num_threads(0);
    return r;
  };
  const auto same_bits = [](const auto& x, const auto& y) {
    REQUIRE(x.shape() == y.shape());
    bool equal = true;
    for (index_t i = 0; i < x.size(); ++i) equal = equal && x.data()[i] == y.data()[i];
    CHECK(equal);
  };
  struct dims {
    index_t m, n, k;
  };
  // The unpacked kernels below and above the parallel threshold, the mid-size unpacked route,
  // and B stored transposed: the dot-product kernel (k = 100, 101) and, for rows too long for
  // it, the packed engine (k = 700 doubles).
  for (const dims d : {dims{100, 100, 100}, dims{131, 157, 101}, dims{300, 200, 700}}) {
    CAPTURE(d.m);
    const auto a = rng.uniform<float>({d.m, d.k}, -1, 1);
    const auto b = rng.uniform<float>({d.k, d.n}, -1, 1);
    const auto mm = [&] { return tensr::matmul(a, b); };
    same_bits(run(1, mm), run(2, mm));
    const Tensor<double, 2> bt(b.t());
    const auto mt = [&] { return tensr::matmul(a.astype<double>(), bt.t()); };
    same_bits(run(1, mt), run(2, mt));
  }
  // A batch of small products, a batch sharing B (one product of more rows), a batch of large
  // products one after the other.
  const auto x = rng.uniform<float>({64, 20, 24}, -1, 1);
  const auto w = rng.uniform<float>({64, 24, 30}, -1, 1);
  const auto bm = [&] { return tensr::matmul(x, w); };
  same_bits(run(1, bm), run(2, bm));
  const auto w0 = rng.uniform<float>({24, 90}, -1, 1);
  const auto bs = [&] { return tensr::matmul(x, w0); };
  same_bits(run(1, bs), run(2, bs));
  const auto big_a = rng.uniform<double>({3, 150, 120}, -1, 1);
  const auto big_b = rng.uniform<double>({3, 120, 170}, -1, 1);
  const auto bb = [&] { return tensr::matmul(big_a, big_b); };
  same_bits(run(1, bb), run(2, bb));
}

namespace {

/// The vector levels this CPU runs (the small-product kernels exist only for them).
std::vector<detail::gemm_kernel_kind> vector_kernels() {
  std::vector<detail::gemm_kernel_kind> ks;
  for (auto k : {detail::gemm_kernel_kind::avx2, detail::gemm_kernel_kind::avx512})
    if (detail::isa_supported(k)) ks.push_back(k);
  return ks;
}

/// A batch of `batches` products m x n x k through gemm_run with one batch axis: every matrix
/// padded (rows `pad` elements longer than needed) and every batch stride longer than a
/// matrix, so the kernels must honour both strides; checked against the triple loop.
template <class T>
void check_batched(index_t batches, index_t m, index_t n, index_t k, T alpha, T beta) {
  const index_t pad = 3, ars = k + pad, brs = n + pad, rsc = n + pad;
  const index_t sa = m * ars + 5, sb = k * brs + 7, sc = m * rsc + 2;
  std::vector<T> a(static_cast<std::size_t>(batches * sa)),
      b(static_cast<std::size_t>(batches * sb)), c(static_cast<std::size_t>(batches * sc));
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<T>(int(i * 7 % 9) - 4);
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<T>(int(i * 5 % 7) - 3);
  for (std::size_t i = 0; i < c.size(); ++i)
    c[i] = beta == T(0) ? std::numeric_limits<T>::quiet_NaN() : static_cast<T>(int(i % 5) - 2);
  const std::vector<T> c0 = c;
  detail::gemm_problem<T, T, T> p;
  p.m = m, p.n = n, p.k = k, p.alpha = alpha, p.beta = beta;
  p.a = {a.data(), ars, 1};
  p.b = {b.data(), brs, 1};
  p.c = c.data(), p.rsc = rsc, p.csc = 1;
  const index_t shape[1] = {batches}, strides_a[1] = {sa}, strides_b[1] = {sb}, strides_c[1] = {sc};
  p.batch_rank = 1;
  p.batch = shape;
  p.batch_strides = {strides_a, strides_b, strides_c};
  detail::gemm_run(p);
  int bad = 0;
  for (index_t q = 0; q < batches; ++q)
    for (index_t i = 0; i < m; ++i)
      for (index_t j = 0; j < n; ++j) {
        double s = 0;
        for (index_t l = 0; l < k; ++l)
          s += double(a[static_cast<std::size_t>(q * sa + i * ars + l)]) *
               double(b[static_cast<std::size_t>(q * sb + l * brs + j)]);
        const auto at = static_cast<std::size_t>(q * sc + i * rsc + j);
        const double want =
            double(alpha) * s + (beta == T(0) ? 0.0 : double(beta) * double(c0[at]));
        bad += double(c[at]) != want;
      }
  // the padding between rows and between matrices is untouched
  for (index_t q = 0; q < batches; ++q)
    for (index_t i = 0; i < sc; ++i)
      if (i >= m * rsc || i % rsc >= n) {
        const auto at = static_cast<std::size_t>(q * sc + i);
        bad += !(c[at] == c0[at] || (std::isnan(c[at]) && std::isnan(c0[at])));
      }
  INFO("batches=" << batches << " m=" << m << " n=" << n << " k=" << k << " alpha=" << double(alpha)
                  << " beta=" << double(beta));
  CHECK(bad == 0);
}

}  // namespace

TEST_CASE("gemm: every vector level has its small-product kernels (tiny, B in registers, rows)") {
  // The selectors hand out a kernel at each vector level for the shapes they document, and none
  // at the generic level (the scalar loop or the packed engine runs there).
  engine_reset reset;
  for (auto kind : vector_kernels()) {
    const std::string kernel = detail::gemm_kernel_name(kind);
    CAPTURE(kernel);
    REQUIRE(detail::gemm_force_kernel(kind));
    const bool avx2 = kind == detail::gemm_kernel_kind::avx2;
    CHECK(bool(detail::gemm_select_tiny<float>(4, 4, 4, 4, 1, 4, 4) != nullptr));
    CHECK(bool(detail::gemm_select_tiny<float>(4, 4, 4, 9, 1, 6, 5) != nullptr));  // padded rows
    CHECK((detail::gemm_select_tiny<float>(3, 2, 3, 3, 1, 2, 2) != nullptr) == !avx2);
    CHECK(bool(detail::gemm_select_tiny<double>(4, 4, 4, 4, 1, 4, 4) == nullptr));
    const index_t wf = avx2 ? 8 : 16, wd = avx2 ? 4 : 8, max_k = avx2 ? 8 : 16;
    for (index_t k = 1; k <= max_k + 1; ++k) {
      CAPTURE(k);
      for (index_t n = 1; n <= wf; ++n)
        CHECK((detail::gemm_select_bregs<float>(n, k, 1, 0.f) != nullptr) ==
              (n > wf / 2 && k <= max_k));
      for (index_t n = 1; n <= wd; ++n)
        CHECK((detail::gemm_select_bregs<double>(n, k, 1, 0.0) != nullptr) ==
              (n > wd / 2 && k <= max_k));
    }
    CHECK(bool(detail::gemm_select_bregs<float>(wf, 2, 2, 0.f) == nullptr));  // A's columns apart
    CHECK(bool(detail::gemm_select_bregs<float>(wf, 2, 1, 1.f) == nullptr));  // beta != 0
    for (index_t n = 1; n <= 200; ++n) {
      CHECK(bool(detail::gemm_select_small<float>(n) != nullptr));
      CHECK(bool(detail::gemm_select_small<double>(n) != nullptr));
    }
    CHECK(detail::gemm_small_chunk<float>() == (avx2 ? 16 : 64));
    CHECK(detail::gemm_small_chunk<double>() == (avx2 ? 8 : 32));
  }
  REQUIRE(detail::gemm_force_kernel(detail::gemm_kernel_kind::generic));
  CHECK(bool(detail::gemm_select_tiny<float>(4, 4, 4, 4, 1, 4, 4) == nullptr));
  CHECK(bool(detail::gemm_select_bregs<float>(8, 4, 1, 0.f) == nullptr));
  CHECK(bool(detail::gemm_select_small<float>(8) == nullptr));
  CHECK(detail::gemm_small_chunk<float>() == 0);
}

TEST_CASE("gemm: small-product kernels of each vector level, every row width and tail") {
  // The unpacked path forced: every width up to past two chunks (whole, masked and 128-bit
  // rows; chunked products with a partial last chunk), row counts that use each row block and
  // its remainders, depths on both sides of the B-in-registers limit, beta = 0 over NaN.
  engine_reset reset;
  for (auto kind : vector_kernels()) {
    const std::string kernel = detail::gemm_kernel_name(kind);
    CAPTURE(kernel);
    REQUIRE(detail::gemm_force_kernel(kind));
    detail::gemm_force_path(detail::gemm_path::unpacked);
    for (index_t n = 1; n <= 70; ++n)
      for (index_t m : {1, 2, 3, 5, 6, 7, 8, 13}) {
        const index_t k = 1 + (n + m) % 19;
        check_gemm<float>(m, n, k, layout::row_major, layout::row_major, layout::row_major, 1.f,
                          0.f);
        check_gemm<float>(m, n, k + 3, layout::padded, layout::padded, layout::flip_rows, -2.f,
                          0.5f);
        check_gemm<double>(m, n, k, layout::flip_rows, layout::row_major, layout::padded, 0.5, 0.0);
        check_gemm<double>(m, n, k + 5, layout::col_major, layout::padded, layout::row_major, 1.0,
                           -1.0);
      }
  }
}

TEST_CASE("gemm: tiny products and B in registers at each vector level") {
  engine_reset reset;
  for (auto kind : vector_kernels()) {
    const std::string kernel = detail::gemm_kernel_name(kind);
    CAPTURE(kernel);
    REQUIRE(detail::gemm_force_kernel(kind));
    // every shape up to 4 x 4 x 4, contiguous and with padded or reversed rows
    for (index_t m = 1; m <= 4; ++m)
      for (index_t n = 1; n <= 4; ++n)
        for (index_t k = 1; k <= 4; ++k)
          for (layout l : {layout::row_major, layout::padded, layout::flip_rows}) {
            check_gemm<float>(m, n, k, l, l, l, 1.f, 0.f);
            check_gemm<float>(m, n, k, l, layout::row_major, l, -2.f, 0.5f);
            check_gemm<double>(m, n, k, l, l, l, 2.0, 0.0);
          }
    // B in registers: every width of one register, every depth up to one past the limit
    for (index_t k = 1; k <= 17; ++k)
      for (index_t m : {1, 3, 4, 5, 8, 9, 13}) {
        for (index_t n = 5; n <= 16; ++n)
          check_gemm<float>(m, n, k, layout::row_major, layout::padded, layout::row_major,
                            n % 2 ? 1.f : -2.f, 0.f);
        for (index_t n = 3; n <= 8; ++n)
          check_gemm<double>(m, n, k, layout::flip_rows, layout::row_major, layout::padded,
                             n % 2 ? 1.0 : 0.5, 0.0);
      }
  }
}

TEST_CASE("gemm: batches of small products with strided matrices, each vector level") {
  // The batched route: one kernel call per thread's share of the batch, every matrix padded and
  // the batch strides longer than a matrix; tiny, B-in-registers, row and chunked kernels.
  engine_reset reset;
  struct dims {
    index_t m, n, k;
  };
  std::vector<detail::gemm_kernel_kind> kinds = vector_kernels();
  kinds.push_back(detail::gemm_kernel_kind::generic);
  for (auto kind : kinds) {
    const std::string kernel = detail::gemm_kernel_name(kind);
    CAPTURE(kernel);
    REQUIRE(detail::gemm_force_kernel(kind));
    for (int threads : {1, 2}) {
      tensr::set_num_threads(threads);
      for (const dims d :
           {dims{4, 4, 4}, dims{3, 3, 3}, dims{2, 3, 4}, dims{4, 1, 2}, dims{8, 8, 5},
            dims{7, 6, 8}, dims{9, 16, 16}, dims{5, 7, 9}, dims{16, 16, 16}, dims{13, 40, 11},
            dims{20, 33, 17}, dims{64, 64, 64}}) {
        check_batched<float>(37, d.m, d.n, d.k, 1.f, 0.f);
        check_batched<float>(11, d.m, d.n, d.k, -2.f, 0.5f);
        check_batched<double>(23, d.m, d.n, d.k, 0.5, 0.0);
        check_batched<double>(9, d.m, d.n, d.k, 1.0, 2.0);
      }
    }
  }
}
