// The GEMM micro-kernels called directly on packed panels, and the packed engine with the
// kernel the build selects, against a triple loop in double over random values: every tile
// shape up to MR x NR (partial tiles), depths 0 and up, C row-major, padded, column-major,
// strided and flipped, alpha/beta including beta == 0 over NaN. On AArch64 this runs the NEON
// kernels (linalg/gemm_kernels_neon.hpp), which are the ones selected there; elsewhere the
// portable kernel and whichever kernel the CPU selects.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

using tensr::index_t;
using tensr::TensorView;
namespace detail = tensr::detail;

namespace {

/// A micro-kernel under test, with its tile and a name for the messages.
template <class T>
struct kernel_case {
  std::string name;
  detail::gemm_kernel<T> ker;
};

/// The kernels to test for T: the one the build selects, the portable one and, on AArch64,
/// each NEON kernel by name (so that a change of the selector cannot leave them untested).
template <class T>
std::vector<kernel_case<T>> kernels() {
  std::vector<kernel_case<T>> ks;
  ks.push_back({"selected", detail::gemm_select_kernel<T>()});
  ks.push_back({"portable 4x8",
                {&detail::gemm_ukr_generic<T, 4, 8>, 4, 8, detail::gemm_kernel_kind::generic}});
#if defined(__aarch64__)
  if constexpr (std::is_same_v<T, float>)
    ks.push_back({"neon f32",
                  {&detail::gemm_ukr_neon<detail::gemm_neon_f32>, detail::gemm_neon_f32::MR,
                   detail::gemm_neon_f32::NR, detail::gemm_kernel_kind::generic}});
  else
    ks.push_back({"neon f64",
                  {&detail::gemm_ukr_neon<detail::gemm_neon_f64>, detail::gemm_neon_f64::MR,
                   detail::gemm_neon_f64::NR, detail::gemm_kernel_kind::generic}});
#endif
  return ks;
}

/// Uniform values in [-1, 1) of type T from a fixed seed.
template <class T>
struct values {
  std::mt19937 gen{12345};
  std::uniform_real_distribution<double> dist{-1.0, 1.0};
  T operator()() { return static_cast<T>(dist(gen)); }
};

/// Where C's element (i, j) lives in a buffer, for each layout of C the kernels accept.
enum class c_layout { exact, padded, col_major, step2, flipped };
constexpr c_layout all_c_layouts[] = {c_layout::exact, c_layout::padded, c_layout::col_major,
                                      c_layout::step2, c_layout::flipped};

struct c_strides {
  index_t rs, cs, offset, size;  // element (i, j) at offset + i * rs + j * cs of size elements
};

/// Strides for an mr x nr tile of C, with room around it so that stray writes land in the
/// buffer, where they are seen.
c_strides strides_for(c_layout l, index_t mr, index_t nr) {
  const index_t guard = 5;
  switch (l) {
    case c_layout::exact:
      return {nr, 1, guard, mr * nr + 2 * guard};
    case c_layout::padded:
      return {nr + 3, 1, guard, mr * (nr + 3) + 2 * guard};
    case c_layout::col_major:
      return {1, mr + 2, guard, nr * (mr + 2) + 2 * guard};
    case c_layout::step2:
      return {4 * nr, 2, guard, mr * 4 * nr + 2 * guard};
    case c_layout::flipped:
      return {-(nr + 1), 1, guard + (mr - 1) * (nr + 1), mr * (nr + 1) + 2 * guard};
  }
  return {};
}

/// One call of the micro-kernel on an m x n tile of depth kc, checked against
/// alpha * A B + beta * C0 computed in double. Rows of A past m and columns of B past n are
/// NaN in the panels: they must not reach the m x n result. Elements of the buffer outside the
/// tile must keep their value. Returns the number of wrong elements.
template <class T>
int check_tile(const detail::gemm_kernel<T>& ker, index_t kc, index_t m, index_t n, c_layout l,
               T alpha, T beta, values<T>& rnd) {
  const index_t mr = ker.mr, nr = ker.nr;
  constexpr T nan = std::numeric_limits<T>::quiet_NaN();
  std::vector<T> a(static_cast<std::size_t>(std::max<index_t>(kc * mr, 1)), nan);
  std::vector<T> b(static_cast<std::size_t>(std::max<index_t>(kc * nr, 1)), nan);
  for (index_t p = 0; p < kc; ++p) {
    for (index_t i = 0; i < m; ++i) a[static_cast<std::size_t>(p * mr + i)] = rnd();
    for (index_t j = 0; j < n; ++j) b[static_cast<std::size_t>(p * nr + j)] = rnd();
  }
  const c_strides s = strides_for(l, mr, nr);
  std::vector<T> c(static_cast<std::size_t>(s.size));
  for (auto& x : c) x = rnd();
  const auto at = [&](index_t i, index_t j) {
    return static_cast<std::size_t>(s.offset + i * s.rs + j * s.cs);
  };
  if (beta == T(0))
    for (index_t i = 0; i < m; ++i)
      for (index_t j = 0; j < n; ++j) c[at(i, j)] = nan;
  const std::vector<T> c0 = c;

  ker.fn(kc, a.data(), b.data(), c.data() + s.offset, s.rs, s.cs, alpha, beta, m, n);

  int bad = 0;
  std::vector<bool> in_tile(c.size(), false);
  constexpr double eps = std::numeric_limits<T>::epsilon();
  for (index_t i = 0; i < m; ++i)
    for (index_t j = 0; j < n; ++j) {
      double sum = 0, mag = 0;
      for (index_t p = 0; p < kc; ++p) {
        const double x = double(a[static_cast<std::size_t>(p * mr + i)]) *
                         double(b[static_cast<std::size_t>(p * nr + j)]);
        sum += x;
        mag += std::fabs(x);
      }
      const double cij = beta == T(0) ? 0.0 : double(beta) * double(c0[at(i, j)]);
      const double want = double(alpha) * sum + cij;
      // Rounding of a length-kc dot product, the scaling by alpha and the addition of beta C.
      const double tol =
          2.0 * double(kc + 3) * eps * (std::fabs(double(alpha)) * mag + std::fabs(cij));
      const double got = double(c[at(i, j)]);
      if (!(std::fabs(got - want) <= tol)) ++bad;
      in_tile[at(i, j)] = true;
    }
  for (std::size_t q = 0; q < c.size(); ++q)
    if (!in_tile[q] && std::memcmp(&c[q], &c0[q], sizeof(T)) != 0) ++bad;
  return bad;
}

template <class T>
void sweep_kernels() {
  values<T> rnd;
  const T ab[][2] = {{T(1), T(0)}, {T(-0.75), T(0)}, {T(1), T(1)}, {T(1.5), T(-0.5)}};
  for (const auto& kc_case : kernels<T>()) {
    const detail::gemm_kernel<T>& ker = kc_case.ker;
    CAPTURE(kc_case.name);
    for (index_t kc : {0, 1, 2, 3, 8, 13, 64}) {
      int combo = 0;
      for (index_t m = 1; m <= ker.mr; ++m)
        for (index_t n = 1; n <= ker.nr; ++n) {
          // Every layout and alpha/beta pair for the full tile; a rotating one otherwise.
          const bool full = m == ker.mr && n == ker.nr;
          for (int li = 0; li < 5; ++li)
            for (int q = 0; q < 4; ++q) {
              if (!full && (combo + li + q) % 5 != 0) continue;
              const c_layout l = all_c_layouts[li];
              INFO("kc=" << kc << " m=" << m << " n=" << n << " layout " << li
                         << " alpha=" << double(ab[q][0]) << " beta=" << double(ab[q][1]));
              CHECK(check_tile<T>(ker, kc, m, n, l, ab[q][0], ab[q][1], rnd) == 0);
            }
          ++combo;
        }
    }
  }
}

/// A rows x cols operand with random values, stored in one of four ways: row-major,
/// column-major, with padded rows, or with every other column (stride 2).
template <class T>
struct operand {
  std::vector<T> buf;
  TensorView<T, 2> v;
  operand(index_t rows, index_t cols, int how, values<T>& rnd) : v(make(rows, cols, how)) {
    for (index_t i = 0; i < rows; ++i)
      for (index_t j = 0; j < cols; ++j) v(i, j) = rnd();
  }
  TensorView<T, 2> make(index_t rows, index_t cols, int how) {
    index_t rs = cols, cs = 1, len = rows * cols;
    if (how == 1) rs = 1, cs = rows;
    if (how == 2) rs = cols + 5, len = rows * (cols + 5);
    if (how == 3) rs = 2 * cols, cs = 2, len = 2 * rows * cols;
    buf.assign(static_cast<std::size_t>(std::max<index_t>(len, 1)), T(0));
    return TensorView<T, 2>(buf.data(), {rows, cols}, {rs, cs});
  }
};

/// gemm through the packed engine, C checked element by element against the triple loop.
template <class T>
void check_packed(index_t m, index_t n, index_t k, int how, T alpha, T beta, values<T>& rnd) {
  operand<T> a(m, k, how % 4, rnd), b(k, n, (how + 1) % 4, rnd), c(m, n, (how + 2) % 4, rnd);
  if (beta == T(0))
    for (index_t i = 0; i < m; ++i)
      for (index_t j = 0; j < n; ++j) c.v(i, j) = std::numeric_limits<T>::quiet_NaN();
  std::vector<double> want(static_cast<std::size_t>(m * n)), tol(want.size());
  constexpr double eps = std::numeric_limits<T>::epsilon();
  for (index_t i = 0; i < m; ++i)
    for (index_t j = 0; j < n; ++j) {
      double sum = 0, mag = 0;
      for (index_t p = 0; p < k; ++p) {
        const double x = double(a.v(i, p)) * double(b.v(p, j));
        sum += x;
        mag += std::fabs(x);
      }
      const double cij = beta == T(0) ? 0.0 : double(beta) * double(c.v(i, j));
      want[static_cast<std::size_t>(i * n + j)] = double(alpha) * sum + cij;
      tol[static_cast<std::size_t>(i * n + j)] =
          2.0 * double(k + 3) * eps * (std::fabs(double(alpha)) * mag + std::fabs(cij));
    }
  tensr::gemm(alpha, a.v, b.v, beta, c.v);
  int bad = 0;
  for (index_t i = 0; i < m; ++i)
    for (index_t j = 0; j < n; ++j) {
      const auto q = static_cast<std::size_t>(i * n + j);
      if (!(std::fabs(double(c.v(i, j)) - want[q]) <= tol[q])) ++bad;
    }
  INFO("m=" << m << " n=" << n << " k=" << k << " layouts " << how << " alpha=" << double(alpha)
            << " beta=" << double(beta));
  CHECK(bad == 0);
}

/// Restores the engine's automatic path and default blocks.
struct engine_reset {
  ~engine_reset() {
    detail::set_gemm_blocking({});
    detail::gemm_force_path(detail::gemm_path::automatic);
  }
};

template <class T>
void sweep_packed() {
  engine_reset reset;
  values<T> rnd;
  const auto ker = detail::gemm_select_kernel<T>();
  const index_t mr = ker.mr, nr = ker.nr;
  detail::gemm_force_path(detail::gemm_path::packed);
  // Default blocks, then blocks of two tiles (several blocks along every loop, edge tiles in
  // each) and blocks that are no multiple of the tile.
  const detail::gemm_blocking blocks[] = {{}, {2 * mr, 8, 2 * nr}, {13, 7, 11}};
  int how = 0;
  for (const auto& blk : blocks) {
    detail::set_gemm_blocking(blk);
    for (index_t m : {index_t{1}, mr - 1, mr, mr + 1, 2 * mr + 3})
      for (index_t n : {index_t{1}, nr - 1, nr, nr + 1, 3 * nr + 2})
        for (index_t k : {1, 9, 31}) {
          ++how;
          check_packed<T>(m, n, k, how, T(1), T(0), rnd);
          if (how % 3 == 0) check_packed<T>(m, n, k, how + 1, T(-0.5), T(2), rnd);
        }
  }
}

}  // namespace

TEST_CASE("gemm micro-kernels on packed panels: every partial tile, C layout and alpha/beta") {
  SUBCASE("float") { sweep_kernels<float>(); }
  SUBCASE("double") { sweep_kernels<double>(); }
}

TEST_CASE("gemm: the packed engine with the selected micro-kernel, random values") {
  SUBCASE("float") { sweep_packed<float>(); }
  SUBCASE("double") { sweep_packed<double>(); }
}

TEST_CASE("gemm: the kernel the build selects") {
  const auto f = detail::gemm_select_kernel<float>();
  const auto d = detail::gemm_select_kernel<double>();
#if defined(__aarch64__)
  // NEON is AArch64's baseline: its kernels are the generic level, chosen at compile time.
  CHECK(static_cast<bool>(f.fn == &detail::gemm_ukr_neon<detail::gemm_neon_f32>));
  CHECK((f.mr == 12 && f.nr == 8));
  CHECK(static_cast<bool>(d.fn == &detail::gemm_ukr_neon<detail::gemm_neon_f64>));
  CHECK((d.mr == 6 && d.nr == 8));
  CHECK(f.kind == detail::gemm_kernel_kind::generic);
#else
  if (detail::gemm_active_kernel() == detail::gemm_kernel_kind::generic) {
    CHECK(static_cast<bool>(f.fn == &detail::gemm_ukr_generic<float, 4, 8>));
    CHECK(static_cast<bool>(d.fn == &detail::gemm_ukr_generic<double, 4, 8>));
  }
  CHECK(f.kind == detail::gemm_active_kernel());
#endif
  // Integer types take the portable kernel everywhere.
  CHECK(static_cast<bool>(detail::gemm_select_kernel<int>().fn ==
                          &detail::gemm_ukr_generic<int, 4, 8>));
}
