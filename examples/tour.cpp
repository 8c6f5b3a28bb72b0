// A tour of tensr's core: the NumPy questions it already answers, each printed so a
// person can check it against NumPy.
#include <iostream>

#include <tensr/tensr.hpp>

using namespace tensr;

int main() {
  // 1. Arrays print like NumPy's repr.
  Tensor<float, 2> a{{1, 2, 3}, {4, 5, 6}};
  std::cout << "a =\n" << a << "\n\n";

  // 2. Transpose is a free view: the same memory, the strides swapped, nothing copied.
  auto at = a.t();
  std::cout << "a.t() =\n" << at << "\n";
  std::cout << "same data: " << (at.data() == a.data() ? "yes" : "no") << ", strides "
            << a.strides() << " -> " << at.strides() << "\n\n";

  // 3. NumPy's np.atleast_2d(v).T makes a column vector, a view of v: atleast_2d(v).t().
  //    (np.array(v, ndmin=2).T is the same column copied: atleast_2d(v).t().copy().)
  Tensor<double, 1> v{1, 2, 3};
  auto column = atleast_2d(v).t();
  std::cout << "atleast_2d(v) has shape " << atleast_2d(v).shape() << "; atleast_2d(v).t() =\n"
            << column << "\n\n";

  // 4. Slicing like a[::-1, 1:] and a[..., None], and writing through a view.
  std::cout << "a(range(none, none, -1), range(1)) =\n"
            << a(range(none, none, -1), range(1)) << "\n";
  auto a3 = a(ellipsis, newaxis);
  std::cout << "a(ellipsis, newaxis) has shape " << a3.shape() << "\n";
  a(all, 0) = 7;  // a[:, 0] = 7
  std::cout << "after a(all, 0) = 7:\n" << a << "\n\n";

  // 5. nn.Linear keeps its weight as [out, in] and computes x.matmul(W.t()): W.t() is a
  //    view of the same memory, so the "transpose" costs nothing.
  Tensor<float, 2> W = arange<float>(6).reshape<2>({2, 3});  // out=2, in=3
  auto Wt = W.t();
  std::cout << "W [out=2, in=3] =\n" << W << "\nW.t() [in=3, out=2] =\n" << Wt << "\n";
  std::cout << "W.t() is contiguous: " << (Wt.is_contiguous() ? "yes" : "no")
            << " (a strided view of W's memory; nothing was moved)\n\n";

  // 6. Reshape is a view when the layout allows; -1 is inferred.
  auto flat = W.reshape<1>({-1});
  std::cout << "W.reshape(-1) = " << flat << "\n";
  // A transposed view cannot be flattened without a copy: copy() first.
  Tensor<float, 2> Wt_copy = Wt.copy();
  std::cout << "W.t().copy().reshape(-1) = " << Wt_copy.reshape<1>({-1}) << "\n\n";

  // 7. broadcast_to repeats with stride 0, and sliding windows are views too.
  auto b = broadcast_to(v, shape_t<2>{2, 3});
  std::cout << "broadcast_to(v, (2, 3)) =\n" << b << "  strides " << b.strides() << "\n";
  Tensor<int, 1> r = arange<int>(6);
  auto windows = sliding_window_view(r, {3});
  std::cout << "sliding_window_view(arange(6), 3) =\n" << windows << "\n";
  return 0;
}
