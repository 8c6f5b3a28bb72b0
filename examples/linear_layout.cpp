// Why is nn.Linear's weight [out, in], and is x.matmul(W.t()) free?
//
// PyTorch (and tensr::nn::Linear) store the weight as [out_features, in_features]: row o holds
// everything output o needs, and y = x W^T. W.t() is a view -- the same memory with swapped
// strides, never a transposed copy. A product this size packs its operands into cache-sized
// panels from any strides, so multiplying by W.t() costs the same as multiplying by a
// pre-transposed contiguous copy (small products read W.t() in place). This program checks
// that both give the same numbers and times them, then runs the layer's bias and ReLU as
// gemm's epilogue, on each block of y while it is still in cache.
#include <tensr/tensr.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  using tensr::index_t;
  const index_t n = argc > 1 ? std::atol(argv[1]) : 1024;  // batch = in = out = n
  tensr::Random rng(42);
  const auto x = rng.uniform<float>({n, n}, -1.f, 1.f);  // [batch, in]
  const auto w = rng.uniform<float>({n, n}, -1.f, 1.f);  // [out, in], PyTorch's layout
  const tensr::Tensor<float, 2> wt(w.t());               // [in, out], a contiguous copy

  const auto y1 = tensr::matmul(x, w.t());  // no copy of w
  const auto y2 = tensr::matmul(x, wt);
  bool same = y1.shape() == y2.shape();
  for (index_t i = 0; same && i < y1.size(); ++i) same = y1.data()[i] == y2.data()[i];
  std::printf("x.matmul(W.t()) == x.matmul(Wt_contiguous): %s\n", same ? "true" : "false");

  const auto best_ms = [&](auto&& f) {
    double best = 1e300;
    for (int r = 0; r < 3; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      f();
      const auto t1 = std::chrono::steady_clock::now();
      best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    return best;
  };
  tensr::Tensor<float, 2> y({n, n});
  const double t_view = best_ms([&] { tensr::matmul(x, w.t(), y); });
  const double t_copy = best_ms([&] { tensr::matmul(x, wt, y); });
  std::printf("n = %ld: x.matmul(W.t()) %.2f ms, x.matmul(Wt_contiguous) %.2f ms, ratio %.3f\n",
              static_cast<long>(n), t_view, t_copy, t_view / t_copy);

  // nn.Linear's whole forward, relu(x W^T + bias), in one pass over y: gemm's epilogue gets
  // each block of y right after its final value is computed, while it is still in cache.
  const auto bias = rng.uniform<float>({n}, -1.f, 1.f);
  const auto bias_relu = [&](index_t, index_t col0, tensr::TensorView<float, 2> blk) {
    for (index_t i = 0; i < blk.shape()[0]; ++i)
      for (index_t j = 0; j < blk.shape()[1]; ++j)
        blk(i, j) = std::max(0.f, blk(i, j) + bias(col0 + j));
  };
  tensr::Tensor<float, 2> fused({n, n});
  tensr::gemm(1.f, x, w.t(), 0.f, fused, bias_relu);
  bool fused_same = true;  // against the unfused y1 = x W^T from above
  for (index_t i = 0; i < n; ++i)
    for (index_t j = 0; j < n; ++j)
      fused_same = fused_same && fused(i, j) == std::max(0.f, y1(i, j) + bias(j));
  std::printf("gemm(x, W.t()) with a bias + ReLU epilogue == relu(x.matmul(W.t()) + b): %s\n",
              fused_same ? "true" : "false");
  return same && fused_same ? 0 : 1;
}
