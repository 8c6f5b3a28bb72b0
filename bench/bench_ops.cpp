// Elementwise ops and reductions on a 4096x4096 float tensor: tensr's out-parameter forms
// against a hand-written contiguous loop (and Eigen when found). Compare the items or
// bytes per second of rows with the same suffix: `tensr/add` vs `hand/add` vs `eigen/add`.
#include <benchmark/benchmark.h>
#include <tensr/tensr.hpp>

#include <cmath>
#include <cstddef>

#if TENSR_BENCH_HAVE_EIGEN
#if defined(__GNUC__) && !defined(__clang__)
// Eigen 3.4's AVX-512 packet code trips g++ 12's -Wmaybe-uninitialized under -march=native.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <Eigen/Dense>
#endif

using namespace tensr;

namespace {

constexpr index_t N = 4096;

struct Data {
  Tensor<float, 2> a, b, c;
  Tensor<float, 1> row, out_row;
  Data() : a({N, N}), b({N, N}), c({N, N}), row({N}), out_row({N}) {
    Random rng(1);
    a = rng.uniform<float, 2>(shape_t<2>{N, N}, -4.0f, 4.0f);
    b = rng.uniform<float, 2>(shape_t<2>{N, N}, -4.0f, 4.0f);
    row = rng.uniform<float, 1>(shape_t<1>{N}, -4.0f, 4.0f);
  }
};
Data& data() {
  static Data d;
  return d;
}

void finish(benchmark::State& st, index_t bytes_per_iter) {
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * bytes_per_iter);
}
constexpr index_t bytes2 = 2 * N * N * sizeof(float);  // one read, one write
constexpr index_t bytes3 = 3 * N * N * sizeof(float);  // two reads, one write

// ---- binary ---------------------------------------------------------------------------------
void tensr_add(benchmark::State& st) {
  auto& d = data();
  for (auto _ : st) {
    add(d.a, d.b, d.c);
    benchmark::ClobberMemory();
  }
  finish(st, bytes3);
}
void hand_add(benchmark::State& st) {
  auto& d = data();
  for (auto _ : st) {
    const float* __restrict a = d.a.data();
    const float* __restrict b = d.b.data();
    float* __restrict c = d.c.data();
    for (index_t i = 0; i < N * N; ++i) c[i] = a[i] + b[i];
    benchmark::ClobberMemory();
  }
  finish(st, bytes3);
}
void tensr_broadcast_add(benchmark::State& st) {
  auto& d = data();
  for (auto _ : st) {
    add(d.a, d.row, d.c);
    benchmark::ClobberMemory();
  }
  finish(st, bytes2);
}
void hand_broadcast_add(benchmark::State& st) {
  auto& d = data();
  for (auto _ : st) {
    const float* __restrict a = d.a.data();
    const float* __restrict r = d.row.data();
    float* __restrict c = d.c.data();
    for (index_t i = 0; i < N; ++i)
      for (index_t j = 0; j < N; ++j) c[i * N + j] = a[i * N + j] + r[j];
    benchmark::ClobberMemory();
  }
  finish(st, bytes2);
}

// ---- unary math -----------------------------------------------------------------------------
template <int Op>
float scalar_math(float x) {
  if constexpr (Op == 0) return std::exp(x);
  if constexpr (Op == 1) return std::tanh(x);
  if constexpr (Op == 2) return 1.0f / (1.0f + std::exp(-x));
}
template <int Op>
void tensr_math(benchmark::State& st) {
  auto& d = data();
  for (auto _ : st) {
    if constexpr (Op == 0) exp(d.a, d.c);
    if constexpr (Op == 1) tanh(d.a, d.c);
    if constexpr (Op == 2) sigmoid(d.a, d.c);
    benchmark::ClobberMemory();
  }
  finish(st, bytes2);
}
template <int Op>
void hand_math(benchmark::State& st) {
  auto& d = data();
  for (auto _ : st) {
    const float* __restrict a = d.a.data();
    float* __restrict c = d.c.data();
    for (index_t i = 0; i < N * N; ++i) c[i] = scalar_math<Op>(a[i]);
    benchmark::ClobberMemory();
  }
  finish(st, bytes2);
}

// ---- reductions -----------------------------------------------------------------------------
template <int Axis>
void tensr_sum(benchmark::State& st) {
  auto& d = data();
  for (auto _ : st) {
    sum(d.a, Axis, d.out_row);
    benchmark::ClobberMemory();
  }
  finish(st, N * N * sizeof(float));
}
template <int Axis>
void hand_sum(benchmark::State& st) {
  auto& d = data();
  for (auto _ : st) {
    const float* __restrict a = d.a.data();
    float* __restrict o = d.out_row.data();
    if constexpr (Axis == 0) {
      for (index_t j = 0; j < N; ++j) o[j] = 0;
      for (index_t i = 0; i < N; ++i)
        for (index_t j = 0; j < N; ++j) o[j] += a[i * N + j];
    } else {
      for (index_t i = 0; i < N; ++i) {
        float s = 0;
        for (index_t j = 0; j < N; ++j) s += a[i * N + j];
        o[i] = s;
      }
    }
    benchmark::ClobberMemory();
  }
  finish(st, N * N * sizeof(float));
}

#if TENSR_BENCH_HAVE_EIGEN
using EArr = Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using EMap = Eigen::Map<EArr>;
template <int Op>
void eigen_op(benchmark::State& st) {
  auto& d = data();
  EMap a(d.a.data(), N, N), b(d.b.data(), N, N), c(d.c.data(), N, N);
  Eigen::Map<Eigen::Array<float, 1, Eigen::Dynamic>> row(d.row.data(), N);
  Eigen::Map<Eigen::Array<float, 1, Eigen::Dynamic>> orow(d.out_row.data(), N);
  Eigen::Map<Eigen::Array<float, Eigen::Dynamic, 1>> ocol(d.out_row.data(), N);
  for (auto _ : st) {
    if constexpr (Op == 0) c = a + b;
    if constexpr (Op == 1) c = a.rowwise() + row;
    if constexpr (Op == 2) c = a.exp();
    if constexpr (Op == 3) c = a.tanh();
    if constexpr (Op == 4) c = a.logistic();
    if constexpr (Op == 5) orow = a.colwise().sum();
    if constexpr (Op == 6) ocol = a.rowwise().sum();
    benchmark::ClobberMemory();
  }
  constexpr index_t bytes[] = {bytes3, bytes2, bytes2, bytes2, bytes2, N * N * 4, N * N * 4};
  finish(st, bytes[Op]);
}
BENCHMARK(eigen_op<0>)->Name("eigen/add");
BENCHMARK(eigen_op<1>)->Name("eigen/broadcast_add");
BENCHMARK(eigen_op<2>)->Name("eigen/exp");
BENCHMARK(eigen_op<3>)->Name("eigen/tanh");
BENCHMARK(eigen_op<4>)->Name("eigen/sigmoid");
BENCHMARK(eigen_op<5>)->Name("eigen/sum_axis0");
BENCHMARK(eigen_op<6>)->Name("eigen/sum_axis1");
#endif

}  // namespace

BENCHMARK(tensr_add)->Name("tensr/add");
BENCHMARK(hand_add)->Name("hand/add");
BENCHMARK(tensr_broadcast_add)->Name("tensr/broadcast_add");
BENCHMARK(hand_broadcast_add)->Name("hand/broadcast_add");
BENCHMARK(tensr_math<0>)->Name("tensr/exp");
BENCHMARK(hand_math<0>)->Name("hand/exp");
BENCHMARK(tensr_math<1>)->Name("tensr/tanh");
BENCHMARK(hand_math<1>)->Name("hand/tanh");
BENCHMARK(tensr_math<2>)->Name("tensr/sigmoid");
BENCHMARK(hand_math<2>)->Name("hand/sigmoid");
BENCHMARK(tensr_sum<0>)->Name("tensr/sum_axis0");
BENCHMARK(hand_sum<0>)->Name("hand/sum_axis0");
BENCHMARK(tensr_sum<1>)->Name("tensr/sum_axis1");
BENCHMARK(hand_sum<1>)->Name("hand/sum_axis1");

BENCHMARK_MAIN();
