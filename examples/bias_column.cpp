// Why is X·W + b the same as adding a column of ones to X and a row of biases to W?
//
// Row i of X·W + b is  sum_k X[i,k] W[k,j] + b[j].  Append a column of ones to X and the
// row b to W: the extra term of the product is 1 · b[j], the bias. So an affine layer is a
// plain matrix product in one more dimension. Below, both ways, printed and compared; the
// `+ b` on the left is a broadcast of the (3,) bias over the (4,3) product.
#include <tensr/tensr.hpp>

#include <iostream>

using namespace tensr;

namespace {

/// The matrix product by its definition (small sizes; the point here is the broadcast).
Tensor<double, 2> product(const Tensor<double, 2>& a, const Tensor<double, 2>& b) {
  Tensor<double, 2> c({a.shape(0), b.shape(1)});
  for (index_t i = 0; i < a.shape(0); ++i)
    for (index_t j = 0; j < b.shape(1); ++j)
      for (index_t k = 0; k < a.shape(1); ++k) c(i, j) += a(i, k) * b(k, j);
  return c;
}

}  // namespace

int main() {
  const Tensor<double, 2> X{{1, 2}, {3, 4}, {5, 6}, {7, 8}};  // 4 samples, 2 features
  const Tensor<double, 2> W{{0.5, -1, 2}, {1, 0.25, -0.5}};   // 2 features -> 3 outputs
  const Tensor<double, 1> b{10, 20, 30};                      // one bias per output

  // Way 1: the product, then the bias broadcast over the rows.
  const auto y1 = product(X, W) + b;

  // Way 2: X with a column of ones, W with the row of biases, one product.
  Tensor<double, 2> X1({4, 3}, 1.0);
  X1(all, range(0, 2)) = X;
  Tensor<double, 2> W1({3, 3});
  W1(range(0, 2), all) = W;
  W1(2, all) = b;
  const auto y2 = product(X1, W1);

  std::cout << "X =\n" << X << "\nW =\n" << W << "\nb = " << b << "\n\n";
  std::cout << "X·W + b =\n" << y1 << "\n\n";
  std::cout << "[X | 1] =\n" << X1 << "\n[W ; b] =\n" << W1 << "\n\n";
  std::cout << "[X | 1]·[W ; b] =\n" << y2 << "\n\n";
  const bool same = all_of(y1 == y2);
  std::cout << "equal: " << (same ? "yes" : "no") << "\n";
  return same ? 0 : 1;
}
