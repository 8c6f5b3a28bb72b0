// Threads on the memory-bound kernels: add, sigmoid and sum of a 4096 x 4096 float tensor, and
// the same on 256 x 256 (below the threading threshold, where a second thread must cost
// nothing), each at 1 and 2 threads (the argument, through set_num_threads), so that the
// ratio of the two shows in one run. Results go into buffers kept from one iteration to the
// next, as a training loop's do, so that allocation is not measured.
#include <benchmark/benchmark.h>
#include <tensr/tensr.hpp>

#include <cstdint>

using namespace tensr;

namespace {

void set_bytes(benchmark::State& state, index_t elements, int passes) {
  state.SetBytesProcessed(state.iterations() * passes * elements *
                          static_cast<std::int64_t>(sizeof(float)));
}

void add(benchmark::State& state) {
  const index_t n = state.range(0);
  set_num_threads(static_cast<int>(state.range(1)));
  Random rng(1);
  const auto a = rng.uniform<float>({n, n}, -1, 1);
  const auto b = rng.uniform<float>({n, n}, -1, 1);
  auto c = zeros<float>({n, n});
  for (auto _ : state) {
    tensr::add(a, b, c);
    benchmark::DoNotOptimize(c.data());
  }
  set_bytes(state, n * n, 3);
  set_num_threads(0);
}

void sigmoid(benchmark::State& state) {
  const index_t n = state.range(0);
  set_num_threads(static_cast<int>(state.range(1)));
  Random rng(2);
  const auto a = rng.uniform<float>({n, n}, -4, 4);
  auto c = zeros<float>({n, n});
  for (auto _ : state) {
    tensr::sigmoid(a, c);
    benchmark::DoNotOptimize(c.data());
  }
  set_bytes(state, n * n, 2);
  set_num_threads(0);
}

void sum(benchmark::State& state) {
  const index_t n = state.range(0);
  set_num_threads(static_cast<int>(state.range(1)));
  Random rng(3);
  const auto a = rng.uniform<float>({n, n}, -1, 1);
  for (auto _ : state) {
    auto s = tensr::sum(a);
    benchmark::DoNotOptimize(s);
  }
  set_bytes(state, n * n, 1);
  set_num_threads(0);
}

void sizes(benchmark::internal::Benchmark* b) {
  for (const std::int64_t n : {4096, 256})
    for (const std::int64_t t : {1, 2}) b->Args({n, t});
  b->ArgNames({"n", "threads"})->UseRealTime();
}

BENCHMARK(add)->Apply(sizes);
BENCHMARK(sigmoid)->Apply(sizes);
BENCHMARK(sum)->Apply(sizes);

}  // namespace

BENCHMARK_MAIN();
