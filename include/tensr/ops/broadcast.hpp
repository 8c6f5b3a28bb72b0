// The broadcasting engine every elementwise op goes through: NumPy's rule for result
// shapes (trailing axes aligned, sizes equal or 1), and one strided N-ary loop that
// collapses contiguous axes and runs its innermost loop on contiguous memory (stride-0
// operands read once, as scalars) so the compiler vectorizes it; for floating-point ops
// those contiguous loops are also compiled for AVX2 and AVX-512 and chosen at run time.
// Inputs that overlap the output in a way that would change the result are copied first,
// as NumPy does.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/cpu.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/iterate.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"

TENSR_NAMESPACE_BEGIN

/// An operand of an elementwise op: a tensor, a view or an arithmetic scalar.
template <class X>
concept operand = tensor_like<X> || std::is_arithmetic_v<std::remove_cvref_t<X>>;

/// B is an operand that may be combined with A: at least one of the two is a tensor.
template <class B, class A>
concept operand_with = operand<A> && operand<B> &&(tensor_like<A> || tensor_like<B>);

/// A destination of an out-parameter form: a view or an lvalue Tensor of mutable elements.
template <class O>
concept out_target = view_source<O> && !std::is_const_v<std::remove_reference_t<O>> &&
                     !std::is_const_v<typename std::remove_cvref_t<O>::element_type>;

namespace detail {

template <class X, bool = tensor_like<X>>
struct operand_traits {
  using value_type = std::remove_cvref_t<X>;
  static constexpr std::size_t rank = 0;
};
template <class X>
struct operand_traits<X, true> {
  using value_type = value_type_of<X>;
  static constexpr std::size_t rank = rank_of<X>;
};

/// Element type and rank of an operand (a scalar has rank 0).
template <class X>
using operand_value_t = typename operand_traits<X>::value_type;
template <class X>
inline constexpr std::size_t operand_rank = operand_traits<X>::rank;

/// Read-only view of an operand; a scalar becomes a rank-0 view of itself (which must
/// outlive the view: operands are taken by reference for the duration of the op).
template <class X>
auto operand_view(const X& x) noexcept {
  using V = operand_value_t<X>;
  if constexpr (tensor_like<X>) {
    return const_view(x);
  } else {
    return TensorView<const V, 0>(&x, shape_t<0>{}, shape_t<0>{}, trusted);
  }
}

template <std::size_t... R>
inline constexpr std::size_t max_rank = std::max({std::size_t{0}, R...});

/// NumPy's broadcast of several shapes; throws NumPy's
/// "operands could not be broadcast together with shapes (2,3) (4,)".
template <std::size_t... R>
shape_t<max_rank<R...>> broadcast_shapes(const shape_t<R>&... shapes) {
  constexpr std::size_t N = max_rank<R...>;
  shape_t<N> out;
  out.fill(1);
  bool ok = true;
  auto one = [&](const auto& s) {
    constexpr std::size_t Ri = std::tuple_size_v<std::remove_cvref_t<decltype(s)>>;
    for (std::size_t i = 0; i < Ri; ++i) {
      const index_t d = s[Ri - 1 - i];
      index_t& o = out[N - 1 - i];
      if (d == 1 || d == o) continue;
      if (o == 1)
        o = d;
      else
        ok = false;
    }
  };
  (one(shapes), ...);
  if (!ok) {
    std::string msg = "operands could not be broadcast together with shapes";
    ((msg += ' ', msg += shape_str(shapes)), ...);
    throw shape_error(msg);
  }
  return out;
}

/// An input prepared for the loop: its strides on the output's shape, and a private copy
/// when it overlaps the output in a way that would change the result.
template <class V, std::size_t Ri, std::size_t R>
struct prepared_input {
  std::optional<Tensor<V, Ri>> copy;
  const V* data;
  shape_t<R> strides;
};

template <class O, std::size_t R, class V, std::size_t Ri>
prepared_input<V, Ri, R> prepare(const TensorView<O, R>& out, const TensorView<const V, Ri>& in) {
  prepared_input<V, Ri, R> p{std::nullopt, in.data(),
                             broadcast_strides(in.shape(), in.strides(), out.shape())};
  // The same layout as the output reads each element just before it is written: no copy.
  const bool same = static_cast<const void*>(in.data()) == static_cast<const void*>(out.data()) &&
                    p.strides == out.strides() && sizeof(V) == sizeof(O);
  if (!same &&
      may_overlap(out.data(), out.shape(), out.strides(), in.data(), in.shape(), in.strides())) {
    p.copy.emplace(in);
    p.data = p.copy->data();
    p.strides = broadcast_strides(in.shape(), p.copy->strides(), out.shape());
  }
  return p;
}

// ---- run-time ISA choice -----------------------------------------------------------------
// The contiguous inner loops below are written once, as always-inline kernels, and compiled
// for each level of core/cpu.hpp: the build's target and (on x86 with g++/clang++) AVX2+FMA and
// AVX-512. The widest one the CPU supports is chosen, so a build without -march flags still
// runs 16-wide float loops on an AVX-512 machine. Tests force a level with
// detail::simd_force_isa, apart from the GEMM's and the transposes'.

inline constinit isa_dispatch simd_dispatch;
using simd_isa = isa_level;
inline bool simd_force_isa(isa_level l) noexcept { return simd_dispatch.force(l); }
inline isa_level simd_active_isa() noexcept { return simd_dispatch.active(); }

#if defined(TENSR_TARGET_X86)
template <class K, class... P>
TENSR_TARGET_AVX2 void simd_run_avx2(const K& k, P&&... p) {
  k(std::forward<P>(p)...);
}
template <class K, class... P>
TENSR_TARGET_AVX512 void simd_run_avx512(const K& k, P&&... p) {
  k(std::forward<P>(p)...);
}
#endif

/// k(p...) with k's (always-inline) loops compiled for isa.
template <class K, class... P>
TENSR_ALWAYS_INLINE void simd_run(isa_level isa, const K& k, P&&... p) {
#if defined(TENSR_TARGET_X86)
  if (isa == isa_level::avx512) return simd_run_avx512(k, std::forward<P>(p)...);
  if (isa == isa_level::avx2) return simd_run_avx2(k, std::forward<P>(p)...);
#endif
  static_cast<void>(isa);
  k(std::forward<P>(p)...);
}

// ---- innermost loops ---------------------------------------------------------------------
// Contiguous output; each input either contiguous or a scalar (stride 0). The loops run in
// blocks of a fixed length, which g++ -O2 (whose cheap cost model vectorizes only loops that
// need no scalar remainder) vectorizes too; the remainder is a short scalar loop.
// __restrict lets the compiler vectorize without run-time alias checks; an input that is
// exactly the output (in-place, same layout) is read a block ahead into a local buffer.

/// Elements per block.
inline constexpr index_t simd_block = 32;

/// An op whose contiguous loops are compiled for each ISA: floating-point output and inputs
/// of the same type, and a kernel that declares `static constexpr bool wide = true`.
template <class F, class O, class... V>
concept wide_loop = std::is_floating_point_v<O> &&(std::is_same_v<O, V>&&...) && requires {
  requires F::wide;
};

struct unary_contig_k {
  template <class F, class O, class A>
  TENSR_ALWAYS_INLINE void operator()(F& f, index_t n, O* __restrict o,
                                      const A* __restrict a) const {
    constexpr index_t B = simd_block;
    index_t i = 0;
    for (; i + B <= n; i += B)
      for (index_t k = 0; k < B; ++k) o[i + k] = static_cast<O>(f(a[i + k]));
    for (; i < n; ++i) o[i] = static_cast<O>(f(a[i]));
  }
};
struct unary_inplace_k {
  template <class F, class O, class A>
  TENSR_ALWAYS_INLINE void operator()(F& f, index_t n, O* o, const A* a) const {
    constexpr index_t B = simd_block;
    index_t i = 0;
    for (; i + B <= n; i += B) {
      A t[B];
      for (index_t k = 0; k < B; ++k) t[k] = a[i + k];
      for (index_t k = 0; k < B; ++k) o[i + k] = static_cast<O>(f(t[k]));
    }
    for (; i < n; ++i) o[i] = static_cast<O>(f(a[i]));
  }
};

/// CA, CB: the input is contiguous (else a scalar, read once).
template <bool CA, bool CB>
struct binary_contig_k {
  template <class F, class O, class A, class B>
  TENSR_ALWAYS_INLINE void operator()(F& f, index_t n, O* __restrict o, const A* __restrict a,
                                      const B* __restrict b) const {
    constexpr index_t W = simd_block;
    const A av = *a;
    const B bv = *b;
    index_t i = 0;
    for (; i + W <= n; i += W)
      for (index_t k = 0; k < W; ++k)
        o[i + k] = static_cast<O>(f(CA ? a[i + k] : av, CB ? b[i + k] : bv));
    for (; i < n; ++i) o[i] = static_cast<O>(f(CA ? a[i] : av, CB ? b[i] : bv));
  }
};
/// o == a (same layout); b contiguous (CB) or a scalar, and disjoint from o.
template <bool CB>
struct binary_inplace_k {
  template <class F, class O, class A, class B>
  TENSR_ALWAYS_INLINE void operator()(F& f, index_t n, O* o, const A* a, const B* b) const {
    constexpr index_t W = simd_block;
    const B bv = *b;
    index_t i = 0;
    for (; i + W <= n; i += W) {
      A ta[W];
      B tb[W];
      for (index_t k = 0; k < W; ++k) {
        ta[k] = a[i + k];
        tb[k] = CB ? b[i + k] : bv;
      }
      for (index_t k = 0; k < W; ++k) o[i + k] = static_cast<O>(f(ta[k], tb[k]));
    }
    for (; i < n; ++i) o[i] = static_cast<O>(f(a[i], CB ? b[i] : bv));
  }
};

struct ternary_contig_k {
  template <class F, class O, class A, class B, class C>
  TENSR_ALWAYS_INLINE void operator()(F& f, index_t n, O* __restrict o, const A* __restrict a,
                                      const B* __restrict b, const C* __restrict c) const {
    constexpr index_t W = simd_block;
    index_t i = 0;
    for (; i + W <= n; i += W)
      for (index_t k = 0; k < W; ++k) o[i + k] = static_cast<O>(f(a[i + k], b[i + k], c[i + k]));
    for (; i < n; ++i) o[i] = static_cast<O>(f(a[i], b[i], c[i]));
  }
};

/// Runs kernel k on one contiguous run: for wide_loop ops compiled for isa, else as built.
template <class K, class F, class O, class... V>
TENSR_ALWAYS_INLINE void contig_run(isa_level isa, const K& k, F& f, index_t n, O* o,
                                    const V*... in) {
  if constexpr (wide_loop<F, O, V...>)
    simd_run(isa, k, f, n, o, in...);
  else
    k(f, n, o, in...);
}

/// One run of n elements at any strides.
template <class F, class O, class... V>
void strided_run(F& f, index_t n, O* o, index_t so, std::pair<const V*, index_t>... in) {
  for (index_t i = 0; i < n; ++i) o[i * so] = static_cast<O>(f(in.first[i * in.second]...));
}

template <class F, class O, std::size_t R, class... V, std::size_t... I>
void run_loop(F& f, const TensorView<O, R>& out, std::index_sequence<I...>,
              const std::pair<const V*, shape_t<R>>&... in) {
  constexpr std::size_t N = sizeof...(V);
  O* const od = out.data();
  const isa_level isa = simd_active_isa();
  for_each_run<N + 1>(
      out.shape(), {out.strides(), in.second...}, [&](auto off, index_t n, auto st) {
        O* o = od + off[0];
        const auto ptrs = std::make_tuple((in.first + off[I + 1])...);
        const void* ov = o;
        if (st[0] == 1) {
          if constexpr (N == 1) {
            const auto* a = std::get<0>(ptrs);
            if (st[1] == 1) {
              if (ov == a)
                contig_run(isa, unary_inplace_k{}, f, n, o, a);
              else
                contig_run(isa, unary_contig_k{}, f, n, o, a);
              return;
            }
          } else if constexpr (N == 2) {
            const auto* a = std::get<0>(ptrs);
            const auto* b = std::get<1>(ptrs);
            if (ov == a && st[1] == 1 && (st[2] == 1 || st[2] == 0) && ov != b) {
              if (st[2] == 1)
                contig_run(isa, binary_inplace_k<true>{}, f, n, o, a, b);
              else
                contig_run(isa, binary_inplace_k<false>{}, f, n, o, a, b);
              return;
            }
            if (ov != a && ov != b) {
              if (st[1] == 1 && st[2] == 1) {
                contig_run(isa, binary_contig_k<true, true>{}, f, n, o, a, b);
                return;
              }
              if (st[1] == 1 && st[2] == 0) {
                contig_run(isa, binary_contig_k<true, false>{}, f, n, o, a, b);
                return;
              }
              if (st[1] == 0 && st[2] == 1) {
                contig_run(isa, binary_contig_k<false, true>{}, f, n, o, a, b);
                return;
              }
            }
          } else if constexpr (N == 3) {
            const auto* a = std::get<0>(ptrs);
            const auto* b = std::get<1>(ptrs);
            const auto* c = std::get<2>(ptrs);
            if (st[1] == 1 && st[2] == 1 && st[3] == 1 && ov != a && ov != b && ov != c) {
              contig_run(isa, ternary_contig_k{}, f, n, o, a, b, c);
              return;
            }
          }
        }
        strided_run(f, n, o, st[0], std::pair<const V*, index_t>{std::get<I>(ptrs), st[I + 1]}...);
      });
}

template <class F, class O, std::size_t R, class... V, std::size_t... Ri, std::size_t... I>
void elementwise_impl(F& f, const TensorView<O, R>& out, std::index_sequence<I...>,
                      const TensorView<const V, Ri>&... in) {
  auto prepared = std::make_tuple(prepare(out, in)...);
  run_loop(f, out, std::index_sequence<I...>{},
           std::pair<const V*, shape_t<R>>{std::get<I>(prepared).data,
                                           std::get<I>(prepared).strides}...);
}

/// The entry point of every elementwise op: out[i] = f(in_0[i], ..., in_k[i]) over out's
/// shape. The inputs' broadcast shape must equal out's shape, up to leading size-1 axes
/// (NumPy also lets out be larger and repeats the result; tensr does not).
template <class F, class O, std::size_t R, class... V, std::size_t... Ri>
void elementwise_into(F f, const TensorView<O, R>& out, const TensorView<const V, Ri>&... in) {
  static_assert(!std::is_const_v<O>, "tensr: the destination of an op must be writable");
  // NumPy names the destination among the operands when they do not broadcast.
  broadcast_shapes(in.shape()..., out.shape());
  const auto shape = broadcast_shapes(in.shape()...);
  // Equal shapes, up to leading size-1 axes on either side.
  constexpr std::size_t Rs = max_rank<Ri...>;
  constexpr std::size_t Rm = R > Rs ? R : Rs;
  bool fits = true;
  for (std::size_t i = 0; i < Rm; ++i) {
    const index_t o = i < R ? out.shape()[R - 1 - i] : 1;
    const index_t r = i < Rs ? shape[Rs - 1 - i] : 1;
    fits = fits && o == r;
  }
  if (!fits)
    throw shape_error("non-broadcastable output operand with shape " + shape_str(out.shape()) +
                      " doesn't match the broadcast shape " + shape_str(shape));
  elementwise_impl(f, out, std::index_sequence_for<V...>{}, in...);
}

/// Eager form: a new row-major Tensor<O, max rank> holding f over the broadcast inputs.
template <class O, class F, class... V, std::size_t... Ri>
Tensor<O, max_rank<Ri...>> elementwise(F f, const TensorView<const V, Ri>&... in) {
  const auto shape = broadcast_shapes(in.shape()...);
  Tensor<O, max_rank<Ri...>> out(shape, Storage<O>::uninitialized);
  // A fresh result overlaps nothing: straight to the loop.
  auto v = out.view();
  run_loop(f, v, std::index_sequence_for<V...>{},
           std::pair<const V*, shape_t<max_rank<Ri...>>>{
               in.data(), broadcast_strides(in.shape(), in.strides(), shape)}...);
  return out;
}

}  // namespace detail

TENSR_NAMESPACE_END
