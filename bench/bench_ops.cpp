// Elementwise ops, reductions and strided copies on a 4096x4096 float tensor: tensr's
// out-parameter forms against a hand-written contiguous loop or memcpy (and Eigen, and xtensor
// with xsimd, when found). Compare the bytes per second of rows with the same suffix:
// `tensr/add` vs `hand/add` vs `eigen/add`. Bytes are those read and written once each.
// tensr's loops choose their ISA at run time (AVX-512 / AVX2 / the build's; TENSR_ISA=avx2 caps
// it); `tensr_<isa>/...` rows force one of them. The peers' ISA is the build's
// (TENSR_BENCH_PEER_FLAGS in bench/CMakeLists.txt): compare tensr at a level with peers built
// for the same one.
#include <benchmark/benchmark.h>
#include <tensr/tensr.hpp>

#include <cmath>
#include <cstddef>
#include <cstring>

#if TENSR_BENCH_HAVE_EIGEN
#if defined(__GNUC__) && !defined(__clang__)
// Eigen 3.4's AVX-512 packet code trips g++ 12's -Wmaybe-uninitialized under -march=native.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <Eigen/Dense>
#endif
#if TENSR_BENCH_HAVE_XTENSOR
#include <array>
#include <xtensor/xadapt.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xreducer.hpp>
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
      // 16 independent accumulators per row: what vectorizes without -ffast-math.
      for (index_t i = 0; i < N; ++i) {
        float s[16] = {};
        for (index_t j = 0; j < N; j += 16)
          for (index_t k = 0; k < 16; ++k) s[k] += a[i * N + j + k];
        float t = 0;
        for (index_t k = 0; k < 16; ++k) t += s[k];
        o[i] = t;
      }
    }
    benchmark::ClobberMemory();
  }
  finish(st, N * N * sizeof(float));
}

// ---- strided view -> contiguous copy --------------------------------------------------------
// Kind 0: the transpose a.t() into a row-major tensor. Kind 1: every other column,
// a(all, range(0, N, 2)), into a contiguous (N, N/2) tensor.
constexpr index_t copy_bytes[] = {2 * N * N * sizeof(float), 2 * N*(N / 2) * sizeof(float)};

template <int Kind>
void tensr_copy(benchmark::State& st) {
  auto& d = data();
  for (auto _ : st) {
    if constexpr (Kind == 0) {
      d.c.view() = d.a.t();
    } else {
      TensorView<float, 2>(d.c.data(), shape_t<2>{N, N / 2}) = d.a(all, range(0, N, 2));
    }
    benchmark::ClobberMemory();
  }
  finish(st, copy_bytes[Kind]);
}
/// The same bytes by memcpy: the bound a copy can reach.
template <int Kind>
void memcpy_copy(benchmark::State& st) {
  auto& d = data();
  for (auto _ : st) {
    std::memcpy(d.c.data(), d.a.data(), static_cast<std::size_t>(copy_bytes[Kind] / 2));
    benchmark::ClobberMemory();
  }
  finish(st, copy_bytes[Kind]);
}
/// Hand loops: a 32x32-blocked transpose; a strided gather along rows.
template <int Kind>
void hand_copy(benchmark::State& st) {
  auto& d = data();
  for (auto _ : st) {
    const float* __restrict a = d.a.data();
    float* __restrict c = d.c.data();
    if constexpr (Kind == 0) {
      constexpr index_t B = 32;
      for (index_t i0 = 0; i0 < N; i0 += B)
        for (index_t j0 = 0; j0 < N; j0 += B)
          for (index_t i = i0; i < i0 + B; ++i)
            for (index_t j = j0; j < j0 + B; ++j) c[i * N + j] = a[j * N + i];
    } else {
      for (index_t i = 0; i < N; ++i)
        for (index_t j = 0; j < N / 2; ++j) c[i * (N / 2) + j] = a[i * N + 2 * j];
    }
    benchmark::ClobberMemory();
  }
  finish(st, copy_bytes[Kind]);
}

/// A tensr op with its loops forced to one instruction set (skipped when the CPU lacks it).
template <int Op>
void tensr_isa(benchmark::State& st) {
  const auto isa = static_cast<detail::simd_isa>(st.range(0));
  if (!detail::simd_force_isa(isa)) {
    st.SkipWithError("instruction set not supported");
    return;
  }
  auto& d = data();
  for (auto _ : st) {
    if constexpr (Op == 0) exp(d.a, d.c);
    if constexpr (Op == 1) tanh(d.a, d.c);
    if constexpr (Op == 2) sigmoid(d.a, d.c);
    if constexpr (Op == 3) sum(d.a, 1, d.out_row);
    if constexpr (Op == 4) sum(d.a, 0, d.out_row);
    benchmark::ClobberMemory();
  }
  detail::simd_force_isa(detail::simd_isa::automatic);
  finish(st, Op >= 3 ? N * N * index_t{sizeof(float)} : bytes2);
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
    if constexpr (Op == 7) c = a.transpose();
    if constexpr (Op == 8) {
      Eigen::Map<EArr> c2(d.c.data(), N, N / 2);
      c2 = Eigen::Map<EArr, 0, Eigen::Stride<N, 2>>(d.a.data(), N, N / 2);
    }
    benchmark::ClobberMemory();
  }
  constexpr index_t bytes[] = {bytes3,    bytes2,    bytes2,        bytes2,       bytes2,
                               N * N * 4, N * N * 4, copy_bytes[0], copy_bytes[1]};
  finish(st, bytes[Op]);
}
BENCHMARK(eigen_op<0>)->Name("eigen/add");
BENCHMARK(eigen_op<1>)->Name("eigen/broadcast_add");
BENCHMARK(eigen_op<2>)->Name("eigen/exp");
BENCHMARK(eigen_op<3>)->Name("eigen/tanh");
BENCHMARK(eigen_op<4>)->Name("eigen/sigmoid");
BENCHMARK(eigen_op<5>)->Name("eigen/sum_axis0");
BENCHMARK(eigen_op<6>)->Name("eigen/sum_axis1");
BENCHMARK(eigen_op<7>)->Name("eigen/copy_transpose");
BENCHMARK(eigen_op<8>)->Name("eigen/copy_stride2");
#endif

#if TENSR_BENCH_HAVE_XTENSOR
/// xtensor (with xsimd) on the same buffers: exp, tanh, sigmoid, sum over axis 0 and axis 1.
template <int Op>
void xtensor_op(benchmark::State& st) {
  auto& d = data();
  const std::array<std::size_t, 2> sh{N, N};
  const std::array<std::size_t, 1> rsh{N};
  auto a = xt::adapt(d.a.data(), N * N, xt::no_ownership(), sh);
  auto c = xt::adapt(d.c.data(), N * N, xt::no_ownership(), sh);
  auto orow = xt::adapt(d.out_row.data(), N, xt::no_ownership(), rsh);
  for (auto _ : st) {
    if constexpr (Op == 0) xt::noalias(c) = xt::exp(a);
    if constexpr (Op == 1) xt::noalias(c) = xt::tanh(a);
    if constexpr (Op == 2) xt::noalias(c) = 1.0f / (1.0f + xt::exp(-a));
    if constexpr (Op == 3) xt::noalias(orow) = xt::sum(a, {0}, xt::evaluation_strategy::immediate);
    if constexpr (Op == 4) xt::noalias(orow) = xt::sum(a, {1}, xt::evaluation_strategy::immediate);
    benchmark::ClobberMemory();
  }
  finish(st, Op < 3 ? bytes2 : N * N * index_t{sizeof(float)});
}
BENCHMARK(xtensor_op<0>)->Name("xtensor/exp");
BENCHMARK(xtensor_op<1>)->Name("xtensor/tanh");
BENCHMARK(xtensor_op<2>)->Name("xtensor/sigmoid");
BENCHMARK(xtensor_op<3>)->Name("xtensor/sum_axis0");
BENCHMARK(xtensor_op<4>)->Name("xtensor/sum_axis1");
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
BENCHMARK(tensr_copy<0>)->Name("tensr/copy_transpose");
BENCHMARK(hand_copy<0>)->Name("hand/copy_transpose");
BENCHMARK(memcpy_copy<0>)->Name("memcpy/copy_transpose");
BENCHMARK(tensr_copy<1>)->Name("tensr/copy_stride2");
BENCHMARK(hand_copy<1>)->Name("hand/copy_stride2");
BENCHMARK(memcpy_copy<1>)->Name("memcpy/copy_stride2");
// Arguments: detail::simd_isa generic = 1, avx2 = 2, avx512 = 3.
BENCHMARK(tensr_isa<0>)->Name("tensr_isa/exp")->DenseRange(1, 3);
BENCHMARK(tensr_isa<1>)->Name("tensr_isa/tanh")->DenseRange(1, 3);
BENCHMARK(tensr_isa<2>)->Name("tensr_isa/sigmoid")->DenseRange(1, 3);
BENCHMARK(tensr_isa<3>)->Name("tensr_isa/sum_axis1")->DenseRange(1, 3);
BENCHMARK(tensr_isa<4>)->Name("tensr_isa/sum_axis0")->DenseRange(1, 3);

BENCHMARK_MAIN();
