// Printing like NumPy's repr() with the default print options (NumPy 1.24):
// `std::cout << a` and `repr(a)` give `array([[1., 2.],\n       [3., 4.]], dtype=float32)`.
//
// Rules followed (numpy/core/arrayprint.py): line width 75, precision 8, floatmode
// 'maxprec' (shortest round-trip digits, at most 8 after the point, aligned on the
// point), scientific notation when the largest |x| >= 1e8, the smallest nonzero |x| <
// 1e-4 or their ratio > 1e3; summarization with 3 edge items per axis when size > 1000;
// NumPy's line wrapping, bracket indentation and dtype placement. The dtype is left out
// for float64, bool and 64-bit signed integers, as NumPy does for its default types.
//
// Deliberate differences from NumPy:
// - `long` and `long long` both print as NumPy's default int64 (no dtype suffix); NumPy
//   shows `dtype=int64` for its separate `longlong` type. Character types print as
//   numbers (int8/uint8/...), by size and signedness.
// - `long double` is named float<bits of the type's size>, i.e. float128 on x86-64 Linux,
//   as NumPy names it there.
// - Shortest digits come from std::to_chars, whose rounding interval includes its bounds
//   for even mantissas; NumPy's Dragon4 excludes them, so a decimal lying exactly on such
//   a bound could be printed with different digits. Randomized comparisons with NumPy
//   1.24 (all dtypes, random bit patterns) found no such case.
// - Print options (precision, threshold, linewidth, ...) are fixed at NumPy's defaults.
#pragma once

#include "tensr/core/internal.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "tensr/core/config.hpp"
#include "tensr/core/shape.hpp"
#include "tensr/core/tensor.hpp"
#include "tensr/core/tensor_view.hpp"
#include "tensr/core/traits.hpp"

TENSR_NAMESPACE_BEGIN

namespace detail::print {

// NumPy's default print options.
inline constexpr index_t threshold = 1000;
inline constexpr index_t edgeitems = 3;
inline constexpr index_t linewidth = 75;
inline constexpr int precision = 8;

/// NumPy's dtype name for an element type.
template <class T>
std::string dtype_name() {
  if constexpr (std::is_same_v<T, bool>)
    return "bool";
  else if constexpr (std::is_floating_point_v<T>)
    return "float" + std::to_string(sizeof(T) * 8);
  else
    return (std::is_signed_v<T> ? "int" : "uint") + std::to_string(sizeof(T) * 8);
}

/// Types whose repr omits the dtype: NumPy's float64, int64 and bool.
template <class T>
inline constexpr bool dtype_implied = std::is_same_v<T, bool> || std::is_same_v<T, double> ||
                                      ((std::is_same_v<T, long> ||
                                        std::is_same_v<T, long long>)&&sizeof(T) == 8);

/// A finite float as sign, decimal digits d0 d1 d2 ... and exponent: d0.d1d2... x 10^exponent.
struct decimal {
  bool negative = false;
  std::string digits;
  int exponent = 0;
};

/// Shortest round-trip digits of x (precision < 0), or x rounded to `precision` digits
/// after the first one.
template <class F>
decimal to_decimal(F x, int prec = -1) {
  char buf[128];
  const auto r = prec < 0
                     ? std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific)
                     : std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific, prec);
  const std::string_view s(buf, static_cast<std::size_t>(r.ptr - buf));
  decimal d;
  std::size_t i = 0;
  if (s[i] == '-') {
    d.negative = true;
    ++i;
  }
  for (; s[i] != 'e'; ++i)
    if (s[i] != '.') d.digits += s[i];
  ++i;  // 'e'
  const bool neg_exp = s[i++] == '-';
  int e = 0;
  for (; i < s.size(); ++i) e = e * 10 + (s[i] - '0');
  d.exponent = neg_exp ? -e : e;
  return d;
}

/// Digits of a decimal exponent as NumPy prints them: at least two.
inline std::string exponent_digits(int e) {
  std::string s = std::to_string(e < 0 ? -e : e);
  if (s.size() < 2) s.insert(0, 2 - s.size(), '0');
  return s;
}

/// Positional form of a finite x, split at the point: Dragon4's unique digits cut at
/// `precision` fraction digits, trailing zeros trimmed, the point kept ("1." for 1).
/// With `all_int_digits` (NumPy's min_digits=0, used when printing, not when sizing) the
/// integer part is exact: float32 73804592 prints as "73804592." although its shortest
/// round-trip form is "73804590.".
template <class F>
void positional_parts(F x, std::string& int_part, std::string& frac_part, bool all_int_digits) {
  const decimal d = to_decimal(x);
  const int n = static_cast<int>(d.digits.size());
  const int frac_digits = n - 1 - d.exponent;
  if (frac_digits > precision || (all_int_digits && frac_digits < 0)) {
    // Round the exact value: to `precision` fraction digits, or to an integer (x is one).
    char buf[128];
    const int prec = frac_digits > precision ? precision : 0;
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, prec);
    const std::string s(buf, r.ptr);
    const std::size_t dot = s.find('.');
    int_part = s.substr(0, dot);
    frac_part = dot == std::string::npos ? std::string() : s.substr(dot + 1);
    while (!frac_part.empty() && frac_part.back() == '0') frac_part.pop_back();
    return;
  }
  int_part = d.negative ? "-" : "";
  frac_part.clear();
  if (d.exponent < 0) {
    int_part += '0';
    frac_part.assign(static_cast<std::size_t>(-d.exponent - 1), '0');
    frac_part += d.digits;
  } else {
    const auto k = static_cast<std::size_t>(d.exponent) + 1;
    if (d.digits.size() >= k) {
      int_part += d.digits.substr(0, k);
      frac_part = d.digits.substr(k);
    } else {
      int_part += d.digits;
      int_part.append(k - d.digits.size(), '0');
    }
  }
}

/// Scientific digits of a finite x for the sizing pass: unique digits cut at `precision`
/// fraction digits, trailing zeros trimmed.
template <class F>
decimal scientific_digits(F x) {
  decimal d = to_decimal(x);
  if (static_cast<int>(d.digits.size()) - 1 > precision) {
    d = to_decimal(x, precision);
    while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
  }
  return d;
}

/// NumPy's FloatingFormat: one string per value, all of the same width.
template <class F>
std::vector<std::string> format_floats(const std::vector<F>& vals) {
  bool any_finite = false, any_nonfinite = false, neg_inf = false;
  F max_abs = 0, min_abs = 0;
  bool any_nonzero = false;
  for (const F x : vals) {
    if (!std::isfinite(x)) {
      any_nonfinite = true;
      neg_inf = neg_inf || (std::isinf(x) && x < 0);
      continue;
    }
    any_finite = true;
    if (x == 0) continue;
    const F a = std::fabs(x);
    if (!any_nonzero || a > max_abs) max_abs = a;
    if (!any_nonzero || a < min_abs) min_abs = a;
    any_nonzero = true;
  }
  // Thresholds are Python floats (doubles), compared in the wider of the two types; the
  // ratio is computed in F, as NumPy computes it in the array's dtype.
  using W = std::common_type_t<F, double>;
  bool exp_format = false;
  if (any_nonzero) {
    const F ratio = max_abs / min_abs;
    exp_format = static_cast<W>(max_abs) >= static_cast<W>(1.e8) ||
                 static_cast<W>(min_abs) < static_cast<W>(0.0001) ||
                 static_cast<W>(ratio) > static_cast<W>(1000.);
  }

  std::size_t pad_left = 0, pad_right = 0, exp_size = 0;
  int prec = 0;
  if (any_finite && exp_format) {
    std::size_t max_frac = 0;
    for (const F x : vals) {
      if (!std::isfinite(x)) continue;
      const decimal d = scientific_digits(x);
      max_frac = std::max(max_frac, d.digits.size() - 1);
      exp_size = std::max(exp_size, exponent_digits(d.exponent).size());
      pad_left = std::max<std::size_t>(pad_left, d.negative ? 2 : 1);
    }
    prec = static_cast<int>(max_frac);
    pad_right = exp_size + 2 + max_frac;
  } else if (any_finite) {
    std::string ip, fp;
    for (const F x : vals) {
      if (!std::isfinite(x)) continue;
      positional_parts(x, ip, fp, false);
      pad_left = std::max(pad_left, ip.size());
      pad_right = std::max(pad_right, fp.size());
    }
  }
  if (any_nonfinite) {
    const std::size_t offset = pad_right + 1;
    const std::size_t inf_len = neg_inf ? 4 : 3;
    pad_left =
        std::max({pad_left, 3 > offset ? 3 - offset : 0, inf_len > offset ? inf_len - offset : 0});
  }
  const std::size_t width = pad_left + pad_right + 1;

  std::vector<std::string> out;
  out.reserve(vals.size());
  std::string ip, fp;
  for (const F x : vals) {
    std::string s;
    if (!std::isfinite(x)) {
      const char* word = std::isnan(x) ? "nan" : x < 0 ? "-inf" : "inf";
      const std::size_t len = std::char_traits<char>::length(word);
      s.assign(width > len ? width - len : 0, ' ');
      s += word;
    } else if (exp_format) {
      // Unique digits, extended to `prec` fraction digits by rounding the exact value.
      decimal d = to_decimal(x);
      if (static_cast<int>(d.digits.size()) - 1 != prec) d = to_decimal(x, prec);
      const std::size_t int_len = d.negative ? 2 : 1;
      s.assign(pad_left > int_len ? pad_left - int_len : 0, ' ');
      if (d.negative) s += '-';
      s += d.digits[0];
      s += '.';
      s.append(d.digits, 1);
      s += d.exponent < 0 ? "e-" : "e+";
      const std::string ed = exponent_digits(d.exponent);
      if (ed.size() < exp_size) s.append(exp_size - ed.size(), '0');
      s += ed;
    } else {
      positional_parts(x, ip, fp, true);
      s.assign(pad_left > ip.size() ? pad_left - ip.size() : 0, ' ');
      s += ip;
      s += '.';
      s += fp;
      s.append(pad_right - fp.size(), ' ');
    }
    out.push_back(std::move(s));
  }
  return out;
}

/// NumPy's IntegerFormat (right-aligned to a common width) and BoolFormat.
template <class T>
std::vector<std::string> format_elements(const std::vector<T>& vals, bool zero_dim) {
  if constexpr (std::is_floating_point_v<T>) {
    return format_floats(vals);
  } else {
    std::vector<std::string> out;
    out.reserve(vals.size());
    if constexpr (std::is_same_v<T, bool>) {
      // " True" lines up with "False" -- except in a 0-d array.
      for (const bool b : vals) out.emplace_back(b ? (zero_dim ? "True" : " True") : "False");
    } else {
      using W = std::conditional_t<std::is_signed_v<T>, long long, unsigned long long>;
      std::size_t width = 0;
      for (const T x : vals) {
        out.push_back(std::to_string(static_cast<W>(x)));
        width = std::max(width, out.back().size());
      }
      for (std::string& s : out) s.insert(0, width - s.size(), ' ');
    }
    return out;
  }
}

/// Which indices of each axis are shown: all of them, or the first and last `edgeitems`
/// when summarizing and the axis is longer than twice that.
struct axis_plan {
  std::vector<index_t> count;    // shown per axis
  std::vector<bool> summarized;  // "..." inserted after the leading edge items
};

inline axis_plan plan_axes(const index_t* shape, std::size_t rank, bool summarize) {
  axis_plan p;
  for (std::size_t k = 0; k < rank; ++k) {
    const bool s = summarize && shape[k] > 2 * edgeitems;
    p.summarized.push_back(s);
    p.count.push_back(s ? 2 * edgeitems : shape[k]);
  }
  return p;
}

/// The shown elements in row-major order of their logical positions (any strides).
template <class T>
std::vector<std::remove_const_t<T>> gather(T* data, const index_t* shape, const index_t* strides,
                                           std::size_t rank, const axis_plan& plan) {
  std::vector<std::remove_const_t<T>> out;
  index_t total = 1;
  for (std::size_t k = 0; k < rank; ++k) total *= plan.count[k];
  out.reserve(static_cast<std::size_t>(total));
  // Logical index of shown position j on axis k.
  auto logical = [&](std::size_t k, index_t j) {
    return plan.summarized[k] && j >= edgeitems ? shape[k] - 2 * edgeitems + j : j;
  };
  std::vector<index_t> pos(rank, 0);
  for (index_t n = 0; n < total; ++n) {
    index_t off = 0;
    for (std::size_t k = 0; k < rank; ++k) off += logical(k, pos[k]) * strides[k];
    out.push_back(data[off]);
    for (std::size_t k = rank; k-- > 0;) {  // odometer
      if (++pos[k] < plan.count[k]) break;
      pos[k] = 0;
    }
  }
  return out;
}

/// NumPy's _formatArray: brackets, separators, wrapping and summary markers.
class array_formatter {
 public:
  array_formatter(const std::vector<std::string>& words, const axis_plan& plan)
      : words_(words), plan_(plan) {}

  std::string format(const std::string& hanging_indent, index_t width) {
    next_ = 0;
    return recurse(0, hanging_indent, width);
  }

 private:
  static void extend_line(std::string& s, std::string& line, const std::string& word, index_t width,
                          const std::string& next_line_prefix) {
    // Wrap when the word does not fit, unless wrapping would not help.
    if (static_cast<index_t>(line.size() + word.size()) > width &&
        line.size() > next_line_prefix.size()) {
      line.erase(line.find_last_not_of(' ') + 1);
      s += line;
      s += '\n';
      line = next_line_prefix;
    }
    line += word;
  }

  std::string recurse(std::size_t axis, const std::string& hanging, index_t width) {
    const std::size_t rank = plan_.count.size();
    if (axis == rank) return words_[next_++];
    const std::string next_hanging = hanging + ' ';
    const index_t next_width = width - 1;  // room for the ']'
    const index_t m = plan_.count[axis];
    const bool summary = plan_.summarized[axis];
    std::string s;
    if (axis + 1 == rank) {
      const index_t elem_width = width - 1;  // room for ',' or ']'
      std::string line = hanging;
      for (index_t i = 0; i < m; ++i) {
        if (summary && i == edgeitems) {
          extend_line(s, line, "...", elem_width, hanging);
          line += ", ";
        }
        extend_line(s, line, recurse(axis + 1, next_hanging, next_width), elem_width, hanging);
        if (i + 1 < m) line += ", ";
      }
      s += line;
    } else {
      const std::string line_sep = "," + std::string(rank - axis - 1, '\n');
      for (index_t i = 0; i < m; ++i) {
        if (summary && i == edgeitems) s += hanging + "..." + line_sep;
        s += hanging;
        s += recurse(axis + 1, next_hanging, next_width);
        if (i + 1 < m) s += line_sep;
      }
    }
    // Appended piece by piece: g++ 12 at -O3 misreads "[" + std::string as an overlapping
    // copy (-Wrestrict).
    std::string out(1, '[');
    out.append(s, hanging.size());
    out += ']';
    return out;
  }

  const std::vector<std::string>& words_;
  const axis_plan& plan_;
  std::size_t next_ = 0;
};

/// Python's repr of a shape tuple: "(0, 3)", "(0,)".
inline std::string shape_tuple(const index_t* shape, std::size_t rank) {
  return shape_str(shape, rank, ", ");
}

/// NumPy's array_repr for a strided layout of any rank.
template <class T>
std::string repr_impl(T* data, const index_t* shape, const index_t* strides, std::size_t rank) {
  using V = std::remove_const_t<T>;
  index_t size = 1;
  for (std::size_t k = 0; k < rank; ++k) size *= shape[k];
  const bool skip_dtype = dtype_implied<V> && size > 0;
  const std::string prefix = "array(";
  std::string out = prefix;
  if (size == 0) {
    out += rank == 1 ? "[]" : "[], shape=" + shape_tuple(shape, rank);
  } else {
    const axis_plan plan = plan_axes(shape, rank, size > threshold);
    const std::vector<std::string> words =
        format_elements(gather(data, shape, strides, rank, plan), rank == 0);
    array_formatter f(words, plan);
    // One column less for the ")" or "," that follows; continuation lines start under
    // the first element, after "array([".
    out += f.format(std::string(prefix.size() + 1, ' '), linewidth - 1);
  }
  if (skip_dtype) return out + ")";
  out += ',';
  const std::string dtype = "dtype=" + dtype_name<V>() + ")";
  const std::size_t nl = out.rfind('\n');
  const std::size_t last_line = out.size() - (nl == std::string::npos ? 0 : nl + 1);
  if (static_cast<index_t>(last_line + dtype.size() + 1) > linewidth)
    out += '\n' + std::string(prefix.size(), ' ');
  else
    out += ' ';
  return out + dtype;
}

}  // namespace detail::print

/// NumPy's repr() of a tensor or view: `array([[1., 2.],\n       [3., 4.]], dtype=float32)`.
template <tensor_like A>
std::string repr(const A& a) {
  const auto v = as_view(a);
  // Through a pointer to const: one instantiation per element type, whatever the view.
  using V = std::remove_const_t<value_type_of<A>>;
  return detail::print::repr_impl<const V>(v.data(), v.shape().data(), v.strides().data(),
                                           std::remove_cvref_t<A>::rank);
}

/// Writes repr(a): `std::cout << a` prints like NumPy's repr.
template <tensor_like A>
std::ostream& operator<<(std::ostream& os, const A& a) {
  return os << repr(a);
}

/// Writes a shape or strides as NumPy prints a tuple: `std::cout << a.shape()` gives
/// "(2, 3)" (tensr::format's text).
template <std::size_t Rank>
std::ostream& operator<<(std::ostream& os, const shape_t<Rank>& shape) {
  return os << format(shape);
}

TENSR_NAMESPACE_END
