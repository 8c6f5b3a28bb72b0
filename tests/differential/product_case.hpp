// Matrix-product cases: matmul (also into a strided out-parameter), dot, inner, outer and
// vdot of two tensors. Float results are compared with a reference and a per-element error
// bound (gen_cases.py, "Sums of products"), integer results exactly (they wrap, as NumPy's).
// product_*.cpp register the dtype x rank combinations and the ops each one runs.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>

#include <tensr/linalg/matmul.hpp>
#include <tensr/precompiled.hpp>  // the GEMM from the precompiled kernels, when linked

#include "runner.hpp"

namespace diff {

template <class T, std::size_t RA, std::size_t RB>
struct product_case {
  static void run(Case& c) {
    using namespace tensr;
    const TensorView<const T, RA> a = c.input<tensor_in<T, RA>>();
    const TensorView<const T, RB> b = c.input<tensor_in<T, RB>>();
    const std::string& op = c.op();
    if (op == "matmul") return c.check(matmul(a, b));
    if (op == "dot") return c.check(dot(a, b));
    if (op == "inner") return c.check(inner(a, b));
    if (op == "outer") return c.check(outer(a, b));
    if (op == "vdot") return c.check(vdot(a, b));
    constexpr std::size_t R = detail::matmul_rank<RA, RB>;
    if constexpr (R >= 1) {
      if (op == "matmul_out") {
        // Into a transposed view (reversed strides) of a tensor that holds something else.
        shape_t<R> reversed = detail::matmul_shape(a.shape(), b.shape());
        std::reverse(reversed.begin(), reversed.end());
        Tensor<T, R> storage(reversed, T(7));
        matmul(a, b, storage.t());
        return c.check(Tensor<T, R>(storage.t()));
      }
    }
    throw unsupported("product: no op " + op + " for " + c.key());
  }
};

/// Ops of a registered combination: "" is every op.
template <class T, std::size_t RA, std::size_t RB>
void add_product(Registry& reg, const char* ops = "") {
  reg.add<tensor_in<T, RA>, tensor_in<T, RB>>("product", &product_case<T, RA, RB>::run, ops);
}

}  // namespace diff
