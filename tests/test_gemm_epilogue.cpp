// gemm's epilogue form: ep(row0, col0, block) sees every element of C exactly once, after
// the element holds alpha*A*B + beta*C, through a block that really is C at (row0, col0);
// on every path of the engine (tiny, unpacked SIMD, blocked with shrunk blocks, threads,
// column-major C, k == 0, alpha == 0), against an independent triple loop in double.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

using tensr::index_t;
using tensr::Tensor;
using tensr::TensorView;
namespace detail = tensr::detail;

namespace {

struct engine_reset {
  ~engine_reset() {
    detail::gemm_force_kernel(detail::gemm_kernel_kind::automatic);
    detail::set_gemm_blocking({});
    detail::gemm_force_path(detail::gemm_path::automatic);
    tensr::set_num_threads(0);
  }
};

/// A rows x cols matrix in its own buffer, row-major or column-major, with small integer
/// entries (exact in float here).
template <class T>
struct matrix {
  std::vector<T> buf;
  TensorView<T, 2> v;
  matrix(index_t rows, index_t cols, bool col_major, int seed)
      : buf(static_cast<std::size_t>(std::max<index_t>(rows * cols, 1))),
        v(buf.data(), {rows, cols},
          col_major ? tensr::shape_t<2>{1, rows} : tensr::shape_t<2>{cols, 1}) {
    for (index_t i = 0; i < rows; ++i)
      for (index_t j = 0; j < cols; ++j) v(i, j) = static_cast<T>((i * 5 + j * 3 + seed) % 7 - 3);
  }
};

/// Runs gemm with an epilogue that checks and counts its visits, then checks C; returns the
/// number of blocks.
/// The epilogue adds 100 * (row % 5) + (col % 7) + 1000, so its effect is visible and
/// position dependent.
template <class T>
int check_epilogue(index_t m, index_t n, index_t k, bool c_col_major, T alpha, T beta) {
  matrix<T> a(m, k, false, 1), b(k, n, (m + n) % 2 == 1, 2), c(m, n, c_col_major, 3);
  std::vector<double> want(static_cast<std::size_t>(m * n));
  for (index_t i = 0; i < m; ++i)
    for (index_t j = 0; j < n; ++j) {
      double s = 0;
      for (index_t p = 0; p < k; ++p) s += double(a.v(i, p)) * double(b.v(p, j));
      want[static_cast<std::size_t>(i * n + j)] =
          double(alpha) * s + double(beta) * double(c.v(i, j));
    }
  // Blocks are disjoint, so threads never touch the same counter.
  std::vector<int> visits(want.size(), 0);
  std::vector<std::uint8_t> stale(want.size(), 0), misplaced(want.size(), 0);
  std::atomic<int> outside{0}, calls{0};
  const auto cv = c.v;
  tensr::gemm(alpha, a.v, b.v, beta, c.v, [&](index_t r0, index_t c0, TensorView<T, 2> blk) {
    ++calls;
    for (index_t i = 0; i < blk.shape()[0]; ++i)
      for (index_t j = 0; j < blk.shape()[1]; ++j) {
        const index_t r = r0 + i, q = c0 + j;
        if (r < 0 || r >= m || q < 0 || q >= n) {
          ++outside;
          continue;
        }
        const auto e = static_cast<std::size_t>(r * n + q);
        ++visits[e];
        if (&blk(i, j) != &cv(r, q)) misplaced[e] = 1;
        if (double(blk(i, j)) != want[e]) stale[e] = 1;
        blk(i, j) = static_cast<T>(blk(i, j) + T(100 * (r % 5) + (q % 7) + 1000));
      }
  });
  int bad_visits = 0, bad_stale = 0, bad_place = 0, bad_final = 0;
  for (index_t i = 0; i < m; ++i)
    for (index_t j = 0; j < n; ++j) {
      const auto e = static_cast<std::size_t>(i * n + j);
      bad_visits += visits[e] != 1;
      bad_stale += stale[e];
      bad_place += misplaced[e];
      bad_final += double(c.v(i, j)) != want[e] + double(100 * (i % 5) + (j % 7) + 1000);
    }
  INFO("m=" << m << " n=" << n << " k=" << k << " col-major C=" << c_col_major
            << " alpha=" << double(alpha) << " beta=" << double(beta)
            << " threads=" << tensr::get_num_threads());
  CHECK(outside.load() == 0);
  CHECK(bad_visits == 0);
  CHECK(bad_stale == 0);
  CHECK(bad_place == 0);
  CHECK(bad_final == 0);
  return calls.load();
}

template <class T>
void sweep(const std::vector<index_t>& sizes) {
  for (index_t m : sizes)
    for (index_t n : sizes)
      for (index_t k : sizes)
        for (bool cm : {false, true}) {
          check_epilogue<T>(m, n, k, cm, T(1), T(0));
          check_epilogue<T>(m, n, k, cm, T(2), T(-1));
        }
}

}  // namespace

TEST_CASE("gemm epilogue: every path, default blocks") {
  engine_reset reset;
  tensr::set_num_threads(1);
  // 3 and 4: the scalar tiny path; 17..64: the unpacked SIMD path for narrow C and the
  // blocked path for wide C; 130: several micro-tiles and partial edge tiles.
  sweep<float>({1, 3, 17, 64, 130});
  sweep<double>({2, 13, 70});
  sweep<std::int32_t>({5, 40});
}

TEST_CASE("gemm epilogue: shrunk blocks, every kernel, one and two threads") {
  engine_reset reset;
  detail::set_gemm_blocking({24, 8, 40});
  detail::gemm_force_path(detail::gemm_path::packed);
  for (auto kind : {detail::gemm_kernel_kind::generic, detail::gemm_kernel_kind::avx2,
                    detail::gemm_kernel_kind::avx512}) {
    if (!detail::gemm_force_kernel(kind)) continue;
    INFO("kernel " << std::string(detail::gemm_kernel_name(kind)));
    for (int threads : {1, 2}) {
      tensr::set_num_threads(threads);
      // 100^3 passes the threading threshold; 37 x 150 splits by columns, 150 x 37 by rows.
      for (bool cm : {false, true}) {
        [[maybe_unused]] const int blocks = check_epilogue<float>(100, 100, 100, cm, 1.0f, 0.0f);
#if !defined(TENSR_USE_CBLAS)  // a CBLAS product is handed over whole
        // The blocked engine hands C over in strips while they are in cache, not at the end.
        CHECK(blocks > 4);
#endif
        check_epilogue<double>(150, 97, 61, cm, 2.0, -1.0);
        check_epilogue<double>(97, 150, 61, cm, 1.0, 1.0);
        check_epilogue<float>(33, 47, 25, cm, 1.0f, 2.0f);
      }
    }
  }
}

TEST_CASE("gemm epilogue: k == 0 and alpha == 0 still visit all of C, empty C none") {
  engine_reset reset;
  for (bool cm : {false, true}) {
    check_epilogue<float>(9, 11, 0, cm, 1.0f, 0.0f);
    check_epilogue<float>(9, 11, 0, cm, 1.0f, 3.0f);
    check_epilogue<double>(40, 200, 50, cm, 0.0, 2.0);
    check_epilogue<double>(40, 200, 50, cm, 0.0, 0.0);
  }
  Tensor<float, 2> a({0, 5}), b({5, 3}), c({0, 3});
  int calls = 0;
  tensr::gemm(1.0f, a, b, 0.0f, c, [&](index_t, index_t, TensorView<float, 2>) { ++calls; });
  CHECK(calls == 0);
}

TEST_CASE("gemm epilogue: bias and ReLU on x W^T, the nn::Linear use") {
  engine_reset reset;
  // x (3 x 2), W (4 x 2): y = relu(x W^T + bias); values worked out by hand.
  Tensor<float, 2> x({3, 2}), w({4, 2}), y({3, 4});
  const float xs[] = {1, 2, -1, 0, 3, -2};
  const float ws[] = {1, 0, 0, 1, 1, 1, -1, 1};
  for (int i = 0; i < 6; ++i) x.data()[i] = xs[i];
  for (int i = 0; i < 8; ++i) w.data()[i] = ws[i];
  const float bias[] = {0.5f, -3.0f, 0.0f, 1.0f};
  tensr::gemm(1.0f, x, w.t(), 0.0f, y, [&](index_t, index_t col0, TensorView<float, 2> blk) {
    for (index_t i = 0; i < blk.shape()[0]; ++i)
      for (index_t j = 0; j < blk.shape()[1]; ++j)
        blk(i, j) = std::max(0.0f, blk(i, j) + bias[col0 + j]);
  });
  // x W^T = [[1, 2, 3, 1], [-1, 0, -1, 1], [3, -2, 1, -5]]
  const float want[] = {1.5f, 0, 3, 2, 0, 0, 0, 2, 3.5f, 0, 1, 0};
  for (int i = 0; i < 12; ++i) CHECK(y.data()[i] == want[i]);
}

TEST_CASE("gemm epilogue: an exception from the epilogue reaches the caller, any thread count") {
  engine_reset reset;
  detail::set_gemm_blocking({24, 8, 40});
  detail::gemm_force_path(detail::gemm_path::packed);
  matrix<float> a(120, 100, false, 1), b(100, 110, false, 2), c(120, 110, false, 3);
  for (int threads : {1, 2}) {
    tensr::set_num_threads(threads);
    std::atomic<int> calls{0};
    const auto throw_at_row_48 = [&](index_t r0, index_t, TensorView<float, 2> blk) {
      ++calls;
      if (r0 <= 48 && 48 < r0 + blk.shape()[0]) throw std::runtime_error("epilogue failed");
    };
    CHECK_THROWS_WITH_AS(tensr::gemm(1.0f, a.v, b.v, 0.0f, c.v, throw_at_row_48), "epilogue failed",
                         std::runtime_error);
    CHECK(calls.load() >= 1);
  }
}
