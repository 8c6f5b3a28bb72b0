// How does im2col turn a convolution into one matmul?
//
// A 2-D convolution (as deep-learning layers compute it: no kernel flip, stride 1, no padding)
// of an image X of shape (C, H, W) with F kernels K of shape (F, C, kh, kw) is
//     Y[f, i, j] = sum over c, p, q of  X[c, i + p, j + q] * K[f, c, p, q].
// For one output position (i, j) that is a dot product of the patch X[:, i:i+kh, j:j+kw],
// flattened, with the kernel K[f], flattened. Put every patch in a row of a matrix (im2col:
// "image to columns") and every kernel in a row of another: all of Y is ONE matrix product.
//
// sliding_window_view gives all patches as a view of X without copying; one copy puts them
// in the (positions, C*kh*kw) patch matrix, and one matmul does the rest.
#include <tensr/tensr.hpp>

#include <iostream>

using namespace tensr;

namespace {

/// The convolution by its definition: six nested loops.
Tensor<double, 3> direct_convolution(const Tensor<double, 3>& x, const Tensor<double, 4>& k) {
  const index_t C = x.shape(0), F = k.shape(0), kh = k.shape(2), kw = k.shape(3);
  const index_t Ho = x.shape(1) - kh + 1, Wo = x.shape(2) - kw + 1;
  Tensor<double, 3> y({F, Ho, Wo});
  for (index_t f = 0; f < F; ++f)
    for (index_t i = 0; i < Ho; ++i)
      for (index_t j = 0; j < Wo; ++j)
        for (index_t c = 0; c < C; ++c)
          for (index_t p = 0; p < kh; ++p)
            for (index_t q = 0; q < kw; ++q) y(f, i, j) += x(c, i + p, j + q) * k(f, c, p, q);
  return y;
}

}  // namespace

int main() {
  const index_t C = 2, H = 5, W = 6, F = 3, kh = 3, kw = 3;
  const index_t Ho = H - kh + 1, Wo = W - kw + 1;
  // Small integers, so that every number below can be checked by hand.
  const Tensor<double, 3> X = arange(0.0, double(C * H * W)).reshape<3>({C, H, W});
  Random rng(0);
  const Tensor<double, 4> K = rng.integers(-2, 3, {F, C, kh, kw}).astype<double>();

  // Every kh x kw window of every channel: shape (C, Ho, Wo, kh, kw), a view of X.
  const auto windows = sliding_window_view(X, {kh, kw}, {1, 2});
  std::cout << "X: shape " << X.shape() << ", kernels K: shape " << K.shape() << "\n";
  std::cout << "windows = sliding_window_view(X, {3, 3}, {1, 2}): shape " << windows.shape()
            << ", strides " << windows.strides()
            << ", a view of X: " << (windows.data() == X.data() ? "yes" : "no") << "\n";

  // im2col: positions (i, j) first, then the patch (c, p, q); this copy is the only one.
  const Tensor<double, 5> patches5 = windows.transpose({1, 2, 0, 3, 4}).copy();
  const auto patches = patches5.reshape<2>({Ho * Wo, C * kh * kw});
  const auto kernels = K.reshape<2>({F, C * kh * kw});
  std::cout << "patch matrix: " << patches.shape() << ", row 0 is the patch under output (0, 0):\n"
            << patches(range(0, 1), all) << "\n";
  std::cout << "kernel matrix: " << kernels.shape() << "\n\n";

  // The one matmul: (F, C*kh*kw) x (C*kh*kw, Ho*Wo) = (F, Ho*Wo), i.e. Y with flat positions.
  Tensor<double, 3> y_matmul = kernels.matmul(patches.t()).reshape<3>({F, Ho, Wo});
  const Tensor<double, 3> y_direct = direct_convolution(X, K);

  std::cout << "Y by one matmul, kernels.matmul(patches.t()) reshaped to (F, Ho, Wo):\n"
            << y_matmul << "\n\n";
  std::cout << "Y by the nested loops:\n" << y_direct << "\n\n";
  const double diff = max(abs(y_matmul - y_direct));
  std::cout << "max |difference| = " << diff << "\n";
  return diff == 0.0 ? 0 : 1;
}
