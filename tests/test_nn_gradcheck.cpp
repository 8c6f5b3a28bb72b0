// Every nn module and loss against finite differences (tests/nn_gradcheck.hpp): batch >= 3,
// non-square sizes, a layer before and after the one under test, dx, dW and db separately.
#include "nn_gradcheck.hpp"

#include <cstdint>

using namespace tensr;
using nn_test::check_loss;
using nn_test::check_module;
using nn_test::check_module_loss;
using D = double;

TEST_CASE("gradcheck: Linear alone, on [B, in], [in] and [B, T, in]") {
  Random rng(1);
  nn::Linear<D> lin(5, 3, rng);
  check_module(lin, rng.uniform<D>({4, 5}, -1, 1), rng);
  check_module(lin, rng.uniform<D>({5}, -1, 1), rng);
  check_module(lin, rng.uniform<D>({3, 4, 5}, -1, 1), rng);
  nn::Linear<D> nobias(4, 6, false, rng);
  check_module(nobias, rng.uniform<D>({3, 4}, -1, 1), rng);
  CHECK(nobias.parameters().size() == 1);
}

TEST_CASE("gradcheck: Linear between two layers, also on [B, T, in]") {
  Random rng(2);
  nn::Sequential<D> net(nn::Tanh<D>(), nn::Linear<D>(5, 3, rng), nn::LeakyReLU<D>(0.1));
  check_module(net, rng.uniform<D>({4, 5}, -2, 2), rng);
  check_module(net, rng.uniform<D>({3, 2, 5}, -2, 2), rng);
  // Two Linears with an activation fused into the first one's GEMM write-back.
  nn::Sequential<D> fused(nn::Linear<D>(6, 4, rng), nn::Sigmoid<D>(), nn::Linear<D>(4, 3, rng));
  check_module(fused, rng.uniform<D>({3, 2, 6}, -2, 2), rng);
}

TEST_CASE("gradcheck: each activation between two Linear layers") {
  Random rng(3);
  const auto run = [&](auto act, const char* name) {
    CAPTURE(name);
    nn::Sequential<D> net(nn::Linear<D>(6, 4, rng), act, nn::Linear<D>(4, 3, rng));
    check_module(net, rng.uniform<D>({5, 6}, -2, 2), rng);
    // The activation alone, on its own cache (no fusion).
    check_module(act, rng.uniform<D>({3, 4}, -2, 2), rng);
  };
  run(nn::Sigmoid<D>(), "Sigmoid");
  run(nn::Tanh<D>(), "Tanh");
  run(nn::ReLU<D>(), "ReLU");
  run(nn::LeakyReLU<D>(0.2), "LeakyReLU");
  run(nn::Softmax<D>(), "Softmax");
}

TEST_CASE("gradcheck: nested Sequential and a deeper MLP") {
  Random rng(4);
  nn::Sequential<D> inner(nn::Linear<D>(4, 5, rng), nn::ReLU<D>());
  nn::Sequential<D> net(nn::Linear<D>(3, 4, rng), nn::Tanh<D>(), std::move(inner),
                        nn::Linear<D>(5, 2, rng), nn::Sigmoid<D>());
  check_module(net, rng.uniform<D>({6, 3}, -2, 2), rng);
  CHECK(net.parameters().size() == 6);
  CHECK(net.parameters()[2].name == "2.0.weight");
}

TEST_CASE("gradcheck: losses, both reductions, alone and after a network") {
  Random rng(5);
  for (auto red : {nn::reduction::mean, nn::reduction::sum}) {
    CAPTURE(red == nn::reduction::mean);
    const auto x = rng.uniform<D>({4, 3}, -2, 2);
    const auto target = rng.uniform<D>({4, 3}, 0, 1);
    check_loss(nn::MSELoss(red), x, target);
    check_loss(nn::BCEWithLogitsLoss(red), x, target);
    check_loss(nn::BCELoss(red), rng.uniform<D>({4, 3}, 0.05, 0.95), target);
    const Tensor<std::int64_t, 1> classes{2, 0, 1, 2};
    check_loss(nn::CrossEntropyLoss(red), x, classes);

    nn::Sequential<D> net(nn::Linear<D>(5, 4, rng), nn::Tanh<D>(), nn::Linear<D>(4, 3, rng));
    const auto in = rng.uniform<D>({4, 5}, -1, 1);
    check_module_loss(net, nn::MSELoss(red), in, target);
    check_module_loss(net, nn::BCEWithLogitsLoss(red), in, target);
    check_module_loss(net, nn::CrossEntropyLoss(red), in, classes);
    nn::Sequential<D> prob(nn::Linear<D>(5, 3, rng), nn::Sigmoid<D>());
    check_module_loss(prob, nn::BCELoss(red), in, target);
  }
}
