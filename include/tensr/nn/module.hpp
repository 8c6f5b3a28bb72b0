// nn::Module<T>: the interface every layer shares, and nn::Parameter<T>.
//
// A module maps inputs of shape [..., in] to outputs [..., out]. Its work is written once on
// rows: forward_rows / backward_rows see the input flattened to [rows, in] (leading axes
// merged; a 1-D input is one row) and write into buffers the caller keeps, so a training
// loop through Sequential allocates nothing after its first step. The public forward(x) /
// backward(grad_output) take any rank and give results back in the caller's rank, as
// PyTorch's modules do; what backward needs of a forward is kept as PyTorch's autograd saves
// tensors, by reference (a Tensor input and the returned output share their buffers with the
// module), and a view input, whose memory the caller may reuse, as a copy. backward returns d loss
// / d input and *adds* d loss / d parameter into each parameter's gradient (PyTorch's .grad
// accumulation); backward_params does only the latter (PyTorch's case of an input that does not
// require grad, which saves the first Linear's input-gradient GEMM); zero_grad() clears them.
// train() / eval() set a flag that layers with mode-dependent behaviour would read (none of
// the current layers has any) and that Sequential passes on to its children.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"

TENSR_NAMESPACE_BEGIN
namespace nn {

/// A trainable tensor and its gradient, both flattened to one axis (optimizers work element
/// by element); `shape` is the parameter's own shape, `name` PyTorch's ("weight", "0.bias").
template <class T>
struct Parameter {
  std::string name;
  std::vector<index_t> shape;
  TensorView<T, 1> value;
  TensorView<T, 1> grad;
};

/// An elementwise function that a module can have applied to the output of the module before
/// it while that output is written: block = f(block + bias), block by block (bias: one value
/// per column of the block, or null). An activation whose backward needs only its own output
/// supplies one (Module::epilogue); Linear applies it in its GEMM's write-back (Sequential
/// pairs them), so the activation costs no pass of its own over memory.
template <class T>
class Epilogue {
 public:
  virtual ~Epilogue() = default;
  virtual void operator()(const TensorView<T, 2>& block, const T* bias) const = 0;
};

namespace detail {

/// Gives t the shape s, keeping its storage when it already has that shape (the buffers of a
/// training loop are allocated once; fresh large buffers would also cost page faults).
template <class T>
void resize_rows(Tensor<T, 2>& t, const shape_t<2>& s) {
  if (t.shape() != s) t = Tensor<T, 2>(s, Storage<T>::uninitialized);
}

/// dst = src, reusing dst's storage when the shapes agree (caches are rewritten every step).
template <class T>
void assign_rows(Tensor<T, 2>& dst, const TensorView<const T, 2>& src) {
  resize_rows(dst, src.shape());
  dst.view() = src;
}

/// x's shape with the last axis set to `last`.
template <std::size_t R>
shape_t<R> with_last(shape_t<R> s, index_t last) {
  s[R - 1] = last;
  return s;
}

/// The rows view of x: [prod(leading axes), last axis], with unit column stride (what every
/// row kernel assumes); `keep` holds a copy when x's layout gives no such view.
template <class T, std::size_t R>
TensorView<const T, 2> as_rows(const TensorView<const T, R>& x, Tensor<T, 2>& keep) {
  static_assert(R >= 1, "tensr::nn: module inputs have at least one axis");
  index_t rows = 1;
  for (std::size_t i = 0; i + 1 < R; ++i) rows *= x.shape()[i];
  const shape_t<2> s{rows, x.shape()[R - 1]};
  if constexpr (R == 2) {
    if (x.strides()[1] == 1 || x.shape()[1] <= 1) return x;
  } else {
    if (x.is_contiguous()) return x.reshape(s);
  }
  keep = Tensor<T, R>(x).reshape(s);
  return keep.view();
}

/// The [rows, n] result back in rank R, with `shape` (whose product is rows * n).
template <class T, std::size_t R>
Tensor<T, R> from_rows(Tensor<T, 2>&& y, const shape_t<R>& shape) {
  if constexpr (R == 2)
    return std::move(y);
  else
    return std::move(y).reshape(shape);
}

}  // namespace detail

/// The interface of every layer (torch.nn.Module without autograd): forward, backward that
/// returns d loss / d input and adds into the parameters' gradients, parameters, zero_grad,
/// train and eval.
template <class T = float>
class Module {
  static_assert(std::is_floating_point_v<T>, "tensr::nn: modules hold float or double");

 public:
  using value_type = T;
  using rows_view = TensorView<const T, 2>;

  Module() = default;
  Module(const Module&) = default;
  Module(Module&&) noexcept = default;
  Module& operator=(const Module&) = default;
  Module& operator=(Module&&) noexcept = default;
  virtual ~Module() = default;

  /// y = module(x) for x of shape [..., in] (also [in]); caches what backward needs.
  /// A wrong feature size is a shape_error and leaves the module as it was.
  template <tensor_like X>
  Tensor<T, rank_of<X>> forward(const X& x) {
    constexpr std::size_t R = rank_of<X>;
    static_assert(std::is_same_v<value_type_of<X>, T>,
                  "tensr::nn: the input's element type must be the module's");
    const TensorView<const T, R> v = as_view(x);
    const index_t out = output_features(v.shape()[R - 1]);  // throws before any change
    Tensor<T, 2> keep, y;
    const rows_view xr = detail::as_rows(v, keep);
    forward_rows(xr, y);
    const shape_t<R> ys = detail::with_last(v.shape(), out);
    Tensor<T, R> result = detail::from_rows(std::move(y), ys);
    // What backward reads is kept by reference, as PyTorch's autograd saves tensors: x when it
    // is a Tensor whose elements xr views, and the result; a view input (whose memory the
    // caller may reuse) is copied, and a rows copy of x already made is kept.
    x_ = {};
    y_ = {};
    if (needs_input()) {
      if (!keep.empty()) {
        x_.copy = std::move(keep);
        x_.set(x_.copy.view());
      } else if constexpr (tensr::detail::is_tensor_v<X>) {
        x_.keep = x.share_storage();
        x_.set(xr);
      } else {
        x_.copy = Tensor<T, 2>(xr);
        x_.set(x_.copy.view());
      }
    }
    if (needs_output()) {
      y_.keep = result.share_storage();
      y_.set(rows_view(result.data(), {xr.shape()[0], out}));
    }
    in_shape_.assign(v.shape().begin(), v.shape().end());
    out_shape_.assign(ys.begin(), ys.end());
    return result;
  }

  /// d loss / d x for the last forward's input, given d loss / d y (the output's shape);
  /// adds the parameters' gradients into their .grad. A grad_output of another shape is a
  /// shape_error and changes nothing.
  template <tensor_like G>
  Tensor<T, rank_of<G>> backward(const G& grad_output) {
    constexpr std::size_t R = rank_of<G>;
    Tensor<T, 2> gx;
    run_backward(grad_output, &gx);
    shape_t<R> xs{};
    std::copy(in_shape_.begin(), in_shape_.end(), xs.begin());
    return detail::from_rows(std::move(gx), xs);
  }

  /// backward without d loss / d x: only adds the parameters' gradients. This is what
  /// PyTorch computes for an input that does not require grad (a network's data), and it
  /// skips the first Linear's grad_y W product.
  template <tensor_like G>
  void backward_params(const G& grad_output) {
    run_backward(grad_output, nullptr);
  }

  /// The trainable tensors with their gradients (none for activations).
  virtual std::vector<Parameter<T>> parameters() { return {}; }
  /// Sets every parameter's gradient to zero.
  void zero_grad() {
    for (auto& p : parameters()) p.grad.fill(T(0));
  }
  /// Training mode on (the default) or off; eval() is train(false).
  virtual void train(bool on = true) { training_ = on; }
  void eval() { train(false); }
  bool is_training() const noexcept { return training_; }

  // ---- the row interface (what a layer implements; Sequential calls it directly) ---------

  /// The output's last axis for an input whose last axis is `in` (shape_error when `in` is
  /// not what the module takes).
  virtual index_t output_features(index_t in) const = 0;
  /// y = f(x) on rows; caches nothing. y's storage is reused when y already has the output's
  /// shape (detail::resize_rows); y must not share storage with x.
  virtual void forward_rows(rows_view x, Tensor<T, 2>& y) = 0;
  /// grad_x (into *grad_x, reused like forward_rows' y; skipped when grad_x is null) from the
  /// forward's input x, its output y and grad_y; accumulates parameter gradients. Only what
  /// needs_input() / needs_output() announce is read (the others may be empty views).
  virtual void backward_rows(rows_view x, rows_view y, rows_view grad_y, Tensor<T, 2>* grad_x) = 0;
  virtual bool needs_input() const noexcept { return true; }
  virtual bool needs_output() const noexcept { return false; }
  /// This module as an epilogue of the module before it (an elementwise function whose
  /// backward reads only its output), or null. A module that returns one must give, from
  /// forward_rows, exactly what the epilogue computes on its input.
  virtual const Epilogue<T>* epilogue() const noexcept { return nullptr; }
  /// forward_rows with `ep` applied to the output as it is written, for modules that can
  /// (Linear); false, and nothing done, for the others.
  virtual bool forward_rows_with(rows_view x, const Epilogue<T>& ep, Tensor<T, 2>& y) {
    static_cast<void>(x), static_cast<void>(ep), static_cast<void>(y);
    return false;
  }

 private:
  /// backward's checks and work; grad_x may be null.
  template <class G>
  void run_backward(const G& grad_output, Tensor<T, 2>* grad_x) {
    static_assert(std::is_same_v<value_type_of<G>, T>,
                  "tensr::nn: grad_output's element type must be the module's");
    const TensorView<const T, rank_of<G>> g = as_view(grad_output);
    if (in_shape_.empty()) throw std::logic_error("tensr::nn: backward() before forward()");
    if (rank_of<G> != out_shape_.size() ||
        !std::equal(g.shape().begin(), g.shape().end(), out_shape_.begin()))
      throw shape_error("backward: grad_output of shape " + tensr::detail::shape_str(g.shape()) +
                        " does not match the output's shape " + shape_string(out_shape_));
    Tensor<T, 2> keep;
    backward_rows(x_.rows(), y_.rows(), detail::as_rows(g, keep), grad_x);
  }

  static std::string shape_string(const std::vector<index_t>& s) {
    std::string r = "(";
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i) r += ',';
      r += std::to_string(s[i]);
    }
    r += s.size() == 1 ? ",)" : ")";
    return r;
  }

  /// Rows of the last forward that backward reads: the caller's tensor kept alive by `keep`,
  /// or a copy.
  struct saved_rows {
    tensr::detail::shared_buffer<T> keep;
    Tensor<T, 2> copy;
    const T* p = nullptr;
    shape_t<2> shape{}, strides{};
    void set(const rows_view& r) { p = r.data(), shape = r.shape(), strides = r.strides(); }
    rows_view rows() const { return {p, shape, strides, tensr::detail::trusted}; }
  };
  saved_rows x_, y_;
  std::vector<index_t> in_shape_, out_shape_;
  bool training_ = true;
};

}  // namespace nn
TENSR_NAMESPACE_END
