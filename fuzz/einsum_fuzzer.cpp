// libFuzzer target for einsum's run-time form: einsum<R>(spec, ops...), einsum_into(out, spec,
// ops...) and einsum_path(spec, ops...) on a spec made of the input's bytes and 1-3 small
// operands (ranks 0-3, sizes 0-3) described by the input's first bytes.
//
// Every call must return or throw tensr::einsum_error / tensr::shape_error; anything else, a
// sanitizer report or a leak is a finding. Beyond that, the fuzzer has its own small einsum:
// a parser of NumPy's spec language (letters, spaces, '...', ',', '->') and a loop over every
// index. Whether a spec is valid for the operands and, if so, the exact result (the values are
// small integers, so double and int64 sums are exact) must agree with tensr's.
//
// Input layout: byte 0 = operand count (1-3) | output rank (0-4) << 2 | int64 << 5 | into << 6
// | path << 7; byte 1 = derive << 0 | '...' axes per operand << 1, 3, 5 | one axis 0 or 1 << 7;
// then per operand one rank byte and three size bytes; one seed byte for the values; the rest
// is the spec. With derive, the operand count, ranks, sizes and output rank are made to fit
// the spec (see derive_from_spec) instead of read from the bytes. int64 runs take at most 2
// operands, a third operand's rank is at most 2.
#include <tensr/tensr.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

namespace {

using tensr::index_t;

constexpr std::size_t max_ops = 3;
constexpr std::size_t max_rank = 3;

struct input_case {
  std::size_t nops = 1, out_rank = 0;
  bool int64 = false, into = false, path = false;
  std::array<std::size_t, max_ops> rank{};
  std::array<std::array<index_t, max_rank>, max_ops> size{};
  unsigned seed = 0;
  std::string spec;
};

[[noreturn]] void finding(const input_case& c, const std::string& what) {
  std::fprintf(stderr, "einsum_fuzzer: %s\n  spec \"%s\"\n", what.c_str(), c.spec.c_str());
  for (std::size_t k = 0; k < c.nops; ++k) {
    std::fprintf(stderr, "  operand %zu shape (", k);
    for (std::size_t i = 0; i < c.rank[k]; ++i) std::fprintf(stderr, "%td,", c.size[k][i]);
    std::fprintf(stderr, ")\n");
  }
  std::abort();
}

// ---- the reference ---------------------------------------------------------------------------

struct ref_term {
  std::vector<int> labels;  // 0-51 for letters, -1 for '...'
  bool ellipsis = false;
};

/// Labels: 'A'-'Z' are 0-25, 'a'-'z' 26-51 (sorting them sorts by character code, which is
/// NumPy's order for the implicit output); the axes under '...' are 52, 53, ...
int label_of(char ch) {
  if (ch >= 'A' && ch <= 'Z') return ch - 'A';
  if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
  return -2;
}

struct ref_result {
  bool ok = false;
  std::vector<index_t> shape;
  std::vector<double> values;  // row-major
};

struct ref_spec {
  std::vector<ref_term> in{1};
  ref_term out;
  bool has_arrow = false;
};

/// The spec's terms, or nothing when it breaks NumPy's grammar or tensr's limits (32
/// operands, 64 entries per term).
std::optional<ref_spec> parse(const std::string& s) {
  ref_spec r;
  ref_term* t = &r.in.back();
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    if (ch == ' ') continue;
    if (label_of(ch) >= 0) {
      t->labels.push_back(label_of(ch));
    } else if (ch == '.') {
      if (i + 2 >= s.size() || s[i + 1] != '.' || s[i + 2] != '.') return {};
      if (t->ellipsis) return {};
      t->ellipsis = true;
      t->labels.push_back(-1);
      i += 2;
    } else if (ch == ',' && !r.has_arrow) {
      r.in.emplace_back();
      t = &r.in.back();
    } else if (ch == '-' && i + 1 < s.size() && s[i + 1] == '>' && !r.has_arrow) {
      r.has_arrow = true;
      t = &r.out;
      ++i;
    } else {
      return {};
    }
    if (t->labels.size() > 64) return {};
  }
  if (r.in.size() > 32) return {};
  return r;
}

constexpr std::size_t any_rank = std::size_t(-1);

/// NumPy's einsum on operands given as row-major value arrays, with tensr's limits (32
/// operands, 64 entries per term, '...' for at most 12 axes). With out_rank any_rank the
/// output's rank is not checked; the result has it.
ref_result reference(const input_case& c, const std::vector<std::vector<double>>& vals,
                     std::size_t out_rank) {
  ref_result bad;
  const std::optional<ref_spec> parsed = parse(c.spec);
  if (!parsed) return bad;
  const std::vector<ref_term>& in = parsed->in;
  const ref_term& out = parsed->out;
  const bool has_arrow = parsed->has_arrow;
  if (in.size() != c.nops) return bad;

  // Ranks, and the number of axes under '...'.
  std::size_t ell = 0;
  for (std::size_t k = 0; k < c.nops; ++k) {
    const std::size_t named = in[k].labels.size() - (in[k].ellipsis ? 1 : 0);
    if (in[k].ellipsis ? c.rank[k] < named : c.rank[k] != named) return bad;
    if (in[k].ellipsis) ell = std::max(ell, c.rank[k] - named);
  }
  if (ell > 12) return bad;

  // Sizes: a label's sizes must agree within an operand; across operands 1 broadcasts.
  std::array<index_t, 64> lsize;
  lsize.fill(-1);
  std::array<std::vector<int>, max_ops> axis_label;  // each operand axis -> label
  std::array<int, 52> count{};
  for (std::size_t k = 0; k < c.nops; ++k) {
    std::array<index_t, 64> own;
    own.fill(-1);
    const std::size_t named = in[k].labels.size() - (in[k].ellipsis ? 1 : 0);
    const std::size_t k_ell = in[k].ellipsis ? c.rank[k] - named : 0;
    for (int l : in[k].labels) {
      if (l == -1) {
        for (std::size_t e = 0; e < k_ell; ++e) axis_label[k].push_back(52 + int(ell - k_ell + e));
      } else {
        axis_label[k].push_back(l);
        ++count[static_cast<std::size_t>(l)];
      }
    }
    for (std::size_t a = 0; a < c.rank[k]; ++a) {
      const auto l = static_cast<std::size_t>(axis_label[k][a]);
      const index_t n = c.size[k][a];
      if (own[l] >= 0 && own[l] != n) return bad;
      own[l] = n;
    }
    for (std::size_t l = 0; l < 64; ++l) {
      if (own[l] < 0) continue;
      if (lsize[l] < 0 || lsize[l] == 1)
        lsize[l] = own[l];
      else if (own[l] != 1 && own[l] != lsize[l])
        return bad;
    }
  }
  for (std::size_t e = 0; e < ell; ++e)
    if (lsize[52 + e] < 0) lsize[52 + e] = 1;

  // The output's labels.
  std::vector<int> out_labels;
  if (has_arrow) {
    std::array<bool, 52> seen{};
    bool out_ell = false;
    for (int l : out.labels) {
      if (l == -1) {
        out_ell = true;
        for (std::size_t e = 0; e < ell; ++e) out_labels.push_back(52 + int(e));
        continue;
      }
      const auto u = static_cast<std::size_t>(l);
      if (seen[u] || count[u] == 0) return bad;
      seen[u] = true;
      out_labels.push_back(l);
    }
    if (ell > 0 && !out_ell) return bad;
  } else {
    for (std::size_t e = 0; e < ell; ++e) out_labels.push_back(52 + int(e));
    for (std::size_t l = 0; l < 52; ++l)
      if (count[l] == 1) out_labels.push_back(int(l));
  }
  if (out_rank != any_rank && out_labels.size() != out_rank) return bad;

  // Every label the loop runs over.
  std::vector<int> all;
  for (std::size_t l = 0; l < 64; ++l)
    if (lsize[l] >= 0) all.push_back(int(l));
  ref_result r;
  r.ok = true;
  index_t out_size = 1;
  for (int l : out_labels) {
    r.shape.push_back(lsize[static_cast<std::size_t>(l)]);
    out_size *= lsize[static_cast<std::size_t>(l)];
  }
  r.values.assign(static_cast<std::size_t>(out_size), 0.0);
  index_t total = 1;
  for (int l : all) total *= lsize[static_cast<std::size_t>(l)];
  std::array<index_t, 64> idx{};
  for (index_t it = 0; it < total; ++it) {
    index_t rem = it;
    for (std::size_t j = all.size(); j-- > 0;) {
      const auto l = static_cast<std::size_t>(all[j]);
      idx[l] = rem % lsize[l];
      rem /= lsize[l];
    }
    double prod = 1;
    for (std::size_t k = 0; k < c.nops; ++k) {
      index_t off = 0;
      for (std::size_t a = 0; a < c.rank[k]; ++a) {
        const index_t n = c.size[k][a];
        off = off * n + (n == 1 ? 0 : idx[static_cast<std::size_t>(axis_label[k][a])]);
      }
      prod *= vals[k][static_cast<std::size_t>(off)];
    }
    index_t o = 0;
    for (int l : out_labels) {
      const auto u = static_cast<std::size_t>(l);
      o = o * lsize[u] + idx[u];
    }
    r.values[static_cast<std::size_t>(o)] += prod;
  }
  return r;
}

// ---- tensr -------------------------------------------------------------------------------------

template <class T, std::size_t R>
tensr::Tensor<T, R> make_operand(const input_case& c, std::size_t k, std::vector<double>& vals) {
  tensr::shape_t<R> shape{};
  for (std::size_t i = 0; i < R; ++i) shape[i] = c.size[k][i];
  tensr::Tensor<T, R> t(shape, T(0));
  for (index_t i = 0; i < t.size(); ++i) {
    const auto v = static_cast<int>((static_cast<unsigned>(i) * 7 + c.seed * 13 + k * 5) % 7) - 3;
    t.data()[i] = static_cast<T>(v);
    vals.push_back(v);
  }
  return t;
}

template <class T, std::size_t R>
void compare(const input_case& c, const ref_result& want, const tensr::TensorView<const T, R>& got,
             const char* form) {
  if (want.shape.size() != R) finding(c, std::string(form) + ": rank differs from the reference");
  for (std::size_t i = 0; i < R; ++i)
    if (got.shape()[i] != want.shape[i])
      finding(c, std::string(form) + ": shape differs from the reference");
  const tensr::Tensor<T, R> dense(got);
  for (index_t i = 0; i < dense.size(); ++i)
    if (static_cast<double>(dense.data()[i]) != want.values[static_cast<std::size_t>(i)])
      finding(c, std::string(form) + ": element " + std::to_string(i) + " is " +
                     std::to_string(static_cast<double>(dense.data()[i])) +
                     ", the reference says " +
                     std::to_string(want.values[static_cast<std::size_t>(i)]));
}

/// Runs f, which calls tensr; returns whether it threw one of the two allowed errors.
template <class F>
bool throws_allowed(const input_case& c, F&& f) {
  try {
    f();
    return false;
  } catch (const tensr::einsum_error&) {
  } catch (const tensr::shape_error&) {
  } catch (const std::exception& e) {
    finding(c, std::string("unexpected exception: ") + e.what());
  }
  return true;
}

/// How many cases the reference found valid, printed at exit: a fuzzer that never gets past
/// the parser would say so.
struct tally {
  long valid = 0, all = 0;
  ~tally() {
    std::fprintf(stderr, "einsum_fuzzer: %ld cases, %ld valid (compared with the reference)\n", all,
                 valid);
  }
} cases;

template <class T, std::size_t R, class... Ops>
void run_rank(const input_case& c, const ref_result& want, Ops&... ops) {
  ++cases.all;
  cases.valid += want.ok;
  std::optional<tensr::Tensor<T, R>> got;
  const bool threw = throws_allowed(c, [&] { got.emplace(tensr::einsum<R>(c.spec, ops...)); });
  if (threw != !want.ok)
    finding(c, threw ? "einsum threw but the reference computes a result"
                     : "einsum returned but the reference says the spec is invalid");
  if (got) compare<T, R>(c, want, got->view(), "einsum");

  if (c.into) {
    // Into a fresh destination of the reference's shape (or any, when it is invalid), and into
    // the first operand itself (then flipped) when the shapes allow: NumPy's result either way.
    tensr::shape_t<R> shape{};
    for (std::size_t i = 0; i < R && i < want.shape.size(); ++i) shape[i] = want.shape[i];
    tensr::Tensor<T, R> dst(shape, T(7));
    const bool threw_into = throws_allowed(c, [&] { tensr::einsum_into(dst, c.spec, ops...); });
    if (threw_into != !want.ok) finding(c, "einsum_into and the reference disagree on validity");
    if (!threw_into) compare<T, R>(c, want, dst.view(), "einsum_into");

    auto& first = std::get<0>(std::tie(ops...));
    using First = std::remove_cvref_t<decltype(first)>;
    if constexpr (First::rank == R && R > 0) {
      if (want.ok && std::equal(want.shape.begin(), want.shape.end(), first.shape().begin())) {
        const First keep = first;
        if (throws_allowed(c, [&] { tensr::einsum_into(first, c.spec, ops...); }))
          finding(c, "einsum_into(first operand) threw");
        compare<T, R>(c, want, first.view(), "einsum_into(out = operand 0)");
        first = keep;
        auto flipped = first.flip(0);
        if (throws_allowed(c, [&] { tensr::einsum_into(flipped, c.spec, ops...); }))
          finding(c, "einsum_into(flipped first operand) threw");
        compare<T, R>(c, want, tensr::TensorView<const T, R>(flipped), "einsum_into(flipped)");
        first = keep;
      }
    }
  }
}

template <class T, class... Ops>
void run_all(const input_case& c, Ops&... ops) {
  std::vector<std::vector<double>> vals(sizeof...(Ops));
  {
    std::size_t k = 0;
    ((vals[k] = std::vector<double>(ops.data(), ops.data() + ops.size()), ++k), ...);
  }
  const ref_result want = reference(c, vals, c.out_rank);
  switch (c.out_rank) {
    case 0:
      return run_rank<T, 0>(c, want, ops...);
    case 1:
      return run_rank<T, 1>(c, want, ops...);
    case 2:
      return run_rank<T, 2>(c, want, ops...);
    case 3:
      return run_rank<T, 3>(c, want, ops...);
    default:
      return run_rank<T, 4>(c, want, ops...);
  }
}

template <class T, std::size_t... Ranks>
void with_operands(const input_case& c) {
  std::vector<double> unused;
  std::size_t k = 0;
  std::tuple<tensr::Tensor<T, Ranks>...> ops{make_operand<T, Ranks>(c, k++, unused)...};
  std::apply([&](auto&... o) { run_all<T>(c, o...); }, ops);
  if (c.path) {
    std::apply(
        [&](auto&... o) {
          throws_allowed(c, [&] {
            std::ostringstream os;
            os << tensr::einsum_path(c.spec, o...);
          });
        },
        ops);
  }
}

/// Picks the operands' ranks one at a time (compile-time ranks from run-time bytes).
template <class T, std::size_t... Done>
void pick_ranks(const input_case& c) {
  constexpr std::size_t i = sizeof...(Done);
  if constexpr (i > 0) {
    if (i == c.nops) return with_operands<T, Done...>(c);
  }
  // Fewer instantiations where they add little: a third operand has rank 0-2 (it is read
  // as rank 2 when the input says 3), and int64 runs with at most two operands.
  if constexpr (i < (std::is_integral_v<T> ? 2 : max_ops)) {
    switch (c.rank[i]) {
      case 0:
        return pick_ranks<T, Done..., 0>(c);
      case 1:
        return pick_ranks<T, Done..., 1>(c);
      case 2:
        return pick_ranks<T, Done..., 2>(c);
      default:
        if constexpr (i < 2) return pick_ranks<T, Done..., 3>(c);
        return pick_ranks<T, Done..., 2>(c);
    }
  }
}

/// The output rank a parsed spec gives operands of these ranks (explicit: its letters and the
/// '...' axes; implicit: the '...' axes and the letters seen once).
std::size_t natural_out_rank(const ref_spec& ps, const input_case& c) {
  std::size_t ell = 0;
  std::array<int, 52> count{};
  for (std::size_t k = 0; k < ps.in.size() && k < c.nops; ++k) {
    const std::size_t named = ps.in[k].labels.size() - (ps.in[k].ellipsis ? 1 : 0);
    if (ps.in[k].ellipsis && c.rank[k] >= named) ell = std::max(ell, c.rank[k] - named);
    for (int l : ps.in[k].labels)
      if (l >= 0) ++count[static_cast<std::size_t>(l)];
  }
  if (ps.has_arrow)
    return ps.out.labels.size() - (ps.out.ellipsis ? 1 : 0) + (ps.out.ellipsis ? ell : 0);
  return ell + static_cast<std::size_t>(std::count(count.begin(), count.end(), 1));
}

unsigned mix(unsigned a, unsigned b) { return (a * 2654435761u + b * 40503u + 12345u) >> 13; }

/// Operand count, ranks, sizes and output rank that fit the spec, so that most inputs reach
/// the contraction itself: every letter gets one size (1-3), the axes under '...' one size
/// per distance from the right; ctl's bits give each '...' 0-2 axes and may set one axis to 1
/// (a broadcast) or 0.
void derive_from_spec(input_case& c, std::uint8_t ctl) {
  const std::optional<ref_spec> ps = parse(c.spec);
  if (!ps || ps->in.size() > (c.int64 ? 2u : max_ops)) return;
  c.nops = ps->in.size();
  for (std::size_t k = 0; k < c.nops; ++k) {
    const ref_term& t = ps->in[k];
    const std::size_t named = t.labels.size() - (t.ellipsis ? 1 : 0);
    const std::size_t extra = t.ellipsis ? ((ctl >> (1 + 2 * k)) & 3) % 3 : 0;
    const std::size_t top = k == 2 ? 2 : max_rank;
    if (named + extra > top) {
      c.rank[k] = top;  // cannot be built: the reference and tensr must both refuse it
      continue;
    }
    c.rank[k] = named + extra;
    std::size_t a = 0;
    for (int l : t.labels) {
      if (l >= 0) {
        c.size[k][a++] = 1 + mix(static_cast<unsigned>(l), c.seed) % 3;
        continue;
      }
      for (std::size_t e = 0; e < extra; ++e)
        c.size[k][a++] = 1 + mix(100 + static_cast<unsigned>(extra - 1 - e), c.seed) % 3;
    }
  }
  if ((ctl & 0x80) && c.rank[c.seed % c.nops] > 0) {
    const std::size_t k = c.seed % c.nops;
    c.size[k][(c.seed / 3) % c.rank[k]] = (c.seed & 64) ? 0 : 1;
  }
  c.out_rank = std::min<std::size_t>(natural_out_rank(*ps, c), 4);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  input_case c;
  std::size_t p = 0;
  const std::uint8_t head = data[p++];
  c.nops = 1 + (head & 3) % 3;
  c.out_rank = ((head >> 2) & 7) % 5;
  c.int64 = head & 0x20;
  c.into = head & 0x40;
  c.path = head & 0x80;
  const std::uint8_t ctl = p < size ? data[p++] : 0;
  for (std::size_t k = 0; k < c.nops; ++k) {
    c.rank[k] = p < size ? data[p++] % (max_rank + 1) : 0;
    for (std::size_t i = 0; i < max_rank; ++i) c.size[k][i] = p < size ? data[p++] % 4 : 1;
  }
  if (c.int64) c.nops = std::min<std::size_t>(c.nops, 2);
  if (c.nops == 3) c.rank[2] = std::min<std::size_t>(c.rank[2], 2);
  c.seed = p < size ? data[p++] : 0;
  c.spec.assign(reinterpret_cast<const char*>(data + p), size - p);
  if (ctl & 1) derive_from_spec(c, ctl);
  if (c.int64)
    pick_ranks<std::int64_t>(c);
  else
    pick_ranks<double>(c);
  return 0;
}
