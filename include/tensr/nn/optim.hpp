// Optimizers with torch.optim's update rules, step for step: SGD (momentum, dampening,
// Nesterov, weight decay) and Adam (bias-corrected moments, eps outside the square root,
// L2 weight decay added to the gradient). An optimizer holds the parameters' views (from
// module.parameters()), so the module must outlive it and stay where it is.
#pragma once

#include "tensr/core/internal.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/nn/module.hpp"

TENSR_NAMESPACE_BEGIN
namespace nn {

/// torch.optim.SGD's arguments: `SGD opt(net.parameters(), {.lr = 0.1, .momentum = 0.9});`
struct SGDOptions {
  double lr = 1e-3;
  double momentum = 0;
  double dampening = 0;
  double weight_decay = 0;
  bool nesterov = false;
};

/// torch.optim.Adam's arguments (amsgrad is not supported).
struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;
};

namespace detail {

template <class T>
class Optimizer {
 public:
  explicit Optimizer(std::vector<Parameter<T>> params) : params_(std::move(params)) {}
  /// Sets every parameter's gradient to zero (torch's optimizer.zero_grad(set_to_none=False)).
  void zero_grad() {
    for (auto& p : params_) p.grad.fill(T(0));
  }
  const std::vector<Parameter<T>>& parameters() const noexcept { return params_; }

 protected:
  /// One zero-filled state tensor per parameter.
  std::vector<Tensor<T, 1>> zeros_like_params() const {
    std::vector<Tensor<T, 1>> s;
    for (const auto& p : params_) s.emplace_back(p.value.shape(), T(0));
    return s;
  }
  std::vector<Parameter<T>> params_;
};

inline void check_nonnegative(const char* who, const char* what, double v) {
  if (!(v >= 0))
    throw std::invalid_argument(std::string(who) + ": invalid " + what + " " + std::to_string(v));
}

}  // namespace detail

/// p -= lr * d with d = g + wd p, then with momentum: buf = d on the first step, else
/// momentum buf + (1 - dampening) d; d = buf, or d + momentum buf for Nesterov.
template <class T = float>
class SGD : public detail::Optimizer<T> {
 public:
  SGD(std::vector<Parameter<T>> params, SGDOptions o)
      : detail::Optimizer<T>(std::move(params)), o_(o) {
    detail::check_nonnegative("SGD", "learning rate", o.lr);
    detail::check_nonnegative("SGD", "momentum value", o.momentum);
    detail::check_nonnegative("SGD", "weight_decay value", o.weight_decay);
    if (o.nesterov && (o.momentum <= 0 || o.dampening != 0))
      throw std::invalid_argument("SGD: Nesterov momentum requires a momentum and zero dampening");
    if (o.momentum != 0) buf_ = this->zeros_like_params();
  }

  void step() {
    const T lr = static_cast<T>(o_.lr), mu = static_cast<T>(o_.momentum),
            damp = static_cast<T>(1 - o_.dampening), wd = static_cast<T>(o_.weight_decay);
    for (std::size_t i = 0; i < this->params_.size(); ++i) {
      auto& p = this->params_[i];
      T* v = p.value.data();
      const T* g = p.grad.data();
      T* b = buf_.empty() ? nullptr : buf_[i].data();
      const index_t sv = p.value.strides()[0], sg = p.grad.strides()[0];
      for (index_t k = 0, n = p.value.size(); k < n; ++k) {
        T d = g[k * sg];
        if (wd != T(0)) d += wd * v[k * sv];
        if (b) {
          b[k] = started_ ? mu * b[k] + damp * d : d;
          d = o_.nesterov ? d + mu * b[k] : b[k];
        }
        v[k * sv] -= lr * d;
      }
    }
    started_ = true;
  }

  const SGDOptions& options() const noexcept { return o_; }

 private:
  SGDOptions o_;
  std::vector<Tensor<T, 1>> buf_;  // momentum buffers
  bool started_ = false;
};

/// m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2 (g including wd p), then
/// p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
template <class T = float>
class Adam : public detail::Optimizer<T> {
 public:
  Adam(std::vector<Parameter<T>> params, AdamOptions o)
      : detail::Optimizer<T>(std::move(params)),
        o_(o),
        m_(this->zeros_like_params()),
        v_(this->zeros_like_params()) {
    detail::check_nonnegative("Adam", "learning rate", o.lr);
    detail::check_nonnegative("Adam", "epsilon value", o.eps);
    detail::check_nonnegative("Adam", "weight_decay value", o.weight_decay);
    if (!(o.beta1 >= 0 && o.beta1 < 1) || !(o.beta2 >= 0 && o.beta2 < 1))
      throw std::invalid_argument("Adam: betas must be in [0, 1)");
  }

  void step() {
    ++t_;
    const double bc1 = 1 - std::pow(o_.beta1, static_cast<double>(t_));
    const double bc2 = 1 - std::pow(o_.beta2, static_cast<double>(t_));
    const T step_size = static_cast<T>(o_.lr / bc1), bc2_sqrt = static_cast<T>(std::sqrt(bc2));
    const T b1 = static_cast<T>(o_.beta1), b2 = static_cast<T>(o_.beta2);
    const T eps = static_cast<T>(o_.eps), wd = static_cast<T>(o_.weight_decay);
    for (std::size_t i = 0; i < this->params_.size(); ++i) {
      auto& p = this->params_[i];
      T* v = p.value.data();
      const T* g = p.grad.data();
      T* m1 = m_[i].data();
      T* m2 = v_[i].data();
      const index_t sv = p.value.strides()[0], sg = p.grad.strides()[0];
      for (index_t k = 0, n = p.value.size(); k < n; ++k) {
        T d = g[k * sg];
        if (wd != T(0)) d += wd * v[k * sv];
        m1[k] = b1 * m1[k] + (T(1) - b1) * d;
        m2[k] = b2 * m2[k] + (T(1) - b2) * d * d;
        v[k * sv] -= step_size * m1[k] / (std::sqrt(m2[k]) / bc2_sqrt + eps);
      }
    }
  }

  long steps() const noexcept { return t_; }
  const AdamOptions& options() const noexcept { return o_; }

 private:
  AdamOptions o_;
  std::vector<Tensor<T, 1>> m_, v_;  // first and second moment estimates
  long t_ = 0;
};

}  // namespace nn
TENSR_NAMESPACE_END
