// How does ndmin=2 + .T make a column vector?
//
// NumPy's np.array(v, ndmin=2) (or np.atleast_2d(v)) turns a vector of shape (n,) into the
// row (1, n) by adding a leading axis; .T reverses the axes, giving the column (n, 1). In
// tensr that is atleast_2d(v).t(): two O(1) views of v's memory, nothing copied. v(all,
// newaxis), NumPy's v[:, None], is the same column directly. A column times a row broadcasts
// to the outer product.
#include <tensr/tensr.hpp>

#include <iostream>
#include <string>

using namespace tensr;

namespace {

template <class V>
std::string layout(const V& v) {
  return "shape (" + std::to_string(v.shape(0)) + "," + std::to_string(v.shape(1)) +
         "), strides (" + std::to_string(v.strides(0)) + "," + std::to_string(v.strides(1)) + ")";
}

}  // namespace

int main() {
  Tensor<double, 1> v{1, 2, 3};
  const auto row = atleast_2d(v);         // np.atleast_2d(v), np.array(v, ndmin=2)
  const auto column = atleast_2d(v).t();  // np.array(v, ndmin=2).T
  const auto column2 = v(all, newaxis);   // v[:, None]

  std::cout << "v = " << v << ": shape (" << v.shape(0) << ",), strides (" << v.strides(0)
            << ",)\n";
  std::cout << "atleast_2d(v):     " << layout(row) << "\n" << row << "\n";
  std::cout << "atleast_2d(v).t(): " << layout(column) << "\n" << column << "\n";
  std::cout << "v(all, newaxis):   " << layout(column2) << "\n\n";
  // (Strides are in elements; the added size-1 axis gets stride 0, as in NumPy.)

  const bool views = row.data() == v.data() && column.data() == v.data();
  const bool same = column.shape() == column2.shape() && column.strides() == column2.strides() &&
                    column.data() == column2.data();
  std::cout << "both columns are views of v's memory: " << (views ? "yes" : "no") << "\n";
  std::cout << "atleast_2d(v).t() and v(all, newaxis) have the same shape, strides and data: "
            << (same ? "yes" : "no") << "\n";
  column(1, 0) = 20;  // writes v(1)
  std::cout << "after column(1, 0) = 20, v = " << v << "\n";
  column(1, 0) = 2;
  std::cout << "\n";

  // (3, 1) * (4,) broadcasts to (3, 4): element (i, j) is v[i] * w[j], the outer product.
  const Tensor<double, 1> w{10, 20, 30, 40};
  const auto by_broadcast = column * w;
  const auto by_outer = outer(v, w);
  std::cout << "column * w (broadcast) =\n" << by_broadcast << "\n";
  std::cout << "outer(v, w) =\n" << by_outer << "\n";
  const bool equal = all_of(by_broadcast == by_outer);
  std::cout << "equal: " << (equal ? "yes" : "no") << "\n";
  return views && same && equal ? 0 : 1;
}
