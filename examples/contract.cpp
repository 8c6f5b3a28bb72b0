// "How do I multiply a (200,100,1) tensor by a (100,200) matrix to get (200,200,1)?"
//
// Three answers, as in NumPy, checked against each other:
//   1. np.einsum('ijk,jl->ilk', A, W)            tensr::einsum<"ijk,jl->ilk">(A, W)
//   2. np.tensordot(A, W, axes=((1),(0)))         tensr::tensordot(A, W, {1}, {0})
//      gives (200,1,200); .swapaxes(1,2)          .swapaxes(1, 2)
//   3. A[:,:,0].dot(W)[..., None]                 A(all, all, 0).dot(W) then (all, all, newaxis)
// The einsum spec is checked at compile time (a rank mistake does not compile); with a
// spec known only at run time, write tensr::einsum<3>(spec, A, W).
// A[i,j,0] = (i + 2j) % 7 - 3 and W[j,l] = (3j + l) % 5 - 2, so any entry can be checked by
// hand: C[i,l,0] = sum over j of A[i,j,0] * W[j,l].
#include <tensr/tensr.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

int main() {
  using tensr::all;
  using tensr::index_t;
  using tensr::newaxis;
  tensr::Tensor<double, 3> A({200, 100, 1});
  tensr::Tensor<double, 2> W({100, 200});
  for (index_t i = 0; i < 200; ++i)
    for (index_t j = 0; j < 100; ++j) A(i, j, 0) = double((i + 2 * j) % 7 - 3);
  for (index_t j = 0; j < 100; ++j)
    for (index_t l = 0; l < 200; ++l) W(j, l) = double((3 * j + l) % 5 - 2);

  const auto by_einsum = tensr::einsum<"ijk,jl->ilk">(A, W);  // (200, 200, 1)
  const auto td = tensr::tensordot(A, W, {1}, {0});           // (200, 1, 200)
  const auto by_tensordot = td.swapaxes(1, 2);                // a view, (200, 200, 1)
  const auto A0 = A(all, all, 0);                             // a view, (200, 100)
  const auto prod = A0.dot(W);                                // (200, 200)
  const auto by_dot = prod(all, all, newaxis);                // a view, (200, 200, 1)

  // tensr::format(shape) is NumPy's tuple text, "(200, 200, 1)"; std::cout << t.shape() too.
  const auto shape = [](const auto& t) { std::printf("%s", tensr::format(t.shape()).c_str()); };
  std::printf("einsum<\"ijk,jl->ilk\">(A, W):        ");
  shape(by_einsum);
  std::printf("\ntensordot(A, W, {1}, {0}):          ");
  shape(td);
  std::printf(" -> swapaxes(1, 2) ");
  shape(by_tensordot);
  std::printf("\nA(all, all, 0).dot(W)(all, all, newaxis): ");
  shape(by_dot);

  double hand = 0;  // C[0,0,0] by the formula in the header comment
  for (index_t j = 0; j < 100; ++j) hand += double((2 * j) % 7 - 3) * double((3 * j) % 5 - 2);
  std::printf("\n\nC[0,0,0] = %g (by hand: %g), C[1,2,0] = %g, C[199,199,0] = %g\n",
              by_einsum(0, 0, 0), hand, by_einsum(1, 2, 0), by_einsum(199, 199, 0));

  double d1 = 0, d2 = 0;
  for (index_t i = 0; i < 200; ++i)
    for (index_t l = 0; l < 200; ++l) {
      d1 = std::max(d1, std::abs(by_einsum(i, l, 0) - by_tensordot(i, l, 0)));
      d2 = std::max(d2, std::abs(by_einsum(i, l, 0) - by_dot(i, l, 0)));
    }
  std::printf("max |einsum - tensordot| = %g, max |einsum - dot| = %g\n", d1, d2);
  return d1 == 0 && d2 == 0 && by_einsum(0, 0, 0) == hand ? 0 : 1;
}
