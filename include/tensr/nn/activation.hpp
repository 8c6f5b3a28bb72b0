// Activation modules: Sigmoid, ReLU, Tanh, LeakyReLU and Softmax (over the last axis), with
// PyTorch's definitions. Sigmoid and Tanh run on the vectorized float math of ops/vmath.hpp.
// Sigmoid, ReLU and Tanh differentiate from their output alone (y(1-y), 1-y^2, y>0), which is
// what lets Sequential fuse them into the preceding Linear's GEMM write-back.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/nn/module.hpp"
#include "tensr/ops/broadcast.hpp"
#include "tensr/ops/vmath.hpp"

TENSR_NAMESPACE_BEGIN
namespace nn {
namespace detail {

// The elementwise functions, one per activation; Linear's fused write-back uses them too.
struct identity_fn {
  template <class T>
  TENSR_ALWAYS_INLINE static T apply(T x) noexcept {
    return x;
  }
};
struct relu_fn {
  template <class T>
  TENSR_ALWAYS_INLINE static T apply(T x) noexcept {
    return x < T(0) ? T(0) : x;  // NaN stays NaN, as torch.relu
  }
};
struct sigmoid_fn {
  template <class T>
  TENSR_ALWAYS_INLINE static T apply(T x) noexcept {
    return tensr::detail::vmath::sigmoid(x);
  }
};
struct tanh_fn {
  template <class T>
  TENSR_ALWAYS_INLINE static T apply(T x) noexcept {
    return tensr::detail::vmath::tanh(x);
  }
};

/// One row: o[j] = f(a[j], b[j]...) in blocks of simd_block, which g++ -O2 vectorizes too.
template <class F, class T, class... P>
TENSR_ALWAYS_INLINE void map_row(const F& f, index_t n, T* __restrict o, const T* __restrict a,
                                 const P* __restrict... b) {
  constexpr index_t B = tensr::detail::simd_block;
  index_t j = 0;
  for (; j + B <= n; j += B)
    for (index_t k = 0; k < B; ++k) o[j + k] = f(a[j + k], b[j + k]...);
  for (; j < n; ++j) o[j] = f(a[j], b[j]...);
}

/// The rows loop, compiled once per instruction set by tensr::detail::simd_run.
struct map_rows_k {
  template <class F, class T, class... V>
  TENSR_ALWAYS_INLINE void operator()(const F& f, T* out, const TensorView<const T, 2>& a,
                                      const V&... more) const {
    const index_t rows = a.shape()[0], cols = a.shape()[1];
    for (index_t i = 0; i < rows; ++i)
      map_row(f, cols, out + i * cols, a.data() + i * a.strides()[0],
              (more.data() + i * more.strides()[0])...);
  }
};

/// out(i, j) = f(a(i, j), b(i, j), ...) over rows views (unit column stride, any row
/// stride) into out (given a's shape, its storage reused when it has it), vectorized for the
/// CPU's widest instruction set (float math from ops/vmath.hpp).
template <class T, class F, class... V>
void map_rows(F f, Tensor<T, 2>& out, const TensorView<const T, 2>& a, const V&... more) {
  resize_rows(out, a.shape());
  tensr::detail::simd_run(tensr::detail::simd_active_isa(), map_rows_k{}, f, out.data(), a,
                          more...);
}

template <class T>
void check_same_rows(const TensorView<const T, 2>& a, const TensorView<const T, 2>& b) {
  if (a.shape() != b.shape())
    throw shape_error("backward: grad_output of shape " + tensr::detail::shape_str(b.shape()) +
                      " does not match the output's shape " + tensr::detail::shape_str(a.shape()));
}

/// The shared body of the activations that keep the feature size.
template <class T>
class Elementwise : public Module<T> {
 public:
  index_t output_features(index_t in) const override { return in; }
};

}  // namespace detail

/// torch.nn.Sigmoid: 1 / (1 + e^-x); backward grad * y * (1 - y).
template <class T = float>
class Sigmoid : public detail::Elementwise<T> {
 public:
  using rows_view = TensorView<const T, 2>;
  void forward_rows(rows_view x, Tensor<T, 2>& y) override {
    detail::map_rows<T>([](T v) { return detail::sigmoid_fn::apply(v); }, y, x);
  }
  void backward_rows(rows_view, rows_view y, rows_view g, Tensor<T, 2>* gx) override {
    detail::check_same_rows(y, g);
    if (gx) detail::map_rows<T>([](T yv, T gv) { return gv * yv * (T(1) - yv); }, *gx, y, g);
  }
  bool needs_input() const noexcept override { return false; }
  bool needs_output() const noexcept override { return true; }
  fused_activation fusable() const noexcept override { return fused_activation::sigmoid; }
};

/// torch.nn.Tanh; backward grad * (1 - y^2).
template <class T = float>
class Tanh : public detail::Elementwise<T> {
 public:
  using rows_view = TensorView<const T, 2>;
  void forward_rows(rows_view x, Tensor<T, 2>& y) override {
    detail::map_rows<T>([](T v) { return detail::tanh_fn::apply(v); }, y, x);
  }
  void backward_rows(rows_view, rows_view y, rows_view g, Tensor<T, 2>* gx) override {
    detail::check_same_rows(y, g);
    if (gx) detail::map_rows<T>([](T yv, T gv) { return gv * (T(1) - yv * yv); }, *gx, y, g);
  }
  bool needs_input() const noexcept override { return false; }
  bool needs_output() const noexcept override { return true; }
  fused_activation fusable() const noexcept override { return fused_activation::tanh; }
};

/// torch.nn.ReLU: max(x, 0); the gradient at 0 is 0, as PyTorch's.
template <class T = float>
class ReLU : public detail::Elementwise<T> {
 public:
  using rows_view = TensorView<const T, 2>;
  void forward_rows(rows_view x, Tensor<T, 2>& y) override {
    detail::map_rows<T>([](T v) { return detail::relu_fn::apply(v); }, y, x);
  }
  void backward_rows(rows_view, rows_view y, rows_view g, Tensor<T, 2>* gx) override {
    detail::check_same_rows(y, g);
    if (gx) detail::map_rows<T>([](T yv, T gv) { return yv > T(0) ? gv : T(0); }, *gx, y, g);
  }
  bool needs_input() const noexcept override { return false; }
  bool needs_output() const noexcept override { return true; }
  fused_activation fusable() const noexcept override { return fused_activation::relu; }
};

/// torch.nn.LeakyReLU(negative_slope = 0.01): x for x > 0, negative_slope * x otherwise.
template <class T = float>
class LeakyReLU : public detail::Elementwise<T> {
 public:
  using rows_view = TensorView<const T, 2>;
  explicit LeakyReLU(double negative_slope = 0.01) : slope_(static_cast<T>(negative_slope)) {}
  T negative_slope() const noexcept { return slope_; }
  void forward_rows(rows_view x, Tensor<T, 2>& y) override {
    const T s = slope_;
    detail::map_rows<T>(
        [s](T v) {
          const T neg = v * s;  // computed unconditionally, so the select vectorizes
          return v > T(0) ? v : neg;
        },
        y, x);
  }
  void backward_rows(rows_view x, rows_view, rows_view g, Tensor<T, 2>* gx) override {
    detail::check_same_rows(x, g);
    if (!gx) return;
    const T s = slope_;
    detail::map_rows<T>(
        [s](T xv, T gv) {
          const T neg = gv * s;
          return xv > T(0) ? gv : neg;
        },
        *gx, x, g);
  }

 private:
  T slope_;
};

/// torch.nn.Softmax(dim=-1): exp(x - max) / sum over the last axis, row by row;
/// backward y * (grad - sum(grad * y)).
template <class T = float>
class Softmax : public detail::Elementwise<T> {
 public:
  using rows_view = TensorView<const T, 2>;
  void forward_rows(rows_view x, Tensor<T, 2>& y) override {
    detail::resize_rows(y, x.shape());
    const index_t rows = x.shape()[0], n = x.shape()[1];
    for (index_t i = 0; i < rows; ++i) {
      const T* xi = x.data() + i * x.strides()[0];
      T* yi = y.data() + i * n;
      const T m = n > 0 ? *std::max_element(xi, xi + n) : T(0);
      T s = 0;
      for (index_t j = 0; j < n; ++j) s += yi[j] = std::exp(xi[j] - m);
      for (index_t j = 0; j < n; ++j) yi[j] /= s;
    }
  }
  void backward_rows(rows_view, rows_view y, rows_view g, Tensor<T, 2>* gx) override {
    detail::check_same_rows(y, g);
    if (!gx) return;
    detail::resize_rows(*gx, y.shape());
    const index_t rows = y.shape()[0], n = y.shape()[1];
    for (index_t i = 0; i < rows; ++i) {
      const T* yi = y.data() + i * y.strides()[0];
      const T* gi = g.data() + i * g.strides()[0];
      T* out = gx->data() + i * n;
      T dot = 0;
      for (index_t j = 0; j < n; ++j) dot += gi[j] * yi[j];
      for (index_t j = 0; j < n; ++j) out[j] = yi[j] * (gi[j] - dot);
    }
  }
  bool needs_input() const noexcept override { return false; }
  bool needs_output() const noexcept override { return true; }
};

}  // namespace nn
TENSR_NAMESPACE_END
