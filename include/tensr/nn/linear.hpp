// nn::Linear: y = x W^T + b with PyTorch's layout (weight [out, in], bias [out]) and init.
//
// Forward is one GEMM, x times the view W.t() (no transposed copy), whose epilogue adds the
// bias and, when Sequential pairs it with the activation that follows, applies that
// activation's Epilogue to each block of y while the block is still in cache: no second pass
// over the output. Backward runs the GEMM on transposed views as well:
//   grad_W += grad_y^T x   (beta = 1 accumulates, as PyTorch's .grad)
//   grad_x  = grad_y W
//   grad_b += the column sums of grad_y (the reduction kernel's pairwise sum).
#pragma once

#include "tensr/core/internal.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/random.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/linalg/gemm.hpp"
#include "tensr/ops/loop.hpp"
#include "tensr/ops/reduce.hpp"
#include "tensr/nn/activation.hpp"
#include "tensr/nn/init.hpp"
#include "tensr/nn/module.hpp"

TENSR_NAMESPACE_BEGIN
namespace nn {
/// torch.nn.Linear: y = x W^T + b for x of shape [..., in], weight [out, in], bias [out],
/// PyTorch's default init from a seeded Random; forward is one GEMM with the bias (and a
/// following activation, inside Sequential) applied as it writes y.
template <class T = float>
class Linear : public Module<T> {
 public:
  using rows_view = TensorView<const T, 2>;

  /// PyTorch's default init from `rng`: weight by kaiming_uniform with a = sqrt(5), that is
  /// U(-1/sqrt(in), 1/sqrt(in)), then bias from U(-1/sqrt(in), 1/sqrt(in)).
  Linear(index_t in_features, index_t out_features, Random& rng)
      : Linear(in_features, out_features, true, rng) {}
  Linear(index_t in_features, index_t out_features, bool bias, Random& rng)
      : weight_(checked_shape(in_features, out_features), T(0)),
        weight_grad_(weight_.shape(), T(0)),
        bias_(shape_t<1>{bias ? out_features : 0}, T(0)),
        bias_grad_(bias_.shape(), T(0)),
        bias_part_(bias_.shape(), T(0)),
        has_bias_(bias) {
    kaiming_uniform(weight_, rng, std::sqrt(5.0));
    if (bias && in_features > 0) {
      const double bound = 1.0 / std::sqrt(static_cast<double>(in_features));
      uniform(bias_, rng, -bound, bound);
    }
  }

  index_t in_features() const noexcept { return weight_.shape()[1]; }
  index_t out_features() const noexcept { return weight_.shape()[0]; }
  bool has_bias() const noexcept { return has_bias_; }

  /// The parameters as views ([out, in] and [out]; the bias is empty without one). Writing
  /// through them sets the weights; so do set_weight / set_bias, which check the shape.
  TensorView<T, 2> weight() noexcept { return weight_.view(); }
  TensorView<const T, 2> weight() const noexcept { return weight_.view(); }
  TensorView<T, 1> bias() noexcept { return bias_.view(); }
  TensorView<const T, 1> bias() const noexcept { return bias_.view(); }
  TensorView<T, 2> weight_grad() noexcept { return weight_grad_.view(); }
  TensorView<const T, 2> weight_grad() const noexcept { return weight_grad_.view(); }
  TensorView<T, 1> bias_grad() noexcept { return bias_grad_.view(); }
  TensorView<const T, 1> bias_grad() const noexcept { return bias_grad_.view(); }

  /// Copies `w` ([out, in], any element type) into the weight, e.g. from load_npy.
  template <tensor_like W>
  void set_weight(const W& w) {
    static_assert(rank_of<W> == 2, "tensr::nn::Linear::set_weight: the weight is rank 2");
    const auto v = as_view(w);
    if (v.shape() != weight_.shape())
      throw shape_error("Linear::set_weight: expected shape " +
                        tensr::detail::shape_str(weight_.shape()) + ", got " +
                        tensr::detail::shape_str(v.shape()));
    weight_.view() = v;
  }
  /// Copies `b` ([out]) into the bias; a Linear without bias takes none.
  template <tensor_like B>
  void set_bias(const B& b) {
    static_assert(rank_of<B> == 1, "tensr::nn::Linear::set_bias: the bias is rank 1");
    const auto v = as_view(b);
    if (!has_bias_ || v.shape() != bias_.shape())
      throw shape_error("Linear::set_bias: expected shape " +
                        (has_bias_ ? tensr::detail::shape_str(bias_.shape())
                                   : std::string("(none: bias=false)")) +
                        ", got " + tensr::detail::shape_str(v.shape()));
    bias_.view() = v;
  }

  std::vector<Parameter<T>> parameters() override {
    std::vector<Parameter<T>> p;
    p.push_back({"weight",
                 {weight_.shape()[0], weight_.shape()[1]},
                 weight_.view().reshape(shape_t<1>{weight_.size()}),
                 weight_grad_.view().reshape(shape_t<1>{weight_.size()})});
    if (has_bias_) p.push_back({"bias", {bias_.shape()[0]}, bias_.view(), bias_grad_.view()});
    return p;
  }

  index_t output_features(index_t in) const override {
    if (in != in_features())
      throw shape_error(
          "Linear: input with " + std::to_string(in) +
          " features (last axis), expected in_features = " + std::to_string(in_features()));
    return out_features();
  }

  void forward_rows(rows_view x, Tensor<T, 2>& y) override {
    run_forward(x, y, [](const TensorView<T, 2>& blk, const T* b) {
      if (b) detail::apply_epilogue(tensr::detail::identity_fn{}, blk, b);
    });
  }

  /// y = ep(x W^T + b), the bias and ep applied block by block in the GEMM's write-back.
  bool forward_rows_with(rows_view x, const Epilogue<T>& ep, Tensor<T, 2>& y) override {
    run_forward(x, y, [&ep](const TensorView<T, 2>& blk, const T* b) { ep(blk, b); });
    return true;
  }

  void backward_rows(rows_view x, rows_view, rows_view gy, Tensor<T, 2>* gx) override {
    if (gy.shape()[0] != x.shape()[0] || gy.shape()[1] != out_features())
      throw shape_error("Linear::backward: grad_output of shape " +
                        tensr::detail::shape_str(gy.shape()) + " does not fit input rows " +
                        tensr::detail::shape_str(x.shape()));
    gemm(T(1), gy.t(), x, T(1), weight_grad_);  // [out, N] x [N, in], accumulated
    if (gx) {
      detail::resize_rows(*gx, x.shape());
      gemm(T(1), gy, weight_, T(0), *gx);  // [N, out] x [out, in]
    }
    if (has_bias_) {
      sum(gy, 0, bias_part_);  // kept from step to step: the training loop allocates nothing
      bias_grad_ += bias_part_;
    }
  }

 private:
  static shape_t<2> checked_shape(index_t in, index_t out) {
    if (in < 0 || out < 0)
      throw shape_error("Linear: negative size (in_features " + std::to_string(in) +
                        ", out_features " + std::to_string(out) + ")");
    return {out, in};
  }

  /// y = x W^T with `write(block, bias + col0)` run on each finished block of y.
  template <class Write>
  void run_forward(rows_view x, Tensor<T, 2>& y, const Write& write) {
    output_features(x.shape()[1]);
    detail::resize_rows(y, {x.shape()[0], out_features()});
    const T* b = has_bias_ ? bias_.data() : nullptr;
    gemm(T(1), x, weight_.view().t(), T(0), y,
         [b, &write](index_t, index_t col0, TensorView<T, 2> blk) {
           write(blk, b ? b + col0 : nullptr);
         });
  }

  Tensor<T, 2> weight_, weight_grad_;
  Tensor<T, 1> bias_, bias_grad_, bias_part_;
  bool has_bias_;
};

}  // namespace nn
TENSR_NAMESPACE_END
