// nn speed: Linear(1024, 1024) on a batch of 256 (float), forward and forward + backward, at 1
// and 2 threads (the argument), against the same layer written with Eigen; a 784-256-256-10
// MLP training step (batch 128, CrossEntropyLoss, SGD); Sigmoid / ReLU forward + backward on
// 4096 x 4096 as bytes moved per second. PyTorch's figures for the same work come from
// bench/nn_torch.py; compare the two in one session (the machine is shared and noisy).
// GCC 12's AVX-512 headers trip -Wmaybe-uninitialized inside Eigen with -march=native (see
// bench_gemm.cpp); only a file-wide switch silences it.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <benchmark/benchmark.h>
#include <tensr/tensr.hpp>

#include <cstdint>

#if defined(TENSR_BENCH_HAVE_EIGEN)
#include <Eigen/Core>
#endif

using namespace tensr;

namespace {

constexpr index_t batch = 256, features = 1024;

void set_flops(benchmark::State& state, double flops_per_iter) {
  state.counters["FLOPS"] = benchmark::Counter(
      flops_per_iter, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
}

void linear_forward(benchmark::State& state) {
  set_num_threads(static_cast<int>(state.range(0)));
  Random rng(1);
  nn::Linear<float> lin(features, features, rng);
  const auto x = rng.uniform<float>({batch, features}, -1, 1);
  for (auto _ : state) {
    auto y = lin.forward(x);
    benchmark::DoNotOptimize(y.data());
  }
  set_flops(state, 2.0 * batch * features * features);
  set_num_threads(0);
}
BENCHMARK(linear_forward)->Name("linear_1024/forward/tensr")->Arg(1)->Arg(2)->UseRealTime();

void linear_forward_backward(benchmark::State& state) {
  set_num_threads(static_cast<int>(state.range(0)));
  Random rng(1);
  nn::Linear<float> lin(features, features, rng);
  const auto x = rng.uniform<float>({batch, features}, -1, 1);
  const auto g = rng.uniform<float>({batch, features}, -1, 1);
  for (auto _ : state) {
    auto y = lin.forward(x);
    auto gx = lin.backward(g);
    benchmark::DoNotOptimize(y.data());
    benchmark::DoNotOptimize(gx.data());
  }
  set_flops(state, 3 * 2.0 * batch * features * features);
  set_num_threads(0);
}
BENCHMARK(linear_forward_backward)
    ->Name("linear_1024/forward_backward/tensr")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime();

#if defined(TENSR_BENCH_HAVE_EIGEN)
using EMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using EVec = Eigen::Matrix<float, 1, Eigen::Dynamic>;

/// The same layer in Eigen: y = x W^T + b; grad_W += g^T x, grad_x = g W, grad_b += colsum(g).
void eigen_linear(benchmark::State& state, bool backward) {
  Eigen::setNbThreads(static_cast<int>(state.range(0)));
  const EMat w = EMat::Random(features, features), x = EMat::Random(batch, features),
             g = EMat::Random(batch, features);
  const EVec b = EVec::Random(features);
  EMat y(batch, features), gx(batch, features), gw = EMat::Zero(features, features);
  EVec gb = EVec::Zero(features);
  for (auto _ : state) {
    y.noalias() = x * w.transpose();
    y.rowwise() += b;
    benchmark::DoNotOptimize(y.data());
    if (backward) {
      gw.noalias() += g.transpose() * x;
      gx.noalias() = g * w;
      gb += g.colwise().sum();
      benchmark::DoNotOptimize(gx.data());
    }
  }
  set_flops(state, (backward ? 3 : 1) * 2.0 * batch * features * features);
  Eigen::setNbThreads(0);
}
BENCHMARK_CAPTURE(eigen_linear, forward, false)
    ->Name("linear_1024/forward/eigen")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime();
BENCHMARK_CAPTURE(eigen_linear, forward_backward, true)
    ->Name("linear_1024/forward_backward/eigen")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime();
#endif

/// One training step of a 784-256-256-10 ReLU MLP on a batch of 128: forward, cross entropy,
/// backward, SGD with momentum.
void mlp_step(benchmark::State& state) {
  set_num_threads(static_cast<int>(state.range(0)));
  Random rng(2);
  nn::Sequential<float> net(nn::Linear<float>(784, 256, rng), nn::ReLU<float>(),
                            nn::Linear<float>(256, 256, rng), nn::ReLU<float>(),
                            nn::Linear<float>(256, 10, rng));
  nn::SGD<float> opt(net.parameters(), {.lr = 0.01, .momentum = 0.9});
  const auto x = rng.uniform<float>({128, 784}, 0, 1);
  const auto labels = rng.integers(0, 10, {128});
  const nn::CrossEntropyLoss criterion;
  for (auto _ : state) {
    opt.zero_grad();
    const auto r = criterion(net.forward(x), labels);
    net.backward_params(r.grad);  // as PyTorch: the data needs no gradient
    opt.step();
    benchmark::DoNotOptimize(r.loss);
  }
  set_num_threads(0);
}
BENCHMARK(mlp_step)->Name("mlp_784_256_256_10/train_step/tensr")->Arg(1)->Arg(2)->UseRealTime();

/// An activation's forward + backward on 4096 x 4096 floats through the row interface (what
/// Sequential runs, with its output and gradient buffers kept from step to step): reads x,
/// writes y, reads y and g, writes grad_x (5 x 64 MiB), reported as bytes per second.
/// (A module used on its own also copies y into its cache: 2 more passes.)
template <class Act>
void activation(benchmark::State& state) {
  Random rng(3);
  const auto x = rng.uniform<float>({4096, 4096}, -4, 4);
  const auto g = rng.uniform<float>({4096, 4096}, -1, 1);
  Act act;
  Tensor<float, 2> y, gx;
  for (auto _ : state) {
    act.forward_rows(x, y);
    act.backward_rows(x, y, g, &gx);
    benchmark::DoNotOptimize(y.data());
    benchmark::DoNotOptimize(gx.data());
  }
  state.SetBytesProcessed(state.iterations() * 5 * x.size() * std::int64_t(sizeof(float)));
}
BENCHMARK(activation<nn::Sigmoid<float>>)
    ->Name("sigmoid_4096/forward_backward/tensr")
    ->UseRealTime();
BENCHMARK(activation<nn::ReLU<float>>)->Name("relu_4096/forward_backward/tensr")->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
