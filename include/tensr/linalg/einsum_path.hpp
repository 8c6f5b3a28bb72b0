// The plan of an einsum and the driver that runs it. Indices private to one operand are
// summed first; then pairs are contracted in opt_einsum's greedy order: at each step the
// pair whose product removes the most memory (size of the result minus the sizes of the
// two inputs), pairs that share an index before outer products, fewer multiply-adds
// breaking ties. Renaming indices changes nothing here: only the sizes and which tensors
// hold which labels matter. The same plan is run (einsum_runner) or written down
// (einsum_path, in einsum.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/linalg/einsum_contract.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// Elements of a set of labels, in double (a product of sizes may not fit index_t).
inline double einsum_count(einsum_mask m, const index_t* size) noexcept {
  double n = 1;
  einsum_each(m, [&](std::size_t l) { n *= static_cast<double>(size[l]); });
  return n;
}

/// The labels a contraction of terms i and j keeps: the output's and those of other terms.
inline einsum_mask einsum_keep(const einsum_mask* masks, std::size_t n, std::size_t i,
                               std::size_t j, einsum_mask out) noexcept {
  einsum_mask keep = out;
  for (std::size_t k = 0; k < n; ++k)
    if (k != i && k != j) keep |= masks[k];
  return keep;
}

/// The next pair of terms to contract (i < j), among n >= 2.
inline std::pair<std::size_t, std::size_t> einsum_greedy_pair(const einsum_mask* masks,
                                                              std::size_t n, einsum_mask out,
                                                              const index_t* size) noexcept {
  std::pair<std::size_t, std::size_t> best{0, 1};
  bool best_shares = false;
  double best_cost = 0, best_flops = 0;
  bool first = true;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const bool shares = (masks[i] & masks[j]) != 0;
      const einsum_mask both = masks[i] | masks[j];
      const einsum_mask kept = both & einsum_keep(masks, n, i, j, out);
      const double cost =
          einsum_count(kept, size) - einsum_count(masks[i], size) - einsum_count(masks[j], size);
      const double flops = einsum_count(both, size);
      const bool better =
          first ||
          (shares != best_shares ? shares
                                 : (cost != best_cost ? cost < best_cost : flops < best_flops));
      if (better) {
        best = {i, j};
        best_shares = shares;
        best_cost = cost;
        best_flops = flops;
        first = false;
      }
    }
  return best;
}

/// The plan of an einsum over n terms (label masks), told to a visitor as it is made:
/// `sum(i, kept)` when term i's private labels (in no other term and not in the output) are
/// summed over, leaving `kept` (masks[i] still holds the labels before);
/// `pair(i, j, kept, last)` when terms i and j are contracted
/// into `kept` labels, which replace term i while the last term moves into slot j (`last` is
/// true for the final product, whose labels are the output's). With one term, `sum(0, out)`
/// ends the plan. The masks array is updated along the way.
template <class Visitor>
void einsum_schedule(einsum_mask* masks, std::size_t n, einsum_mask out, const index_t* size,
                     Visitor&& v) {
  einsum_mask seen = 0, twice = 0;
  for (std::size_t i = 0; i < n; ++i) {
    twice |= seen & masks[i];
    seen |= masks[i];
  }
  for (std::size_t i = 0; i < n && n > 1; ++i) {
    const einsum_mask priv = masks[i] & ~twice & ~out;
    if (!priv) continue;
    v.sum(i, masks[i] & ~priv);
    masks[i] &= ~priv;
  }
  if (n == 1) return v.sum(0, out);
  for (; n > 2; --n) {
    const auto [i, j] = einsum_greedy_pair(masks, n, out, size);
    const einsum_mask kept = einsum_keep(masks, n, i, j, out) & (masks[i] | masks[j]);
    v.pair(i, j, kept, false);
    masks[i] = kept;
    masks[j] = masks[n - 1];
  }
  v.pair(0, 1, out, true);
}

/// Runs the plan on tensors: `terms` holds the n operands and is used as scratch.
template <class T>
struct einsum_runner {
  einsum_workspace<T>& ws;
  einsum_tensor<const T>* terms;
  std::size_t n;
  const einsum_tensor<T>& out;

  void sum(std::size_t i, einsum_mask kept) {
    if (kept == out.mask && n == 1) return einsum_sum<T>(terms[0], out, ws.size.data());
    const einsum_tensor<T> t = ws.alloc(einsum_by_stride(kept, terms[i]));
    einsum_sum<T>(terms[i], t, ws.size.data());
    terms[i] = einsum_const(t);
  }
  void pair(std::size_t i, std::size_t j, einsum_mask kept, bool last) {
    if (last) return einsum_pair<T>(terms[0], terms[1], out, ws);
    const bool swap = einsum_swap(terms[i], terms[j], nullptr, ws.size.data());
    const einsum_tensor<const T>& a = swap ? terms[j] : terms[i];
    const einsum_tensor<const T>& b = swap ? terms[i] : terms[j];
    // The intermediate's layout follows the GEMM's (batch, rows, columns), so it merges.
    const einsum_tensor<T> c = ws.alloc(einsum_concat(einsum_by_stride(a.mask & b.mask & kept, a),
                                                      einsum_by_stride(a.mask & ~b.mask, a),
                                                      einsum_by_stride(b.mask & ~a.mask, b)));
    einsum_pair<T>(a, b, c, ws);
    terms[i] = einsum_const(c);
    terms[j] = terms[n - 1];
    --n;
  }
};

/// Whether two tensors (label layouts over the sizes of one einsum) may share memory.
template <class A, class B>
bool einsum_overlap(const einsum_tensor<A>& a, const einsum_tensor<B>& b,
                    const index_t* size) noexcept {
  const auto range = [&](const auto& t) {
    const char* p = reinterpret_cast<const char*>(t.p);
    index_t lo = 0, hi = 0;
    einsum_each(t.mask, [&](std::size_t l) {
      const index_t span = (size[l] - 1) * t.stride[l];
      (span < 0 ? lo : hi) += span;
    });
    const index_t e = static_cast<index_t>(sizeof(*t.p));
    return std::pair<const char*, const char*>{p + lo * e, p + (hi + 1) * e};
  };
  const auto [a0, a1] = range(a);
  const auto [b0, b1] = range(b);
  return std::less<const char*>()(a0, b1) && std::less<const char*>()(b0, a1);
}

/// Sums private labels, contracts pairwise in greedy order, writes `out`. An operand that
/// overlaps `out` (an out-parameter) is copied first, so that the result is NumPy's.
template <class T>
void einsum_execute(einsum_workspace<T>& ws, einsum_tensor<const T>* terms, std::size_t n,
                    const einsum_tensor<T>& out) {
  if (ws.count(out.mask) == 0) return;
  for (std::size_t i = 0; i < n; ++i) {
    if (ws.count(terms[i].mask) == 0 || !einsum_overlap(terms[i], out, ws.size.data())) continue;
    const einsum_tensor<T> t = ws.alloc(einsum_by_stride(terms[i].mask, terms[i]));
    einsum_sum<T>(terms[i], t, ws.size.data());
    terms[i] = einsum_const(t);
  }
  std::array<einsum_mask, einsum_max_operands> masks;
  for (std::size_t i = 0; i < n; ++i) masks[i] = terms[i].mask;
  einsum_schedule(masks.data(), n, out.mask, ws.size.data(), einsum_runner<T>{ws, terms, n, out});
}

}  // namespace detail
TENSR_NAMESPACE_END
