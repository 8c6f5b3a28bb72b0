// Why is nn.Linear's weight [out, in], and is x.matmul(W.t()) free?
//
// PyTorch (and tensr::nn::Linear) store the weight as [out_features, in_features]: row o holds
// everything output o needs, and y = x W^T. W.t() is a view -- the same memory with swapped
// strides -- and tensr's GEMM packs its operands from any strides, so multiplying by W.t()
// costs the same as multiplying by a pre-transposed contiguous copy. This program checks
// that both give the same numbers and times them.
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
  return same ? 0 : 1;
}
