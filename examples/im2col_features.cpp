// Feature maps of 3x3 windows as ONE matrix product (im2col), per channel.
//
// Every 3x3 window of every channel of a 32x32x3 image, with a bias 1 appended, is a row
// of 10 features; a (10,16) matrix Theta maps each row to 16 outputs, the same Theta for
// every channel:
//     Y[i, j, c, f] = sum over p, q of X[i + p, j + q, c] * Theta[3p + q, f] + Theta[9, f].
// sliding_window_view gives the windows as a (30,30,3,3,3) view of X without copying; one
// copy lays them out as the (30*30*3, 10) patch matrix, and one matmul by Theta gives all of
// Y, shape (30,30,3,16). The einsum spelling reads the window view directly:
//     einsum<"ijcpq,pqf->ijcf">(windows, Theta[:9] as (3,3,16)) + Theta[9].
#include <tensr/tensr.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>

using namespace tensr;

namespace {

constexpr index_t H = 32, W = 32, C = 3, k = 3, F = 16;
constexpr index_t Ho = H - k + 1, Wo = W - k + 1, D = k * k + 1;

/// Y by its definition: nested loops, accumulated in double.
Tensor<float, 4> naive_features(const Tensor<float, 3>& x, const Tensor<float, 2>& theta) {
  Tensor<float, 4> y({Ho, Wo, C, F});
  for (index_t i = 0; i < Ho; ++i)
    for (index_t j = 0; j < Wo; ++j)
      for (index_t c = 0; c < C; ++c)
        for (index_t f = 0; f < F; ++f) {
          double s = theta(k * k, f);  // the bias feature, 1, times its weight
          for (index_t p = 0; p < k; ++p)
            for (index_t q = 0; q < k; ++q) s += double(x(i + p, j + q, c)) * theta(k * p + q, f);
          y(i, j, c, f) = static_cast<float>(s);
        }
  return y;
}

/// im2col: the (Ho*Wo*C, 10) patch matrix (each window's 9 values, then 1), times Theta.
Tensor<float, 4> im2col_features(const Tensor<float, 3>& x, const Tensor<float, 2>& theta) {
  const auto windows = sliding_window_view(x, {k, k}, {0, 1});  // (Ho, Wo, C, k, k), a view
  Tensor<float, 2> patches({Ho * Wo * C, D});
  // One copy: the window view into the first 9 columns, seen as (Ho, Wo, C, k, k).
  patches(all, range(0, k * k)).reshape<5>({Ho, Wo, C, k, k}) = windows;
  patches(all, range(k * k, D)) = 1.0f;
  return matmul(patches, theta).reshape<4>({Ho, Wo, C, F});
}

/// The best of a few runs of f, in microseconds.
template <class Fn>
double best_us(Fn&& f, int reps = 7) {
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  return best;
}

float max_abs_diff(const Tensor<float, 4>& a, const Tensor<float, 4>& b) { return max(abs(a - b)); }

}  // namespace

int main() {
  Random rng(2026);
  const Tensor<float, 3> X = rng.uniform<float>({H, W, C}, 0.0, 1.0);    // an RGB image
  const Tensor<float, 2> Theta = rng.uniform<float>({D, F}, -1.0, 1.0);  // 9 weights + bias
  const auto windows = sliding_window_view(X, {k, k}, {0, 1});
  std::cout << "image X: " << X.shape() << ", Theta: " << Theta.shape()
            << "\nwindows = sliding_window_view(X, {3, 3}, {0, 1}): " << windows.shape()
            << ", a view of X: " << (windows.data() == X.data() ? "yes" : "no") << "\n";
  std::cout << "patch matrix: " << shape_t<2>{Ho * Wo * C, D} << " = (30*30*3, 9 values + 1)\n";

  Tensor<float, 4> y = im2col_features(X, Theta);
  const Tensor<float, 4> y_naive = naive_features(X, Theta);
  // The einsum spelling on the window view: the 9 weights as (3,3,16), then the bias row.
  const auto weights = Theta(range(0, k * k), all).reshape<3>({k, k, F});
  const Tensor<float, 4> y_einsum = einsum<"ijcpq,pqf->ijcf">(windows, weights) + Theta(k * k, all);

  std::cout << "feature maps Y: " << y.shape() << "\n";
  std::cout << "Y[0,0,0,:4]   = " << y(0, 0, 0, range(0, 4)) << "\n";
  std::cout << "Y[29,29,2,:4] = " << y(Ho - 1, Wo - 1, C - 1, range(0, 4)) << "\n";
  const float d_naive = max_abs_diff(y, y_naive);
  const float d_einsum = max_abs_diff(y_einsum, y_naive);
  std::cout << "max |im2col matmul - nested loops| = " << d_naive << "\n";
  std::cout << "max |einsum - nested loops|        = " << d_einsum << "\n";

  const double t_naive = best_us([&] { y = naive_features(X, Theta); });
  const double t_im2col = best_us([&] { y = im2col_features(X, Theta); });
  const double t_einsum =
      best_us([&] { y = einsum<"ijcpq,pqf->ijcf">(windows, weights) + Theta(k * k, all); });
  std::cout << "time (best of 7): nested loops " << t_naive << " us, im2col + one matmul "
            << t_im2col << " us (" << t_naive / t_im2col << "x faster), einsum " << t_einsum
            << " us (" << t_naive / t_einsum << "x faster)\n";

  const bool ok = d_naive <= 1e-5f && d_einsum <= 1e-5f && max_abs_diff(y, y_naive) <= 1e-5f;
  std::cout << (ok ? "all agree" : "MISMATCH") << "\n";
  return ok ? 0 : 1;
}
