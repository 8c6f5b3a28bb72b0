// The einsum spec parser: "ij,jk->ik" into terms of index labels. One constexpr parser
// serves both forms: einsum<"ij,jk->ik">(...) runs it at compile time (errors become
// static_asserts), einsum<2>("ij,jk->ik", ...) at run time (errors become einsum_error
// whose message shows the spec with a caret under the problem).
#pragma once

#include "tensr/core/internal.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "tensr/core/config.hpp"
#include "tensr/core/error.hpp"

TENSR_NAMESPACE_BEGIN

/// A string literal as a template argument: einsum<"ij,jk->ik">.
template <std::size_t N>
struct fixed_string {
  char chars[N]{};
  constexpr fixed_string(const char (&s)[N]) noexcept {
    for (std::size_t i = 0; i < N; ++i) chars[i] = s[i];
  }
  constexpr std::string_view view() const noexcept { return {chars, N - 1}; }
};

namespace detail {

// Labels: 'A'-'Z' are 0-25 and 'a'-'z' 26-51, so sorting labels sorts by character code as
// NumPy's implicit output does; the axes under '...' get 52, 53, ... (at most 12 of them).
inline constexpr std::size_t einsum_letters = 52;
inline constexpr std::size_t einsum_max_labels = 64;
inline constexpr std::size_t einsum_max_operands = 32;
inline constexpr std::uint8_t einsum_ellipsis = 255;

constexpr int einsum_label_of(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  return -1;
}
constexpr char einsum_char_of(std::size_t label) noexcept {
  return static_cast<char>(label < 26 ? 'A' + label : 'a' + (label - 26));
}

enum class einsum_errc : std::uint8_t {
  none,
  bad_char,
  bad_dot,
  two_ellipses,
  bad_arrow,
  second_arrow,
  output_repeated,
  output_unknown,
  too_many_operands,
  term_too_long,
};

/// One comma-separated term: its labels (the ellipsis as one einsum_ellipsis entry).
struct einsum_term {
  std::array<std::uint8_t, einsum_max_labels> label;
  std::uint8_t count;  // entries in label, the ellipsis marker included
  std::uint8_t named;  // letters only
  bool ellipsis;
  // Where the term is in the spec, for carets and for finding the output's letters again.
  // Full-width: a spec may hold any number of spaces, so positions have no smaller bound.
  std::size_t pos, len;
};

struct einsum_parsed {
  std::array<einsum_term, einsum_max_operands> in{};
  std::size_t nin = 0;
  einsum_term out{};
  bool explicit_out = false;
  std::uint64_t in_letters = 0;  // letters seen in the inputs
  einsum_errc error = einsum_errc::none;
  std::size_t error_pos = 0, error_len = 1;
};

constexpr einsum_parsed einsum_parse(std::string_view s) noexcept {
  einsum_parsed p{};
  const auto fail = [&](einsum_errc e, std::size_t pos, std::size_t len = 1) {
    p.error = e;
    p.error_pos = pos;
    p.error_len = len;
    return p;
  };
  einsum_term* t = &p.in[0];
  t->pos = 0;
  const auto close = [&](std::size_t end) { t->len = end - t->pos; };
  bool output = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ') continue;
    if (const int l = einsum_label_of(c); l >= 0) {
      if (t->count == einsum_max_labels) return fail(einsum_errc::term_too_long, i);
      t->label[t->count++] = static_cast<std::uint8_t>(l);
      ++t->named;
      if (!output) p.in_letters |= std::uint64_t{1} << l;
    } else if (c == '.') {
      if (i + 2 >= s.size() || s[i + 1] != '.' || s[i + 2] != '.')
        return fail(einsum_errc::bad_dot, i);
      if (t->ellipsis) return fail(einsum_errc::two_ellipses, i, 3);
      if (t->count == einsum_max_labels) return fail(einsum_errc::term_too_long, i, 3);
      t->ellipsis = true;
      t->label[t->count++] = einsum_ellipsis;
      i += 2;
    } else if (c == ',' && !output) {
      close(i);
      if (p.nin + 1 == einsum_max_operands) return fail(einsum_errc::too_many_operands, i);
      t = &p.in[++p.nin];
      t->pos = i + 1;
    } else if (c == '-') {
      if (i + 1 >= s.size() || s[i + 1] != '>') return fail(einsum_errc::bad_arrow, i);
      if (output) return fail(einsum_errc::second_arrow, i, 2);
      close(i);
      ++p.nin;
      output = true;
      p.explicit_out = true;
      t = &p.out;
      t->pos = i + 2;
      ++i;
    } else if (c == '>') {
      return fail(einsum_errc::bad_arrow, i);
    } else {
      return fail(einsum_errc::bad_char, i);
    }
  }
  close(s.size());
  if (!output) ++p.nin;
  // The output's letters: each once, each seen in an input.
  std::uint64_t seen = 0;
  for (std::size_t i = p.out.pos; output && i < s.size(); ++i) {
    const int l = einsum_label_of(s[i]);
    if (s[i] == '.') i += 2;
    if (l < 0) continue;
    const std::uint64_t bit = std::uint64_t{1} << l;
    if (seen & bit) return fail(einsum_errc::output_repeated, i);
    if (!(p.in_letters & bit)) return fail(einsum_errc::output_unknown, i);
    seen |= bit;
  }
  return p;
}

/// Where the k-th label (the ellipsis counting as one) of a term sits in the spec, and its
/// width (3 for '...').
constexpr std::pair<std::size_t, std::size_t> einsum_label_pos(std::string_view s,
                                                               const einsum_term& t,
                                                               std::size_t k) noexcept {
  for (std::size_t i = t.pos; i < s.size(); ++i) {
    if (s[i] == ' ') continue;
    const bool dots = s[i] == '.';
    if (k-- == 0) return {i, dots ? 3 : 1};
    if (dots) i += 2;
  }
  return {s.size(), 1};
}

/// The message of an einsum_error: what is wrong, then the spec with a caret under it.
inline einsum_error einsum_fail(std::string_view spec, const std::string& what, std::size_t pos,
                                std::size_t len = 1) {
  std::string m = "einsum: " + what + "\n  ";
  m += spec;
  m += "\n  " + std::string(pos, ' ') + '^';
  if (len > 1) m += std::string(len - 1, '~');
  return einsum_error(m);
}

inline std::string einsum_quote(char c) { return std::string("'") + c + "'"; }

/// A parse error as an einsum_error (run-time form).
inline einsum_error einsum_parse_error(std::string_view s, const einsum_parsed& p) {
  const std::size_t at = p.error_pos;
  const char c = at < s.size() ? s[at] : ' ';
  switch (p.error) {
    case einsum_errc::bad_char:
      return einsum_fail(
          s, "invalid character " + einsum_quote(c) + " (indices are letters a-z, A-Z)", at);
    case einsum_errc::bad_dot:
      return einsum_fail(s, "a '.' that is not part of an ellipsis '...'", at);
    case einsum_errc::two_ellipses:
      return einsum_fail(s, "more than one '...' in one term", at, 3);
    case einsum_errc::bad_arrow:
      return einsum_fail(s, "'->' must be written as '-' followed by '>'", at);
    case einsum_errc::second_arrow:
      return einsum_fail(s, "more than one '->'", at, 2);
    case einsum_errc::output_repeated:
      return einsum_fail(s, "output index " + einsum_quote(c) + " appears more than once", at);
    case einsum_errc::output_unknown:
      return einsum_fail(s, "output index " + einsum_quote(c) + " does not appear in any input",
                         at);
    case einsum_errc::too_many_operands:
      return einsum_fail(s, "more than " + std::to_string(einsum_max_operands) + " operands", at);
    case einsum_errc::term_too_long:
      return einsum_fail(
          s, "a term with more than " + std::to_string(einsum_max_labels) + " indices", at);
    case einsum_errc::none:
      break;
  }
  return einsum_fail(s, "invalid spec", at);
}

/// What the operands' ranks say about a parsed spec: mistakes, the number of axes under
/// '...' (the most any operand gives it; the others broadcast), and the output's rank.
enum class einsum_rank_errc : std::uint8_t {
  none,
  operand_count,
  rank,
  ellipsis_rank,
  no_output_ellipsis,
  too_many_ellipsis_axes,
};

struct einsum_shape_info {
  einsum_rank_errc error = einsum_rank_errc::none;
  std::size_t operand = 0, rank = 0, named = 0;  // the offending operand
  std::size_t ellipsis_axes = 0;
  std::size_t out_rank = 0;
  std::uint64_t once = 0;  // letters seen exactly once in the inputs (the implicit output)
};

inline constexpr std::size_t einsum_max_ellipsis_axes = einsum_max_labels - einsum_letters;

template <class Ranks>
constexpr einsum_shape_info einsum_check_ranks(const einsum_parsed& p, const Ranks& ranks,
                                               std::size_t n) noexcept {
  einsum_shape_info r{};
  if (n != p.nin) {
    r.error = einsum_rank_errc::operand_count;
    r.operand = n;
    return r;
  }
  std::uint64_t seen = 0, twice = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const einsum_term& t = p.in[k];
    const std::size_t rank = ranks[k];
    if (t.ellipsis ? rank < t.named : rank != t.named) {
      r.error = t.ellipsis ? einsum_rank_errc::ellipsis_rank : einsum_rank_errc::rank;
      r.operand = k, r.rank = rank, r.named = t.named;
      return r;
    }
    if (t.ellipsis && rank - t.named > r.ellipsis_axes) r.ellipsis_axes = rank - t.named;
    for (std::size_t i = 0; i < t.count; ++i) {
      if (t.label[i] == einsum_ellipsis) continue;
      const std::uint64_t bit = std::uint64_t{1} << t.label[i];
      twice |= seen & bit;
      seen |= bit;
    }
  }
  if (r.ellipsis_axes > einsum_max_ellipsis_axes) {
    r.error = einsum_rank_errc::too_many_ellipsis_axes;
    return r;
  }
  r.once = seen & ~twice;
  if (p.explicit_out) {
    if (r.ellipsis_axes > 0 && !p.out.ellipsis) {
      r.error = einsum_rank_errc::no_output_ellipsis;
      return r;
    }
    r.out_rank = p.out.named + (p.out.ellipsis ? r.ellipsis_axes : 0);
  } else {
    r.out_rank = r.ellipsis_axes + static_cast<std::size_t>(__builtin_popcountll(r.once));
  }
  return r;
}

/// A rank error as an einsum_error (run-time form).
inline einsum_error einsum_rank_error(std::string_view s, const einsum_parsed& p,
                                      const einsum_shape_info& r) {
  switch (r.error) {
    case einsum_rank_errc::operand_count: {
      const std::string what = "the spec has " + std::to_string(p.nin) + " operand" +
                               (p.nin == 1 ? "" : "s") + " but " + std::to_string(r.operand) +
                               (r.operand == 1 ? " was" : " were") + " given";
      if (r.operand < p.nin) {  // under the first term without an operand
        const einsum_term& t = p.in[r.operand];
        return einsum_fail(s, what, t.pos, t.len > 0 ? t.len : 1);
      }
      const einsum_term& t = p.in[p.nin - 1];  // after the last term
      return einsum_fail(s, what, t.pos + t.len);
    }
    case einsum_rank_errc::rank:
    case einsum_rank_errc::ellipsis_rank: {
      const einsum_term& t = p.in[r.operand];
      return einsum_fail(s,
                         "operand " + std::to_string(r.operand) + " has rank " +
                             std::to_string(r.rank) + " but the spec gives it " +
                             std::to_string(r.named) + " ind" + (r.named == 1 ? "ex" : "ices") +
                             (r.error == einsum_rank_errc::ellipsis_rank ? " and '...'" : ""),
                         t.pos, t.len > 0 ? t.len : 1);
    }
    case einsum_rank_errc::no_output_ellipsis:
      return einsum_fail(s,
                         "the operands have " + std::to_string(r.ellipsis_axes) +
                             (r.ellipsis_axes == 1 ? " axis" : " axes") +
                             " under '...' but the output has no '...' to put them in",
                         p.out.pos, p.out.len > 0 ? p.out.len : 1);
    case einsum_rank_errc::too_many_ellipsis_axes:
      return einsum_fail(s,
                         "'...' stands for " + std::to_string(r.ellipsis_axes) +
                             " axes, more than the " + std::to_string(einsum_max_ellipsis_axes) +
                             " einsum supports",
                         0, s.size());
    case einsum_rank_errc::none:
      break;
  }
  return einsum_fail(s, "invalid spec", 0);
}

}  // namespace detail
TENSR_NAMESPACE_END
