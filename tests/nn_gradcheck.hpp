// One finite-difference gradient checker (double) for every nn module and loss.
//
// A module is checked through the scalar L = sum(u * module(x)) with a fixed random upstream
// gradient u whose entries are bounded away from zero (|u| in [0.5, 1.5)): backward(u) must
// give dL/dx, and every parameter's .grad must hold dL/dp. Each is compared with central
// differences (h = 1e-6) element by element, and separately per tensor (dx, then each of
// dW, db, ... by name), and each analytic gradient must be clearly non-zero, so a check can
// never pass by comparing zero with zero.
#pragma once

#include <doctest/doctest.h>
#include <tensr/tensr.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace nn_test {

using tensr::index_t;
using tensr::Tensor;

/// Values bounded away from zero: sign * U(0.5, 1.5).
template <std::size_t R>
Tensor<double, R> nonzero_uniform(const tensr::shape_t<R>& shape, tensr::Random& rng) {
  auto t = rng.uniform<double>(shape, 0.5, 1.5);
  for (index_t i = 0; i < t.size(); ++i)
    if (rng.uniform<double>() < 0.5) t.data()[i] = -t.data()[i];
  return t;
}

/// Compares analytic with numeric, element by element, for the tensor called `what`.
inline void compare(const std::string& what, const double* analytic,
                    const std::vector<double>& numeric, double tol) {
  CAPTURE(what);
  double largest = 0;
  for (std::size_t i = 0; i < numeric.size(); ++i) {
    CAPTURE(i);
    CHECK(std::fabs(analytic[i] - numeric[i]) <= tol * (1 + std::fabs(numeric[i])));
    largest = std::max(largest, std::fabs(analytic[i]));
  }
  CHECK(largest > 1e-3);  // a gradient of all zeros would hide a bug elsewhere
}

/// The central difference of f with respect to every element of p (restored afterwards).
inline std::vector<double> numeric_gradient(double* p, index_t n, index_t stride,
                                            const std::function<double()>& f) {
  const double h = 1e-6;
  std::vector<double> g(static_cast<std::size_t>(n));
  for (index_t i = 0; i < n; ++i) {
    double& v = p[i * stride];
    const double keep = v;
    v = keep + h;
    const double up = f();
    v = keep - h;
    const double down = f();
    v = keep;
    g[static_cast<std::size_t>(i)] = (up - down) / (2 * h);
  }
  return g;
}

/// Checks dL/dx and dL/dp of every parameter of `m` at input x (any rank).
template <std::size_t R>
void check_module(tensr::nn::Module<double>& m, Tensor<double, R> x, tensr::Random& rng,
                  double tol = 1e-6) {
  const auto y0 = m.forward(x);
  const auto u = nonzero_uniform(y0.shape(), rng);
  const auto objective = [&] {
    const auto y = m.forward(x);
    double s = 0;
    for (index_t i = 0; i < y.size(); ++i) s += u.data()[i] * y.data()[i];
    return s;
  };
  // Analytic: one forward (at x itself) and one backward from zeroed gradients.
  m.zero_grad();
  m.forward(x);
  const auto gx = m.backward(u);
  REQUIRE(gx.shape() == x.shape());
  std::vector<std::vector<double>> gp;
  for (const auto& p : m.parameters())
    gp.emplace_back(p.grad.data(), p.grad.data() + p.grad.size());

  compare("dx", gx.data(), numeric_gradient(x.data(), x.size(), 1, objective), tol);
  auto params = m.parameters();
  REQUIRE(params.size() == gp.size());
  for (std::size_t k = 0; k < params.size(); ++k) {
    auto& p = params[k];
    compare("d" + p.name, gp[k].data(),
            numeric_gradient(p.value.data(), p.value.size(), p.value.strides()[0], objective), tol);
  }
}

/// Checks a loss's gradient with respect to its input: grad = d loss / d input.
template <class Loss, std::size_t R, class Target>
void check_loss(const Loss& loss, Tensor<double, R> x, const Target& target, double tol = 1e-6) {
  const auto r = loss(x, target);
  REQUIRE(r.grad.shape() == x.shape());
  compare("dinput", r.grad.data(),
          numeric_gradient(x.data(), x.size(), 1, [&] { return double(loss(x, target).loss); }),
          tol);
}

/// Checks a loss after a module: d loss(module(x)) / dx and / dp through module.backward.
template <class Loss, std::size_t R, class Target>
void check_module_loss(tensr::nn::Module<double>& m, const Loss& loss, Tensor<double, R> x,
                       const Target& target, double tol = 1e-6) {
  const auto objective = [&] { return double(loss(m.forward(x), target).loss); };
  m.zero_grad();
  const auto gx = m.backward(loss(m.forward(x), target).grad);
  std::vector<std::vector<double>> gp;
  for (const auto& p : m.parameters())
    gp.emplace_back(p.grad.data(), p.grad.data() + p.grad.size());
  compare("dx", gx.data(), numeric_gradient(x.data(), x.size(), 1, objective), tol);
  auto params = m.parameters();
  for (std::size_t k = 0; k < params.size(); ++k) {
    auto& p = params[k];
    compare("d" + p.name, gp[k].data(),
            numeric_gradient(p.value.data(), p.value.size(), p.value.strides()[0], objective), tol);
  }
}

}  // namespace nn_test
