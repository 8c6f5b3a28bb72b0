// GEMM and matmul speed: tensr vs OpenBLAS (cblas) vs Eigen (and libxsmm for batched small
// products), as GFLOP/s counters.
//   sgemm/dgemm, square n = 64 .. 2048
//   x.matmul(W.t()) vs x.matmul(Wt) with Wt pre-transposed and contiguous (n = 1024)
//   relu(x W^T + b) with bias and ReLU as gemm's epilogue vs a second pass
//   (64,128,512) @ (512,512) broadcast vs one (8192,512) @ (512,512) GEMM
//   batched small products: 10000 x 4x4x4, 4096 x 16x16x16, 256 x 64x64x64 (and 1000 x 4x4x4,
//   which stays in L2)
//   the machine's fp32 FMA peak, measured by a register-only AVX-512 / AVX2 loop
// TENSR_ISA=avx2 caps tensr's level for the process; pin the peers to it with
// OPENBLAS_CORETYPE=Haswell and LIBXSMM_TARGET=hsw (scripts/bench_matrix.sh runs each level).
// Run single-threaded with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1, once with
// OPENBLAS_CORETYPE=SkylakeX (only on a CPU with AVX-512: that kernel needs it) and once
// without (the context line names OpenBLAS's kernel).
// GCC 12's own AVX-512 headers trip -Wmaybe-uninitialized inside Eigen's packing with
// -march=native (the intrinsic's documented "undefined" upper half); the warning is located
// in the system header, so only a file-wide switch silences it.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <benchmark/benchmark.h>
#include <tensr/tensr.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#if defined(TENSR_BENCH_HAVE_OPENBLAS)
#include <cblas.h>
extern "C" char* openblas_get_corename();
#endif
#if defined(TENSR_BENCH_HAVE_EIGEN)
#include <Eigen/Core>
#endif
#if defined(TENSR_BENCH_HAVE_LIBXSMM)
#include <libxsmm.h>
#endif

using tensr::index_t;

namespace {

template <class T>
tensr::Tensor<T, 2> random_matrix(index_t r, index_t c, std::uint64_t seed) {
  tensr::Random rng(seed);
  return rng.uniform<T>({r, c}, -1, 1);
}

void set_flops(benchmark::State& state, double flops_per_iter) {
  state.counters["FLOPS"] = benchmark::Counter(
      flops_per_iter, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
}

template <class T>
void tensr_gemm(benchmark::State& state) {
  const index_t n = state.range(0);
  const auto a = random_matrix<T>(n, n, 1), b = random_matrix<T>(n, n, 2);
  tensr::Tensor<T, 2> c({n, n});
  for (auto _ : state) {
    tensr::gemm(T(1), a, b, T(0), c);
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, 2.0 * double(n) * double(n) * double(n));
}
BENCHMARK(tensr_gemm<float>)->Name("sgemm/tensr")->RangeMultiplier(2)->Range(64, 2048);
BENCHMARK(tensr_gemm<double>)->Name("dgemm/tensr")->RangeMultiplier(2)->Range(64, 2048);
// Sizes just past a multiple of the vector width (edge tiles, partly filled vectors).
BENCHMARK(tensr_gemm<float>)->Name("sgemm_odd/tensr")->Arg(33)->Arg(65)->Arg(100);

#if defined(TENSR_BENCH_HAVE_OPENBLAS)
void openblas_sgemm(benchmark::State& state) {
  const index_t n = state.range(0);
  const int ni = static_cast<int>(n);
  const auto a = random_matrix<float>(n, n, 1), b = random_matrix<float>(n, n, 2);
  tensr::Tensor<float, 2> c({n, n});
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, ni, ni, ni, 1.f, a.data(), ni, b.data(),
                ni, 0.f, c.data(), ni);
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, 2.0 * double(n) * double(n) * double(n));
}
void openblas_dgemm(benchmark::State& state) {
  const index_t n = state.range(0);
  const int ni = static_cast<int>(n);
  const auto a = random_matrix<double>(n, n, 1), b = random_matrix<double>(n, n, 2);
  tensr::Tensor<double, 2> c({n, n});
  for (auto _ : state) {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, ni, ni, ni, 1.0, a.data(), ni, b.data(),
                ni, 0.0, c.data(), ni);
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, 2.0 * double(n) * double(n) * double(n));
}
BENCHMARK(openblas_sgemm)->Name("sgemm/openblas")->RangeMultiplier(2)->Range(64, 2048);
BENCHMARK(openblas_dgemm)->Name("dgemm/openblas")->RangeMultiplier(2)->Range(64, 2048);
BENCHMARK(openblas_sgemm)->Name("sgemm_odd/openblas")->Arg(33)->Arg(65)->Arg(100);
#endif

#if defined(TENSR_BENCH_HAVE_EIGEN)
template <class T>
void eigen_gemm(benchmark::State& state) {
  using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const index_t n = state.range(0);
  const M a = M::Random(n, n), b = M::Random(n, n);
  M c(n, n);
  for (auto _ : state) {
    c.noalias() = a * b;
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, 2.0 * double(n) * double(n) * double(n));
}
BENCHMARK(eigen_gemm<float>)->Name("sgemm/eigen")->RangeMultiplier(2)->Range(64, 2048);
BENCHMARK(eigen_gemm<double>)->Name("dgemm/eigen")->RangeMultiplier(2)->Range(64, 2048);
#endif

// Non-square: M = N = 4096, K = 64 (rank-64 update) and M = 64, N = K = 4096 (short-wide).
void tensr_nonsquare(benchmark::State& state) {
  const index_t m = state.range(0), n = state.range(1), k = state.range(2);
  const auto a = random_matrix<float>(m, k, 1), b = random_matrix<float>(k, n, 2);
  tensr::Tensor<float, 2> c({m, n});
  for (auto _ : state) {
    tensr::gemm(1.f, a, b, 0.f, c);
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, 2.0 * double(m) * double(n) * double(k));
}
BENCHMARK(tensr_nonsquare)->Name("sgemm_mnk/tensr")->Args({4096, 4096, 64})->Args({64, 4096, 4096});
#if defined(TENSR_BENCH_HAVE_OPENBLAS)
void openblas_nonsquare(benchmark::State& state) {
  const index_t m = state.range(0), n = state.range(1), k = state.range(2);
  const auto a = random_matrix<float>(m, k, 1), b = random_matrix<float>(k, n, 2);
  tensr::Tensor<float, 2> c({m, n});
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(m), int(n), int(k), 1.f, a.data(),
                int(k), b.data(), int(n), 0.f, c.data(), int(n));
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, 2.0 * double(m) * double(n) * double(k));
}
BENCHMARK(openblas_nonsquare)
    ->Name("sgemm_mnk/openblas")
    ->Args({4096, 4096, 64})
    ->Args({64, 4096, 4096});
#endif

// nn.Linear's forward: x [batch, in] times W [out, in] transposed, as a view or pre-transposed.
// Arguments: batch, in, out (nn.Linear's own shapes, and a square case).
template <bool View>
void linear_wt(benchmark::State& state) {
  const index_t b = state.range(0), in = state.range(1), out = state.range(2);
  const auto x = random_matrix<float>(b, in, 1), w = random_matrix<float>(out, in, 2);
  const tensr::Tensor<float, 2> wt(w.t());
  tensr::Tensor<float, 2> y({b, out});
  for (auto _ : state) {
    if constexpr (View)
      tensr::matmul(x, w.t(), y);
    else
      tensr::matmul(x, wt, y);
    benchmark::DoNotOptimize(y.data());
  }
  set_flops(state, 2.0 * double(b) * double(in) * double(out));
}
BENCHMARK(linear_wt<true>)
    ->Name("matmul_x_Wt/view")
    ->Args({32, 784, 10})
    ->Args({32, 784, 256})
    ->Args({1024, 1024, 1024});
BENCHMARK(linear_wt<false>)
    ->Name("matmul_x_Wt/contiguous")
    ->Args({32, 784, 10})
    ->Args({32, 784, 256})
    ->Args({1024, 1024, 1024});
#if defined(TENSR_BENCH_HAVE_OPENBLAS)
// The peer: OpenBLAS's sgemm with W transposed by its flag.
void linear_wt_openblas(benchmark::State& state) {
  const index_t b = state.range(0), in = state.range(1), out = state.range(2);
  const auto x = random_matrix<float>(b, in, 1), w = random_matrix<float>(out, in, 2);
  tensr::Tensor<float, 2> y({b, out});
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(b), int(out), int(in), 1.f, x.data(),
                int(in), w.data(), int(in), 0.f, y.data(), int(out));
    benchmark::DoNotOptimize(y.data());
  }
  set_flops(state, 2.0 * double(b) * double(in) * double(out));
}
BENCHMARK(linear_wt_openblas)
    ->Name("matmul_x_Wt/openblas")
    ->Args({32, 784, 10})
    ->Args({32, 784, 256})
    ->Args({1024, 1024, 1024});
#endif

// nn.Linear's forward relu(x W^T + b): bias and ReLU as gemm's epilogue (each block while it
// is in cache) vs a second pass over y after the product.
void bias_relu(index_t col0, tensr::TensorView<float, 2> blk, const float* bias) {
  for (index_t i = 0; i < blk.shape()[0]; ++i)
    for (index_t j = 0; j < blk.shape()[1]; ++j)
      blk(i, j) = std::max(0.f, blk(i, j) + bias[col0 + j]);
}
void linear_fused(benchmark::State& state) {
  const index_t n = state.range(0);
  const auto x = random_matrix<float>(n, n, 1), w = random_matrix<float>(n, n, 2);
  const auto bias = random_matrix<float>(1, n, 3);
  tensr::Tensor<float, 2> y({n, n});
  for (auto _ : state) {
    tensr::gemm(1.f, x, w.t(), 0.f, y, [&](index_t, index_t col0, tensr::TensorView<float, 2> blk) {
      bias_relu(col0, blk, bias.data());
    });
    benchmark::DoNotOptimize(y.data());
  }
  set_flops(state, 2.0 * double(n) * double(n) * double(n));
}
void linear_two_passes(benchmark::State& state) {
  const index_t n = state.range(0);
  const auto x = random_matrix<float>(n, n, 1), w = random_matrix<float>(n, n, 2);
  const auto bias = random_matrix<float>(1, n, 3);
  tensr::Tensor<float, 2> y({n, n});
  for (auto _ : state) {
    tensr::gemm(1.f, x, w.t(), 0.f, y);
    bias_relu(0, y.view(), bias.data());
    benchmark::DoNotOptimize(y.data());
  }
  set_flops(state, 2.0 * double(n) * double(n) * double(n));
}
BENCHMARK(linear_fused)->Name("linear_bias_relu/epilogue")->Arg(256)->Arg(1024);
BENCHMARK(linear_two_passes)->Name("linear_bias_relu/two_passes")->Arg(256)->Arg(1024);

// (64,128,512) @ (512,512) vs one (8192,512) @ (512,512).
void batch_broadcast(benchmark::State& state) {
  tensr::Random rng(3);
  const auto x = rng.uniform<float>({64, 128, 512}, -1, 1);
  const auto w = random_matrix<float>(512, 512, 4);
  tensr::Tensor<float, 3> y({64, 128, 512});
  for (auto _ : state) {
    tensr::matmul(x, w, y);
    benchmark::DoNotOptimize(y.data());
  }
  set_flops(state, 2.0 * 8192.0 * 512.0 * 512.0);
}
void batch_one_gemm(benchmark::State& state) {
  const auto x = random_matrix<float>(8192, 512, 3);
  const auto w = random_matrix<float>(512, 512, 4);
  tensr::Tensor<float, 2> y({8192, 512});
  for (auto _ : state) {
    tensr::matmul(x, w, y);
    benchmark::DoNotOptimize(y.data());
  }
  set_flops(state, 2.0 * 8192.0 * 512.0 * 512.0);
}
BENCHMARK(batch_broadcast)->Name("batch_broadcast/(64,128,512)@(512,512)");
BENCHMARK(batch_one_gemm)->Name("batch_broadcast/(8192,512)@(512,512)");

// Batched small products: B x (n x n) @ (n x n).
void small_batched_tensr(benchmark::State& state) {
  const index_t n = state.range(0), batch = state.range(1);
  tensr::Random rng(5);
  const auto a = rng.uniform<float>({batch, n, n}, -1, 1);
  const auto b = rng.uniform<float>({batch, n, n}, -1, 1);
  tensr::Tensor<float, 3> c({batch, n, n});
  for (auto _ : state) {
    tensr::matmul(a, b, c);
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, 2.0 * double(batch) * double(n) * double(n) * double(n));
}
template <int N>
void small_batched_naive(benchmark::State& state) {
  const index_t batch = state.range(1);
  tensr::Random rng(5);
  const auto a = rng.uniform<float>({batch, N, N}, -1, 1);
  const auto b = rng.uniform<float>({batch, N, N}, -1, 1);
  tensr::Tensor<float, 3> c({batch, N, N});
  for (auto _ : state) {
    for (index_t q = 0; q < batch; ++q) {
      const float* pa = a.data() + q * N * N;
      const float* pb = b.data() + q * N * N;
      float* pc = c.data() + q * N * N;
      for (int i = 0; i < N; ++i) {
        float row[N] = {};
        for (int p = 0; p < N; ++p)
          for (int j = 0; j < N; ++j) row[j] += pa[i * N + p] * pb[p * N + j];
        for (int j = 0; j < N; ++j) pc[i * N + j] = row[j];
      }
    }
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, 2.0 * double(batch) * N * N * N);
}
// 1000 x 4x4x4 (48 KiB per operand) stays in L2; 10000 (625 KiB each, 1.9 MB in all) does not
// and is bound by moving 192 bytes per 128 flops.
BENCHMARK(small_batched_tensr)
    ->Name("small_batched/tensr")
    ->Args({3, 10000})
    ->Args({4, 1000})
    ->Args({4, 10000})
    ->Args({16, 4096})
    ->Args({64, 256});
BENCHMARK(small_batched_naive<3>)->Name("small_batched/naive_fixed")->Args({3, 10000});
BENCHMARK(small_batched_naive<4>)
    ->Name("small_batched/naive_fixed")
    ->Args({4, 1000})
    ->Args({4, 10000});
BENCHMARK(small_batched_naive<16>)->Name("small_batched/naive_fixed")->Args({16, 4096});
BENCHMARK(small_batched_naive<64>)->Name("small_batched/naive_fixed")->Args({64, 256});
#if defined(TENSR_BENCH_HAVE_EIGEN)
template <int N>
void small_batched_eigen(benchmark::State& state) {
  using M = Eigen::Matrix<float, N, N, Eigen::RowMajor>;
  const index_t batch = state.range(1);
  std::vector<M, Eigen::aligned_allocator<M>> a(static_cast<std::size_t>(batch)),
      b(static_cast<std::size_t>(batch)), c(static_cast<std::size_t>(batch));
  for (auto& x : a) x = M::Random();
  for (auto& x : b) x = M::Random();
  for (auto _ : state) {
    for (std::size_t q = 0; q < a.size(); ++q) c[q].noalias() = a[q] * b[q];
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, 2.0 * double(batch) * N * N * N);
}
BENCHMARK(small_batched_eigen<3>)->Name("small_batched/eigen_fixed")->Args({3, 10000});
BENCHMARK(small_batched_eigen<4>)
    ->Name("small_batched/eigen_fixed")
    ->Args({4, 1000})
    ->Args({4, 10000});
BENCHMARK(small_batched_eigen<16>)->Name("small_batched/eigen_fixed")->Args({16, 4096});
BENCHMARK(small_batched_eigen<64>)->Name("small_batched/eigen_fixed")->Args({64, 256});
#endif
#if defined(TENSR_BENCH_HAVE_OPENBLAS)
void small_batched_cblas(benchmark::State& state) {
  const index_t n = state.range(0), batch = state.range(1);
  const int ni = static_cast<int>(n);
  tensr::Random rng(5);
  const auto a = rng.uniform<float>({batch, n, n}, -1, 1);
  const auto b = rng.uniform<float>({batch, n, n}, -1, 1);
  tensr::Tensor<float, 3> c({batch, n, n});
  for (auto _ : state) {
    for (index_t q = 0; q < batch; ++q)
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, ni, ni, ni, 1.f, a.data() + q * n * n,
                  ni, b.data() + q * n * n, ni, 0.f, c.data() + q * n * n, ni);
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, 2.0 * double(batch) * double(n) * double(n) * double(n));
}
BENCHMARK(small_batched_cblas)
    ->Name("small_batched/cblas_loop")
    ->Args({3, 10000})
    ->Args({4, 10000})
    ->Args({16, 4096})
    ->Args({64, 256});
#endif

#if defined(TENSR_BENCH_HAVE_LIBXSMM)
// libxsmm's documented way for a batch of equally shaped small products: one JIT kernel
// dispatched for the shape, called once per entry with the next entry's operands as prefetch
// hints. libxsmm is column-major: the row-major C = A B is C^T = B^T A^T there, so the kernel
// is dispatched for (n, m, k) and takes B first. Its instruction set follows LIBXSMM_TARGET
// (hsw: AVX2, skx: AVX-512).
void small_batched_libxsmm(benchmark::State& state) {
  const index_t n = state.range(0), batch = state.range(1);
  const auto ni = static_cast<libxsmm_blasint>(n);
  tensr::Random rng(5);
  const auto a = rng.uniform<float>({batch, n, n}, -1, 1);
  const auto b = rng.uniform<float>({batch, n, n}, -1, 1);
  tensr::Tensor<float, 3> c({batch, n, n});
  const float alpha = 1.f, beta = 0.f;
  const int flags = LIBXSMM_GEMM_FLAG_NONE, prefetch = LIBXSMM_PREFETCH_AUTO;
  const libxsmm_smmfunction kernel =
      libxsmm_smmdispatch(ni, ni, ni, &ni, &ni, &ni, &alpha, &beta, &flags, &prefetch);
  if (kernel == nullptr) {
    state.SkipWithError("libxsmm has no kernel for this shape");
    return;
  }
  const index_t nn = n * n;
  for (auto _ : state) {
    const float *pa = a.data(), *pb = b.data();
    float* pc = c.data();
    for (index_t q = 0; q < batch; ++q) {
      const index_t next = (q + 1 < batch ? q + 1 : q) * nn;
      kernel(pb + q * nn, pa + q * nn, pc + q * nn, pb + next, pa + next, pc + next);
    }
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, 2.0 * double(batch) * double(n) * double(n) * double(n));
}
BENCHMARK(small_batched_libxsmm)
    ->Name("small_batched/libxsmm")
    ->Args({3, 10000})
    ->Args({4, 1000})
    ->Args({4, 10000})
    ->Args({16, 4096})
    ->Args({64, 256});
#endif

#if defined(__x86_64__)
// The fp32 FMA peak of one core at one vector width: twelve independent register-only FMA
// chains (enough to cover the FMA latency on two FMA ports), one body stamped per level.
#define BENCH_FMA_PEAK(name, isa, V, pfx, sfx)                                                 \
  __attribute__((target(isa))) float name(long iters) {                                        \
    const V x = pfx##_set1_ps(0.999f), y = pfx##_set1_ps(1e-7f);                               \
    V a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, \
      a11 = x;                                                                                 \
    for (long i = 0; i < iters; ++i) {                                                         \
      a0 = pfx##_fmadd_ps(a0, x, y), a1 = pfx##_fmadd_ps(a1, x, y);                            \
      a2 = pfx##_fmadd_ps(a2, x, y), a3 = pfx##_fmadd_ps(a3, x, y);                            \
      a4 = pfx##_fmadd_ps(a4, x, y), a5 = pfx##_fmadd_ps(a5, x, y);                            \
      a6 = pfx##_fmadd_ps(a6, x, y), a7 = pfx##_fmadd_ps(a7, x, y);                            \
      a8 = pfx##_fmadd_ps(a8, x, y), a9 = pfx##_fmadd_ps(a9, x, y);                            \
      a10 = pfx##_fmadd_ps(a10, x, y), a11 = pfx##_fmadd_ps(a11, x, y);                        \
      asm volatile(""                                                                          \
                   : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4), "+v"(a5), "+v"(a6),     \
                     "+v"(a7), "+v"(a8), "+v"(a9), "+v"(a10), "+v"(a11));                      \
    }                                                                                          \
    const V s =                                                                                \
        pfx##_add_ps(pfx##_add_ps(pfx##_add_ps(pfx##_add_ps(a0, a1), pfx##_add_ps(a2, a3)),    \
                                  pfx##_add_ps(pfx##_add_ps(a4, a5), pfx##_add_ps(a6, a7))),   \
                     pfx##_add_ps(pfx##_add_ps(a8, a9), pfx##_add_ps(a10, a11)));              \
    return sfx(s);                                                                             \
  }
__attribute__((target("avx512f"))) inline float first_lane(__m512 v) { return _mm512_cvtss_f32(v); }
__attribute__((target("avx2"))) inline float first_lane(__m256 v) { return _mm256_cvtss_f32(v); }
BENCH_FMA_PEAK(fma_peak_avx512, "avx512f,fma", __m512, _mm512, first_lane)
BENCH_FMA_PEAK(fma_peak_avx2, "avx2,fma", __m256, _mm256, first_lane)
#undef BENCH_FMA_PEAK
template <int W>
void fma_peak(benchmark::State& state) {
  if (!__builtin_cpu_supports(W == 16 ? "avx512f" : "avx2") || !__builtin_cpu_supports("fma")) {
    state.SkipWithError("this CPU lacks the level");
    return;
  }
  const long iters = 1 << 20;
  for (auto _ : state)
    benchmark::DoNotOptimize(W == 16 ? fma_peak_avx512(iters) : fma_peak_avx2(iters));
  set_flops(state, 2.0 * W * 12 * double(iters));
}
BENCHMARK(fma_peak<16>)->Name("peak/fp32_fma_avx512");
BENCHMARK(fma_peak<8>)->Name("peak/fp32_fma_avx2");
#endif

}  // namespace

int main(int argc, char** argv) {
#if defined(TENSR_BENCH_HAVE_LIBXSMM)
  libxsmm_init();
  benchmark::AddCustomContext("libxsmm_target", libxsmm_get_target_arch());
#endif
#if defined(TENSR_BENCH_HAVE_OPENBLAS)
  benchmark::AddCustomContext("openblas_corename", openblas_get_corename());
#endif
  benchmark::AddCustomContext("tensr_gemm_kernel",
                              tensr::detail::gemm_kernel_name(tensr::detail::gemm_active_kernel()));
  benchmark::AddCustomContext("tensr_threads", std::to_string(tensr::get_num_threads()));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
