// Weight initialization with PyTorch's formulas (torch.nn.init): calculate_gain,
// xavier_uniform / xavier_normal (Glorot), kaiming_uniform / kaiming_normal (He), and plain
// uniform / normal fills, all drawing from tensr's seeded Random in row-major order.
// Each fills a writable view (or an lvalue Tensor) in place; fans are computed from the shape as
// PyTorch does: fan_in = shape[1] * receptive field, fan_out = shape[0] * receptive field.
// A tensor with no elements is left as it is and nothing is drawn: PyTorch's kaiming_* return
// early for it (warning "Initializing zero-element tensors is a no-op"), and its fans may be 0,
// whose bounds would be infinite; nn::Linear(0, n) relies on it.
#pragma once

#include "tensr/core/internal.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/random.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"

TENSR_NAMESPACE_BEGIN
namespace nn {

/// Which fan kaiming_* scales by: fan_in keeps the forward pass's variance, fan_out the
/// backward pass's (torch's mode='fan_in' / 'fan_out').
enum class fan_mode { fan_in, fan_out };

/// torch.nn.init.calculate_gain: the factor that keeps activations' variance steady through
/// `nonlinearity` ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d/2d/3d",
/// "sigmoid": 1; "tanh": 5/3; "relu": sqrt(2); "leaky_relu": sqrt(2 / (1 + param^2)),
/// param defaulting to 0.01; "selu": 3/4). An unknown name is std::invalid_argument.
inline double calculate_gain(std::string_view nonlinearity, double param = 0.01) {
  for (std::string_view linear : {"linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
                                  "conv_transpose2d", "conv_transpose3d", "sigmoid"})
    if (nonlinearity == linear) return 1.0;
  if (nonlinearity == "tanh") return 5.0 / 3.0;
  if (nonlinearity == "relu") return std::sqrt(2.0);
  if (nonlinearity == "leaky_relu") return std::sqrt(2.0 / (1.0 + param * param));
  if (nonlinearity == "selu") return 0.75;
  throw std::invalid_argument("calculate_gain: unsupported nonlinearity \"" +
                              std::string(nonlinearity) + "\"");
}

namespace detail {

struct fans {
  double in, out;
};

/// torch.nn.init._calculate_fan_in_and_fan_out; fewer than 2 axes is a shape_error.
template <std::size_t R>
fans compute_fans(const shape_t<R>& s, const char* who) {
  if constexpr (R < 2) {
    throw shape_error(std::string(who) +
                      ": fan in and fan out cannot be computed for a tensor "
                      "with fewer than 2 dimensions, got shape " +
                      tensr::detail::shape_str(s));
  } else {
    double receptive = 1;
    for (std::size_t i = 2; i < R; ++i) receptive *= static_cast<double>(s[i]);
    return {static_cast<double>(s[1]) * receptive, static_cast<double>(s[0]) * receptive};
  }
}

template <class X>
using init_value_t = std::remove_const_t<typename decltype(as_view(
    std::declval<std::remove_reference_t<X>&>()))::element_type>;

}  // namespace detail

/// Fills `w` with U(low, high) (torch.nn.init.uniform_).
template <view_source W>
void uniform(W&& w, Random& rng, double low = 0, double high = 1) {
  using T = detail::init_value_t<W>;
  static_assert(std::is_floating_point_v<T>, "tensr::nn::uniform: needs a float or double tensor");
  auto v = as_view(w);
  v = rng.uniform<T>(v.shape(), static_cast<T>(low), static_cast<T>(high));
}

/// Fills `w` with N(mean, stddev^2) (torch.nn.init.normal_).
template <view_source W>
void normal(W&& w, Random& rng, double mean = 0, double stddev = 1) {
  using T = detail::init_value_t<W>;
  static_assert(std::is_floating_point_v<T>, "tensr::nn::normal: needs a float or double tensor");
  auto v = as_view(w);
  v = rng.normal<T>(v.shape(), static_cast<T>(mean), static_cast<T>(stddev));
}

/// Glorot: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)).
template <view_source W>
void xavier_uniform(W&& w, Random& rng, double gain = 1) {
  const auto f = detail::compute_fans(as_view(w).shape(), "xavier_uniform");
  if (as_view(w).size() == 0) return;  // both fans may be 0 (PyTorch divides by zero there)
  const double a = gain * std::sqrt(6.0 / (f.in + f.out));
  uniform(w, rng, -a, a);
}

/// Glorot: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)).
template <view_source W>
void xavier_normal(W&& w, Random& rng, double gain = 1) {
  const auto f = detail::compute_fans(as_view(w).shape(), "xavier_normal");
  if (as_view(w).size() == 0) return;
  normal(w, rng, 0.0, gain * std::sqrt(2.0 / (f.in + f.out)));
}

namespace detail {
template <class W>
double kaiming_std(const W& w, double a, fan_mode mode, std::string_view nonlinearity,
                   const char* who) {
  const auto f = compute_fans(as_view(w).shape(), who);
  const double fan = mode == fan_mode::fan_in ? f.in : f.out;
  return calculate_gain(nonlinearity, a) / std::sqrt(fan);
}
}  // namespace detail

/// He: U(-b, b) with b = sqrt(3) * gain / sqrt(fan), gain = calculate_gain(nonlinearity, a).
/// The defaults are PyTorch's (a = 0, fan_in, "leaky_relu"); nn::Linear uses a = sqrt(5).
template <view_source W>
void kaiming_uniform(W&& w, Random& rng, double a = 0, fan_mode mode = fan_mode::fan_in,
                     std::string_view nonlinearity = "leaky_relu") {
  if (as_view(w).size() == 0) return;  // before the fans, as PyTorch: any rank, fan 0 allowed
  const double b =
      std::sqrt(3.0) * detail::kaiming_std(w, a, mode, nonlinearity, "kaiming_uniform");
  uniform(w, rng, -b, b);
}

/// He: N(0, std^2) with std = gain / sqrt(fan).
template <view_source W>
void kaiming_normal(W&& w, Random& rng, double a = 0, fan_mode mode = fan_mode::fan_in,
                    std::string_view nonlinearity = "leaky_relu") {
  if (as_view(w).size() == 0) return;
  normal(w, rng, 0.0, detail::kaiming_std(w, a, mode, nonlinearity, "kaiming_normal"));
}

}  // namespace nn
TENSR_NAMESPACE_END
