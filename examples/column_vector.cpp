// How does ndmin=2 + .T make a column vector, and which spelling copies?
//
// np.atleast_2d(v) turns a vector of shape (n,) into the row (1, n) by adding a leading axis;
// .T reverses the axes, giving the column (n, 1). np.atleast_2d(v).T is a view of v's memory,
// and so is tensr's atleast_2d(v).t(): two O(1) views, nothing copied, writing through the
// column writes v. v(all, newaxis), NumPy's v[:, None], is the same column directly.
//
// np.array(v, ndmin=2).T gives the same numbers but is NOT a view of v: np.array copies
// (copy=True by default), so writing through it leaves v as it was. tensr's spelling of that
// one is atleast_2d(v).t().copy(), a new (n, 1) Tensor. (NumPy's result is a transposed view
// of its (1, n) copy, strides (1, n) in elements; tensr's copy is row-major, strides (1, 1):
// the same elements, another layout.) A column times a row broadcasts to the outer product.
#include <tensr/tensr.hpp>

#include <iostream>
#include <string>

using namespace tensr;

namespace {

template <class V>
std::string layout(const V& v) {
  return "shape " + format(v.shape()) + ", strides " + format(v.strides());
}

}  // namespace

int main() {
  Tensor<double, 1> v{1, 2, 3};
  const auto row = atleast_2d(v);                       // np.atleast_2d(v): a view
  const auto column = atleast_2d(v).t();                // np.atleast_2d(v).T: a view
  const auto column2 = v(all, newaxis);                 // v[:, None]: a view
  Tensor<double, 2> copied = atleast_2d(v).t().copy();  // np.array(v, ndmin=2).T: a copy

  std::cout << "v = " << v << ": " << layout(v) << "\n";
  std::cout << "atleast_2d(v):            " << layout(row) << "\n" << row << "\n";
  std::cout << "atleast_2d(v).t():        " << layout(column) << "\n" << column << "\n";
  std::cout << "v(all, newaxis):          " << layout(column2) << "\n";
  std::cout << "atleast_2d(v).t().copy(): " << layout(copied) << "\n" << copied << "\n\n";
  // (Strides are in elements; the added size-1 axis gets stride 0, as in NumPy.)

  const bool views = row.data() == v.data() && column.data() == v.data();
  const bool same = column.shape() == column2.shape() && column.strides() == column2.strides() &&
                    column.data() == column2.data();
  const bool copy_is_new = copied.data() != v.data() && all_of(copied == column);
  std::cout << "both columns are views of v's memory: " << (views ? "yes" : "no") << "\n";
  std::cout << "atleast_2d(v).t() and v(all, newaxis) have the same shape, strides and data: "
            << (same ? "yes" : "no") << "\n";
  std::cout << "atleast_2d(v).t().copy() has the same elements in new memory: "
            << (copy_is_new ? "yes" : "no") << "\n";

  // Writing: through the view v changes (np.atleast_2d(v).T[1, 0] = 20 does the same), into
  // the copy it does not (np.array(v, ndmin=2).T[1, 0] = 30 leaves v alone).
  column(1, 0) = 20;  // writes v(1)
  std::cout << "after column(1, 0) = 20, v = " << v << "\n";
  column(1, 0) = 2;
  copied(1, 0) = 30;
  std::cout << "after copied(1, 0) = 30, v = " << v << ", copied(1, 0) = " << copied(1, 0) << "\n";
  const bool v_kept = v(0) == 1 && v(1) == 2 && v(2) == 3;
  std::cout << "\n";

  // (3, 1) * (4,) broadcasts to (3, 4): element (i, j) is v[i] * w[j], the outer product.
  const Tensor<double, 1> w{10, 20, 30, 40};
  const auto by_broadcast = column * w;
  const auto by_outer = outer(v, w);
  std::cout << "column * w (broadcast) =\n" << by_broadcast << "\n";
  std::cout << "outer(v, w) =\n" << by_outer << "\n";
  const bool equal = all_of(by_broadcast == by_outer);
  std::cout << "equal: " << (equal ? "yes" : "no") << "\n";
  return views && same && copy_is_new && v_kept && equal ? 0 : 1;
}
