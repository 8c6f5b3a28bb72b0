// The elementwise loop every op runs on: out[i] = f(in_0[i], ..., in_k[i]) over out's shape,
// the inputs broadcast to it by NumPy's rule (core/layout.hpp). The loop is rank-erased -- it
// is compiled once per function and element types, whatever the ranks -- walks the collapsed
// axes of core/iterate.hpp, and hands each innermost run to a kernel chosen by its strides:
// a contiguous output whose inputs are contiguous or scalars (stride 0, read once) runs plain
// loops in fixed-length blocks that the compiler vectorizes, and for floating-point functions
// that declare `wide` those loops are compiled for AVX2 and AVX-512 too and chosen at run time
// (core/cpu.hpp); any other run takes a strided loop. An input that shares memory with the
// output in another layout is copied first, as NumPy does; one in exactly the output's layout
// is read just before it is written.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/cpu.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/iterate.hpp"
#include "tensr/core/layout.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/threads.hpp"
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
  shape_t<N> out{};
  if (!broadcast_shape(N, out.data(), {layout{R, shapes.data(), nullptr}...}))
    throw broadcast_error({layout{R, shapes.data(), nullptr}...});
  return out;
}

// ---- the instruction-set level of the elementwise and reduction loops ---------------------------

inline constinit isa_dispatch simd_dispatch;
using simd_isa = isa_level;
/// Test hook: run the elementwise and reduction loops at level l (automatic: the CPU's best).
inline bool simd_force_isa(isa_level l) noexcept { return simd_dispatch.force(l); }
inline isa_level simd_active_isa() noexcept { return simd_dispatch.active(); }

// ---- kernels for one contiguous run -------------------------------------------------------------

/// Elements per block. g++ -O2, whose cheap cost model vectorizes only loops that need no
/// scalar remainder, vectorizes a loop of fixed length; the remainder is a short scalar loop.
inline constexpr index_t simd_block = 32;

/// An op whose contiguous loops are compiled for each level: floating-point output and inputs
/// of the same type, and a function that declares `static constexpr bool wide = true` (its
/// body is inline arithmetic, not a library call).
template <class F, class O, class... V>
concept wide_loop = std::is_floating_point_v<O> &&(std::is_same_v<O, V>&&...) && requires {
  requires F::wide;
};

/// Input p at i: contiguous (C) or a scalar broadcast along the run.
template <bool C, class V>
TENSR_ALWAYS_INLINE V loop_at(const V* p, index_t i) noexcept {
  return C ? p[i] : *p;
}

/// o[i] = f(in[i]...) on a run whose inputs are each contiguous (C) or a scalar, none of them
/// sharing memory with o (__restrict lets the compiler vectorize without alias checks).
template <bool... C>
struct contig_k {
  template <class F, class O, class... V>
  TENSR_ALWAYS_INLINE void operator()(F& f, index_t n, O* __restrict o,
                                      const V* __restrict... in) const {
    constexpr index_t B = simd_block;
    index_t i = 0;
    for (; i + B <= n; i += B)
      for (index_t k = 0; k < B; ++k) o[i + k] = convert<O>(f(loop_at<C>(in, i + k)...));
    for (; i < n; ++i) o[i] = convert<O>(f(loop_at<C>(in, i)...));
  }
};

/// The same when an input is the output itself (same elements, same order): each block is
/// computed into a local buffer before it is stored, so no input is overwritten before it is
/// read.
template <bool... C>
struct contig_inplace_k {
  template <class F, class O, class... V>
  TENSR_ALWAYS_INLINE void operator()(F& f, index_t n, O* o, const V*... in) const {
    constexpr index_t B = simd_block;
    index_t i = 0;
    for (; i + B <= n; i += B) {
      O t[B];
      for (index_t k = 0; k < B; ++k) t[k] = convert<O>(f(loop_at<C>(in, i + k)...));
      for (index_t k = 0; k < B; ++k) o[i + k] = t[k];
    }
    for (; i < n; ++i) o[i] = convert<O>(f(loop_at<C>(in, i)...));
  }
};

/// Kernel k on one run: compiled for level `isa` for wide ops, as the build's target otherwise.
template <class K, class F, class O, class... V>
TENSR_ALWAYS_INLINE void contig_run(isa_level isa, const K& k, F& f, index_t n, O* o,
                                    const V*... in) {
  if constexpr (wide_loop<F, O, V...>)
    isa_run(isa, k, f, n, o, in...);
  else
    k(f, n, o, in...);
}

/// The kernel for contiguity mask M (bit k: input k contiguous).
template <bool Inplace, unsigned M, std::size_t... I, class F, class O, class... V>
TENSR_ALWAYS_INLINE void contig_masked(std::index_sequence<I...>, isa_level isa, F& f, index_t n,
                                       O* o, const V*... in) {
  if constexpr (Inplace)
    contig_run(isa, contig_inplace_k<bool((M >> I) & 1u)...>{}, f, n, o, in...);
  else
    contig_run(isa, contig_k<bool((M >> I) & 1u)...>{}, f, n, o, in...);
}

/// Runs the kernel of mask m when it is one of Ms (the patterns worth a vectorized loop);
/// false otherwise.
template <bool Inplace, unsigned... Ms, class F, class O, class... V>
TENSR_ALWAYS_INLINE bool contig_dispatch(unsigned m, isa_level isa, F& f, index_t n, O* o,
                                         const V*... in) {
  return ((m == Ms
               ? (contig_masked<Inplace, Ms>(std::index_sequence_for<V...>{}, isa, f, n, o, in...),
                  true)
               : false) ||
          ...);
}

/// The vectorized patterns: every input contiguous, and for two or three inputs a tensor with
/// scalars (a + 1, 1 - a, clip(a, 0, 1), where(c, a, 0)). In place, the same with the output
/// being one of the contiguous inputs (a += b, a += 1, 1 - a into a, exp(a, a)); `First`: the
/// output is known to be input 0 (a fold), which needs only the patterns with it contiguous.
template <bool Inplace, bool First, class F, class O, class... V>
TENSR_ALWAYS_INLINE bool contig_any(unsigned m, isa_level isa, F& f, index_t n, O* o,
                                    const V*... in) {
  constexpr std::size_t N = sizeof...(V);
  if constexpr (N == 2 && First)
    return contig_dispatch<Inplace, 3u, 1u>(m, isa, f, n, o, in...);
  else if constexpr (N == 2)
    return contig_dispatch<Inplace, 3u, 1u, 2u>(m, isa, f, n, o, in...);
  else if constexpr (N == 3 && !Inplace)
    return contig_dispatch<Inplace, 7u, 1u, 3u, 5u>(m, isa, f, n, o, in...);
  else
    return contig_dispatch<Inplace, (1u << N) - 1u>(m, isa, f, n, o, in...);
}

/// What a loop's caller knows about the output and the inputs' memory: no input shares it
/// (a fresh result), input 0 is the output in exactly its layout (a fold: out = f(out, x)),
/// or an input may be the output in exactly its layout (anything else).
enum class loop_alias { none, first, maybe };

// ---- the loop -----------------------------------------------------------------------------------

/// An input of the loop: its elements and its strides on the output's shape.
template <class V>
struct loop_input {
  const V* p;
  const index_t* strides;
};

template <loop_alias Alias, class F, class O, std::size_t... I, class... V>
void run_loop_impl(std::index_sequence<I...>, F& f, std::size_t rank, const index_t* shape, O* out,
                   const index_t* out_strides, const loop_input<V>&... in) {
  const isa_level isa = simd_active_isa();
  const auto run = [&](const auto& off, index_t n, const auto& st) {
    O* o = out + off[0];
    if (st[0] == 1 && ((st[I + 1] == 0 || st[I + 1] == 1) && ...)) {
      const unsigned m = ((static_cast<unsigned>(st[I + 1] == 1) << I) | ... | 0u);
      bool done = false;
      if constexpr (Alias == loop_alias::none) {
        done = contig_any<false, false>(m, isa, f, n, o, (in.p + off[I + 1])...);
      } else if constexpr (Alias == loop_alias::first) {
        done = contig_any<true, true>(m, isa, f, n, o, (in.p + off[I + 1])...);
      } else {
        const bool inplace =
            ((static_cast<const void*>(in.p + off[I + 1]) == static_cast<const void*>(o)) || ...);
        done = inplace ? contig_any<true, false>(m, isa, f, n, o, (in.p + off[I + 1])...)
                       : contig_any<false, false>(m, isa, f, n, o, (in.p + off[I + 1])...);
      }
      if (done) return;
    }
    for (index_t i = 0; i < n; ++i)
      o[i * st[0]] = convert<O>(f(in.p[off[I + 1] + i * st[I + 1]]...));
  };
  // A large loop is cut into chunks of elements run on several threads (core/threads.hpp);
  // an element is computed the same way whichever thread runs it. A function that changes
  // its own state when called (a mutable lambda given to map) stays on one thread, in order.
  if constexpr (std::is_invocable_v<const F&, const V&...>)
    parallel_for_each_run<sizeof...(V) + 1>(rank, shape, {out_strides, in.strides...}, run);
  else
    for_each_run<sizeof...(V) + 1>(rank, shape, {out_strides, in.strides...}, run);
}

/// out = f(in...) elementwise over a shape of `rank` axes; each input already laid on it. What
/// Alias says of the inputs' memory must hold; an input must never share memory with out other
/// than in exactly its layout.
template <loop_alias Alias, class F, class O, class... V>
void run_loop(F& f, std::size_t rank, const index_t* shape, O* out, const index_t* out_strides,
              const loop_input<V>&... in) {
  run_loop_impl<Alias>(std::index_sequence_for<V...>{}, f, rank, shape, out, out_strides, in...);
}

/// An input made ready for the loop: its strides on the output's shape, and a row-major copy
/// when it shares memory with the output in another layout (NumPy reads such inputs first).
template <class V>
struct prepared_input {
  Storage<V> copy;
  const V* p = nullptr;
  axes_buffer strides{};
};

template <class V>
void prepare_input(prepared_input<V>& in, const void* out, std::size_t out_size, const layout& ol,
                   const V* p, const layout& l) {
  in.p = p;
  broadcast_strides(l, ol.rank, ol.shape, in.strides.data());  // checked by the caller
  const layout laid{ol.rank, ol.shape, in.strides.data()};
  if (overlap_of(out, out_size, ol, p, sizeof(V), laid) != overlap::partial) return;
  axes_buffer rm{};
  index_t n = 1;
  for (std::size_t i = l.rank; i-- > 0;) {
    rm[i] = n;
    n *= l.shape[i];
  }
  in.copy = Storage<V>(n, Storage<V>::uninitialized);
  strided_copy(in.copy.data(), l.rank, l.shape, rm.data(), p, l.strides);
  in.p = in.copy.data();
  broadcast_strides(layout{l.rank, l.shape, rm.data()}, ol.rank, ol.shape, in.strides.data());
}

template <class F, class O, std::size_t... I, class... V>
void run_into_impl(std::index_sequence<I...>, F& f, O* out, const layout& ol,
                   const std::pair<const V*, layout>&... in) {
  std::tuple<prepared_input<V>...> prep;
  (prepare_input(std::get<I>(prep), out, sizeof(O), ol, in.first, in.second), ...);
  run_loop<loop_alias::maybe>(
      f, ol.rank, ol.shape, out, ol.strides,
      loop_input<V>{std::get<I>(prep).p, std::get<I>(prep).strides.data()}...);
}

/// out = f(in...) over out's layout for inputs that broadcast to it (checked by the caller),
/// copying an input first when it shares memory with out in another layout. Rank-erased.
template <class F, class O, class... V>
void run_into(F& f, O* out, const layout& ol, const std::pair<const V*, layout>&... in) {
  run_into_impl(std::index_sequence_for<V...>{}, f, out, ol, in...);
}

/// The entry point of every elementwise op with a destination: out[i] = f(in_0[i], ...) over
/// out's shape. The inputs' broadcast shape must equal out's shape, up to leading size-1 axes
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
  run_into(f, out.data(), layout_of(out.shape(), out.strides()),
           std::pair<const V*, layout>{in.data(), layout_of(in.shape(), in.strides())}...);
}

template <class O, class F, std::size_t R, std::size_t... I, class... V, std::size_t... Ri>
Tensor<O, R> elementwise_impl(std::index_sequence<I...>, F& f, const shape_t<R>& shape,
                              const TensorView<const V, Ri>&... in) {
  Tensor<O, R> out(shape, Storage<O>::uninitialized);
  std::array<axes_buffer, sizeof...(V)> st;
  (broadcast_strides(layout_of(in.shape(), in.strides()), R, shape.data(), st[I].data()), ...);
  // A fresh result overlaps nothing: straight to the loop.
  run_loop<loop_alias::none>(f, R, shape.data(), out.data(), out.strides().data(),
                             loop_input<V>{in.data(), st[I].data()}...);
  return out;
}

/// Eager form: a new row-major Tensor<O, max rank> holding f over the broadcast inputs.
template <class O, class F, class... V, std::size_t... Ri>
Tensor<O, max_rank<Ri...>> elementwise(F f, const TensorView<const V, Ri>&... in) {
  return elementwise_impl<O>(std::index_sequence_for<V...>{}, f, broadcast_shapes(in.shape()...),
                             in...);
}

}  // namespace detail

TENSR_NAMESPACE_END
