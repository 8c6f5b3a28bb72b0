// (B, n, k) times one (k, m) without tiling.
//
// NumPy's matmul broadcasts batch axes: a (B, n, k) stack times a single (k, m) matrix
// multiplies every slice by the same matrix. tensr never materializes B copies of the right
// side: for a contiguous left side it runs ONE (B*n, k) @ (k, m) GEMM. This program checks the
// result against a loop of per-slice products.
#include <tensr/tensr.hpp>

#include <cstdio>

int main() {
  using tensr::index_t;
  const index_t batch = 8, n = 32, k = 64, m = 48;
  tensr::Random rng(7);
  const auto x = rng.uniform<double>({batch, n, k}, -1.0, 1.0);
  const auto w = rng.uniform<double>({k, m}, -1.0, 1.0);

  const auto y = tensr::matmul(x, w);  // (8, 32, 48), one GEMM of (256, 64) @ (64, 48)

  double max_diff = 0;
  for (index_t b = 0; b < batch; ++b) {
    const auto yb = tensr::matmul(x(b), w);  // the same product, slice by slice
    for (index_t i = 0; i < n; ++i)
      for (index_t j = 0; j < m; ++j) {
        const double d = y(b, i, j) - yb(i, j);
        max_diff = d > max_diff ? d : (-d > max_diff ? -d : max_diff);
      }
  }
  std::printf("y.shape = %s, max |y[b] - x[b] @ w| = %g\n", tensr::format(y.shape()).c_str(),
              max_diff);
  return max_diff < 1e-12 ? 0 : 1;
}
