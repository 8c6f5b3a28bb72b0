// View cases: t, transpose(axes), swapaxes, moveaxis, slicing with steps (negative too,
// with an integer index, newaxis and ellipsis), flip, diagonal, reshape (a view, or the
// shape_error NumPy's no-copy rule predicts), expand_dims, squeeze, broadcast_to and
// sliding_window_view, each on an input that may itself be a strided view. Views move
// elements and compute nothing, so the copied result is compared exactly. Ops whose result
// rank is a template argument (reshape, squeeze<R>(), broadcast_to, sliding_window_view)
// are dispatched from the rank the case gives.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "runner.hpp"

namespace diff {
namespace {

/// The largest result rank dispatched to.
constexpr std::size_t max_rank = 4;

/// "start:stop:step" with `n` for None, as a tensr::range.
tensr::range parse_range(const std::string& text) {
  std::vector<std::string> f;
  std::size_t from = 0;
  for (std::size_t to; (to = text.find(':', from)) != std::string::npos; from = to + 1)
    f.push_back(text.substr(from, to - from));
  f.push_back(text.substr(from));
  if (f.size() != 3) throw std::invalid_argument("manifest: bad slice " + text);
  const index_t step = std::stoll(f[2]);
  const bool s = f[0] != "n", e = f[1] != "n";
  if (s && e) return tensr::range(std::stoll(f[0]), std::stoll(f[1]), step);
  if (s) return tensr::range(std::stoll(f[0]), tensr::none, step);
  if (e) return tensr::range(tensr::none, std::stoll(f[1]), step);
  return tensr::range(tensr::none, tensr::none, step);
}

template <class T, std::size_t R>
struct view_case {
  using V = tensr::TensorView<const T, R>;

  static void run(Case& c) {
    const V a = c.input<tensor_in<T, R>>();
    if (!any_rank(c, a) && !rank1(c, a) && !rank2(c, a))
      throw unsupported("view: no op " + c.op() + " for " + c.key());
  }

  template <std::size_t N>
  static bool check(Case& c, const tensr::TensorView<const T, N>& v) {
    c.check(tensr::Tensor<T, N>(v));
    return true;
  }

  static bool any_rank(Case& c, const V& a) {
    const std::string& op = c.op();
    if (op == "t") return check(c, a.t());
    if (op == "flip" && !c.has("axis")) return check(c, a.flip());
    if (op == "expand_dims") return check(c, a.expand_dims(c.int_param("axis")));
    if (op == "newaxis") return check(c, a(tensr::newaxis));
    if (op == "ellipsis_newaxis") return check(c, a(tensr::ellipsis, tensr::newaxis));
    const auto n = static_cast<std::size_t>(c.has("rank") ? c.int_param("rank") : -1);
    if (op == "reshape")
      return ranks<0>(n, [&]<std::size_t N>() {
        const auto s = c.ints_param("shape");
        tensr::shape_t<N> shape{};
        std::copy_n(s.begin(), N, shape.begin());
        return check(c, a.reshape(shape));
      });
    if (op == "squeeze_all")
      return ranks<0>(n, [&]<std::size_t N>() {
        if constexpr (N <= R) return check(c, a.template squeeze<N>());
        return false;
      });
    if (op == "broadcast_to")
      return ranks<R>(n, [&]<std::size_t N>() {
        const auto s = c.ints_param("shape");
        tensr::shape_t<N> shape{};
        std::copy_n(s.begin(), N, shape.begin());
        return check(c, tensr::broadcast_to(a, shape));
      });
    return false;
  }

  static bool rank1(Case& c, const V& a) {
    if constexpr (R >= 1) {
      const std::string& op = c.op();
      if (op == "transpose") {
        const auto ax = c.ints_param("axes");
        tensr::shape_t<R> axes{};
        std::copy_n(ax.begin(), R, axes.begin());
        return check(c, a.transpose(axes));
      }
      if (op == "swapaxes") return check(c, a.swapaxes(c.int_param("axis1"), c.int_param("axis2")));
      if (op == "moveaxis")
        return check(c, a.moveaxis(c.int_param("source"), c.int_param("destination")));
      if (op == "flip") return check(c, a.flip(c.int_param("axis")));
      if (op == "squeeze") return check(c, a.squeeze(c.int_param("axis")));
      if (op == "slice") return slice(c, a, std::make_index_sequence<R>{});
      if (op == "sliding_window_view") {
        const auto w = c.ints_param("window"), ax = c.ints_param("axes");
        if (w.size() == 1) return check(c, tensr::sliding_window_view(a, {w[0]}, {ax[0]}));
        if (w.size() == 2)
          return check(c, tensr::sliding_window_view(a, {w[0], w[1]}, {ax[0], ax[1]}));
      }
    }
    return false;
  }

  static bool rank2(Case& c, const V& a) {
    if constexpr (R >= 2) {
      if (c.op() == "diagonal")
        return check(c,
                     a.diagonal(c.int_param("offset"), c.int_param("axis1"), c.int_param("axis2")));
    }
    return false;
  }

  /// a(r0, r1, ...), or with `index`, a(index, r1, ...).
  template <std::size_t... I>
  static bool slice(Case& c, const V& a, std::index_sequence<I...>) {
    std::vector<tensr::range> r;
    std::string text = c.param("slices");
    for (std::size_t from = 0;;) {
      const std::size_t to = text.find(',', from);
      r.push_back(parse_range(text.substr(from, to - from)));
      if (to == std::string::npos) break;
      from = to + 1;
    }
    if (r.size() != R) throw std::invalid_argument("manifest: slices for another rank");
    if (!c.has("index")) return check(c, a(r[I]...));
    return index_first(c, a, r, std::make_index_sequence<R - 1>{});
  }
  template <std::size_t... I>
  static bool index_first(Case& c, const V& a, const std::vector<tensr::range>& r,
                          std::index_sequence<I...>) {
    if constexpr (R == 1)  // (an integer per axis would read the element: a rank-0 view)
      return check(c, a(c.int_param("index"), tensr::ellipsis));
    else
      return check(c, a(c.int_param("index"), r[I + 1]...));
  }

  /// f.template operator()<N>() for N == n, N in [Lo, max_rank].
  template <std::size_t Lo, class F>
  static bool ranks(std::size_t n, F&& f) {
    return ranks<Lo>(n, f, std::make_index_sequence<max_rank + 1 - Lo>{});
  }
  template <std::size_t Lo, class F, std::size_t... K>
  static bool ranks(std::size_t n, F& f, std::index_sequence<K...>) {
    return ((n == Lo + K && f.template operator()<Lo + K>()) || ...);
  }
};

template <class T, std::size_t... Rs>
void add_view(Registry& reg) {
  add_ranks<T, view_case, Rs...>(reg, "view");
}

}  // namespace

void register_view(Registry& reg) {
  add_view<float, 0, 1, 2, 3, 4>(reg);
  add_view<double, 3>(reg);
  add_view<std::int32_t, 2>(reg);
  add_view<bool, 3>(reg);
}

}  // namespace diff
