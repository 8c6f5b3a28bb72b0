// Discrete 1-D convolution and cross-correlation with NumPy's modes ("full", "same",
// "valid"), its operand swap when the second input is the longer, and its errors.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/ops/elementwise.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

enum class conv_mode { valid, same, full };

inline conv_mode parse_conv_mode(std::string_view m, const char* fn) {
  if (m == "valid") return conv_mode::valid;
  if (m == "same") return conv_mode::same;
  if (m == "full") return conv_mode::full;
  throw shape_error(std::string(fn) + ": mode must be one of 'valid', 'same', or 'full' (got '" +
                    std::string(m) + "')");
}

/// NumPy's _pyarray_correlate for n1 >= n2 >= 1: out[k] = sum_j a[k - left + j] * v'[j] over
/// the j that fall inside a, v' being v, or v reversed (flip_v); the output reversed when
/// flip_out. C's add and multiply (or and and, for bool) as NumPy's.
template <class C, class TA, class TV>
Tensor<C, 1> correlate_core(const TA* a, index_t n1, const TV* v, index_t n2, conv_mode mode,
                            bool flip_v, bool flip_out) {
  const index_t left = mode == conv_mode::full ? n2 - 1 : mode == conv_mode::same ? n2 / 2 : 0;
  const index_t len = mode == conv_mode::full   ? n1 + n2 - 1
                      : mode == conv_mode::same ? n1
                                                : n1 - n2 + 1;
  Tensor<C, 1> out(shape_t<1>{len}, Storage<C>::uninitialized);
  add_fn<C> add;
  multiply_fn<C> mul;
  for (index_t k = 0; k < len; ++k) {
    const index_t off = k - left;
    const index_t j0 = std::max<index_t>(0, -off), j1 = std::min(n2, n1 - off);
    C acc{};
    for (index_t j = j0; j < j1; ++j) acc = add(acc, mul(a[off + j], v[flip_v ? n2 - 1 - j : j]));
    out(flip_out ? len - 1 - k : k) = acc;
  }
  return out;
}

/// convolve (conv) or correlate of two rank-1 operands, with NumPy's swap and errors.
template <tensor_like A, tensor_like V>
auto conv_or_corr(const A& a, const V& v, std::string_view mode, bool conv) {
  static_assert(rank_of<A> == 1 && rank_of<V> == 1,
                "tensr: convolve and correlate take 1-D inputs");
  using C = promote_t<A, V>;
  const char* fn = conv ? "convolve" : "correlate";
  const Tensor<value_type_of<A>, 1> ac(as_view(a));
  const Tensor<value_type_of<V>, 1> vc(as_view(v));
  const index_t na = ac.size(), nv = vc.size();
  const bool swap = nv > na;
  if (conv) {  // np.convolve swaps first, then checks
    if ((swap ? nv : na) == 0) throw shape_error("convolve: a cannot be empty");
    if ((swap ? na : nv) == 0) throw shape_error("convolve: v cannot be empty");
  } else {
    if (na == 0) throw shape_error("correlate: first array argument cannot be empty");
    if (nv == 0) throw shape_error("correlate: second array argument cannot be empty");
  }
  const conv_mode m = parse_conv_mode(mode, fn);
  // convolve(a, v) = correlate(longer, shorter reversed); correlate with v the longer is
  // correlate(v, a) reversed. Multiplication commutes, so the operand order is free.
  if (swap) return correlate_core<C>(vc.data(), nv, ac.data(), na, m, conv, !conv);
  return correlate_core<C>(ac.data(), na, vc.data(), nv, m, conv, false);
}

}  // namespace detail

/// np.convolve(a, v, mode): the discrete convolution of two rank-1 operands, mode "full"
/// (the default, length n + m - 1), "same" (length max(n, m)) or "valid" (max(n, m) -
/// min(n, m) + 1). The operands are swapped when v is the longer, as NumPy's; the element
/// type is the promoted one (integers stay integers, bool uses or/and). An empty operand
/// throws NumPy's "a cannot be empty" / "v cannot be empty".
template <tensor_like A, tensor_like V>
auto convolve(const A& a, const V& v, std::string_view mode = "full") {
  return detail::conv_or_corr(a, v, mode, true);
}

/// np.correlate(a, v, mode): out[k] = sum_n a[n + k] * v[n], mode "valid" (the default),
/// "same" or "full" as convolve's; when v is the longer the result is correlate(v, a)
/// reversed, as NumPy's. Empty operands throw NumPy's errors.
template <tensor_like A, tensor_like V>
auto correlate(const A& a, const V& v, std::string_view mode = "valid") {
  return detail::conv_or_corr(a, v, mode, false);
}

TENSR_NAMESPACE_END
