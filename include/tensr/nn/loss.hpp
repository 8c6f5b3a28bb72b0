// Losses with PyTorch's definitions: MSELoss, BCELoss, BCEWithLogitsLoss and
// CrossEntropyLoss. Calling one, `auto [loss, grad] = criterion(input, target);`, returns the
// loss and its gradient with respect to the input (what `loss.backward()` would send into
// the network), for reduction mean (the default) or sum. Losses hold no state.
// Bad input (shapes that differ, a class index out of range, a BCELoss probability outside
// [0, 1]) throws before anything is computed: shape_error, std::out_of_range and
// std::invalid_argument respectively.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/iterate.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/softmax.hpp"

TENSR_NAMESPACE_BEGIN
namespace nn {

/// How the per-element (per-sample, for CrossEntropyLoss) losses combine.
enum class reduction { mean, sum };

/// A loss value and d loss / d input (same shape as the input).
template <class T, std::size_t R>
struct LossResult {
  T loss;
  Tensor<T, R> grad;
};

namespace detail {

template <class X, class Y>
void check_same_shape(const char* who, const X& x, const Y& t) {
  if (x.shape() != t.shape())
    throw shape_error(std::string(who) + ": target of shape " +
                      tensr::detail::shape_str(t.shape()) + " differs from input of shape " +
                      tensr::detail::shape_str(x.shape()));
}

/// The shared body of the elementwise losses: f(x, t) -> {loss_i, dloss_i/dx_i}, summed and
/// scaled by the reduction.
template <class X, class Y, class F>
auto elementwise_loss(const char* who, reduction red, const X& input, const Y& target, F f) {
  using T = value_type_of<X>;
  constexpr std::size_t R = rank_of<X>;
  static_assert(std::is_floating_point_v<T>, "tensr::nn losses: the input must be float or double");
  static_assert(rank_of<Y> == R, "tensr::nn losses: input and target must have the same rank");
  const auto x = as_view(input);
  const auto t = as_view(target);
  check_same_shape(who, x, t);
  LossResult<T, R> r{T(0), Tensor<T, R>(x.shape(), Storage<T>::uninitialized)};
  const double scale = red == reduction::mean ? 1.0 / static_cast<double>(x.size()) : 1.0;
  double total = 0;
  T* g = r.grad.data();
  tensr::detail::for_each_run<3>(
      x.shape(), {x.strides(), t.strides(), r.grad.strides()}, [&](auto off, index_t n, auto st) {
        for (index_t k = 0; k < n; ++k) {
          const auto [l, d] = f(static_cast<double>(x.data()[off[0] + k * st[0]]),
                                static_cast<double>(t.data()[off[1] + k * st[1]]));
          total += l;
          g[off[2] + k * st[2]] = static_cast<T>(d * scale);
        }
      });
  r.loss = static_cast<T>(total * scale);
  return r;
}

struct loss_pair {
  double loss, grad;
};

/// What every loss holds: its reduction (PyTorch's `reduction=` argument).
class loss_base {
 public:
  explicit loss_base(reduction r = reduction::mean) noexcept : red_(r) {}

 protected:
  reduction red_;
};

}  // namespace detail

/// torch.nn.MSELoss: (x - t)^2, gradient 2 (x - t).
class MSELoss : public detail::loss_base {
 public:
  using loss_base::loss_base;
  template <tensor_like X, tensor_like Y>
  auto operator()(const X& input, const Y& target) const {
    return detail::elementwise_loss("MSELoss", red_, input, target, [](double x, double t) {
      const double d = x - t;
      return detail::loss_pair{d * d, 2 * d};
    });
  }
};

/// torch.nn.BCELoss on probabilities x in [0, 1]: -(t log x + (1 - t) log(1 - x)), each log
/// clamped at -100 as PyTorch does; gradient (x - t) / max(x (1 - x), 1e-12).
class BCELoss : public detail::loss_base {
 public:
  using loss_base::loss_base;
  template <tensor_like X, tensor_like Y>
  auto operator()(const X& input, const Y& target) const {
    const auto x = as_view(input);
    tensr::detail::for_each_run<1>(x.shape(), {x.strides()}, [&](auto off, index_t n, auto st) {
      for (index_t k = 0; k < n; ++k) {
        const auto v = x.data()[off[0] + k * st[0]];
        if (!(v >= 0 && v <= 1))
          throw std::invalid_argument(
              "BCELoss: all elements of input should be between 0 and 1, "
              "got " +
              std::to_string(v));
      }
    });
    return detail::elementwise_loss("BCELoss", red_, input, target, [](double p, double t) {
      const double lp = std::max(std::log(p), -100.0), lq = std::max(std::log1p(-p), -100.0);
      return detail::loss_pair{-(t * lp + (1 - t) * lq), (p - t) / std::max(p * (1 - p), 1e-12)};
    });
  }
};

/// torch.nn.BCEWithLogitsLoss: BCE of sigmoid(x), in the stable form
/// max(x, 0) - x t + log(1 + e^-|x|); gradient sigmoid(x) - t.
class BCEWithLogitsLoss : public detail::loss_base {
 public:
  using loss_base::loss_base;
  template <tensor_like X, tensor_like Y>
  auto operator()(const X& input, const Y& target) const {
    return detail::elementwise_loss(
        "BCEWithLogitsLoss", red_, input, target, [](double x, double t) {
          const double e = std::exp(-std::fabs(x));
          const double s = x >= 0 ? 1 / (1 + e) : e / (1 + e);
          return detail::loss_pair{std::max(x, 0.0) - x * t + std::log1p(e), s - t};
        });
  }
};

/// torch.nn.CrossEntropyLoss on logits [N, C] and integer class indices [N]:
/// logsumexp(x_n) - x_n[t_n] per sample (log-softmax inside); gradient softmax(x_n) - onehot.
/// Both come from one pass of tensr's softmax over each row.
class CrossEntropyLoss : public detail::loss_base {
 public:
  using loss_base::loss_base;
  template <tensor_like X, tensor_like Y>
  auto operator()(const X& input, const Y& target) const {
    using T = value_type_of<X>;
    static_assert(std::is_floating_point_v<T>, "CrossEntropyLoss: logits must be float or double");
    static_assert(rank_of<X> == 2 && rank_of<Y> == 1,
                  "CrossEntropyLoss: logits [N, C] and class indices [N]");
    static_assert(std::is_integral_v<value_type_of<Y>> && !std::is_same_v<value_type_of<Y>, bool>,
                  "CrossEntropyLoss: targets are integer class indices");
    const auto x = as_view(input);
    const auto t = as_view(target);
    const index_t n = x.shape()[0], c = x.shape()[1];
    if (t.shape()[0] != n)
      throw shape_error("CrossEntropyLoss: target of shape " + tensr::detail::shape_str(t.shape()) +
                        " does not fit input of shape " + tensr::detail::shape_str(x.shape()) +
                        " (expected (" + std::to_string(n) + ",))");
    for (index_t i = 0; i < n; ++i) {
      const auto k = t(i);
      // Compared in k's own type: a huge unsigned class index is out of range, not negative.
      if (std::cmp_less(k, 0) || std::cmp_greater_equal(k, c))
        throw std::out_of_range("CrossEntropyLoss: target " + std::to_string(k) + " of sample " +
                                std::to_string(i) + " is out of bounds for " + std::to_string(c) +
                                " classes");
    }
    // softmax(x_n) into the gradient and logsumexp(x_n) per sample, in one pass (ops/softmax.hpp).
    LossResult<T, 2> r{T(0), Tensor<T, 2>(x.shape(), Storage<T>::uninitialized)};
    Tensor<T, 1> lse(shape_t<1>{n}, Storage<T>::uninitialized);
    if (c > 0) tensr::detail::softmax_and_logsumexp<T, 2>(x, 1, r.grad.view(), lse.view());
    const double scale = red_ == reduction::mean ? 1.0 / static_cast<double>(n) : 1.0;
    double total = 0;
    for (index_t i = 0; i < n; ++i) {
      const auto k = static_cast<index_t>(t(i));
      total += static_cast<double>(lse(i)) - static_cast<double>(x(i, k));
      r.grad(i, k) -= T(1);
    }
    r.grad *= static_cast<T>(scale);
    r.loss = static_cast<T>(total * scale);
    return r;
  }
};

}  // namespace nn
TENSR_NAMESPACE_END
