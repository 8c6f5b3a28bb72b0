// Transposing copies: `a.t().copy()` style copies of a 4096x4096 float and a 1000x1000
// double tensor against memcpy of the same bytes (the bound), a naive loop and Eigen (when
// found). Bytes are those read and written once each, as bench_ops's copy_transpose row
// counts them. `tensr_kernel/...` rows force one kernel family, `tensr/...` use the best
// kernel the CPU runs.
#include <benchmark/benchmark.h>
#include <tensr/tensr.hpp>

#include <cstddef>
#include <cstring>

#if TENSR_BENCH_HAVE_EIGEN
#if defined(__GNUC__) && !defined(__clang__)
// Eigen 3.4's AVX-512 packet code trips g++ 12's -Wmaybe-uninitialized under -march=native.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <Eigen/Dense>
#endif

using namespace tensr;

namespace {

template <class T>
struct Data {
  static constexpr index_t n = sizeof(T) == 4 ? 4096 : 1000;
  static constexpr index_t bytes = 2 * n * n * index_t{sizeof(T)};  // one read, one write
  Tensor<T, 2> a, c;
  Data() : a({n, n}), c({n, n}) {
    Random rng(1);
    a = rng.uniform<T, 2>(shape_t<2>{n, n}, T(-4), T(4));
    c.view() = T(0);
  }
};
template <class T>
Data<T>& data() {
  static Data<T> d;
  return d;
}
template <class T>
void finish(benchmark::State& st) {
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * Data<T>::bytes);
}

/// Kind 0: assign into a contiguous tensor; 1: copy() (allocates, as users write it);
/// 2: copy() of the untransposed tensor, the bound for 1 (fresh pages fault in).
template <class T, int Kind>
void tensr_copy(benchmark::State& st) {
  auto& d = data<T>();
  for (auto _ : st) {
    if constexpr (Kind == 0) {
      d.c.view() = d.a.t();
    } else {
      Tensor<T, 2> b = Kind == 1 ? d.a.t().copy() : d.a.view().copy();
      benchmark::DoNotOptimize(b.data());
    }
    benchmark::ClobberMemory();
  }
  finish<T>(st);
}
/// The same, forced onto one kernel family (argument: generic = 1, avx2 = 2, avx512 = 3).
template <class T>
void tensr_kernel(benchmark::State& st) {
  if (!detail::transpose_force_kernel(static_cast<detail::transpose_kernel_kind>(st.range(0)))) {
    st.SkipWithError("kernel not supported");
    return;
  }
  tensr_copy<T, 0>(st);
  detail::transpose_force_kernel(detail::transpose_kernel_kind::automatic);
}
template <class T>
void memcpy_copy(benchmark::State& st) {
  auto& d = data<T>();
  for (auto _ : st) {
    std::memcpy(d.c.data(), d.a.data(), static_cast<std::size_t>(Data<T>::bytes / 2));
    benchmark::ClobberMemory();
  }
  finish<T>(st);
}
template <class T>
void naive_copy(benchmark::State& st) {
  auto& d = data<T>();
  constexpr index_t n = Data<T>::n;
  for (auto _ : st) {
    const T* __restrict a = d.a.data();
    T* __restrict c = d.c.data();
    for (index_t i = 0; i < n; ++i)
      for (index_t j = 0; j < n; ++j) c[i * n + j] = a[j * n + i];
    benchmark::ClobberMemory();
  }
  finish<T>(st);
}

#if TENSR_BENCH_HAVE_EIGEN
template <class T>
void eigen_copy(benchmark::State& st) {
  using EArr = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  auto& d = data<T>();
  constexpr index_t n = Data<T>::n;
  Eigen::Map<EArr> a(d.a.data(), n, n), c(d.c.data(), n, n);
  for (auto _ : st) {
    c = a.transpose();
    benchmark::ClobberMemory();
  }
  finish<T>(st);
}
BENCHMARK(eigen_copy<float>)->Name("eigen/transpose_f32_4096");
BENCHMARK(eigen_copy<double>)->Name("eigen/transpose_f64_1000");
#endif

}  // namespace

BENCHMARK(tensr_copy<float, 0>)->Name("tensr/transpose_f32_4096");
BENCHMARK(tensr_copy<float, 1>)->Name("tensr_copy()/transpose_f32_4096");
BENCHMARK(tensr_copy<float, 2>)->Name("tensr_copy()/plain_f32_4096");
BENCHMARK(tensr_kernel<float>)->Name("tensr_kernel/transpose_f32_4096")->DenseRange(1, 3);
BENCHMARK(naive_copy<float>)->Name("naive/transpose_f32_4096");
BENCHMARK(memcpy_copy<float>)->Name("memcpy/transpose_f32_4096");
BENCHMARK(tensr_copy<double, 0>)->Name("tensr/transpose_f64_1000");
BENCHMARK(tensr_copy<double, 1>)->Name("tensr_copy()/transpose_f64_1000");
BENCHMARK(tensr_copy<double, 2>)->Name("tensr_copy()/plain_f64_1000");
BENCHMARK(tensr_kernel<double>)->Name("tensr_kernel/transpose_f64_1000")->DenseRange(1, 3);
BENCHMARK(naive_copy<double>)->Name("naive/transpose_f64_1000");
BENCHMARK(memcpy_copy<double>)->Name("memcpy/transpose_f64_1000");
BENCHMARK_MAIN();
