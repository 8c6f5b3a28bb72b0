// Is a.dot(b) the same as dot(a, b)?
//
// Yes, for every rank combination: the member is NumPy's ndarray.dot, which is numpy.dot.
// Below, for 1-D·1-D (a scalar), 2-D·1-D (matrix-vector), 2-D·2-D (matrix product), 3-D·1-D
// and 3-D·3-D, both spellings are computed, their shapes printed and compared, on Tensors
// and on views. For N-D operands numpy.dot is NOT matmul: dot sums over the last axis of a
// and the second-to-last of b, pairing every matrix of a with every matrix of b
// (dot(a, b)[i,j,k,m] = sum_n a[i,j,n] * b[k,n,m]), while matmul pairs matrix i with matrix i
// (matmul(a, b)[i,j,m] = sum_n a[i,j,n] * b[i,n,m]): matmul's result is the "diagonal"
// dot(a, b)[i, :, i, :]. The 3-D case checks that, and checks dot against plain loops.
#include <tensr/tensr.hpp>

#include <iostream>

using namespace tensr;

namespace {

bool ok = true;

template <class X, class Y>
void compare(const char* what, const X& member, const Y& free) {
  const bool same = member.shape() == free.shape() && all_of(member == free);
  ok = ok && same;
  std::cout << what << ": a.dot(b) shape " << member.shape() << ", dot(a, b) shape " << free.shape()
            << ", equal: " << (same ? "yes" : "no") << "\n";
}

}  // namespace

int main() {
  const Tensor<double, 1> x{1, 2, 3}, y{4, 5, 6};
  const Tensor<double, 2> M{{1, 2, 3}, {4, 5, 6}};
  const Tensor<double, 2> N{{1, 0}, {0, 1}, {2, 3}};
  const Tensor<double, 3> a = arange(0.0, 24.0).reshape<3>({2, 3, 4});
  const Tensor<double, 3> b = arange(0.0, 40.0).reshape<3>({2, 4, 5});
  const Tensor<double, 1> z{1, -1, 2, 0};

  compare("1-D . 1-D", x.dot(y), dot(x, y));
  std::cout << "    x.dot(y) = " << x.dot(y) << " (1*4 + 2*5 + 3*6 = 32)\n";
  compare("2-D . 1-D", M.dot(x), dot(M, x));
  std::cout << "    M.dot(x) = " << M.dot(x) << "\n";
  compare("2-D . 2-D", M.dot(N), dot(M, N));
  std::cout << "    M.dot(N) =\n" << M.dot(N) << "\n";
  compare("3-D . 1-D", a.dot(z), dot(a, z));
  compare("3-D . 3-D", a.dot(b), dot(a, b));
  compare("view . view (M.t() . N.t())", M.t().dot(N.t()), dot(M.t(), N.t()));
  std::cout << "\n";

  // numpy.dot vs numpy.matmul for 3-D operands.
  const auto d = dot(a, b);
  const auto m = matmul(a, b);
  std::cout << "a: " << a.shape() << ", b: " << b.shape() << "\n";
  std::cout << "dot(a, b):    shape " << d.shape() << " (every matrix of a with every one of b)\n";
  std::cout << "matmul(a, b): shape " << m.shape() << " (matrix i with matrix i)\n";
  bool diagonal = true;
  for (index_t i = 0; i < a.shape(0); ++i) diagonal = diagonal && all_of(m(i) == d(i, all, i, all));
  std::cout << "matmul(a, b)[i] == dot(a, b)[i, :, i, :] for every i: " << (diagonal ? "yes" : "no")
            << "\n";
  bool loops = true;
  for (index_t i = 0; i < 2; ++i)
    for (index_t j = 0; j < 3; ++j)
      for (index_t k = 0; k < 2; ++k)
        for (index_t mm = 0; mm < 5; ++mm) {
          double s = 0;
          for (index_t n = 0; n < 4; ++n) s += a(i, j, n) * b(k, n, mm);
          loops = loops && s == d(i, j, k, mm);
        }
  std::cout << "dot(a, b)[i,j,k,m] == sum_n a[i,j,n] * b[k,n,m] (loops): " << (loops ? "yes" : "no")
            << "\n";
  std::cout << "dot(a, b)[0, :, 1, :] (matrix 0 of a times matrix 1 of b, not in matmul) =\n"
            << d(0, all, 1, all) << "\n";
  return ok && diagonal && loops ? 0 : 1;
}
