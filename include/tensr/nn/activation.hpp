// Activation modules: Sigmoid, ReLU, Tanh, LeakyReLU and Softmax (over the last axis), with
// PyTorch's definitions. Their forward passes are the elementwise ops of ops/ (tensr::sigmoid,
// tensr::softmax, ...) and their backward passes run on the same elementwise loop, so they are
// vectorized for every instruction-set level. Sigmoid, ReLU and Tanh differentiate from their
// output alone (y(1-y), 1-y^2, y>0), which lets each hand its function to the Linear before it
// as an Epilogue: Sequential then runs the pair as one GEMM whose write-back applies it.
#pragma once

#include "tensr/core/internal.hpp"

#include <cstddef>
#include <string>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/nn/module.hpp"
#include "tensr/ops/elementwise.hpp"
#include "tensr/ops/loop.hpp"
#include "tensr/ops/reduce.hpp"
#include "tensr/ops/softmax.hpp"

TENSR_NAMESPACE_BEGIN
namespace nn {
namespace detail {

/// f(y + b): an elementwise function F applied after a bias add.
template <class F>
struct add_then {
  static constexpr bool wide = F::wide;
  template <class T>
  TENSR_ALWAYS_INLINE auto operator()(T y, T b) const noexcept {
    return F{}(static_cast<T>(y + b));
  }
};

/// block = f(block + bias) on the elementwise loop; bias is broadcast down the rows.
template <class F, class T>
void apply_epilogue(const F& f, const TensorView<T, 2>& blk, const T* bias) {
  const tensr::detail::layout l = tensr::detail::layout_of(blk.shape(), blk.strides());
  if (bias) {
    const shape_t<2> bst{0, 1};
    add_then<F> g;
    tensr::detail::run_loop<tensr::detail::loop_alias::first>(
        g, 2, blk.shape().data(), blk.data(), blk.strides().data(),
        tensr::detail::loop_input<T>{blk.data(), blk.strides().data()},
        tensr::detail::loop_input<T>{bias, bst.data()});
  } else {
    F g = f;
    tensr::detail::run_loop<tensr::detail::loop_alias::first>(
        g, l.rank, l.shape, blk.data(), l.strides,
        tensr::detail::loop_input<T>{blk.data(), l.strides});
  }
}

/// The Epilogue of an elementwise function object F (one of ops' tensr::detail::*_fn<T>).
template <class T, class F>
class function_epilogue final : public Epilogue<T> {
 public:
  void operator()(const TensorView<T, 2>& block, const T* bias) const override {
    apply_epilogue(F{}, block, bias);
  }
};

// The gradients with respect to the input, from the output y (or input x) and grad_output g.
struct sigmoid_grad_fn {
  static constexpr bool wide = true;
  template <class T>
  TENSR_ALWAYS_INLINE T operator()(T y, T g) const noexcept {
    return g * y * (T(1) - y);
  }
};
struct tanh_grad_fn {
  static constexpr bool wide = true;
  template <class T>
  TENSR_ALWAYS_INLINE T operator()(T y, T g) const noexcept {
    return g * (T(1) - y * y);
  }
};
struct relu_grad_fn {
  static constexpr bool wide = true;
  template <class T>
  TENSR_ALWAYS_INLINE T operator()(T y, T g) const noexcept {
    return y > T(0) ? g : T(0);  // PyTorch's gradient at 0 is 0
  }
};
/// LeakyReLU forward (x) and backward (x, g), with its slope.
template <class T>
struct leaky_relu_fn {
  static constexpr bool wide = true;
  T slope;
  TENSR_ALWAYS_INLINE T operator()(T x) const noexcept {
    const T neg = x * slope;  // computed unconditionally, so the select vectorizes
    return x > T(0) ? x : neg;
  }
  TENSR_ALWAYS_INLINE T operator()(T x, T g) const noexcept {
    const T neg = g * slope;
    return x > T(0) ? g : neg;
  }
};
/// Softmax's backward with d = sum(g * y) of the row: y * (g - d).
struct softmax_grad_fn {
  static constexpr bool wide = true;
  template <class T>
  TENSR_ALWAYS_INLINE T operator()(T y, T g, T d) const noexcept {
    return y * (g - d);
  }
};

template <class T>
void check_same_rows(const TensorView<const T, 2>& a, const TensorView<const T, 2>& b) {
  if (a.shape() != b.shape())
    throw shape_error("backward: grad_output of shape " + tensr::detail::shape_str(b.shape()) +
                      " does not match the output's shape " + tensr::detail::shape_str(a.shape()));
}

/// grad_x = f(a, b) into *gx (resized to a's shape; nothing when gx is null).
template <class T, class F>
void backward_map(const F& f, const TensorView<const T, 2>& a, const TensorView<const T, 2>& g,
                  Tensor<T, 2>* gx) {
  check_same_rows(a, g);
  if (!gx) return;
  resize_rows(*gx, a.shape());
  tensr::detail::elementwise_into(f, gx->view(), a, g);
}

/// The shared body of the activations that keep the feature size.
template <class T>
class Elementwise : public Module<T> {
 public:
  index_t output_features(index_t in) const override { return in; }
};

/// The activations whose backward reads only their output: forward F, gradient G(y, g), and
/// the epilogue F supplies to the Linear before it.
template <class T, class F, class G>
class OutputActivation : public Elementwise<T> {
 public:
  using rows_view = TensorView<const T, 2>;
  void forward_rows(rows_view x, Tensor<T, 2>& y) override {
    resize_rows(y, x.shape());
    tensr::detail::elementwise_into(F{}, y.view(), x);
  }
  void backward_rows(rows_view, rows_view y, rows_view g, Tensor<T, 2>* gx) override {
    backward_map<T>(G{}, y, g, gx);
  }
  bool needs_input() const noexcept override { return false; }
  bool needs_output() const noexcept override { return true; }
  const Epilogue<T>* epilogue() const noexcept override { return &epilogue_; }

 private:
  function_epilogue<T, F> epilogue_;
};

}  // namespace detail

/// torch.nn.Sigmoid: 1 / (1 + e^-x); backward grad * y * (1 - y).
template <class T = float>
class Sigmoid
    : public detail::OutputActivation<T, tensr::detail::sigmoid_fn<T>, detail::sigmoid_grad_fn> {};

/// torch.nn.Tanh; backward grad * (1 - y^2).
template <class T = float>
class Tanh : public detail::OutputActivation<T, tensr::detail::tanh_fn<T>, detail::tanh_grad_fn> {};

/// torch.nn.ReLU: max(x, 0); the gradient at 0 is 0, as PyTorch's.
template <class T = float>
class ReLU : public detail::OutputActivation<T, tensr::detail::relu_fn<T>, detail::relu_grad_fn> {};

/// torch.nn.LeakyReLU(negative_slope = 0.01): x for x > 0, negative_slope * x otherwise.
template <class T = float>
class LeakyReLU : public detail::Elementwise<T> {
 public:
  using rows_view = TensorView<const T, 2>;
  explicit LeakyReLU(double negative_slope = 0.01) : fn_{static_cast<T>(negative_slope)} {}
  T negative_slope() const noexcept { return fn_.slope; }
  void forward_rows(rows_view x, Tensor<T, 2>& y) override {
    detail::resize_rows(y, x.shape());
    tensr::detail::elementwise_into(fn_, y.view(), x);
  }
  void backward_rows(rows_view x, rows_view, rows_view g, Tensor<T, 2>* gx) override {
    detail::backward_map<T>(fn_, x, g, gx);
  }

 private:
  detail::leaky_relu_fn<T> fn_;
};

/// torch.nn.Softmax(dim=-1): tensr::softmax over the last axis, row by row;
/// backward y * (grad - sum(grad * y)).
template <class T = float>
class Softmax : public detail::Elementwise<T> {
 public:
  using rows_view = TensorView<const T, 2>;
  void forward_rows(rows_view x, Tensor<T, 2>& y) override {
    detail::resize_rows(y, x.shape());
    softmax(x, 1, y);
  }
  void backward_rows(rows_view, rows_view y, rows_view g, Tensor<T, 2>* gx) override {
    detail::check_same_rows(y, g);
    if (!gx) return;
    detail::resize_rows(*gx, y.shape());
    if (dots_.shape() != shape_t<2>{y.shape()[0], 1})
      dots_ = Tensor<T, 2>(shape_t<2>{y.shape()[0], 1});
    multiply(g, y, *gx);
    sum(*gx, 1, dots_.view()(all, 0));
    tensr::detail::elementwise_into(detail::softmax_grad_fn{}, gx->view(), y, g,
                                    rows_view(dots_.view()));
  }
  bool needs_input() const noexcept override { return false; }
  bool needs_output() const noexcept override { return true; }

 private:
  Tensor<T, 2> dots_;  // sum(grad * y) per row, kept from step to step
};

}  // namespace nn
TENSR_NAMESPACE_END
