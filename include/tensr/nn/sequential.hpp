// nn::Sequential: modules applied in order (torch.nn.Sequential), itself a module.
//
// Sequential keeps every intermediate output for backward, so its children need no caches of
// their own; these buffers, and two for the gradients between modules, are reused from step to
// step. A module followed by one that supplies an Epilogue (an activation whose backward reads
// only its output: ReLU, Sigmoid, Tanh) runs the pair in one pass when it can apply it
// (Module::forward_rows_with: Linear's GEMM write-back adds the bias and applies it); the
// activation's backward then reads the fused output, which is exactly its own output.
#pragma once

#include "tensr/core/internal.hpp"

#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/nn/module.hpp"

TENSR_NAMESPACE_BEGIN
namespace nn {

/// A module type for element type T (taken by value into a Sequential).
template <class M, class T>
concept module_of = std::is_base_of_v<Module<T>, std::remove_cvref_t<M>>;

/// torch.nn.Sequential: modules applied in order, itself a module; keeps the intermediate
/// outputs for backward and reuses its buffers from step to step.
template <class T = float>
class Sequential : public Module<T> {
 public:
  using rows_view = TensorView<const T, 2>;

  Sequential() = default;
  /// Sequential(Linear(2, 16, rng), ReLU(), Linear(16, 1, rng)): takes the modules by value.
  template <module_of<T> M0, module_of<T>... M>
  explicit Sequential(M0&& first, M&&... rest) {
    push_back(std::forward<M0>(first));
    (push_back(std::forward<M>(rest)), ...);
  }
  Sequential(Sequential&&) noexcept = default;
  Sequential& operator=(Sequential&&) noexcept = default;

  /// Appends a module (moved or copied in).
  template <module_of<T> M>
  void push_back(M&& m) {
    modules_.push_back(std::make_unique<std::remove_cvref_t<M>>(std::forward<M>(m)));
  }

  std::size_t size() const noexcept { return modules_.size(); }
  Module<T>& operator[](std::size_t i) { return *modules_.at(i); }
  const Module<T>& operator[](std::size_t i) const { return *modules_.at(i); }
  /// The i-th module as its own type, e.g. net.at<Linear<float>>(0); std::bad_cast when it is
  /// another type, std::out_of_range past the end.
  template <class M>
  M& at(std::size_t i) {
    return dynamic_cast<M&>(*modules_.at(i));
  }

  /// Every child's parameters, named "<index>.<name>" as PyTorch's named_parameters().
  std::vector<Parameter<T>> parameters() override {
    std::vector<Parameter<T>> all;
    for (std::size_t i = 0; i < modules_.size(); ++i)
      for (auto& p : modules_[i]->parameters()) {
        p.name = std::to_string(i) + "." + p.name;
        all.push_back(std::move(p));
      }
    return all;
  }
  void train(bool on = true) override {
    Module<T>::train(on);
    for (auto& m : modules_) m->train(on);
  }

  index_t output_features(index_t in) const override {
    for (const auto& m : modules_) in = m->output_features(in);
    return in;
  }

  void forward_rows(rows_view x, Tensor<T, 2>& y) override {
    output_features(x.shape()[1]);  // every size checked before anything runs
    const std::size_t n = modules_.size();
    if (n == 0) return detail::assign_rows(y, x);
    outs_.resize(n);  // buffers kept from the last step are written over in place
    fused_.assign(n, false);
    // Module k writes outs_[k], the last one the caller's y (which backward gets back as y).
    const auto dst = [&](std::size_t k) -> Tensor<T, 2>& { return k + 1 == n ? y : outs_[k]; };
    for (std::size_t k = 0; k < n; ++k) {
      const rows_view in = k == 0 ? x : rows_view(outs_[k - 1].view());
      const Epilogue<T>* ep = k + 1 < n ? modules_[k + 1]->epilogue() : nullptr;
      if (ep && modules_[k]->forward_rows_with(in, *ep, dst(k + 1))) {
        // outs_[k] stays empty: the activation's output is all backward needs.
        outs_[k] = Tensor<T, 2>();
        fused_[k + 1] = true;
        ++k;
      } else {
        modules_[k]->forward_rows(in, dst(k));
      }
      // An output no later backward reads is dropped as soon as the next module has run.
      if (k >= 1 && !modules_[k]->needs_input() && !modules_[k - 1]->needs_output() && !fused_[k])
        outs_[k - 1] = Tensor<T, 2>();
    }
  }

  void backward_rows(rows_view x, rows_view y, rows_view gy, Tensor<T, 2>* gx) override {
    if (outs_.size() != modules_.size())
      throw std::logic_error("tensr::nn::Sequential: backward_rows() before forward_rows()");
    const std::size_t n = modules_.size();
    if (n == 0) {
      if (gx) detail::assign_rows(*gx, gy);
      return;
    }
    // Gradients between modules alternate between two kept buffers; the first module's goes to
    // gx (nowhere when the caller needs none).
    for (std::size_t k = n; k-- > 0;) {
      const rows_view in = k == 0 ? x : rows_view(outs_[k - 1].view());
      const rows_view out = k + 1 == n ? y : rows_view(outs_[k].view());
      const rows_view g = k + 1 == n ? gy : rows_view(grads_[(k + 1) % 2].view());
      modules_[k]->backward_rows(in, out, g, k == 0 ? gx : &grads_[k % 2]);
    }
  }

  /// The first module's input and the last one's output are the caller's to keep.
  bool needs_input() const noexcept override {
    return !modules_.empty() && modules_.front()->needs_input();
  }
  bool needs_output() const noexcept override {
    return !modules_.empty() && modules_.back()->needs_output();
  }

 private:
  std::vector<std::unique_ptr<Module<T>>> modules_;
  std::vector<Tensor<T, 2>> outs_;  // outs_[k]: module k's output (empty when not needed)
  std::vector<bool> fused_;         // fused_[k]: module k ran inside module k-1's GEMM
  Tensor<T, 2> grads_[2];           // gradients between modules, reused every step
};

}  // namespace nn
TENSR_NAMESPACE_END
