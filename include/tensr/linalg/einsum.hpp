// einsum, NumPy's Einstein summation, in two forms over one engine:
//   einsum<"ijk,jl->ilk">(A, W)           the spec parsed and checked at compile time
//   einsum<3>("ijk,jl->ilk", A, W)        the spec parsed at run time (einsum_error)
// and einsum_into<"ij,jk->ik">(out, a, b) / einsum_into(out, "ij,jk->ik", a, b), which
// write into a destination (NumPy's out=).
// Any number of operands, '...' with broadcasting, repeated indices (diagonals, traces),
// implicit output, size-1 broadcasting of an index. Execution: repeated indices become
// diagonal strides, indices of one operand only are summed first, then operands are
// contracted pairwise in the greedy order of einsum_plan.hpp, each pair on the GEMM
// (einsum_exec.hpp).
#pragma once

#include "tensr/core/internal.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/storage.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"
#include "tensr/linalg/einsum_exec.hpp"
#include "tensr/linalg/einsum_parse.hpp"
#include "tensr/linalg/einsum_plan.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// An operand as the engine sees it: elements of the einsum's type, any rank.
template <class T>
struct einsum_operand {
  const T* p;
  std::size_t rank;
  const index_t* shape;
  const index_t* strides;
};

/// The label of each axis of an operand ('...' expanded). A term has at most 64 entries
/// (letters may repeat) and '...' at most 12 axes, so 128 is plenty.
struct einsum_axes {
  std::array<std::uint8_t, 2 * einsum_max_labels> label;  // per axis
  std::array<std::uint8_t, 2 * einsum_max_labels> entry;  // the term entry it comes from
};

inline void einsum_expand(const einsum_term& t, std::size_t rank, std::size_t ell,
                          einsum_axes& ax) noexcept {
  const std::size_t ne = t.ellipsis ? rank - t.named : 0;
  std::size_t a = 0;
  for (std::size_t e = 0; e < t.count; ++e) {
    if (t.label[e] != einsum_ellipsis) {
      ax.label[a] = t.label[e];
      ax.entry[a++] = static_cast<std::uint8_t>(e);
      continue;
    }
    for (std::size_t j = 0; j < ne; ++j) {
      ax.label[a] = static_cast<std::uint8_t>(einsum_letters + ell - ne + j);
      ax.entry[a++] = static_cast<std::uint8_t>(e);
    }
  }
}

inline std::string einsum_label_name(std::size_t l) {
  if (l < einsum_letters) return "index " + einsum_quote(einsum_char_of(l));
  return "axis " + std::to_string(l - einsum_letters) + " of '...'";
}

/// Per-label sizes and the operands as label -> stride maps (repeated labels summed into
/// diagonal strides, size-1 axes broadcast with stride 0); returns the output's labels.
/// Throws einsum_error for sizes that do not fit together.
template <class T>
einsum_order einsum_prepare(std::string_view spec, const einsum_parsed& p,
                            const einsum_shape_info& info, const einsum_operand<T>* ops,
                            einsum_tensor<const T>* terms, index_t* size) {
  std::array<std::uint8_t, einsum_max_labels> owner;  // operand that set size[l]
  for (std::size_t l = 0; l < einsum_max_labels; ++l) size[l] = -1;
  const std::size_t ell = info.ellipsis_axes;
  einsum_axes ax;
  std::array<index_t, einsum_max_labels> own;  // this operand's size per label
  for (std::size_t k = 0; k < p.nin; ++k) {
    const einsum_operand<T>& op = ops[k];
    einsum_tensor<const T>& t = terms[k];
    t.p = op.p;
    t.mask = 0;
    einsum_expand(p.in[k], op.rank, ell, ax);
    const auto where = [&](std::size_t a) { return einsum_label_pos(spec, p.in[k], ax.entry[a]); };
    for (std::size_t a = 0; a < op.rank; ++a) {
      const std::size_t l = ax.label[a];
      const index_t s = op.shape[a];
      const index_t st = s == 1 ? 0 : op.strides[a];
      if (t.mask & einsum_bit(l)) {  // repeated in this operand: the diagonal
        if (own[l] != s) {
          const auto [pos, len] = where(a);
          throw einsum_fail(spec,
                            einsum_label_name(l) + " is repeated in operand " + std::to_string(k) +
                                " with different sizes " + std::to_string(own[l]) + " and " +
                                std::to_string(s),
                            pos, len);
        }
        t.stride[l] += st;
        continue;
      }
      t.mask |= einsum_bit(l);
      t.stride[l] = st;
      own[l] = s;
      if (size[l] < 0 || size[l] == 1) {
        if (size[l] < 0 || s != 1) size[l] = s, owner[l] = static_cast<std::uint8_t>(k);
      } else if (s != size[l] && s != 1) {
        const auto [pos, len] = where(a);
        throw einsum_fail(spec,
                          einsum_label_name(l) + " has size " + std::to_string(size[l]) +
                              " in operand " + std::to_string(owner[l]) + " but size " +
                              std::to_string(s) + " in operand " + std::to_string(k),
                          pos, len);
      }
    }
  }
  // The output: as written, or '...' then the letters seen once, by character code.
  einsum_order out;
  const auto put = [&](std::size_t l) {
    out.l[out.n++] = static_cast<std::uint8_t>(l);
    if (size[l] < 0) size[l] = 1;  // a '...' axis no operand has (it broadcasts)
  };
  if (p.explicit_out) {
    for (std::size_t e = 0; e < p.out.count; ++e) {
      if (p.out.label[e] != einsum_ellipsis)
        put(p.out.label[e]);
      else
        for (std::size_t j = 0; j < ell; ++j) put(einsum_letters + j);
    }
  } else {
    for (std::size_t j = 0; j < ell; ++j) put(einsum_letters + j);
    for (std::size_t l = 0; l < einsum_letters; ++l)
      if (info.once & einsum_bit(l)) put(l);
  }
  return out;
}

/// A tensor's elements as T: its own view when the types agree, else a converted copy.
template <class T, class X>
struct einsum_input {
  static constexpr std::size_t R = rank_of<X>;
  using V = value_type_of<X>;
  std::conditional_t<std::is_same_v<V, T>, TensorView<const T, R>, Tensor<T, R>> v;
  explicit einsum_input(const X& x) : v(TensorView<const V, R>(as_view(x))) {}
  einsum_operand<T> operand() const noexcept {
    return {v.data(), R, v.shape().data(), v.strides().data()};
  }
};

/// An einsum_error about the output, the caret under the output term (or the whole spec
/// when the output is implicit).
inline einsum_error einsum_output_error(std::string_view spec, const einsum_parsed& p,
                                        const std::string& what) {
  const std::size_t at = p.explicit_out ? p.out.pos : 0;
  const std::size_t len = p.explicit_out ? p.out.len : spec.size();
  return einsum_fail(spec, what, at, len > 0 ? len : 1);
}

/// A checked spec with its operands prepared: per-label sizes, the operands' layouts and
/// the output's labels.
template <class T, std::size_t N>
struct einsum_prepared {
  einsum_workspace<T> ws;
  einsum_tensor<const T> terms[N];
  einsum_order out;

  template <class... X>
  einsum_prepared(std::string_view spec, const einsum_parsed& p, const einsum_shape_info& info,
                  const einsum_input<T, X>&... in) {
    const einsum_operand<T> ops[] = {in.operand()...};
    out = einsum_prepare<T>(spec, p, info, ops, terms, ws.size.data());
  }
  template <std::size_t R>
  shape_t<R> shape() const noexcept {
    shape_t<R> s;
    for (std::size_t i = 0; i < R; ++i) s[i] = ws.size[out.l[i]];
    return s;
  }
  /// Runs the einsum into `dst`, whose shape is the output's (`fresh`: a new tensor).
  template <std::size_t R>
  void run(const TensorView<T, R>& dst, bool fresh) {
    einsum_tensor<T> ot;
    ot.p = dst.data();
    ot.mask = 0;
    for (std::size_t i = 0; i < R; ++i) {
      ot.mask |= einsum_bit(out.l[i]);
      ot.stride[out.l[i]] = dst.shape()[i] == 1 ? 0 : dst.strides()[i];
    }
    einsum_execute<T>(ws, terms, N, ot, fresh);
  }
};

/// Runs a checked spec whose output has rank R.
template <class T, std::size_t R, class... X>
Tensor<T, R> einsum_run(std::string_view spec, const einsum_parsed& p,
                        const einsum_shape_info& info, const einsum_input<T, X>&... in) {
  einsum_prepared<T, sizeof...(X)> e(spec, p, info, in...);
  Tensor<T, R> out(e.template shape<R>(), Storage<T>::uninitialized);
  e.run(out.view(), true);
  return out;
}

/// Runs a checked spec into `out`, which must have the result's shape (einsum_error).
template <class T, std::size_t R, class... X>
void einsum_run_into(std::string_view spec, const einsum_parsed& p, const einsum_shape_info& info,
                     const TensorView<T, R>& out, const einsum_input<T, X>&... in) {
  einsum_prepared<T, sizeof...(X)> e(spec, p, info, in...);
  const shape_t<R> want = e.template shape<R>();
  if (want != out.shape())
    throw einsum_output_error(
        spec, p,
        "out has shape " + shape_str(out.shape()) + " but the result has shape " + shape_str(want));
  e.run(out, false);
}

/// Writes the plan of einsum_schedule down instead of running it.
struct einsum_recorder {
  const einsum_mask* masks;
  const index_t* size;
  std::vector<std::string>* steps;
  double* cost;

  static std::string labels(einsum_mask m) {
    std::string s;
    // '...' axes print as digits; they come first, as in the output.
    einsum_each(m >> einsum_letters,
                [&](std::size_t k) { s += static_cast<char>(k < 10 ? '0' + k : ':' + k - 10); });
    einsum_each(m & (einsum_bit(einsum_letters) - 1),
                [&](std::size_t l) { s += einsum_char_of(l); });
    return s;
  }
  void step(const std::string& in, einsum_mask all, einsum_mask kept) {
    char buf[48];
    const double c = einsum_count(all, size);
    std::snprintf(buf, sizeof buf, "  (%.4g multiply-adds)", c);
    steps->push_back(in + "->" + labels(kept) + buf);
    *cost += c;
  }
  void sum(std::size_t i, einsum_mask kept) { step(labels(masks[i]), masks[i], kept); }
  void pair(std::size_t i, std::size_t j, einsum_mask kept, bool) {
    step(labels(masks[i]) + "," + labels(masks[j]), masks[i] | masks[j], kept);
  }
};

/// The plan of a checked spec, written down.
template <class T, class... X>
void einsum_record(std::string_view spec, const einsum_parsed& p, const einsum_shape_info& info,
                   std::vector<std::string>& steps, double& cost, double& naive,
                   const einsum_input<T, X>&... in) {
  const einsum_operand<T> ops[] = {in.operand()...};
  einsum_tensor<const T> terms[sizeof...(X)];
  std::array<index_t, einsum_max_labels> size;
  const einsum_order o = einsum_prepare<T>(spec, p, info, ops, terms, size.data());
  std::array<einsum_mask, einsum_max_operands> masks;
  einsum_mask all = 0, out = 0;
  for (std::size_t i = 0; i < sizeof...(X); ++i) all |= masks[i] = terms[i].mask;
  for (std::size_t i = 0; i < o.n; ++i) out |= einsum_bit(o.l[i]);
  naive = einsum_count(all, size.data()) * double(sizeof...(X) > 1 ? sizeof...(X) - 1 : 1);
  einsum_schedule(masks.data(), sizeof...(X), out, size.data(),
                  einsum_recorder{masks.data(), size.data(), &steps, &cost});
}

template <class... X>
using einsum_value_t = std::common_type_t<value_type_of<X>...>;

template <fixed_string S>
inline constexpr einsum_parsed einsum_parsed_v = einsum_parse(S.view());

// Compile-time rank mistakes name the operand and the numbers in the instantiation the
// compiler shows next to the static_assert: einsum_operand<1>::has_rank<3>::but_...<2>.
template <std::size_t Operand>
struct einsum_operand_number {
  template <std::size_t Rank>
  struct has_rank {
    template <std::size_t Indices>
    struct but_the_spec_gives_it_indices {
      static_assert(Rank == Indices,
                    "einsum: an operand's rank differs from the number of indices the spec gives "
                    "it (the operand number, its rank and the indices are in the instantiation "
                    "shown with this error)");
    };
    template <std::size_t Indices>
    struct but_the_spec_gives_it_more_indices_and_an_ellipsis {
      static_assert(Rank >= Indices,
                    "einsum: an operand has fewer axes than the indices the spec gives it next "
                    "to '...' (the operand number, its rank and the indices are in the "
                    "instantiation shown with this error)");
    };
  };
};

// Output indices the spec gets wrong are named in the static_assert's own text: a message
// must be a string literal, so there is one static_assert per letter, and the one for the
// offending letter fails ("tensr: einsum output index 'z' does not appear in any input").
// clang-format off
#define TENSR_EINSUM_EACH_LETTER(M) \
  M(a) M(b) M(c) M(d) M(e) M(f) M(g) M(h) M(i) M(j) M(k) M(l) M(m) \
  M(n) M(o) M(p) M(q) M(r) M(s) M(t) M(u) M(v) M(w) M(x) M(y) M(z) \
  M(A) M(B) M(C) M(D) M(E) M(F) M(G) M(H) M(I) M(J) M(K) M(L) M(M) \
  M(N) M(O) M(P) M(Q) M(R) M(S) M(T) M(U) M(V) M(W) M(X) M(Y) M(Z)
// clang-format on
#define TENSR_EINSUM_UNKNOWN(x)  \
  static_assert(Letter != #x[0], \
                "tensr: einsum output index '" #x "' does not appear in any input");
#define TENSR_EINSUM_REPEATED(x) \
  static_assert(Letter != #x[0], "tensr: einsum output index '" #x "' appears more than once");
template <char Letter>
struct einsum_output_index_unknown {
  TENSR_EINSUM_EACH_LETTER(TENSR_EINSUM_UNKNOWN)
};
template <char Letter>
struct einsum_output_index_repeated {
  TENSR_EINSUM_EACH_LETTER(TENSR_EINSUM_REPEATED)
};
#undef TENSR_EINSUM_REPEATED
#undef TENSR_EINSUM_UNKNOWN
#undef TENSR_EINSUM_EACH_LETTER

template <fixed_string S, std::size_t... Ranks>
constexpr einsum_shape_info einsum_static_check() {
  constexpr std::array<std::size_t, sizeof...(Ranks) + 1> ranks{Ranks..., 0};
  constexpr const einsum_parsed& p = einsum_parsed_v<S>;
  return einsum_check_ranks(p, ranks, sizeof...(Ranks));
}

/// The compile-time checks of einsum<"spec">: a readable static_assert for each mistake.
/// Returns the shape info, with `error` set (and the mistake reported) when the spec does
/// not fit the operands.
template <fixed_string S, class... X>
constexpr einsum_shape_info einsum_static_info() {
  static_assert(sizeof...(X) >= 1, "einsum: at least one operand is needed");
  static_assert(!std::is_same_v<einsum_value_t<X...>, bool>,
                "einsum: bool operands are not supported");
  constexpr const einsum_parsed& p = einsum_parsed_v<S>;
  using E = einsum_errc;
  static_assert(p.error != E::bad_char,
                "einsum: the spec has a character that is not a letter, ',', '->', '...' or ' '");
  static_assert(p.error != E::bad_dot, "einsum: the spec has a '.' that is not part of '...'");
  static_assert(p.error != E::two_ellipses, "einsum: a term of the spec has more than one '...'");
  static_assert(p.error != E::bad_arrow, "einsum: '->' must be written as '-' followed by '>'");
  static_assert(p.error != E::second_arrow, "einsum: the spec has more than one '->'");
  if constexpr (p.error == E::output_repeated)
    (void)einsum_output_index_repeated<S.chars[p.error_pos]>{};
  if constexpr (p.error == E::output_unknown)
    (void)einsum_output_index_unknown<S.chars[p.error_pos]>{};
  static_assert(p.error != E::too_many_operands, "einsum: more than 32 operands");
  static_assert(p.error != E::term_too_long, "einsum: a term with more than 64 indices");
  using R = einsum_rank_errc;
  if constexpr (p.error != E::none) {
    einsum_shape_info bad{};
    bad.error = R::operand_count;
    return bad;
  } else {
    constexpr einsum_shape_info info = einsum_static_check<S, rank_of<X>...>();
    static_assert(info.error != R::operand_count,
                  "einsum: the number of operands differs from the number of terms in the spec");
    static_assert(info.error != R::no_output_ellipsis,
                  "einsum: operands have axes under '...' but the output has no '...'");
    static_assert(info.error != R::too_many_ellipsis_axes,
                  "einsum: '...' stands for more than 12 axes");
    if constexpr (info.error == R::rank) {
      (void)typename einsum_operand_number<info.operand>::template has_rank<
          info.rank>::template but_the_spec_gives_it_indices<info.named>{};
    } else if constexpr (info.error == R::ellipsis_rank) {
      (void)typename einsum_operand_number<info.operand>::template has_rank<
          info.rank>::template but_the_spec_gives_it_more_indices_and_an_ellipsis<info.named>{};
    }
    return info;
  }
}

/// The run-time form's checks: parse errors, operand count and ranks, and the output rank.
template <std::size_t OutRank, class... X>
einsum_shape_info einsum_dynamic_info(std::string_view spec, const einsum_parsed& p,
                                      bool into = false) {
  if (p.error != einsum_errc::none) throw einsum_parse_error(spec, p);
  const std::array<std::size_t, sizeof...(X) + 1> ranks{rank_of<X>..., 0};
  const einsum_shape_info info = einsum_check_ranks(p, ranks, sizeof...(X));
  if (info.error != einsum_rank_errc::none) throw einsum_rank_error(spec, p, info);
  if (info.out_rank != OutRank)
    throw einsum_output_error(spec, p,
                              "the output has rank " + std::to_string(info.out_rank) + " but " +
                                  (into ? "out has rank " + std::to_string(OutRank)
                                        : "einsum<" + std::to_string(OutRank) + "> was asked for"));
  return info;
}

template <class XC>
using einsum_out_view = decltype(as_view(std::declval<XC&>()));

}  // namespace detail

/// numpy.einsum with the spec as a template argument: einsum<"ijk,jl->ilk">(A, W). The
/// spec, the operand count and the ranks are checked at compile time and the result's rank
/// is deduced; index sizes are checked at run time (einsum_error). The result is a new
/// Tensor of the operands' common element type.
template <fixed_string S, tensor_like... X>
auto einsum(const X&... ops) {
  using T = detail::einsum_value_t<X...>;
  constexpr detail::einsum_shape_info info = detail::einsum_static_info<S, X...>();
  if constexpr (info.error != detail::einsum_rank_errc::none) {
    return Tensor<T, 0>();
  } else {
    return detail::einsum_run<T, info.out_rank>(S.view(), detail::einsum_parsed_v<S>, info,
                                                detail::einsum_input<T, X>(ops)...);
  }
}

/// numpy.einsum(spec, a, b, out=out) with the spec as a template argument:
/// einsum_into<"ij,jk->ik">(out, a, b). The destination comes first (a trailing one could
/// not be told from an operand). `out` is a writable view or an lvalue Tensor of the
/// operands' common element type whose rank is checked at compile time and whose shape must
/// be the result's (einsum_error naming both). It may overlap an operand (that operand is
/// copied first, so the result is NumPy's); nothing else is allocated beyond the
/// intermediates the plain form needs.
template <fixed_string S, view_source XC, tensor_like... X>
void einsum_into(XC&& out, const X&... ops) {
  using T = detail::einsum_value_t<X...>;
  constexpr detail::einsum_shape_info info = detail::einsum_static_info<S, X...>();
  using V = detail::einsum_out_view<XC>;
  static_assert(std::is_same_v<typename V::value_type, T>,
                "einsum_into: out must be writable and have the operands' common element type");
  if constexpr (info.error == detail::einsum_rank_errc::none) {
    static_assert(V::rank == info.out_rank,
                  "einsum_into: out's rank differs from the rank of the spec's output");
    detail::einsum_run_into<T>(S.view(), detail::einsum_parsed_v<S>, info, as_view(out),
                               detail::einsum_input<T, X>(ops)...);
  }
}

/// numpy.einsum with a run-time spec: einsum<OutRank>("ij,jk->ik", a, b). Any mistake in the
/// spec, or between the spec and the operands (count, ranks, sizes, OutRank), throws
/// einsum_error whose message shows the spec with a caret under the problem.
template <std::size_t OutRank, tensor_like... X>
Tensor<detail::einsum_value_t<X...>, OutRank> einsum(std::string_view spec, const X&... ops) {
  static_assert(sizeof...(X) >= 1, "einsum: at least one operand is needed");
  using T = detail::einsum_value_t<X...>;
  static_assert(!std::is_same_v<T, bool>, "einsum: bool operands are not supported");
  const detail::einsum_parsed p = detail::einsum_parse(spec);
  const detail::einsum_shape_info info = detail::einsum_dynamic_info<OutRank, X...>(spec, p);
  return detail::einsum_run<T, OutRank>(spec, p, info, detail::einsum_input<T, X>(ops)...);
}

/// numpy.einsum(spec, a, b, out=out) with a run-time spec: einsum_into(out, "ij,jk->ik", a, b).
/// The output rank is out's; any mistake, including a shape of out other than the
/// result's, throws einsum_error. Overlap and allocation as in einsum_into<"spec">.
template <view_source XC, tensor_like... X>
void einsum_into(XC&& out, std::string_view spec, const X&... ops) {
  static_assert(sizeof...(X) >= 1, "einsum: at least one operand is needed");
  using T = detail::einsum_value_t<X...>;
  static_assert(!std::is_same_v<T, bool>, "einsum: bool operands are not supported");
  using V = detail::einsum_out_view<XC>;
  static_assert(std::is_same_v<typename V::value_type, T>,
                "einsum_into: out must be writable and have the operands' common element type");
  const detail::einsum_parsed p = detail::einsum_parse(spec);
  const detail::einsum_shape_info info = detail::einsum_dynamic_info<V::rank, X...>(spec, p, true);
  detail::einsum_run_into<T>(spec, p, info, as_view(out), detail::einsum_input<T, X>(ops)...);
}

/// The order in which einsum would contract these operands (NumPy's np.einsum_path):
/// one line per step, each with its multiply-add count, and the totals. Printable.
struct einsum_plan {
  std::string spec;
  std::vector<std::string> steps;
  double cost = 0;   ///< multiply-adds of the steps
  double naive = 0;  ///< of one loop over all indices, for comparison
};

/// Prints the plan: the spec, one line per pairwise step, the total cost.
inline std::ostream& operator<<(std::ostream& os, const einsum_plan& p) {
  os << "einsum path for " << p.spec << "\n";
  for (std::size_t i = 0; i < p.steps.size(); ++i)
    os << "  step " << i + 1 << ": " << p.steps[i] << "\n";
  return os << "  total " << p.cost << " multiply-adds (one loop over all indices: " << p.naive
            << ")\n";
}

/// einsum_path("ab,bc,cd->ad", a, b, c): the plan einsum would run on these operands. The
/// spec's mistakes throw einsum_error, as in einsum's run-time form.
template <tensor_like... X>
einsum_plan einsum_path(std::string_view spec, const X&... ops) {
  static_assert(sizeof...(X) >= 1, "einsum: at least one operand is needed");
  using T = detail::einsum_value_t<X...>;
  const detail::einsum_parsed p = detail::einsum_parse(spec);
  if (p.error != detail::einsum_errc::none) throw detail::einsum_parse_error(spec, p);
  const std::array<std::size_t, sizeof...(X) + 1> ranks{rank_of<X>..., 0};
  const detail::einsum_shape_info info = detail::einsum_check_ranks(p, ranks, sizeof...(X));
  if (info.error != detail::einsum_rank_errc::none) throw detail::einsum_rank_error(spec, p, info);
  einsum_plan plan;
  plan.spec = std::string(spec);
  detail::einsum_record<T>(spec, p, info, plan.steps, plan.cost, plan.naive,
                           detail::einsum_input<T, X>(ops)...);
  return plan;
}

TENSR_NAMESPACE_END
