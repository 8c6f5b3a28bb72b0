// The plan of an einsum: which tensors to contract, in which order. Labels private to one
// operand are summed first; then pairs are contracted greedily, as opt_einsum's greedy
// strategy does: at each step the pair whose product removes the most memory (the size of the
// result minus the sizes of the two inputs), pairs that share a label before outer products,
// fewer multiply-adds breaking ties. Renaming labels changes nothing: only the sizes and which
// tensors hold which labels matter. The plan is told to a visitor, which either runs it
// (einsum_exec.hpp) or writes it down (einsum_path in einsum.hpp).
#pragma once

#include "tensr/core/internal.hpp"

#include <cstddef>
#include <cstdint>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/linalg/einsum_parse.hpp"

TENSR_NAMESPACE_BEGIN
namespace detail {

/// A set of labels: bit l for label l.
using einsum_mask = std::uint64_t;

constexpr einsum_mask einsum_bit(std::size_t label) noexcept { return einsum_mask{1} << label; }

/// f(label) for each label of a mask, in increasing order (the set bits only).
template <class F>
void einsum_each(einsum_mask m, F&& f) {
  for (; m; m &= m - 1) f(static_cast<std::size_t>(__builtin_ctzll(m)));
}

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

}  // namespace detail
TENSR_NAMESPACE_END
