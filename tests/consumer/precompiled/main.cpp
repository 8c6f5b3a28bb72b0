// Built with -DTENSR_EXTERN_TEMPLATES: the kernels that include/tensr/precompiled.hpp lists come
// from kernels.cpp, not from this file. Returns 0 when every result matches a plain loop.
#include <tensr/tensr.hpp>

#include <cmath>
#include <cstdio>

namespace {

template <class T>
int check() {
  const tensr::index_t m = 37, k = 70, n = 45;  // past the tiny kernels: the GEMM engine runs
  tensr::Tensor<T, 2> a({m, k}), b({n, k});
  for (tensr::index_t i = 0; i < m; ++i)
    for (tensr::index_t p = 0; p < k; ++p) a(i, p) = T((i * 7 + p * 3) % 11) - T(5);
  for (tensr::index_t j = 0; j < n; ++j)
    for (tensr::index_t p = 0; p < k; ++p) b(j, p) = T((j * 5 + p) % 13) / T(4);
  const auto c = a.matmul(b.t());                   // gemm_run
  const auto d = (c + c) * c - c / (c * c + T(1));  // the arithmetic loops
  const tensr::Tensor<T, 2> e = c.t();              // strided copy
  const T s = tensr::sum(c);                        // pairwise sum
  T total = 0;
  int bad = 0;
  for (tensr::index_t i = 0; i < m; ++i)
    for (tensr::index_t j = 0; j < n; ++j) {
      T ref = 0;
      for (tensr::index_t p = 0; p < k; ++p) ref += a(i, p) * b(j, p);
      total += ref;
      const T dref = (ref + ref) * ref - ref / (ref * ref + T(1));
      bad += std::abs(c(i, j) - ref) > T(1e-3) * (T(1) + std::abs(ref));
      bad += std::abs(d(i, j) - dref) > T(1e-3) * (T(1) + std::abs(dref));
      bad += e(j, i) != c(i, j);
    }
  bad += std::abs(s - total) > T(1e-3) * (T(1) + std::abs(total));
  return bad;
}

}  // namespace

int main() {
  const int bad = check<float>() + check<double>();
  std::printf("precompiled kernels: %d wrong\n", bad);
  return bad == 0 ? 0 : 1;
}
