// einsum speed: each einsum that is a matrix product against the direct matmul call on the
// same data (goal <= 1.15x), the path optimizer's order against left-to-right on two chains,
// renamed indices (same speed), and the per-call overhead on 4x4 operands (goal <= 1 us
// beyond the arithmetic, measured against a hand-written 4x4 loop into a ready output).
// bench/einsum_numpy.py times np.einsum(..., optimize=True) on the same shapes.
// Run single-threaded with OMP_NUM_THREADS=1 for stable ratios.
// GCC 12 at -O3 reports -Wmaybe-uninitialized inside its own AVX-512 headers (the
// intrinsics' deliberately undefined upper halves) where the small-matrix kernels inline;
// as in bench_gemm.cpp, only a file-wide switch silences a warning located in a system header.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <benchmark/benchmark.h>
#include <tensr/tensr.hpp>

using tensr::all;
using tensr::index_t;
using tensr::Tensor;

namespace {

template <std::size_t R>
Tensor<float, R> rnd(const tensr::shape_t<R>& s, std::uint64_t seed) {
  tensr::Random rng(seed);
  return rng.uniform<float>(s, -1, 1);
}

void set_flops(benchmark::State& state, double flops) {
  state.counters["FLOPS"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate,
                                               benchmark::Counter::kIs1000);
}

// ---- matrix-product forms: einsum vs matmul ---------------------------------------------
void ij_jk(benchmark::State& state) {
  const index_t n = state.range(0);
  const auto a = rnd<2>({n, n}, 1), b = rnd<2>({n, n}, 2);
  for (auto _ : state) benchmark::DoNotOptimize(tensr::einsum<"ij,jk->ik">(a, b).data());
  set_flops(state, 2.0 * n * n * n);
}
void ij_jk_matmul(benchmark::State& state) {
  const index_t n = state.range(0);
  const auto a = rnd<2>({n, n}, 1), b = rnd<2>({n, n}, 2);
  for (auto _ : state) benchmark::DoNotOptimize(tensr::matmul(a, b).data());
  set_flops(state, 2.0 * n * n * n);
}
BENCHMARK(ij_jk)->Name("ij,jk->ik/einsum")->Arg(16)->Arg(64)->Arg(256)->Arg(512);
BENCHMARK(ij_jk_matmul)->Name("ij,jk->ik/matmul")->Arg(16)->Arg(64)->Arg(256)->Arg(512);

void ba_ac(benchmark::State& state) {
  const index_t n = state.range(0);
  const auto a = rnd<2>({n, n}, 1), b = rnd<2>({n, n}, 2);
  for (auto _ : state) benchmark::DoNotOptimize(tensr::einsum<"ba,ac->bc">(a, b).data());
  set_flops(state, 2.0 * n * n * n);
}
BENCHMARK(ba_ac)->Name("ba,ac->bc/einsum (renamed)")->Arg(16)->Arg(64)->Arg(256)->Arg(512);

void bij_bjk(benchmark::State& state) {
  const index_t b = state.range(0), n = state.range(1);
  const auto x = rnd<3>({b, n, n}, 1), y = rnd<3>({b, n, n}, 2);
  for (auto _ : state) benchmark::DoNotOptimize(tensr::einsum<"bij,bjk->bik">(x, y).data());
  set_flops(state, 2.0 * b * n * n * n);
}
void bij_bjk_matmul(benchmark::State& state) {
  const index_t b = state.range(0), n = state.range(1);
  const auto x = rnd<3>({b, n, n}, 1), y = rnd<3>({b, n, n}, 2);
  for (auto _ : state) benchmark::DoNotOptimize(tensr::matmul(x, y).data());
  set_flops(state, 2.0 * b * n * n * n);
}
BENCHMARK(bij_bjk)->Name("bij,bjk->bik/einsum")->Args({1000, 4})->Args({64, 64})->Args({8, 256});
BENCHMARK(bij_bjk_matmul)
    ->Name("bij,bjk->bik/matmul")
    ->Args({1000, 4})
    ->Args({64, 64})
    ->Args({8, 256});

void ijk_jl(benchmark::State& state) {
  const index_t n = state.range(0), k = state.range(1);
  const auto A = rnd<3>({n, k, 1}, 1);
  const auto W = rnd<2>({k, n}, 2);
  for (auto _ : state) benchmark::DoNotOptimize(tensr::einsum<"ijk,jl->ilk">(A, W).data());
  set_flops(state, 2.0 * n * n * k);
}
void ijk_jl_matmul(benchmark::State& state) {
  const index_t n = state.range(0), k = state.range(1);
  const auto A = rnd<3>({n, k, 1}, 1);
  const auto W = rnd<2>({k, n}, 2);
  for (auto _ : state) benchmark::DoNotOptimize(tensr::matmul(A(all, all, 0), W).data());
  set_flops(state, 2.0 * n * n * k);
}
BENCHMARK(ijk_jl)->Name("ijk,jl->ilk/einsum")->Args({200, 100})->Args({512, 512});
BENCHMARK(ijk_jl_matmul)->Name("ijk,jl->ilk/matmul")->Args({200, 100})->Args({512, 512});

void ij_kj(benchmark::State& state) {
  const index_t n = state.range(0);
  const auto x = rnd<2>({n, n}, 1), w = rnd<2>({n, n}, 2);
  for (auto _ : state) benchmark::DoNotOptimize(tensr::einsum<"ij,kj->ik">(x, w).data());
  set_flops(state, 2.0 * n * n * n);
}
void ij_kj_matmul(benchmark::State& state) {
  const index_t n = state.range(0);
  const auto x = rnd<2>({n, n}, 1), w = rnd<2>({n, n}, 2);
  for (auto _ : state) benchmark::DoNotOptimize(tensr::matmul(x, w.t()).data());
  set_flops(state, 2.0 * n * n * n);
}
BENCHMARK(ij_kj)->Name("ij,kj->ik/einsum")->Arg(64)->Arg(512);
BENCHMARK(ij_kj_matmul)->Name("ij,kj->ik/matmul")->Arg(64)->Arg(512);

// ---- chains: the optimizer's order vs left to right ---------------------------------------
void chain3(benchmark::State& state) {
  const index_t n = 256;
  const auto a = rnd<2>({n, n}, 1), b = rnd<2>({n, n}, 2), c = rnd<2>({n, n}, 3);
  for (auto _ : state) benchmark::DoNotOptimize(tensr::einsum<"ij,jk,kl->il">(a, b, c).data());
}
void chain3_ltr(benchmark::State& state) {
  const index_t n = 256;
  const auto a = rnd<2>({n, n}, 1), b = rnd<2>({n, n}, 2), c = rnd<2>({n, n}, 3);
  for (auto _ : state) {
    const auto ab = tensr::einsum<"ij,jk->ik">(a, b);
    benchmark::DoNotOptimize(tensr::einsum<"ik,kl->il">(ab, c).data());
  }
}
BENCHMARK(chain3)->Name("ij,jk,kl->il(256)/optimized");
BENCHMARK(chain3_ltr)->Name("ij,jk,kl->il(256)/left-to-right");

struct chain4_data {
  Tensor<float, 2> a = rnd<2>({10, 1000}, 1), b = rnd<2>({1000, 10}, 2), c = rnd<2>({10, 1000}, 3),
                   d = rnd<2>({1000, 10}, 4);
};
void chain4(benchmark::State& state) {
  const chain4_data m;
  for (auto _ : state)
    benchmark::DoNotOptimize(tensr::einsum<"ab,bc,cd,de->ae">(m.a, m.b, m.c, m.d).data());
}
void chain4_ltr(benchmark::State& state) {
  const chain4_data m;
  for (auto _ : state) {
    const auto ac = tensr::einsum<"ab,bc->ac">(m.a, m.b);
    const auto ad = tensr::einsum<"ac,cd->ad">(ac, m.c);
    benchmark::DoNotOptimize(tensr::einsum<"ad,de->ae">(ad, m.d).data());
  }
}
void chain4_middle_first(benchmark::State& state) {  // the order to avoid: (bc,cd) first
  const chain4_data m;
  for (auto _ : state) {
    const auto bd = tensr::einsum<"bc,cd->bd">(m.b, m.c);
    const auto ad = tensr::einsum<"ab,bd->ad">(m.a, bd);
    benchmark::DoNotOptimize(tensr::einsum<"ad,de->ae">(ad, m.d).data());
  }
}
BENCHMARK(chain4)->Name("ab,bc,cd,de->ae(10x1000x10x1000x10)/optimized");
BENCHMARK(chain4_ltr)->Name("ab,bc,cd,de->ae(10x1000x10x1000x10)/left-to-right");
BENCHMARK(chain4_middle_first)->Name("ab,bc,cd,de->ae(10x1000x10x1000x10)/middle-first");

// ---- per-call overhead on 4x4 -----------------------------------------------------------------
void small_einsum(benchmark::State& state) {
  const auto a = rnd<2>({4, 4}, 1), b = rnd<2>({4, 4}, 2);
  for (auto _ : state) benchmark::DoNotOptimize(tensr::einsum<"ij,jk->ik">(a, b).data());
}
void small_einsum_runtime(benchmark::State& state) {
  const auto a = rnd<2>({4, 4}, 1), b = rnd<2>({4, 4}, 2);
  for (auto _ : state) benchmark::DoNotOptimize(tensr::einsum<2>("ij,jk->ik", a, b).data());
}
void small_matmul(benchmark::State& state) {
  const auto a = rnd<2>({4, 4}, 1), b = rnd<2>({4, 4}, 2);
  for (auto _ : state) benchmark::DoNotOptimize(tensr::matmul(a, b).data());
}
void small_hand_loop(benchmark::State& state) {  // the arithmetic alone, output ready
  const auto a = rnd<2>({4, 4}, 1), b = rnd<2>({4, 4}, 2);
  Tensor<float, 2> c({4, 4});
  for (auto _ : state) {
    const float* pa = a.data();
    const float* pb = b.data();
    float* pc = c.data();
    for (int i = 0; i < 4; ++i)
      for (int k = 0; k < 4; ++k) {
        float s = 0;
        for (int j = 0; j < 4; ++j) s += pa[i * 4 + j] * pb[j * 4 + k];
        pc[i * 4 + k] = s;
      }
    benchmark::DoNotOptimize(pc);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(small_einsum)->Name("4x4/einsum<\"ij,jk->ik\">");
BENCHMARK(small_einsum_runtime)->Name("4x4/einsum<2>(\"ij,jk->ik\")");
BENCHMARK(small_matmul)->Name("4x4/matmul");
BENCHMARK(small_hand_loop)->Name("4x4/hand_loop");

}  // namespace

BENCHMARK_MAIN();
