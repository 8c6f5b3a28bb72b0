// nn against PyTorch: small fixed networks (Linear-Sigmoid-Linear with MSELoss, Linear-ReLU-
// Linear with CrossEntropyLoss, Linear-Tanh-Linear on [B, T, in] with BCEWithLogitsLoss,
// Linear-LeakyReLU-Linear-Softmax with BCELoss): outputs, loss, every gradient, and the
// parameters after one and two SGD / Adam steps. The numbers come from
// tests/data/gen_nn_torch.py (PyTorch, float64) in tests/data/nn/torch_reference.hpp.
#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <cmath>
#include <cstdint>
#include <string>

#include "data/nn/torch_reference.hpp"

using namespace tensr;
namespace ref = nn_torch_ref;

namespace {

template <class T, std::size_t R>
Tensor<T, R> to_tensor(const ref::tensor& r) {
  REQUIRE(r.shape.size() == R);
  shape_t<R> s{};
  for (std::size_t i = 0; i < R; ++i) s[i] = r.shape[i];
  Tensor<T, R> t(s);
  REQUIRE(static_cast<std::size_t>(t.size()) == r.values.size());
  for (std::size_t i = 0; i < r.values.size(); ++i) t.data()[i] = static_cast<T>(r.values[i]);
  return t;
}

/// Every element within tol * (1 + |expected|).
template <class P>
void check_close(const std::string& what, const P* got, index_t n, const ref::tensor& want,
                 double tol) {
  CAPTURE(what);
  REQUIRE(static_cast<std::size_t>(n) == want.values.size());
  for (std::size_t i = 0; i < want.values.size(); ++i) {
    CAPTURE(i);
    CHECK(std::fabs(static_cast<double>(got[i]) - want.values[i]) <=
          tol * (1 + std::fabs(want.values[i])));
  }
}

template <class T>
nn::Sequential<T> make_net(const std::string& name, const ref::case_data& c) {
  Random rng(0);  // overwritten by the reference weights below
  nn::Sequential<T> net;
  if (name == "sigmoid_mse")
    net = nn::Sequential<T>(nn::Linear<T>(3, 4, rng), nn::Sigmoid<T>(), nn::Linear<T>(4, 2, rng));
  else if (name == "relu_ce")
    net = nn::Sequential<T>(nn::Linear<T>(4, 5, rng), nn::ReLU<T>(), nn::Linear<T>(5, 3, rng));
  else if (name == "tanh_bce_logits_3d")
    net = nn::Sequential<T>(nn::Linear<T>(3, 4, rng), nn::Tanh<T>(), nn::Linear<T>(4, 1, rng));
  else
    net = nn::Sequential<T>(nn::Linear<T>(3, 4, rng), nn::LeakyReLU<T>(0.1),
                            nn::Linear<T>(4, 3, rng), nn::Softmax<T>());
  for (std::size_t k : {0u, 2u}) {
    auto& lin = net.template at<nn::Linear<T>>(k);
    lin.set_weight(to_tensor<T, 2>(c.at(std::to_string(k) + ".weight")));
    lin.set_bias(to_tensor<T, 1>(c.at(std::to_string(k) + ".bias")));
  }
  return net;
}

template <class T, std::size_t R>
nn::LossResult<T, R> apply_loss(const std::string& name, const Tensor<T, R>& y,
                                const ref::tensor& target) {
  if constexpr (R == 2) {
    if (name == "relu_ce") {
      Tensor<std::int64_t, 1> classes({static_cast<index_t>(target.values.size())});
      for (std::size_t i = 0; i < target.values.size(); ++i)
        classes.data()[i] = static_cast<std::int64_t>(target.values[i]);
      return nn::CrossEntropyLoss()(y, classes);
    }
  }
  const auto t = to_tensor<T, R>(target);
  if (name == "sigmoid_mse") return nn::MSELoss()(y, t);
  if (name == "tanh_bce_logits_3d") return nn::BCEWithLogitsLoss(nn::reduction::sum)(y, t);
  return nn::BCELoss()(y, t);
}

template <class T, std::size_t R>
void check_case(const std::string& name, const ref::case_data& c, double tol) {
  CAPTURE(name);
  auto net = make_net<T>(name, c);
  const auto x = to_tensor<T, R>(c.at("x"));
  const auto y = net.forward(x);
  check_close("y", y.data(), y.size(), c.at("y"), tol);
  const auto r = apply_loss(name, y, c.at("target"));
  check_close("loss", &r.loss, 1, c.at("loss"), tol);
  const auto dx = net.backward(r.grad);
  check_close("dx", dx.data(), dx.size(), c.at("dx"), tol);
  for (const auto& p : net.parameters())
    check_close("d" + p.name, p.grad.data(), p.grad.size(), c.at("d" + p.name), tol);

  const auto train = [&](const std::string& oname, auto make_opt) {
    auto fresh = make_net<T>(name, c);
    auto opt = make_opt(fresh.parameters());
    for (int step = 1; step <= 2; ++step) {
      opt.zero_grad();
      fresh.backward(apply_loss(name, fresh.forward(x), c.at("target")).grad);
      opt.step();
      for (const auto& p : fresh.parameters()) {
        const std::string key = oname + "." + std::to_string(step) + "." + p.name;
        check_close(key, p.value.data(), p.value.size(), c.at(key), tol);
      }
    }
  };
  using Params = std::vector<nn::Parameter<T>>;
  train("sgd_momentum", [](Params p) { return nn::SGD<T>(p, {.lr = 0.1, .momentum = 0.9}); });
  train("sgd_nesterov_wd", [](Params p) {
    return nn::SGD<T>(p, {.lr = 0.05, .momentum = 0.9, .weight_decay = 0.01, .nesterov = true});
  });
  train("sgd_dampening",
        [](Params p) { return nn::SGD<T>(p, {.lr = 0.2, .momentum = 0.5, .dampening = 0.25}); });
  train("adam", [](Params p) { return nn::Adam<T>(p, {.lr = 0.01}); });
  train("adam_wd", [](Params p) {
    return nn::Adam<T>(p,
                       {.lr = 0.02, .beta1 = 0.8, .beta2 = 0.99, .eps = 1e-6, .weight_decay = 0.1});
  });
}

template <class T>
void check_all(double tol) {
  check_case<T, 2>("sigmoid_mse", ref::sigmoid_mse, tol);
  check_case<T, 2>("relu_ce", ref::relu_ce, tol);
  check_case<T, 3>("tanh_bce_logits_3d", ref::tanh_bce_logits_3d, tol);
  check_case<T, 2>("leaky_softmax_bce", ref::leaky_softmax_bce, tol);
}

}  // namespace

TEST_CASE("nn matches PyTorch (double)") { check_all<double>(1e-12); }

TEST_CASE("nn matches PyTorch (float)") { check_all<float>(2e-5); }
